"""Badges and the lightning decal, laid onto the implicit body surface.

Both are small next to the body's curvature but large next to its mesh: built on
their own fine grids and projected onto the exact surface (not cut from the body
skin), the badge sits on the rounded nose and the decal keeps its thin tip
attached at any skin resolution.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from livery.vehicles.standin_body import BodyShape
from livery.vehicles.standin_geometry import (
    Mesh,
    concat,
    fan_cap,
    grid_faces,
    orient,
    polygon_sdf,
    revolve,
    split,
    unit,
)

#: The lightning bolt in side view, (along, up) in fractions of its box, rear tip at 0:
#: a tall upper stroke from the front, a step, and a lower stroke tapering to the tip.
BOLT = np.array(
    [
        (1.00, 1.00),
        (0.36, 0.72),
        (0.47, 0.54),
        (0.00, 0.22),
        (0.00, 0.15),
        (0.57, 0.30),
        (0.49, 0.46),
        (1.00, 0.62),
    ]
)

#: The badge emblem: a bolt of two convex strokes, (lateral, up) in metres on the disc.
_EMBLEM = (
    np.array([(0.004, 0.034), (0.022, 0.034), (0.007, 0.003), (-0.013, 0.003)]),
    np.array([(-0.008, 0.010), (0.016, 0.010), (-0.017, -0.036)]),
)


def seat_on(shape: BodyShape, centre: np.ndarray, frame: np.ndarray, local: Mesh) -> Mesh:
    """Place a rigid part modelled on a flat patch onto the body, its back on the paint.

    ``local`` is in (out, lateral, up) coordinates of ``frame`` (columns: the surface
    normal at ``centre`` and two tangents). Vertices above the patch (out > 0) stay
    rigid, so a badge face stays flat; those at or below it drop onto the surface
    under them (lowered by their ``out``), so its skirt meets the curved paint.
    """
    n0 = frame[:, 0]
    v = local.vertices
    base = centre + v[:, 1:2] * frame[:, 1] + v[:, 2:3] * frame[:, 2]
    hit = shape.ray_hit(base - 0.25 * n0, np.tile(n0, (len(v), 1)), 0.5)
    pos = np.where(v[:, :1] > 0, base + v[:, :1] * n0, hit + v[:, :1] * shape.normal(hit))
    return Mesh(pos, local.faces, unit(local.normals @ frame.T), local.uvs)


def _prism(poly: np.ndarray, z0: float, z1: float) -> Mesh:
    """A convex (lateral, up) outline raised from height z0 to z1, in (out, lat, up)."""
    n = len(poly)
    top = np.stack([np.full(n, z1), poly[:, 0], poly[:, 1]], 1)
    parts = [fan_cap(top, np.array([1.0, 0.0, 0.0]))]
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        edge = b - a
        out = np.array([0.0, edge[1], -edge[0]])
        if out @ np.array([0.0, *(a - poly.mean(axis=0))]) < 0:
            out = -out
        quad = np.array([[z0, *a], [z1, *a], [z1, *b], [z0, *b]])
        faces = np.array([[0, 1, 2], [0, 2, 3]])
        wall = Mesh(quad, faces, np.tile(unit(out), (4, 1)), np.zeros((4, 2)))
        tri = quad[faces[0]]
        if np.cross(tri[1] - tri[0], tri[2] - tri[0]) @ out < 0:
            wall = Mesh(quad, faces[:, ::-1], wall.normals, wall.uvs)
        parts.append(wall)
    return concat(parts)


def _disc_axis_out(m: Mesh) -> Mesh:
    """A revolved mesh (axis Y) turned so its axis is the badge's ``out``."""
    return m.transformed(np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]), 0.0)


def badge(shape: BodyShape, z: float, front: bool, radius: float) -> tuple[Mesh, Mesh]:
    """A domed ceramic disc on the nose or tail, and its raised gold ring and bolt."""
    sign = 1.0 if front else -1.0
    hit = shape.ray_hit(np.array([[0.0, 0.0, z]]), np.array([[sign, 0.0, 0.0]]))[0]
    n = shape.normal(hit[None])[0]
    up = unit(np.array([0.0, 0.0, 1.0]) - n[2] * n)
    frame = np.stack([n, np.cross(up, n), up], 1)
    t = np.linspace(0.0, np.pi / 2, 6)
    edge = 0.0025
    rim = np.stack([radius - edge + edge * np.cos(t), 0.0045 + edge * np.sin(t)], 1)
    dome = np.stack([np.linspace(radius - edge, 0.0, 10), 0.0070 - 0.0005 * np.linspace(1, 0, 10)])
    prof = np.concatenate([[(radius, -0.002)], rim, dome.T[1:]])
    disc = _disc_axis_out(revolve(prof, 64))
    h0, h1 = 0.0062, 0.0082
    ri, ro = 0.80 * radius, 0.88 * radius
    ring = np.array([(ro, h0), (ro, h1 - 0.0005), (ro - 0.0006, h1), (ri + 0.0006, h1)])
    ring = np.concatenate([ring, [(ri, h1 - 0.0005), (ri, h0)]])
    inlay = [_disc_axis_out(revolve(ring, 64))]
    scale = radius / 0.055
    inlay += [_prism(p * scale, h0, h1) for p in _EMBLEM]
    uv_of = lambda m: m.vertices[:, 1:] / (2 * radius) + 0.5  # noqa: E731
    disc = Mesh(disc.vertices, disc.faces, disc.normals, uv_of(disc))
    emblem = concat(inlay)
    emblem = Mesh(emblem.vertices, emblem.faces, emblem.normals, uv_of(emblem))
    return seat_on(shape, hit, frame, disc), seat_on(shape, hit, frame, emblem)


def lightning_decal(
    shape: BodyShape,
    box: tuple[float, float, float, float],
    keep_out: Callable[[np.ndarray, np.ndarray], np.ndarray],
    lift: float = 0.0025,
    step: float = 0.005,
) -> Mesh:
    """The left-side decal: ``BOLT`` stretched over ``box`` = (x0, z0, length, height).

    A fine (x, z) grid over the box is projected onto the body side and cut along the
    outline, minus ``keep_out`` (a region field, negative where the decal must not go:
    the wheel arches). UVs map the box to [0, 1].
    """
    x0, z0, length, height = box
    outline = BOLT * [length, height] + [x0, z0]
    nx, nz = int(np.ceil(length / step)) + 1, int(np.ceil(height / step)) + 1
    X, Z = np.meshgrid(np.linspace(x0, x0 + length, nx), np.linspace(z0, z0 + height, nz))
    X, Z = X.T.ravel(), Z.T.ravel()
    pts = np.stack([X, shape.surface_y(X, Z), Z], 1)
    uv = np.stack([(X - x0) / length, (Z - z0) / height], 1)
    normals = shape.normal(pts)
    sheet = orient(Mesh(pts, grid_faces(nx, nz), normals, uv))
    field = np.maximum(polygon_sdf(pts[:, [0, 2]], outline), -keep_out(pts, normals))
    region, _ = split(sheet, field)
    return region.offset(lift)
