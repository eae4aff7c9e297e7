"""The CPU prefilter of image-based lighting (pure numpy) and its disk cache."""

from __future__ import annotations

import os

import numpy as np
import pytest

from livery.scene import hdri, prefilter

ROWS = prefilter.SOURCE_ROWS


def _spot(direction: tuple[float, float, float], radius_deg: float) -> np.ndarray:
    """A black panorama with one bright disc (radiance 50) around ``direction``."""
    d = hdri.directions(2 * ROWS, ROWS)
    c = np.asarray(direction, float) / np.linalg.norm(direction)
    inside = d @ c > np.cos(np.radians(radius_deg))
    rgb = np.zeros((ROWS, 2 * ROWS, 3), np.float32)
    rgb[inside] = 50.0
    return rgb


@pytest.fixture(scope="module")
def spot() -> prefilter.Atlas:
    return prefilter.prefilter(_spot((1.0, 0.0, 0.3), 4.0))


def test_uniform_light_stays_uniform_in_every_band():
    atlas = prefilter.prefilter(np.full((ROWS, 2 * ROWS, 3), 0.7, np.float32))
    for i in range(prefilter.LEVELS + 2):  # the last band is the split-sum table
        np.testing.assert_allclose(atlas.band_pixels(i), 0.7, rtol=2e-3)


def test_mirror_level_is_the_source_and_pads_wrap(spot):
    src = _spot((1.0, 0.0, 0.3), 4.0)
    np.testing.assert_allclose(spot.band_pixels(0), src, atol=1e-5)
    for b in spot.bands:
        rows = spot.pixels[b.row : b.row + b.rows]
        np.testing.assert_array_equal(rows[:, 0], rows[:, b.width])
        np.testing.assert_array_equal(rows[:, b.width + 1], rows[:, 1])


def test_rougher_levels_spread_the_light_but_keep_its_direction(spot):
    peaks, spreads = [], []
    for i in range(prefilter.LEVELS):
        img = spot.band_pixels(i).sum(axis=-1)
        d = hdri.directions(img.shape[1], img.shape[0])
        # the light's share per texel: its radiance times the texel's solid angle
        w = img * np.sqrt(np.maximum(1.0 - d[..., 2] ** 2, 0.0))
        w /= w.sum()
        mean = (d * w[..., None]).sum(axis=(0, 1))
        peaks.append(mean / np.linalg.norm(mean))
        # the lobe's angular spread, whatever the band's resolution: 1 - the length of
        # the mean direction (0 for a single direction, more as the light spreads)
        spreads.append(1.0 - float(np.linalg.norm(mean)))
    for p in peaks:  # the lobe stays centred on the spot
        assert p @ (np.array([1.0, 0.0, 0.3]) / np.hypot(1.0, 0.3)) > 0.97
    assert all(b >= a for a, b in zip(spreads, spreads[1:], strict=False)), spreads
    # lobes wider than the 4-degree spot (roughness 0.25 up) spread it further each level
    wide = [s for i, s in enumerate(spreads) if prefilter.level_roughness(i) >= 0.25]
    assert len(wide) >= 4 and all(b > a for a, b in zip(wide, wide[1:], strict=False)), spreads


def test_irradiance_is_the_cosine_integral_over_pi(spot):
    # a small source of radiance L and solid angle w gives E / pi = L w cos(theta) / pi
    src = _spot((1.0, 0.0, 0.3), 4.0)
    h = src.shape[0]
    lat = (0.5 - (np.arange(h) + 0.5) / h) * np.pi
    solid = np.cos(lat)[:, None] * (np.pi / h) * (np.pi / h)
    power = float((src[..., 0] * solid).sum())
    band = spot.band_pixels(prefilter.LEVELS)[..., 0]
    d = hdri.directions(band.shape[1], band.shape[0])
    toward = np.array([1.0, 0.0, 0.3]) / np.hypot(1.0, 0.3)
    i = np.unravel_index(np.argmax(d @ toward), band.shape)
    # (order-2 spherical harmonics, used before, overshot it by 1/16 and rang behind it)
    assert band[i] == pytest.approx(power / np.pi, rel=0.02)
    away = np.unravel_index(np.argmin(d @ toward), band.shape)
    assert band[away] == 0.0  # the far hemisphere gets nothing


def test_panoramas_of_any_size_are_resampled():
    big = np.full((1024, 2048, 3), 2.0, np.float32)
    odd = np.full((100, 200, 3), 2.0, np.float32)
    for rgb in (big, odd):
        out = prefilter.panorama(rgb)
        assert out.shape == (ROWS, 2 * ROWS, 3)
        np.testing.assert_allclose(out, 2.0, rtol=1e-6)


def test_cache_reuses_and_survives_bad_files(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVERY_CACHE_DIR", str(tmp_path))
    rgb = _spot((0.0, 1.0, 0.0), 10.0)
    first = prefilter.cached_prefilter(rgb)
    files = list((tmp_path / "ibl").glob("*.npy"))
    assert len(files) == 1
    calls = []
    monkeypatch.setattr(prefilter, "prefilter", lambda x: calls.append(1) or first)
    again = prefilter.cached_prefilter(rgb)
    assert not calls  # read back, not recomputed
    np.testing.assert_array_equal(again.pixels, first.pixels)
    files[0].write_bytes(b"not an array")  # a truncated or foreign file is recomputed
    prefilter.cached_prefilter(rgb)
    assert calls == [1]


def test_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("LIVERY_CACHE_DIR", str(blocker))
    atlas = prefilter.cached_prefilter(np.ones((ROWS, 2 * ROWS, 3), np.float32))
    np.testing.assert_allclose(atlas.band_pixels(3), 1.0, rtol=2e-3)


def test_environment_file_seen_before_is_not_read_again(tmp_path, monkeypatch):
    from livery.scene import skies

    monkeypatch.setenv("LIVERY_CACHE_DIR", str(tmp_path / "cache"))
    hdr = tmp_path / "hall.hdr"
    hdri.write_hdr(hdr, np.full((64, 128, 3), 0.5, np.float32))
    first = skies.EnvironmentCache(scale=2.0).image(str(hdr))
    reads = []
    real = hdri.read_hdr
    monkeypatch.setattr(hdri, "read_hdr", lambda p: reads.append(p) or real(p))
    again = skies.EnvironmentCache(scale=2.0).image(str(hdr))  # a new process, say
    assert reads == []
    assert again.GetDimensions() == first.GetDimensions()
    other = skies.EnvironmentCache(scale=1.0).image(str(hdr))  # another exposure
    assert len(reads) == 1
    assert other.GetScalarRange() != again.GetScalarRange()
    hdri.write_hdr(hdr, np.full((64, 128, 3), 0.25, np.float32))  # the file changed
    os.utime(hdr, ns=(0, 10**18))
    skies.EnvironmentCache(scale=2.0).image(str(hdr))
    assert len(reads) == 2


def test_cache_keeps_only_the_most_recent_atlases(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVERY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(prefilter, "KEEP_FILES", 2)
    small = np.ones((ROWS, 2 * ROWS, 3), np.float32)
    for k in range(3):
        prefilter.cached_prefilter(small * (k + 1))
    kept = list((tmp_path / "ibl").glob("*.npy"))
    assert len(kept) == 2
    assert prefilter.pixels_key(small * 3) in {p.stem for p in kept}  # the newest stays


def test_environments_prefiltered_ahead_are_read_back(tmp_path, monkeypatch):
    """What the app's background warm-up leaves in the cache is what a switch reads."""
    from livery.scene import skies

    monkeypatch.setenv("LIVERY_CACHE_DIR", str(tmp_path))
    skies.prefilter_all(0.55, names=("night", "furnace"))
    assert len(list((tmp_path / "ibl").glob("*.npy"))) == 2

    def unexpected(_rgb):
        raise AssertionError("prefiltered again")

    monkeypatch.setattr(prefilter, "prefilter", unexpected)
    image = skies.EnvironmentCache(scale=0.55).image("night")
    assert image.GetDimensions()[0] > 0


def test_light_through_a_lacquer_loses_its_grazing_part(spot):
    """The coated base's irradiance band weights each direction by the lacquer's
    transmission: a light seen head-on gets through better than on average, one at a
    grazing 80 degrees far worse (IOR 1.5: 96 % against 61 %)."""
    plain = spot.band_pixels(prefilter.LEVELS)[..., 0]
    through = spot.band_pixels(prefilter.LEVELS + 1)[..., 0]
    d = hdri.directions(plain.shape[1], plain.shape[0])
    cos = d @ (np.array([1.0, 0.0, 0.3]) / np.hypot(1.0, 0.3))
    head_on = np.unravel_index(np.argmax(cos), cos.shape)
    grazing = np.unravel_index(np.argmin(np.abs(cos - np.cos(np.radians(80.0)))), cos.shape)
    assert through[head_on] > 1.02 * plain[head_on]
    assert through[grazing] < 0.8 * plain[grazing]
