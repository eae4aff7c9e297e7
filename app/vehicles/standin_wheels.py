"""Wheels of the stand-ins: tyre, forged ten-spoke rim, drilled disc and caliper.

Built in a wheel frame: origin at the hub centre, spin axis Y, outboard +Y, angle
0 toward the nose (+X) and 90 degrees up (+Z). The caliper sits high and to the
rear, just behind the spokes, so it shows through them from the side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_geometry import (
    Mesh,
    concat,
    revolve,
    rounded_rect,
    split,
    sweep,
)


@dataclass(frozen=True)
class WheelSpec:
    """Tyre size in metres: outer radius, section width and rim radius."""

    radius: float
    width: float
    rim_radius: float


def tyre(w: WheelSpec) -> Mesh:
    """A revolved tyre section: flat crowned tread, tight shoulders, a sidewall that
    bulges above the bead and a rim protector rib where it meets the rim."""
    t = np.linspace(0.0, 2 * np.pi, 73)[:-1]
    c, s = np.cos(t), np.sin(t)
    r_in = w.rim_radius - 0.006
    rc, ar = 0.5 * (w.radius + r_in), 0.5 * (w.radius - r_in)
    r = rc + ar * np.sign(c) * np.abs(c) ** np.where(c > 0, 0.28, 0.9)
    h = np.clip((r - r_in) / (w.radius - r_in), 0.0, 1.0)  # 0 at the bead, 1 at the tread
    bulge = 0.94 + 0.06 * np.sin(np.pi * np.clip(1.15 * h, 0.0, 1.0))
    rib = 0.006 * np.exp(-(((h - 0.12) / 0.05) ** 2))
    y = np.sign(s) * (0.5 * w.width * np.abs(s) ** 0.32 * bulge + rib * np.abs(s))
    profile = np.stack([r, y], 1)
    profile = np.concatenate([profile, profile[:1]])
    return revolve(profile, 120)


def _spoke(w: WheelSpec, face_y: float, hub_r: float, base: float, bend: float) -> Mesh:
    """One forged spoke: tapered, curved a little, sunk toward the hub (concave face)."""
    rr = w.rim_radius
    s = np.linspace(0.0, 1.0, 14)
    ang = base + bend * s**1.5
    rad = hub_r - 0.012 + (rr - 0.004 - hub_r + 0.012) * s
    yy = face_y - 0.012 - 0.034 * (1 - s) ** 1.6
    path = np.stack([rad * np.cos(ang), yy, rad * np.sin(ang)], 1)
    taper = np.stack([1.0 - 0.5 * s, np.ones_like(s)], 1)
    section = rounded_rect(0.044, 0.026, 0.008, 3)
    return sweep(path, section, up=np.array([0.0, 1.0, 0.0]), scale=taper)


def rim(w: WheelSpec, face_y: float, spokes: int = 10) -> Mesh:
    """Barrel with a lip, ``spokes`` forged concave spokes, lug nuts and a centre cap."""
    rr = w.rim_radius
    barrel = np.array(
        [
            (rr + 0.012, face_y - 0.02),
            (rr + 0.012, face_y - 0.006),
            (rr + 0.006, face_y + 0.002),
            (rr - 0.008, face_y + 0.002),
            (rr - 0.014, face_y - 0.010),
            (rr - 0.016, face_y - 0.03),
            (rr - 0.016, -0.5 * w.width),
        ]
    )
    parts = [revolve(_densify(barrel, 2), 96)]
    hub_r = 0.085
    y_hub = face_y - 0.046
    hub = np.array(
        [
            (hub_r + 0.004, y_hub - 0.03),
            (hub_r, y_hub),
            (hub_r - 0.010, y_hub + 0.006),
            (0.040, y_hub + 0.006),
            (0.040, y_hub + 0.004),
        ]
    )
    parts.append(revolve(_densify(hub, 2), 48))
    cap = np.array([(0.040, y_hub + 0.004), (0.038, y_hub + 0.016), (0.030, y_hub + 0.021)])
    cap = np.concatenate([cap, [(0.015, y_hub + 0.023), (0.0, y_hub + 0.0235)]])
    parts.append(revolve(_densify(cap, 3), 48))
    for k in range(spokes):
        parts.append(_spoke(w, face_y, hub_r, np.pi / 2 + k * 2 * np.pi / spokes, 0.16))
    for k in range(5):
        nut_a = np.pi / 2 + (k + 0.5) * 2 * np.pi / 5
        prof = np.array([(0.010, -0.01), (0.010, 0.006), (0.006, 0.011), (0.0, 0.012)])
        nut = revolve(_densify(prof + [0.0, y_hub], 1), 12)
        off = 0.060 * np.array([np.cos(nut_a), 0.0, np.sin(nut_a)])
        parts.append(Mesh(nut.vertices + off, nut.faces, nut.normals, nut.uvs))
    return concat(parts)


def disc(w: WheelSpec, face_y: float) -> Mesh:
    """A ventilated, cross-drilled disc and the hat that bolts it to the hub.

    The outboard friction face is a polar grid with the holes cut out (each lined
    by a short bore); behind it a solid inner plate; around the edge the two plates
    and the cooling vanes between them.
    """
    ro, ri = w.rim_radius - 0.05, 0.115
    y1 = face_y - 0.07  # outboard face
    y0 = y1 - 0.034  # inboard face
    plate = 0.010
    face = revolve(np.stack([np.linspace(ro, ri, 20), np.full(20, y1)], 1), 360)
    holes = []
    for g in range(18):
        for j, fr in enumerate((0.28, 0.52, 0.76)):
            a = 2 * np.pi * (g + 0.22 * j) / 18
            r = ri + fr * (ro - ri)
            holes.append((r * np.cos(a), r * np.sin(a)))
    holes = np.array(holes)
    hole_r = 0.0042
    p2 = face.vertices[:, [0, 2]]
    dist = np.min(np.linalg.norm(p2[:, None, :] - holes[None, :, :], axis=2), axis=1)
    _, drilled = split(face, hole_r - dist)
    bores = []
    t = np.linspace(0, 2 * np.pi, 13)
    for hx, hz in holes:
        path = np.array([[hx, y1 + 0.001, hz], [hx, y1 - plate, hz]])
        ring = np.stack([hole_r * np.cos(t), hole_r * np.sin(t)], 1)[::-1]
        bores.append(sweep(path, ring, np.array([1.0, 0.0, 0.0])))
    inner = np.array([(ri, y0), (ro, y0), (ro, y1 - 0.022), (ri, y1 - 0.022)])
    edges = [
        revolve(_densify(np.array([(ro, y1 - plate), (ro, y1)]), 1), 120),
        revolve(_densify(np.array([(ro, y0), (ro, y0 + plate)]), 1), 120),
        revolve(_densify(inner[::-1], 2), 96),
    ]
    vanes = []
    for k in range(36):
        a = 2 * np.pi * k / 36
        vane = np.array([[ri + 0.01, y1 - plate - 0.001], [ro - 0.002, y1 - plate - 0.001]])
        path = np.stack([vane[:, 0] * np.cos(a), vane[:, 1], vane[:, 0] * np.sin(a)], 1)
        sec = rounded_rect(0.004, 0.012, 0.0015, 2)
        vanes.append(sweep(path, sec, np.array([0.0, 1.0, 0.0])))
    hat = np.array([(ri, y1), (ri, y1 + 0.01), (0.09, face_y - 0.055), (0.0, face_y - 0.055)])
    return concat([drilled, *bores, *edges, *vanes, revolve(_densify(hat, 2), 48)])


def caliper(w: WheelSpec, face_y: float, centre_angle: float) -> Mesh:
    """A six-piston monoblock straddling the disc over about 80 degrees, its ends rounded."""
    ro = w.rim_radius - 0.05
    y1 = face_y - 0.07
    y0 = y1 - 0.034
    span = np.radians(80)
    a = centre_angle + span * np.linspace(-0.5, 0.5, 40)
    r_mid = ro - 0.028
    path = np.stack(
        [r_mid * np.cos(a), np.full_like(a, 0.5 * (y0 + y1) + 0.006), r_mid * np.sin(a)], 1
    )
    u = np.linspace(-1.0, 1.0, len(a))
    end = np.clip(1 - np.abs(u) ** 6, 0.0, 1.0) ** (1 / 6)
    section = rounded_rect(0.060, 0.098, 0.018, 5)  # (axial, radial)
    radial = path / np.linalg.norm(path, axis=1, keepdims=True)
    k = 0.02 + 0.98 * end
    return sweep(path, section, up=radial, scale=np.stack([k, k], 1))


def _densify(poly: np.ndarray, n: int) -> np.ndarray:
    """Insert n-1 points on every segment so revolved normals stay crisp at corners."""
    out = [poly[0]]
    for a, b in zip(poly[:-1], poly[1:], strict=True):
        for k in range(1, n + 1):
            out.append(a + (b - a) * k / n)
    return np.array(out)


def wheel_parts(w: WheelSpec, caliper_angle: float) -> dict[str, Mesh]:
    """All four parts of one left-side wheel in the wheel frame."""
    face_y = 0.5 * w.width - 0.012
    return {
        "tyres": tyre(w),
        "rims": rim(w, face_y),
        "discs": disc(w, face_y),
        "calipers": caliper(w, face_y, caliper_angle),
    }
