"""The stand-in body: an implicit car shape meshed by ray casting per station.

The shape is an inequality g(x, y, z) < 0 built from smooth longitudinal profiles
(underside, roof line, belt line, plan width, greenhouse width) and superellipse
cross-sections, so its gradient gives exact smooth normals. Each station (a YZ
slice) is ray-cast from its centre and resampled by arc length, which yields a
regular grid: smooth, well-shaped triangles and a (u, v) parameterisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_geometry import (
    Mesh,
    drop_degenerate,
    grid_faces_along,
    orient,
    pchip,
    unit,
)

Profile = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class BodySpec:
    """Numbers that shape one body; profiles are (x, value) knots, x from tail to nose."""

    length: float
    top: Profile  # roof line / bonnet / deck height
    bottom: Profile  # underside height
    belt: Profile  # belt line: where the greenhouse starts
    half_width: Profile  # body half width in plan
    shoulder: Profile  # how far the greenhouse base sits inboard of the body side
    roof_half_width: Profile  # greenhouse half width at roof_z
    roof_z: float
    nose: float = 0.55  # length of the rounded nose zone
    tail: float = 0.35
    nose_exp: float = 2.4
    tail_exp: float = 3.5
    side_exp: float = 4.0
    top_exp: float = 7.0
    bottom_exp: float = 5.0
    tuck: float = 0.07  # how far the lower side tucks under, as a fraction of the width
    ledge: tuple[float, float] = (0.035, 0.045)  # shoulder ledge from/to, below/above the belt
    shoulder_radius: float = 0.07  # convex fillet from the body side onto the ledge
    house_radius: float = 0.05  # concave fillet from the ledge up into the greenhouse


def _ddz(f: Callable[[np.ndarray], np.ndarray], z: np.ndarray, h: float = 1e-4) -> np.ndarray:
    return (f(z + h) - f(z - h)) / (2 * h)


def _round_min(
    f1: np.ndarray, d1: np.ndarray, f2: np.ndarray, d2: np.ndarray, r: float
) -> np.ndarray:
    """min(f1, f2) of two width curves y = f(z) (slopes d), its corner rounded to radius r.

    Each curve is taken as its tangent line; the result is the boundary of the
    intersection of the two regions y < f with the corner replaced by the circle
    tangent to both lines (the rounded intersection of their distance fields).
    """
    p1, p2 = 1 / np.sqrt(1 + d1**2), 1 / np.sqrt(1 + d2**2)
    a, b = r - p1 * f1, r - p2 * f2
    qa, qb, qc = p1**2 + p2**2, p1 * a + p2 * b, a**2 + b**2 - r**2
    disc = qb**2 - qa * qc
    y = (-qb + np.sqrt(np.maximum(disc, 0.0))) / qa
    arc = (disc > 0) & (p1 * y + a > 0) & (p2 * y + b > 0)
    return np.where(arc, y, np.minimum(f1, f2))


class BodyShape:
    """Evaluates the implicit body; negative inside."""

    def __init__(self, spec: BodySpec) -> None:
        self.spec = spec
        self.x_front = spec.length / 2
        self.x_rear = -spec.length / 2

    def _prof(self, knots: Profile, x: np.ndarray) -> np.ndarray:
        k = np.asarray(knots)
        return pchip(k[:, 0], k[:, 1], x)

    def end_term(self, x: np.ndarray) -> np.ndarray:
        """0 along the middle, rising to 1 at the nose and tail tips (rounds the ends)."""
        s = self.spec
        tf = np.clip((x - (self.x_front - s.nose)) / s.nose, 0.0, 1.0)
        tr = np.clip(((self.x_rear + s.tail) - x) / s.tail, 0.0, 1.0)
        return tf**s.nose_exp + tr**s.tail_exp

    def half_width_at(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Section half width at height z: tucked sill, shoulder, inboard greenhouse.

        The shoulder is a ledge from the body side up to the greenhouse base, joined
        to both by circular fillets (``shoulder_radius``, ``house_radius``): a fillet
        spreads the turn of the normal over a few centimetres, where a blend of the
        widths would turn it within millimetres at the crease and alias on any grid.
        """
        s = self.spec
        zb = self._prof(s.bottom, x)
        zbelt = self._prof(s.belt, x)
        wl = self._prof(s.half_width, x)
        zsh = zbelt - 0.16
        wg0 = wl - self._prof(s.shoulder, x)
        wroof = self._prof(s.roof_half_width, x)
        span = np.maximum(s.roof_z - zbelt, 1e-3)

        def body(zz: np.ndarray) -> np.ndarray:
            low = np.clip((zsh - zz) / np.maximum(zsh - zb, 1e-3), 0.0, 1.0)
            top = np.maximum(zz - zsh, 0.0) / 0.16  # unclipped: no kink in the fillet
            return wl * (1 - s.tuck * low**2) - 0.025 * top**2

        def house(zz: np.ndarray) -> np.ndarray:
            return wg0 - (wg0 - wroof) * np.clip((zz - zbelt) / span, 0.0, 1.0) ** 1.35

        z0, z1 = zbelt - s.ledge[0], zbelt + s.ledge[1]
        y0, y1 = body(z0), house(z1)
        slope = (y1 - y0) / (z1 - z0)

        def side(zz: np.ndarray) -> np.ndarray:
            ledge = y0 + slope * (zz - z0)
            return _round_min(body(zz), _ddz(body, zz), ledge, slope, s.shoulder_radius)

        return -_round_min(-side(z), -_ddz(side, z), -house(z), -_ddz(house, z), s.house_radius)

    def g(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        s = self.spec
        zb = self._prof(s.bottom, x)
        zt = self._prof(s.top, x)
        w = np.maximum(self.half_width_at(x, z), 1e-3)
        t = 2 * (z - zb) / np.maximum(zt - zb, 1e-3) - 1
        vert = np.where(t > 0, np.abs(t) ** s.top_exp, np.abs(t) ** s.bottom_exp)
        return (np.abs(y) / w) ** s.side_exp + vert + self.end_term(x) - 1.0

    def normal(self, p: np.ndarray, h: float = 2e-4) -> np.ndarray:
        """Outward unit normal: the normalised central-difference gradient of g."""
        grads = []
        for k in range(3):
            d = np.zeros(3)
            d[k] = h
            a, b = p + d, p - d
            grads.append(self.g(a[:, 0], a[:, 1], a[:, 2]) - self.g(b[:, 0], b[:, 1], b[:, 2]))
        return unit(np.stack(grads, 1))

    def project(self, p: np.ndarray, steps: int = 4, h: float = 1e-5) -> np.ndarray:
        """Move points near the surface onto it: Newton steps along the gradient of g."""
        p = np.array(p, dtype=float)
        for _ in range(steps):
            grad = np.empty_like(p)
            for k in range(3):
                a, b = p.copy(), p.copy()
                a[:, k] += h
                b[:, k] -= h
                grad[:, k] = (
                    self.g(a[:, 0], a[:, 1], a[:, 2]) - self.g(b[:, 0], b[:, 1], b[:, 2])
                ) / (2 * h)
            val = self.g(p[:, 0], p[:, 1], p[:, 2])
            p -= (val / np.maximum(np.einsum("ij,ij->i", grad, grad), 1e-12))[:, None] * grad
        return p

    def centre_z(self, x: np.ndarray) -> np.ndarray:
        s = self.spec
        return 0.5 * (self._prof(s.bottom, x) + self._prof(s.top, x))

    def ray_hit(self, origin: np.ndarray, direction: np.ndarray, reach: float = 3.0) -> np.ndarray:
        """Where rays from inside points leave the body (bisection; star-shaped slices)."""
        lo = np.zeros(len(origin))
        hi = np.full(len(origin), reach)
        for _ in range(34):
            mid = 0.5 * (lo + hi)
            p = origin + mid[:, None] * direction
            out = self.g(p[:, 0], p[:, 1], p[:, 2]) > 0
            hi = np.where(out, mid, hi)
            lo = np.where(out, lo, mid)
        return origin + (0.5 * (lo + hi))[:, None] * direction

    def surface_y(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        """The left body side (y > 0) at the given x and z."""
        o = np.stack([x, np.zeros_like(x), z], 1)
        d = np.tile([0.0, 1.0, 0.0], (len(x), 1))
        return self.ray_hit(o, d, 1.5)[:, 1]

    def _stations(self, count: int) -> np.ndarray:
        """Station x positions spaced by the arc length of the silhouette (dense at the ends)."""
        s = self.spec
        x = np.linspace(self.x_rear, self.x_front, 6000)
        e = np.clip(self.end_term(x), 0.0, 1.0)
        zb, zt = self._prof(s.bottom, x), self._prof(s.top, x)
        hh = 0.5 * (zt - zb) * (1 - e) ** (1 / s.top_exp)
        ww = self._prof(s.half_width, x) * (1 - e) ** (1 / s.side_exp)
        zc = 0.5 * (zt + zb)
        ds = np.sqrt(np.diff(x) ** 2 + np.diff(hh) ** 2 + np.diff(ww) ** 2 + np.diff(zc) ** 2)
        arc = np.concatenate([[0.0], np.cumsum(ds)])
        return np.interp(np.linspace(0, arc[-1], count), arc, x)

    def skin(self, stations: int, around: int, dense: int = 420, bend: float = 0.25) -> Mesh:
        """The left half of the body shell (y >= 0) as a stations x around grid.

        ``bend`` (metres per radian) trades arc length for turning: larger puts more
        rows into tight curvature.
        """
        xs = self._stations(stations)
        zc = self.centre_z(xs)
        phi = np.linspace(-np.pi / 2, np.pi / 2, dense)
        dirs = np.stack([np.zeros_like(phi), np.cos(phi), np.sin(phi)], 1)
        dirs[0] = [0.0, 0.0, -1.0]
        dirs[-1] = [0.0, 0.0, 1.0]
        origin = np.stack([xs, np.zeros_like(xs), zc], 1)
        o = np.repeat(origin, dense, axis=0)
        d = np.tile(dirs, (stations, 1))
        pts = self.ray_hit(o, d).reshape(stations, dense, 3)
        # Rows are spaced by arc length plus turning angle, so the shoulder fillets get
        # more rows, and the rows through the two ledge corners are pinned to fixed
        # indices, so each fillet runs along the same rows from station to station.
        # Spaced by arc length alone, a crease whose height drifts along the car
        # crosses rows diagonally and shades as a saw-tooth band.
        dn = self.normal(pts.reshape(-1, 3)).reshape(stations, dense, 3)
        turn = np.arccos(np.clip(np.einsum("ijk,ijk->ij", dn[:, 1:], dn[:, :-1]), -1.0, 1.0))
        seg = np.linalg.norm(np.diff(pts, axis=1), axis=2)
        arc = np.concatenate([np.zeros((stations, 1)), np.cumsum(seg + bend * turn, 1)], 1)
        zbelt = self._prof(self.spec.belt, xs)
        anchors = []
        for zz in (zbelt - self.spec.ledge[0], zbelt + self.spec.ledge[1]):
            yy = self.half_width_at(xs, zz)
            ang = np.arctan2(zz - zc, yy)
            anchors.append(np.array([np.interp(a, phi, arc[i]) for i, a in enumerate(ang)]))
        total = np.maximum(arc[:, -1], 1e-12)
        mid = np.abs(xs) < 0.3 * self.spec.length
        rows = [int(round((around - 1) * float(np.median(a[mid] / total[mid])))) for a in anchors]
        knots_v = np.array([0, rows[0], max(rows[1], rows[0] + 1), around - 1], dtype=float)
        verts = np.empty((stations, around, 3))
        vfrac = np.linspace(0.0, 1.0, around)
        for i in range(stations):
            if arc[i, -1] < 1e-9:
                verts[i] = pts[i, 0]
                continue
            a0 = anchors[0][i]
            a1 = np.clip(anchors[1][i], a0, arc[i, -1])
            target = np.interp(np.arange(around), knots_v, [0.0, a0, a1, arc[i, -1]])
            for k in range(3):
                verts[i, :, k] = np.interp(target, arc[i], pts[i, :, k])
        verts[:, 0, 1] = 0.0
        verts[:, -1, 1] = 0.0
        flat = verts.reshape(-1, 3)
        norms = self.normal(flat)
        ends = (flat[:, 0] >= self.x_front - 1e-9) | (flat[:, 0] <= self.x_rear + 1e-9)
        norms[ends] = np.where(flat[ends, :1] > 0, 1.0, -1.0) * np.array([1.0, 0.0, 0.0])
        norms[:, 1] = np.where(flat[:, 1] <= 1e-12, 0.0, norms[:, 1])
        norms = unit(norms)
        uu, vv = np.meshgrid((xs - self.x_rear) / self.spec.length, vfrac, indexing="ij")
        uv = np.stack([uu, vv], -1).reshape(-1, 2)
        faces = grid_faces_along(norms, stations, around)
        return orient(drop_degenerate(Mesh(flat, faces, norms, uv)))
