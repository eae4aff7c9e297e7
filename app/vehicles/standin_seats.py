"""Sculpted sport seats: pleated centre panels between raised bolsters.

Each cushion is a loft of a rounded section along its length whose front face
rises into bolsters at both sides and puffs into pleats between stitched seams.
The centre panel is then split off along the foot of the bolsters, so it can take
the upholstery (Alcantara) while the bolsters, sides and back take the leather of
the interior: two parts that share their border, with no gap and no overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_geometry import (
    Mesh,
    compact,
    concat,
    drop_degenerate,
    grid_faces,
    orient,
    rotation,
    smoothstep,
    superellipsoid,
    unit,
)


@dataclass(frozen=True)
class Cushion:
    """One cushion in its own frame: length along z, width along y, face toward +x."""

    length: float
    width: float
    thick: float
    bolster: float  # how far the bolsters rise in front of the centre panel
    centre: float  # centre panel half width as a fraction of the half width
    pleats: tuple[float, float, int]  # pleated span (t0, t1) along the length, count
    neck: float = 0.0  # how much the width narrows above the shoulders (integrated head)


def _section(c: Cushion, t: float, dense: int = 720) -> tuple[np.ndarray, np.ndarray]:
    """The closed section at ``t`` as dense (x, y) points and their side fraction q.

    A rounded superellipse (front toward +x) whose front face rises into bolsters
    outside the centre panel and puffs into pleats inside it.
    """
    th = np.linspace(-np.pi, np.pi, dense + 1)[:-1]
    end = float(np.clip(1 - abs(2 * t - 1) ** 8, 0.0, 1.0) ** (1 / 8))  # rounded ends
    half_w = 0.5 * c.width * (1 - c.neck * smoothstep(0.64, 0.76, np.array(t))) * end
    ct, st = np.cos(th), np.sin(th)
    y = half_w * np.sign(ct) * np.abs(ct) ** 0.4
    q = np.abs(ct) ** 0.4  # 0 in the middle, 1 at the sides
    front = np.clip(st, 0.0, 1.0) ** 0.5
    body = 0.5 * c.thick * np.sign(st) * np.abs(st) ** 0.4 * end
    lift = c.bolster * (1 - 0.6 * smoothstep(0.6, 0.8, np.array(t)))
    lift = lift * smoothstep(c.centre, c.centre + 0.3, q)
    t0, t1, n = c.pleats
    u = float(np.clip((t - t0) / (t1 - t0), 0.0, 1.0))
    pleat = (
        0.010 * abs(np.sin(np.pi * n * u)) ** 0.5 * (1 - smoothstep(0.8 * c.centre, c.centre, q))
    )
    x = body + front * (lift + pleat) * end
    return np.stack([x, y], 1), np.where(st > 0, q, 2.0)


def _cushion(c: Cushion, nt: int = 61, panel: int = 20, rest: int = 52) -> tuple[Mesh, np.ndarray]:
    """The cushion mesh and each face's flag: True on the centre panel.

    Every section is resampled by arc length with the centre panel's two borders
    pinned to fixed columns, so the border runs straight along the grid.
    """
    t0, t1, n = c.pleats
    t = np.unique(np.round(np.concatenate([np.linspace(0, 1, nt), np.linspace(t0, t1, n + 1)]), 9))
    cols = panel + rest
    rows = []
    for tt in t:
        pts, q = _section(c, float(tt))
        arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
        inside = np.flatnonzero(q < c.centre)
        a0, a1 = arc[inside[0]], arc[inside[-1]]
        total = arc[-1] + np.linalg.norm(pts[0] - pts[-1])
        knots_k = [0, panel, cols]
        knots_a = [a0, a1, a0 + total]
        target = np.interp(np.arange(cols), knots_k, knots_a) % max(total, 1e-12)
        closed = np.concatenate([pts, pts[:1]])
        arc_c = np.concatenate([arc, [total]])
        rows.append(np.stack([np.interp(target, arc_c, closed[:, k]) for k in (0, 1)], 1))
    sec = np.array(rows)  # (rows, cols, 2)
    T = np.broadcast_to(t[:, None], sec.shape[:2])
    pts = np.stack([sec[..., 0], sec[..., 1], (T - 0.5) * c.length], -1)
    du = np.gradient(pts, axis=0)
    dv = np.roll(pts, -1, axis=1) - np.roll(pts, 1, axis=1)
    nrm = np.cross(du, dv)
    out = pts.copy()
    out[..., 2] = 0.0
    nrm *= np.sign(np.sum(nrm * out))  # one sign for all: the bolsters' inner slopes face in
    nrm[0] = [0.0, 0.0, -1.0]
    nrm[-1] = [0.0, 0.0, 1.0]
    uv = np.stack([sec[..., 1] / c.width + 0.5, T * c.length / c.width], -1)
    faces = grid_faces(len(t), cols, wrap_cols=True)
    on_panel = (faces[:, 0] % cols) < panel
    mesh = Mesh(pts.reshape(-1, 3), faces, unit(nrm.reshape(-1, 3)), uv.reshape(-1, 2))
    return orient(mesh), on_panel  # orient keeps the face order


#: The cushion's face up and its length toward the nose (a proper rotation).
_BASE = np.array([[0.0, 0.0, 1.0], [0.0, -1.0, 0.0], [1.0, 0.0, 0.0]])


def sport_seat(x: float, y: float, hip_z: float, width: float, rake: float) -> tuple[Mesh, Mesh]:
    """(centre panels, bolsters and shell) of one seat; ``x`` is the cushion's middle."""
    base = Cushion(0.50, width, 0.11, 0.05, 0.52, (0.16, 0.86, 5))
    back = Cushion(0.80, width * 0.98, 0.11, 0.07, 0.50, (0.08, 0.62, 6), neck=0.42)
    tilt = rotation("y", -0.08) @ _BASE  # the cushion's front edge a little higher
    seat = _cushion_parts(base, tilt, np.array([x, y, hip_z - 0.045]))
    hinge = np.array([x - 0.25, y, hip_z - 0.02])
    up = np.array([-np.sin(rake), 0.0, np.cos(rake)])
    face = np.array([np.cos(rake), 0.0, np.sin(rake)])
    back_parts = _cushion_parts(back, rotation("y", -rake), hinge + 0.40 * up - 0.03 * face)
    plinth = superellipsoid((0.22, 0.5 * width - 0.08, 0.05), 5.0, 16, 8)
    plinth = plinth.transformed(np.eye(3), np.array([x, y, hip_z - 0.13]))
    return concat([seat[0], back_parts[0]]), concat([seat[1], back_parts[1], plinth])


def _cushion_parts(c: Cushion, rot: np.ndarray, at: np.ndarray) -> tuple[Mesh, Mesh]:
    mesh, on_panel = _cushion(c)
    mesh = mesh.transformed(rot, at)
    return (
        drop_degenerate(compact(mesh, mesh.faces[on_panel])),
        drop_degenerate(compact(mesh, mesh.faces[~on_panel])),
    )
