"""The contact shadow under a vehicle, computed from its geometry (pure numpy).

A real-time shadow map gives a hard, aliased shadow and costs a pass per frame; a
studio car sits in a soft ambient-occlusion pool instead, dark where tyres touch
the floor. That pool depends only on the geometry, so it is computed once per
vehicle: rasterise the lowest surface above every floor texel, turn height into
occlusion, blur at two scales (a wide pool and tight contact patches).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livery.vehicles.model import VehicleModel


@dataclass(frozen=True)
class ContactShadow:
    """Shadow opacity on a floor rectangle: ``alpha[row, col]``; row 0 at y0, col 0 at x0."""

    alpha: np.ndarray  # (h, w) float32 in [0, 1]
    x0: float
    x1: float
    y0: float
    y1: float


def _surface_samples(
    vertices: np.ndarray, faces: np.ndarray, spacing: float, rng: np.random.Generator
) -> np.ndarray:
    """Points on the triangles, dense enough to hit every floor texel they cover.

    The vertices cover every triangle smaller than a texel (most of a dense mesh), so
    only the larger ones are sampled: a 2-million-triangle car stays cheap.
    """
    v = np.asarray(vertices, dtype=np.float32)
    span = np.maximum(_extent(v[:, 0][faces]), _extent(v[:, 1][faces]))
    big = faces[span > 0.5 * spacing]
    tri = v[big].astype(np.float64)  # (k, 3, 3)
    e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    area_xy = 0.5 * np.abs(e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0])
    extent = np.maximum(np.linalg.norm(e1[:, :2], axis=1), np.linalg.norm(e2[:, :2], axis=1))
    count = np.ceil(np.maximum(3.0 * area_xy / spacing**2, extent / spacing)).astype(np.int64)
    count = np.minimum(count, 20000)
    idx = np.repeat(np.arange(len(tri)), count)
    r1, r2 = rng.random(len(idx)), rng.random(len(idx))
    flip = r1 + r2 > 1.0
    r1, r2 = np.where(flip, 1.0 - r1, r1), np.where(flip, 1.0 - r2, r2)
    pts = tri[idx, 0] + r1[:, None] * e1[idx] + r2[:, None] * e2[idx]
    return np.concatenate([pts, v.astype(np.float64)])


def _extent(corners: np.ndarray) -> np.ndarray:
    """Per triangle, the extent of one coordinate over its three corners (k, 3)."""
    a, b, c = corners[:, 0], corners[:, 1], corners[:, 2]
    return np.maximum(np.maximum(a, b), c) - np.minimum(np.minimum(a, b), c)


def _blur(a: np.ndarray, sigma_px: float) -> np.ndarray:
    """Separable Gaussian blur with zero padding."""
    if sigma_px <= 0:
        return a
    r = int(np.ceil(3 * sigma_px))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma_px) ** 2)
    k /= k.sum()
    out = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, a)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, out)


def contact_shadow(
    model: VehicleModel,
    *,
    texel: float = 0.02,
    margin: float = 1.2,
    strength: float = 0.88,
    contact: float = 0.9,
) -> ContactShadow:
    """The soft shadow of ``model`` on the floor (z = 0), deterministic for a model."""
    lo, hi = model.bounds()
    x0, x1 = float(lo[0] - margin), float(hi[0] + margin)
    y0, y1 = float(lo[1] - margin), float(hi[1] + margin)
    w = int(np.ceil((x1 - x0) / texel))
    h = int(np.ceil((y1 - y0) / texel))
    lowest = np.full(h * w, np.inf)
    rng = np.random.default_rng(7)
    for part in model.parts:
        if len(part.faces) == 0:
            continue
        pts = _surface_samples(part.vertices, part.faces, texel, rng)
        col = np.clip(((pts[:, 0] - x0) / texel).astype(np.int64), 0, w - 1)
        row = np.clip(((pts[:, 1] - y0) / texel).astype(np.int64), 0, h - 1)
        np.minimum.at(lowest, row * w + col, pts[:, 2])
    lowest = lowest.reshape(h, w)
    covered = np.isfinite(lowest)
    height = np.where(covered, np.maximum(lowest, 0.0), np.inf)

    # The pool: occlusion falls with the height of what is above; blurred wide.
    pool = np.where(covered, np.exp(-height / 0.6), 0.0)
    pool = (
        0.45 * _blur(pool, 0.06 / texel)
        + 0.35 * _blur(pool, 0.18 / texel)
        + 0.45 * _blur(pool, 0.45 / texel)
    )
    pool = np.clip(pool, 0.0, 1.0) ** 0.8
    # Contact: surfaces within a few centimetres of the floor (tyre patches).
    touch = np.where(covered, np.clip(1.0 - height / 0.05, 0.0, 1.0), 0.0)
    touch = _blur(touch, 0.035 / texel)
    touch = np.clip(touch * 2.2, 0.0, 1.0)
    alpha = 1.0 - (1.0 - strength * np.clip(pool, 0, 1)) * (1.0 - contact * touch)
    # Fade the rim of the rectangle to zero so its edge never shows.
    fy = np.minimum(np.arange(h), np.arange(h)[::-1])[:, None] / (0.2 * h)
    fx = np.minimum(np.arange(w), np.arange(w)[::-1])[None, :] / (0.2 * w)
    alpha *= np.clip(fy, 0, 1) * np.clip(fx, 0, 1)
    return ContactShadow(alpha.astype(np.float32), x0, x1, y0, y1)
