"""Finishes that look real, as measured facts and reviewed baseline images."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from finish_images import BASELINES, check_baseline

from livery.catalog import load_catalog
from livery.scene.swatch import render_swatch

CATALOG = load_catalog()


def finish(group: str, option: str, slot: str | None = None):
    fs = CATALOG.group(group).option(option).finishes
    return next(f for s, f in fs.items() if slot is None or s.value == slot)


def luminance(img: np.ndarray) -> np.ndarray:
    rgb = img[..., :3].astype(np.float64) / 255.0
    return rgb @ np.array([0.2126, 0.7152, 0.0722])


def local_variance(lum: np.ndarray, k: int = 5) -> np.ndarray:
    """Variance in k x k windows: fine detail (sparkle, ripple), not shading gradients."""
    from numpy.lib.stride_tricks import sliding_window_view

    w = sliding_window_view(lum, (k, k))
    return w.var(axis=(-1, -2))


def test_flakes_sparkle_in_a_close_up():
    gem = finish("paint", "gem-green")
    with_flakes = render_swatch(gem, 300, shape="panel")
    without = render_swatch(replace(gem, flake_density=0.0), 300, shape="panel")
    inside = with_flakes[..., 3] == 255
    a = local_variance(luminance(with_flakes))[inside[2:-2, 2:-2]].mean()
    b = local_variance(luminance(without))[inside[2:-2, 2:-2]].mean()
    print(f"close-up local luminance variance: flakes {a:.2e}, none {b:.2e}, ratio {a / b:.1f}")
    assert a > 1.5 * b


def test_flakes_fade_to_an_even_tone_at_a_distance():
    gem = finish("paint", "gem-green")
    far = dict(shape="sphere", size=24)  # the ball 24 px wide: flakes far below a pixel
    a = local_variance(luminance(render_swatch(gem, **far)), 3)
    b = local_variance(luminance(render_swatch(replace(gem, flake_density=0.0), **far)), 3)
    print(f"distant local variance: flakes {a.mean():.2e}, none {b.mean():.2e}")
    assert a.mean() < 1.25 * b.mean()


def test_orange_peel_ripples_the_reflection_of_a_light():
    amethyst = finish("paint", "amethyst")  # polished to a mirror: no peel
    assert amethyst.orange_peel == 0.0
    mirror = render_swatch(amethyst, 200, shape="panel")
    peel = render_swatch(replace(amethyst, orange_peel=0.25), 200, shape="panel")
    lum = luminance(mirror)
    light = lum > np.percentile(lum[mirror[..., 3] == 255], 97)  # the reflected strip light
    band = np.zeros_like(light)
    ys, xs = np.nonzero(light)
    band[max(ys.min() - 6, 0) : ys.max() + 6, max(xs.min() - 6, 0) : xs.max() + 6] = True
    region = band[2:-2, 2:-2]
    a = local_variance(luminance(peel))[region].mean()
    b = local_variance(lum)[region].mean()
    print(f"light reflection local variance: peel {a:.2e}, mirror {b:.2e}, ratio {a / b:.1f}")
    assert a > 1.5 * b


def test_the_same_view_renders_the_same_image():
    gem = finish("paint", "gem-green")
    a = render_swatch(gem, 96, shape="panel")
    render_swatch(finish("interior", "blue-alcantara-wood", "interior-trim"), 96)
    b = render_swatch(gem, 96, shape="panel")
    assert np.array_equal(a, b)


#: One representative finish per family: (baseline name, group, option, slot).
FAMILIES = [
    ("metallic", "paint", "gem-green", None),
    ("solid", "paint", "sprout-yellow", None),
    ("pearl", "paint", "twilight-rose", None),
    ("matte", "paint", "golden-pink-matte", None),
    ("mirror-metallic", "paint", "amethyst", None),
    ("ceramic-white", "badge", "gold-white-ceramic", "badge"),
    ("ceramic-black", "badge", "gold-black-ceramic", "badge"),
    ("gold-24k", "badge", "gold-white-ceramic", "badge-inlay"),
    ("chrome", "badge", "standard", "badge-inlay"),
    ("alcantara", "interior", "blue-alcantara-wood", "upholstery"),
    ("leather", "interior", "cognac-leather", "upholstery"),
    ("wood-walnut", "interior", "cognac-leather", "interior-trim"),
    ("wood-ash-metal", "interior", "white-ash-metal", "interior-trim"),
    ("carbon", "interior", "obsidian-black", "interior-trim"),
]
FIXED = [("glass", "glass"), ("rubber", "tyres"), ("brushed", "discs")]


def _family_finishes():
    for name, g, o, s in FAMILIES:
        yield name, finish(g, o, s)
    for name, slot in FIXED:
        yield name, next(f for k, f in CATALOG.fixed.items() if k.value == slot)


@pytest.mark.parametrize(
    "name,f", list(_family_finishes()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_family_on_the_shader_ball_matches_its_baseline(name, f):
    check_baseline(f"ball-{name}", render_swatch(f, 128, shape="sphere"))


@pytest.fixture(scope="module")
def stage(car_stage):
    return car_stage


@pytest.mark.parametrize(
    "name,group,option,camera",
    [
        ("metallic", "paint", "gem-green", "front34"),
        ("mirror-metallic", "paint", "amethyst", "side"),
        ("pearl", "paint", "twilight-rose", "front34"),
        ("matte", "paint", "golden-pink-matte", "rear34"),
        ("alcantara-wood", "interior", "blue-alcantara-wood", "interior"),
        ("ash-metal", "interior", "white-ash-metal", "interior"),
        ("carbon", "interior", "obsidian-black", "interior"),
        ("gold-ceramic", "badge", "gold-white-ceramic", "front34"),
    ],
)
def test_family_on_the_car_matches_its_baseline(stage, name, group, option, camera):
    st, build = stage
    build.reset()  # each image is of the defaults plus one choice, whatever ran before
    build.set(group, option)
    st.set_camera(camera)
    check_baseline(f"car-{name}", st.snapshot())


def test_stage_switches_environments_and_back_without_prefiltering_again(stage):
    import time

    st, _ = stage
    st.set_camera("front34")
    st.set_environment("overcast")
    st.snapshot()
    st.set_environment("studio")
    st.snapshot()
    t = time.perf_counter()
    st.set_environment("overcast")
    st.snapshot()
    back = time.perf_counter() - t
    t = time.perf_counter()
    st.snapshot()
    plain = time.perf_counter() - t
    print(
        f"switch back to a seen environment + frame {back * 1000:.0f} ms; frame {plain * 1000:.0f} ms"
    )
    assert back < plain + 0.25
    st.set_environment("studio")


def _plain_twin(f):
    """The same colour and coat as a plain solid finish: no pattern at all."""
    from livery.catalog import Family

    return replace(f, family=Family.SOLID, texture=None)


def test_carbon_twill_reads_in_a_close_up_and_evens_out_at_a_distance():
    carbon = finish("interior", "obsidian-black", "interior-trim")
    near = render_swatch(carbon, 300, shape="panel")
    plain = render_swatch(_plain_twin(carbon), 300, shape="panel")
    inside = (near[..., 3] == 255)[2:-2, 2:-2]
    a = local_variance(luminance(near))[inside].mean()
    b = local_variance(luminance(plain))[inside].mean()
    far = dict(shape="sphere", size=24)
    c = local_variance(luminance(render_swatch(carbon, **far)), 3).mean()
    d = local_variance(luminance(render_swatch(_plain_twin(carbon), **far)), 3).mean()
    print(f"carbon local variance: close-up {a:.2e} vs plain {b:.2e}; far {c:.2e} vs {d:.2e}")
    assert a > 4 * b
    assert c < 1.3 * d


def test_walnut_figure_shows_close_up_and_fades_at_a_distance():
    walnut = finish("interior", "cognac-leather", "interior-trim")
    near = render_swatch(walnut, 300, shape="panel")
    plain = render_swatch(_plain_twin(walnut), 300, shape="panel")
    inside = near[..., 3] == 255
    # The figure (rings, colour patches, pores) against the same shading without it:
    # relative luminance spread where the coat mirrors nothing bright.
    ln, lp = luminance(near), luminance(plain)
    dark = inside & (lp < np.percentile(lp[inside], 80))
    spread = float(np.std(ln[dark] / np.maximum(lp[dark], 1e-3)))
    far = dict(shape="sphere", size=24)
    c = local_variance(luminance(render_swatch(walnut, **far)), 3).mean()
    d = local_variance(luminance(render_swatch(_plain_twin(walnut), **far)), 3).mean()
    print(f"walnut: figure spread {spread:.3f} close up; far variance {c:.2e} vs plain {d:.2e}")
    assert spread > 0.08
    assert c < 1.3 * d


def test_ash_metal_powder_glints_in_the_pores():
    ash = finish("interior", "white-ash-metal", "interior-trim")
    with_powder = render_swatch(ash, 300, shape="panel")
    without = render_swatch(replace(ash, flake_density=1e-6), 300, shape="panel")
    inside = with_powder[..., 3] == 255
    lum, ref = luminance(with_powder)[inside], luminance(without)[inside]
    top = np.percentile(ref, 99.5)  # the brightest wood (the coat's highlights included)
    glints = int((lum > top + 0.08).sum())
    print(f"ash: {glints} glint pixels brighter than the wood's 99.5th percentile + 0.08")
    assert glints > 40


def _black_out_highlights(ref: np.ndarray, share: float = 0.009) -> np.ndarray:
    """``ref`` with its brightest ``share`` of pixels set to black."""
    from finish_images import luminance

    order = np.argsort(luminance(ref), axis=None)[::-1][: int(share * ref.shape[0] * ref.shape[1])]
    out = ref.copy()
    out.reshape(-1, 3)[order] = 0
    return out


@pytest.mark.parametrize(
    "path", sorted(BASELINES.glob("*.png")), ids=lambda p: p.stem if hasattr(p, "stem") else ""
)
def test_baselines_see_their_highlights(path):
    """Blacking out the brightest 0.9% of a baseline's pixels (the coat's, chrome's and
    gold's highlights) is a difference; the baseline itself and a faint change are not."""
    from finish_images import baseline_difference
    from PIL import Image

    if path.stem.endswith(".actual"):
        pytest.skip("a failed run's output")
    ref = np.asarray(Image.open(path).convert("RGB"))
    assert baseline_difference(ref, ref) is None
    faint = np.clip(ref.astype(np.int16) + 2, 0, 255).astype(np.uint8)
    assert baseline_difference(ref, faint) is None
    why = baseline_difference(ref, _black_out_highlights(ref))
    assert why is not None and "highlights" in why, why
