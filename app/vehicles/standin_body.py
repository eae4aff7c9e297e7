"""The stand-in body: an implicit car shape meshed by ray casting per station.

The shape is an inequality g(x, y, z) < 0 built from smooth longitudinal profiles
(underside, roof line, belt line, plan width, greenhouse width) and superellipse
cross-sections, so its gradient gives exact smooth normals. Each station (a YZ
slice) is ray-cast from its centre and resampled by arc length, which yields a
regular grid: smooth, well-shaped triangles and a (u, v) parameterisation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.vehicles.standin_geometry import (
    Mesh,
    drop_degenerate,
    grid_faces,
    orient,
    pchip,
    smoothstep,
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
        """Section half width at height z: tucked sill, shoulder, inboard greenhouse."""
        s = self.spec
        zb = self._prof(s.bottom, x)
        zbelt = self._prof(s.belt, x)
        wl = self._prof(s.half_width, x)
        zsh = zbelt - 0.16
        low = np.clip((zsh - z) / np.maximum(zsh - zb, 1e-3), 0.0, 1.0)
        body = wl * (1 - s.tuck * low**2) - 0.025 * np.clip((z - zsh) / 0.16, 0.0, 1.0) ** 2
        wg0 = wl - self._prof(s.shoulder, x)
        wroof = self._prof(s.roof_half_width, x)
        h = np.clip((z - zbelt) / np.maximum(s.roof_z - zbelt, 1e-3), 0.0, 1.0)
        house = wg0 - (wg0 - wroof) * h**1.35
        blend = smoothstep(-0.035, 0.045, z - zbelt)
        return body + (house - body) * blend

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

    def skin(self, stations: int, around: int, dense: int = 420) -> Mesh:
        """The left half of the body shell (y >= 0) as a stations x around grid."""
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
        verts = np.empty((stations, around, 3))
        vfrac = np.linspace(0.0, 1.0, around)
        for i in range(stations):
            seg = np.linalg.norm(np.diff(pts[i], axis=0), axis=1)
            arc = np.concatenate([[0.0], np.cumsum(seg)])
            if arc[-1] < 1e-9:
                verts[i] = pts[i, 0]
                continue
            target = vfrac * arc[-1]
            for k in range(3):
                verts[i, :, k] = np.interp(target, arc, pts[i, :, k])
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
        return orient(drop_degenerate(Mesh(flat, grid_faces(stations, around), norms, uv)))
