"""The split-sum table of the GGX image light: its scale and bias, per N.V and roughness.

A glossy surface's image light is the prefiltered environment times the lobe's
directional albedo, split as ``F0 * A + F90 * B`` (Karis's split sum). VTK computes
its table with Schlick's approximation of Smith's masking at k = alpha / 2 (UE4's),
which takes 10-25 % too much light away at moderate roughness and most of it at a
grazing view: a roughness-0.3 surface seen at N.V = 0.1 keeps 0.66 of its light
where exact Smith GGX keeps 0.88. The multiple-scattering term then hands the
difference back as irradiance, the hemisphere's average light: a polished gold
ball's rim came out flat, its dark gaps between softboxes twice as bright as the
path tracer's and its highlights dimmer.

This table is exact single scattering: GGX normals, Smith's separable masking
G1(V) G1(L) with the exact Lambda (as Mitsuba's microfacet models have it), by
importance sampling of the normal distribution. It rides in the image-light atlas
(``prefilter.py``), and ``shaders/ibl.glsl`` reads it in place of VTK's table.
Pure numpy: no VTK.
"""

from __future__ import annotations

from functools import cache

import numpy as np

#: Texels across N.V, texel i at N.V = i / (COSINES - 1): the ends are exact, the rim
#: resolved.
COSINES = 64
#: Texels across roughness (VTK's perceptual roughness, alpha = roughness^2), at
#: j / (ROUGHNESSES - 1): a roughness-1 panel reads its own value, not 0.98's.
ROUGHNESSES = 32
#: N.V of the first column: the albedo's limit at a grazing view (N.V = 0 divides by 0).
_GRAZING = 1e-4
#: Importance samples per texel (Hammersley): well under 1e-3 of error.
SAMPLES = 2048


def _radical_inverse(i: np.ndarray) -> np.ndarray:
    bits = i.astype(np.uint64)
    result = np.zeros_like(bits)
    for _ in range(32):
        result = (result << np.uint64(1)) | (bits & np.uint64(1))
        bits >>= np.uint64(1)
    return result.astype(np.float64) / 2.0**32


def smith_g1(cos_theta: np.ndarray, alpha2: np.ndarray) -> np.ndarray:
    """Smith's masking of GGX with the exact Lambda (Heitz 2014, eq. 72)."""
    c2 = np.clip(cos_theta, 1e-9, 1.0) ** 2
    return 2.0 / (1.0 + np.sqrt(1.0 + alpha2 * (1.0 - c2) / c2))


def split_sum(cos_view: np.ndarray, roughness: np.ndarray, samples: int = SAMPLES) -> np.ndarray:
    """(A, B) of the split sum at each (N.V, roughness): (..., 2).

    The lobe's albedo for a Schlick Fresnel F0 + (F90 - F0)(1 - V.H)^5 is
    ``F0 * A + F90 * B``.
    """
    mu = np.asarray(cos_view, np.float64)[..., None]
    alpha2 = (np.asarray(roughness, np.float64) ** 4)[..., None]
    i = np.arange(samples)
    u1, u2 = (i + 0.5) / samples, _radical_inverse(i)
    cos_h = np.sqrt((1.0 - u2) / (1.0 + (alpha2 - 1.0) * u2))
    sin_h = np.sqrt(np.maximum(1.0 - cos_h * cos_h, 0.0))
    # V in the x-z plane; H about N = z; L = 2 (V.H) H - V
    v_dot_h = np.sqrt(1.0 - mu * mu) * sin_h * np.cos(2.0 * np.pi * u1) + mu * cos_h
    n_dot_l = 2.0 * v_dot_h * cos_h - mu
    seen = (n_dot_l > 0.0) & (v_dot_h > 0.0)
    # estimator of the albedo with H drawn from D(H) (N.H): G (V.H) / ((N.H) (N.V))
    weight = np.where(
        seen,
        smith_g1(mu, alpha2) * smith_g1(n_dot_l, alpha2) * v_dot_h / (cos_h * mu),
        0.0,
    )
    schlick = (1.0 - np.clip(v_dot_h, 0.0, 1.0)) ** 5
    return np.stack([(weight * (1.0 - schlick)).mean(-1), (weight * schlick).mean(-1)], -1)


@cache
def table() -> np.ndarray:
    """The table as the atlas holds it: (ROUGHNESSES, COSINES, 3) float32, row j at
    roughness j / (ROUGHNESSES - 1), column i at N.V i / (COSINES - 1); A, B, 0."""
    mu = np.maximum(np.linspace(0.0, 1.0, COSINES), _GRAZING)
    rough = np.linspace(0.0, 1.0, ROUGHNESSES)
    rows = [split_sum(mu, np.full(COSINES, r)) for r in rough]  # a row at a time: memory
    ab = np.stack(rows).astype(np.float32)
    out = np.zeros((ROUGHNESSES, COSINES, 3), np.float32)
    out[..., :2] = ab
    out.flags.writeable = False
    return out
