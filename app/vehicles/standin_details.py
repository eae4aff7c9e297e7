"""Exterior details laid on the body: shut lines, door handles, lamp internals, fins.

The skin is too coarse to cut a 4 mm gap out of it, so shut lines are thin dark
strips projected onto the exact surface along the panel edges, their normals
tilted toward the middle so they shade as a groove. The small parts sit on the
paint with ``seat_on``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_badges import seat_on
from livery.vehicles.standin_body import BodyShape
from livery.vehicles.standin_geometry import (
    Mesh,
    concat,
    grid_faces,
    orient,
    revolve,
    rounded_rect,
    superellipsoid,
    sweep,
    unit,
)

#: How a 2D line meets the body: "side" (x, z) seen from the left, "top" (x, y) from
#: above, "front" and "rear" (y, z) from the ends.
VIEWS = ("side", "top", "front", "rear")


def on_body(shape: BodyShape, view: str, line: np.ndarray, step: float = 0.008) -> np.ndarray:
    """Points of a 2D polyline in ``view``, resampled every ``step``, on the body surface."""
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    s = np.linspace(0.0, arc[-1], max(2, int(arc[-1] / step) + 1))
    a, b = np.interp(s, arc, line[:, 0]), np.interp(s, arc, line[:, 1])
    if view == "side":
        return np.stack([a, shape.surface_y(a, b), b], 1)
    if view == "top":
        origin = np.stack([a, b, shape.centre_z(a)], 1)
        return shape.ray_hit(origin, np.tile([0.0, 0.0, 1.0], (len(a), 1)))
    sign = 1.0 if view == "front" else -1.0
    x0 = (shape.x_front - 0.8) if view == "front" else (shape.x_rear + 0.8)
    origin = np.stack([np.full_like(a, x0), a, b], 1)
    return shape.ray_hit(origin, np.tile([sign, 0.0, 0.0], (len(a), 1)))


def groove(shape: BodyShape, pts: np.ndarray, width: float = 0.007) -> Mesh:
    """A dark shut line along surface points: three rows, edges tilted toward the middle."""
    n = shape.normal(pts)
    t = unit(np.gradient(pts, axis=0))
    side = unit(np.cross(n, t))
    rows, norms = [], []
    for k, tilt in ((-0.5, 0.7), (0.0, 0.0), (0.5, -0.7)):
        rows.append(pts + side * (k * width) + n * 0.0025)
        norms.append(unit(n + tilt * side))
    verts = np.stack(rows, 1).reshape(-1, 3)
    normals = np.stack(norms, 1).reshape(-1, 3)
    uv = np.zeros((len(verts), 2))
    return orient(Mesh(verts, grid_faces(len(pts), 3), normals, uv))


@dataclass(frozen=True)
class Panels:
    """Where the panel edges run, from the car's own numbers (metres)."""

    door_front: float  # front door leading edge at the belt
    door_split: float  # B-pillar (front/rear door split) at the belt
    door_rear: float  # rear door trailing edge at the belt
    rear_arch: tuple[float, float]  # (x, radius) the rear door's edge follows round the arch
    wheel_z: float
    belt: float
    low: float  # door bottoms
    bonnet: tuple[float, float, float]  # rear edge x, front edge x, half width
    boot: tuple[float, float, float] | None  # deck edge x, tail end x, half width
    tail_z: float  # the lid's lower edge across the tail
    flap: tuple[float, float]  # charge flap centre (x, z), left side


def shut_lines(shape: BodyShape, p: Panels) -> Mesh:
    """Door, bonnet, boot and charge-flap shut lines, both sides."""
    ax, ar = p.rear_arch
    ang = np.radians(np.linspace(80.0, 0.0, 12))
    around = np.stack([ax + ar * np.cos(ang), p.wheel_z + ar * np.sin(ang)], 1)
    front = [(p.door_front, p.belt), (p.door_front + 0.05, p.low + 0.15)]
    side = [
        np.array([*front, (p.door_front + 0.04, p.low)]),
        np.array([(p.door_split, p.belt), (p.door_split + 0.08 * (p.belt - p.low), p.low)]),
        np.concatenate([[(p.door_rear, p.belt)], around, [(ax + ar, p.low)]]),
        np.array([(ax + ar, p.low), (p.door_front + 0.04, p.low)]),
    ]
    fx, fz = p.flap
    flap = rounded_rect(0.17, 0.11, 0.025, 6) + [fx, fz]
    left = [groove(shape, on_body(shape, "side", ln)) for ln in side]
    left.append(groove(shape, on_body(shape, "side", np.concatenate([flap, flap[:1]]))))
    bx0, bx1, bw = p.bonnet
    top = [np.array([(bx0, bw), (bx1 - 0.05, bw - 0.08), (bx1, bw - 0.16)])]
    if p.boot is not None:
        kx0, kx1, kw = p.boot
        top.append(np.array([(kx0, kw), (kx1, kw + 0.04)]))
    left += [groove(shape, on_body(shape, "top", ln)) for ln in top]
    both = [concat(left), concat(left).mirrored_y()]
    across = [np.array([(bx0, -bw), (bx0, bw)]), np.array([(bx1, -bw + 0.16), (bx1, bw - 0.16)])]
    if p.boot is not None:
        across.append(np.array([(p.boot[0], -p.boot[2]), (p.boot[0], p.boot[2])]))
    both += [groove(shape, on_body(shape, "top", ln)) for ln in across]
    tail = np.array([(-0.62, p.tail_z), (0.62, p.tail_z)])
    both.append(groove(shape, on_body(shape, "rear", tail)))
    return concat(both)


def _frame(shape: BodyShape, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(surface point, frame) for a point already on the surface: normal, along, up."""
    n = shape.normal(p[None])[0]
    up = unit(np.array([0.0, 0.0, 1.0]) - n[2] * n)
    return p, np.stack([n, np.cross(up, n), up], 1)


def door_handles(shape: BodyShape, xs: tuple[float, ...], z: float) -> Mesh:
    """Flush pull handles on the left doors, mirrored to the right."""
    out = []
    for x in xs:
        p = on_body(shape, "side", np.array([(x, z), (x + 0.001, z)]))[0]
        at, frame = _frame(shape, p)
        bar = superellipsoid((0.006, 0.085, 0.012), 4.0, 28, 10)
        out.append(seat_on(shape, at, frame, bar))
    left = concat(out)
    return concat([left, left.mirrored_y()])


def lamp_internals(shape: BodyShape, lamp_z: float) -> Mesh:
    """The lit parts inside each headlamp: an LED bar along its top and two projectors."""
    edge = np.array([(0.50, lamp_z + 0.024), (0.62, lamp_z + 0.046), (0.78, lamp_z + 0.074)])
    path = on_body(shape, "front", edge, 0.006)
    path = path + shape.normal(path) * 0.003
    t = np.linspace(0, 2 * np.pi, 10)[:-1]
    tube = sweep(
        path, np.stack([0.004 * np.cos(t), 0.004 * np.sin(t)], 1), np.array([0.0, 0.0, 1.0])
    )
    parts = [tube]
    for y, dz in ((0.57, 0.021), (0.69, 0.037)):
        p = on_body(shape, "front", np.array([(y, lamp_z + dz), (y + 0.001, lamp_z + dz)]))[0]
        at, frame = _frame(shape, p)
        prof = np.array([(0.013, -0.002), (0.013, 0.002), (0.010, 0.004), (0.0, 0.0045)])
        cup = revolve(prof, 24).transformed(
            np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]), 0.0
        )
        parts.append(seat_on(shape, at, frame, cup))
    left = concat(parts)
    return concat([left, left.mirrored_y()])


def grille(
    shape: BodyShape, half_width: float = 0.56, z_band: tuple[float, float] = (0.04, 0.11)
) -> Mesh:
    """A mesh of slim bars across the lower intake: horizontal slats and upright
    dividers, each laid on the exact surface and standing 4 mm proud of it."""
    zb = float(np.asarray(shape.spec.bottom)[-1, 1])
    z0, z1 = zb + z_band[0], zb + z_band[1]
    bars = [np.array([(-half_width, z), (half_width, z)]) for z in np.linspace(z0, z1, 4)]
    bars += [np.array([(y, z0), (y, z1)]) for y in np.linspace(-half_width, half_width, 15)]
    out = []
    for line in bars:
        path = on_body(shape, "front", line, 0.01)
        path = path + shape.normal(path) * 0.004
        out.append(sweep(path, rounded_rect(0.006, 0.008, 0.002, 2), np.array([1.0, 0.0, 0.0])))
    return concat(out)


def wipers(shape: BodyShape, x_foot: float) -> Mesh:
    """Two parked wiper arms with blades lying along the foot of the windscreen.

    ``x_foot``: the windscreen foot; the blades rest a little above where the glass
    starts, angled up toward the car's middle.
    """
    xs = np.linspace(x_foot - 0.4, x_foot, 200)
    belt = shape._prof(shape.spec.belt, xs)
    top = shape._prof(shape.spec.top, xs)
    x0 = float(xs[np.argmin(np.abs(top - (belt + 0.11)))])
    out = []
    for y0, y1 in ((-0.66, 0.02), (0.04, 0.62)):
        line = np.array([(x0 + 0.01, y0), (x0 - 0.03, y1)])
        path = on_body(shape, "top", line, 0.01)
        path = path + shape.normal(path) * 0.012
        blade = sweep(path, rounded_rect(0.020, 0.014, 0.005, 3), np.array([0.0, 0.0, 1.0]))
        out.append(blade)
    return concat(out)


def diffuser_fins(shape: BodyShape) -> Mesh:
    """Five vertical strakes under the tail."""
    x = shape.x_rear
    z_floor = float(shape._prof(shape.spec.bottom, np.array([x + 0.22]))[0])
    fins = []
    for y in (-0.42, -0.21, 0.0, 0.21, 0.42):
        fin = superellipsoid((0.16, 0.006, 0.045), 5.0, 16, 8)
        fins.append(fin.transformed(np.eye(3), np.array([x + 0.22, y, z_floor + 0.03])))
    return concat(fins)
