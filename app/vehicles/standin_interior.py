"""The cabin seen through the tinted glass: seats, dashboard, wheel, floor, trims.

Left-hand drive (driver at +Y). Everything is a softened box or a sweep so it is
cheap and reads well at showroom distance; positions come from the body so the
cabin always fits inside the shell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.vehicles.standin_body import BodyShape
from app.vehicles.standin_geometry import (
    Mesh,
    concat,
    revolve,
    rotation,
    rounded_rect,
    superellipsoid,
    sweep,
)


@dataclass(frozen=True)
class CabinSpec:
    """Where the people sit: hip height, front and rear seat positions, dash position."""

    hip_z: float
    front_x: float
    rear_x: float
    dash_x: float
    dash_z: float
    floor_z: float


def _box(centre: tuple[float, float, float], half: tuple[float, float, float],
         exponent: float = 5.0, pitch: float = 0.0, n: tuple[int, int] = (16, 10)) -> Mesh:
    """A softened box, pitched about Y (positive tips its top toward -X)."""
    m = superellipsoid(half, exponent, *n)
    return m.transformed(rotation("y", -pitch), np.asarray(centre, dtype=float))


def _seat(x: float, y: float, hip_z: float, width: float) -> Mesh:
    cushion = _box((x, y, hip_z - 0.05), (0.27, width / 2, 0.07), 4.0, pitch=-0.12)
    back = _box((x - 0.30, y, hip_z + 0.27), (0.07, width / 2 - 0.01, 0.30), 4.0, pitch=0.30)
    head = _box((x - 0.42, y, hip_z + 0.64), (0.05, 0.13, 0.09), 3.0, pitch=0.30)
    bolsters = [
        _box((x - 0.29, y + s * (width / 2 - 0.03), hip_z + 0.24), (0.08, 0.04, 0.24), 3.0,
             pitch=0.30)
        for s in (-1.0, 1.0)
    ]
    return concat([cushion, back, head, *bolsters])


def _steering(c: CabinSpec, y: float) -> Mesh:
    """Rim torus facing the driver plus hub and column."""
    t = np.linspace(0.0, 2 * np.pi, 11)
    ring = np.stack([0.175 + 0.016 * np.cos(t), 0.016 * np.sin(t)], 1)
    rim = revolve(ring, 36)
    hub = superellipsoid((0.06, 0.03, 0.05), 3.0, 20, 10)
    col = _box((0.0, 0.18, 0.0), (0.03, 0.16, 0.03), 2.5, n=(16, 8))
    wheel = concat([rim, hub, col])
    # wheel frame: local Y becomes the column axis, forward and up into the dash (the
    # column runs away from the driver); the rim's top leans back toward the driver
    rot = rotation("z", -np.pi / 2) @ np.eye(3)
    rot = rotation("y", -0.42) @ rot
    return wheel.transformed(rot, np.array([c.dash_x - 0.33, y, c.dash_z - 0.02]))


def cabin_parts(shape: BodyShape, c: CabinSpec) -> dict[str, Mesh]:
    """Interior parts keyed by part name."""
    dx, dz = c.dash_x, c.dash_z
    half_in = float(shape.surface_y(np.array([dx]), np.array([dz]))[0]) - 0.06
    dash = concat([
        _box((dx, 0.0, dz), (0.24, half_in, 0.09), 5.0, n=(28, 12)),
        _box((dx - 0.02, 0.0, dz - 0.16), (0.18, half_in - 0.02, 0.10), 5.0, n=(28, 12)),
        _box((dx - 0.17, 0.0, dz + 0.17), (0.012, 0.21, 0.085), 6.0, pitch=0.2, n=(24, 12)),
    ])
    x0, x1 = c.rear_x - 0.55, dx + 0.3
    floor_half = float(shape.surface_y(np.array([0.0]), np.array([c.floor_z + 0.15]))[0]) - 0.07
    floor = concat([
        _box((0.5 * (x0 + x1), 0.0, c.floor_z), (0.5 * (x1 - x0), floor_half, 0.05), 8.0,
             n=(28, 10)),
        _box((c.front_x + 0.15, 0.0, c.hip_z - 0.04), (0.42, 0.11, 0.13), 5.0),
        _box((c.rear_x - 0.42, 0.0, c.hip_z + 0.20), (0.06, floor_half - 0.03, 0.40), 6.0),
    ])
    # door panels follow the body side between the pillars
    xs = np.linspace(c.rear_x - 0.25, dx + 0.05, 24)
    zmid = c.hip_z + 0.18
    side = shape.surface_y(xs, np.full_like(xs, zmid)) - 0.06
    panels, inserts, strips = [], [], []
    for sgn in (1.0, -1.0):
        path = np.stack([xs, sgn * side, np.full_like(xs, zmid)], 1)
        up = np.array([0.0, 0.0, 1.0])
        plate = rounded_rect(0.035, 0.42, 0.012, 4) * [sgn, 1.0]
        ins = rounded_rect(0.02, 0.16, 0.008, 4) * [sgn, 1.0] + [-sgn * 0.02, 0.02]
        strip = rounded_rect(0.012, 0.03, 0.004, 3) * [sgn, 1.0] + [-sgn * 0.025, 0.15]
        panels.append(sweep(path, _ccw(plate), up))
        inserts.append(sweep(path[3:-4], _ccw(ins), up))
        strips.append(sweep(path[1:-1], _ccw(strip), up))
    ys = np.linspace(-half_in + 0.02, half_in - 0.02, 24)
    dash_path = np.stack([np.full_like(ys, dx - 0.235), ys, np.full_like(ys, dz + 0.01)], 1)
    dash_strip = sweep(dash_path, _ccw(rounded_rect(0.02, 0.035, 0.006, 3)),
                       np.array([0.0, 0.0, 1.0]))
    drv_y = 0.37
    return {
        "upholstery.seat-driver": _seat(c.front_x, drv_y, c.hip_z, 0.52),
        "upholstery.seat-passenger": _seat(c.front_x, -drv_y, c.hip_z, 0.52),
        "upholstery.rear-bench": concat([_seat(c.rear_x, s * 0.36, c.hip_z + 0.03, 0.50)
                                         for s in (1.0, -1.0)]),
        "upholstery.door-cards": concat(inserts),
        "interior.dashboard": dash,
        "interior.steering-wheel": _steering(c, drv_y),
        "interior.floor": concat([floor, *panels]),
        "interior-trim.dashboard": dash_strip,
        "interior-trim.doors": concat(strips),
    }


def _ccw(outline: np.ndarray) -> np.ndarray:
    """Mirroring a section flips its turn; restore counter-clockwise order for sweeps."""
    x, y = outline[:, 0], outline[:, 1]
    area = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
    return outline if area > 0 else outline[::-1]
