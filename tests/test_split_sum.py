"""The split-sum table against two things it was not computed from: a brute-force
quadrature of the same integral over light directions, and Mitsuba 3's principled BSDF
under a white furnace (the fidelity benchmark's reference renderer)."""

from __future__ import annotations

import numpy as np
import pytest

from livery.scene import split_sum


def _quadrature(mu: float, roughness: float, n: int = 400) -> tuple[float, float]:
    """A and B by a midpoint rule over the hemisphere of light directions L, with the
    GGX density written out (no importance sampling, no half-vector change of measure)."""
    a2 = roughness**4
    theta = (np.arange(n) + 0.5) / n * (np.pi / 2)
    phi = (np.arange(2 * n) + 0.5) / (2 * n) * (2 * np.pi)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    light = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1)
    view = np.array([np.sqrt(1.0 - mu * mu), 0.0, mu])
    half = light + view
    half /= np.linalg.norm(half, axis=-1, keepdims=True)
    n_h, v_h, n_l = half[..., 2], half @ view, light[..., 2]
    d = a2 / (np.pi * (n_h * n_h * (a2 - 1.0) + 1.0) ** 2)
    g = split_sum.smith_g1(np.array(mu), a2) * split_sum.smith_g1(n_l, a2)
    brdf_cos = d * g / (4.0 * mu)  # f * (N.L) without the Fresnel
    d_omega = np.sin(t) * (np.pi / 2 / n) * (2 * np.pi / (2 * n))
    schlick = (1.0 - v_h) ** 5
    return float((brdf_cos * (1 - schlick) * d_omega).sum()), float(
        (brdf_cos * schlick * d_omega).sum()
    )


@pytest.mark.parametrize("mu,roughness", [(0.1, 0.3), (0.5, 0.5), (1.0, 0.5), (0.05, 0.6)])
def test_table_values_match_a_quadrature_over_light_directions(mu, roughness):
    table = split_sum.split_sum(np.array(mu), np.array(roughness))
    np.testing.assert_allclose(table, _quadrature(mu, roughness), atol=3e-3)


def test_the_atlas_table_lies_on_its_grid():
    """Row j at roughness j / (n - 1), column i at N.V i / (n - 1), as ibl.glsl reads it."""
    table = split_sum.table()
    j, i = 9, 40
    mu, rough = i / (split_sum.COSINES - 1), j / (split_sum.ROUGHNESSES - 1)
    np.testing.assert_allclose(table[j, i, :2], split_sum.split_sum(np.array(mu), np.array(rough)))
    np.testing.assert_allclose(table[0, -1, :2], (1.0, 0.0), atol=1e-6)  # a mirror, head-on
    assert table[0, 0, 1] > 0.99  # a mirror at grazing: Schlick's Fresnel is 1


def _vtk_table(mu: float, roughness: float, samples: int = 4096) -> float:
    """A + B as VTK's table has it: Schlick's masking with k = alpha / 2 (UE4)."""
    a = roughness * roughness
    k = a / 2.0
    u = (np.arange(samples) + 0.5) / samples
    v = split_sum._radical_inverse(np.arange(samples))
    cos_h = np.sqrt((1.0 - v) / (1.0 + (a * a - 1.0) * v))
    sin_h = np.sqrt(1.0 - cos_h**2)
    v_h = np.sqrt(1.0 - mu * mu) * sin_h * np.cos(2 * np.pi * u) + mu * cos_h
    n_l = 2.0 * v_h * cos_h - mu
    g = (mu / (mu * (1 - k) + k)) * (n_l / (n_l * (1 - k) + k))
    return float(np.mean(np.where((n_l > 0) & (v_h > 0), g * v_h / (cos_h * mu), 0.0)))


def _ball_cosines(size: int, fov_deg: float, distance: float) -> np.ndarray:
    """N.V at each pixel centre of a unit ball seen from ``distance`` (NaN off it)."""
    half = np.tan(np.radians(fov_deg) / 2.0)
    c = (np.arange(size) + 0.5) / size * 2.0 - 1.0
    x, y = np.meshgrid(c * half, -c * half)
    d = np.stack([x, y, -np.ones_like(x)], -1)
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    origin = np.array([0.0, 0.0, distance])
    b = d @ origin
    disc = b * b - (distance * distance - 1.0)
    t = -b - np.sqrt(np.where(disc > 0, disc, np.nan))
    hit = origin + t[..., None] * d
    return np.einsum("...k,...k", hit, -d)


def test_white_metal_under_the_furnace_reflects_what_mitsuba_reflects():
    """A white metal (F0 = F90 = 1) under a uniform light of radiance 1 reflects A + B
    by single scattering: what Mitsuba's principled BSDF renders on a ball, pixel by
    pixel at that pixel's N.V (0.3 to 0.7, where VTK's table and the exact one part).
    VTK's own table, the negative control, misses it."""
    mi = pytest.importorskip("mitsuba")
    mi.set_variant("scalar_rgb")
    size, fov, distance = 48, 16.0, 8.0
    mu = _ball_cosines(size, fov, distance)
    band = (mu > 0.3) & (mu < 0.7)
    for roughness in (0.3, 0.6):
        scene = mi.load_dict(
            {
                "type": "scene",
                "integrator": {"type": "path", "max_depth": 2},
                "light": {"type": "constant", "radiance": {"type": "rgb", "value": 1.0}},
                "ball": {
                    "type": "sphere",
                    "bsdf": {
                        "type": "principled",
                        "base_color": {"type": "rgb", "value": [1.0, 1.0, 1.0]},
                        "metallic": 1.0,
                        "roughness": roughness,
                    },
                },
                "sensor": {
                    "type": "perspective",
                    "fov": fov,
                    "to_world": mi.ScalarTransform4f().look_at(
                        origin=[0, 0, distance], target=[0, 0, 0], up=[0, 1, 0]
                    ),
                    "film": {
                        "type": "hdrfilm",
                        "width": size,
                        "height": size,
                        "rfilter": {"type": "box"},
                    },
                    "sampler": {"type": "independent", "sample_count": 256},
                },
            }
        )
        seen = float(np.array(mi.render(scene))[..., 0][band].mean())
        ours = float(split_sum.split_sum(mu[band], np.full(band.sum(), roughness)).sum(-1).mean())
        vtk = float(np.mean([_vtk_table(m, roughness) for m in mu[band]]))
        print(f"roughness {roughness}: Mitsuba {seen:.4f}, table {ours:.4f}, VTK's {vtk:.4f}")
        assert abs(ours - seen) <= 0.01
        assert abs(vtk - seen) > 0.05  # the control: VTK's masking is seen
