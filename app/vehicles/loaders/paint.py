"""Which material is the paint: the one that covers most of the car seen from outside.

A car file's paint is rarely named so (``Material.012``), and a node called ``Body`` often
holds the trim, lamps and cabin as well. What the paint always is: the opaque surface a
visitor sees most of when walking round the car. Points are sampled on every surface
(by area, a fixed seed so a load is repeatable) and looked at from above, both sides,
front and back; each grid cell counts for the surface nearest the eye. Overlays and
glass do not hide what lies under them.
"""

from __future__ import annotations

import numpy as np

from livery.vehicles.loaders import appearance
from livery.vehicles.loaders.raw import RawPart

SAMPLES = 60_000
CELLS = 100  # grid cells along the car's length


def _samples(parts: list[RawPart], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points spread by area over ``parts`` and the index of the part each lies on."""
    areas = []
    for p in parts:
        v = np.asarray(p.vertices, np.float64)
        f = p.faces
        cross = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
        areas.append(np.sqrt(np.einsum("ij,ij->i", cross, cross)) / 2)
    owner = np.concatenate([np.full(len(a), i) for i, a in enumerate(areas)])
    area = np.concatenate(areas)
    if area.sum() <= 0:
        return np.empty((0, 3)), np.empty(0, int)
    rng = np.random.default_rng(0)
    tri = rng.choice(len(area), size=n, p=area / area.sum())
    offsets = np.cumsum([0] + [len(p.faces) for p in parts])
    part_of = owner[tri]
    points = np.empty((n, 3))
    a, b = rng.random(n), rng.random(n)
    flip = a + b > 1
    a[flip], b[flip] = 1 - a[flip], 1 - b[flip]
    for i, p in enumerate(parts):
        sel = part_of == i
        if not sel.any():
            continue
        f = p.faces[tri[sel] - offsets[i]]
        v = np.asarray(p.vertices, np.float64)
        p0, p1, p2 = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
        points[sel] = p0 + (p1 - p0) * a[sel, None] + (p2 - p0) * b[sel, None]
    return points, part_of


def outer_coverage(parts: list[RawPart]) -> dict[str, float]:
    """Share of the outside view (top, sides, front, back) each part covers, 0..1.

    ``parts`` are in the common frame (X length, Z up). Alpha-blended and see-through
    parts are looked through and get no share.
    """
    solid = [p for p in parts if not appearance.is_overlay(p.material)]
    solid = [p for p in solid if not appearance.is_glass_like(p.material) and len(p.faces)]
    if not solid:
        return {}
    points, owner = _samples(solid, SAMPLES)
    lo, hi = points.min(axis=0), points.max(axis=0)
    cell = float((hi - lo)[0]) / CELLS or 1.0
    grid = np.floor((points - lo) / cell).astype(np.int64)
    counts = np.zeros(len(solid))
    views = ((2, 1, (0, 1)), (1, 1, (0, 2)), (1, -1, (0, 2)), (0, 1, (1, 2)), (0, -1, (1, 2)))
    for depth_axis, sign, (u, w) in views:
        key = grid[:, u] * (CELLS * 4) + grid[:, w]
        depth = -sign * points[:, depth_axis]  # nearest the eye first
        order = np.lexsort((depth, key))
        first = order[np.r_[True, np.diff(key[order]) != 0]]
        counts += np.bincount(owner[first], minlength=len(solid))
    total = counts.sum() or 1.0
    return {p.name: float(c / total) for p, c in zip(solid, counts, strict=True)}


def paint_score(part: RawPart, coverage: float) -> float:
    """How much a part looks like the paint: its outside coverage, less for what paint
    rarely is (black rough plastic, chrome-like mirror metal, a detailed texture)."""
    m = part.material
    score = coverage
    if m.clearcoat > 0:
        score *= 1.5
    if appearance.is_rubber(m):
        score *= 0.3
    if appearance.is_emissive(m):
        score *= 0.1
    if m.base_color[3] < 0.9:
        score *= 0.1
    return score


def coincident(layer: np.ndarray, base: np.ndarray, tolerance: float) -> bool:
    """Whether the points ``layer`` lie on the points ``base`` (within about ``tolerance``
    metres almost everywhere): a wrap, decal or second shell a few millimetres over the
    paint."""
    cell = max(tolerance, 1e-6)
    occupied = np.unique(np.floor(np.asarray(base) / cell).astype(np.int64), axis=0)
    probe = np.floor(np.asarray(layer) / cell).astype(np.int64)
    near = np.zeros(len(probe), dtype=bool)
    view = occupied.view([("", occupied.dtype)] * 3).ravel()
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dz in (-1, 0, 1):
                shifted = np.ascontiguousarray(probe + [dx, dy, dz])
                near |= np.isin(shifted.view([("", shifted.dtype)] * 3).ravel(), view)
    return bool(near.mean() >= 0.8)
