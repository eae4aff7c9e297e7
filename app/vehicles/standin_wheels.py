"""Wheels of the stand-ins: tyre, twin-spoke rim, brake disc and caliper.

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
    fan_cap,
    revolve,
    rounded_rect,
    sweep,
)


@dataclass(frozen=True)
class WheelSpec:
    """Tyre size in metres: outer radius, section width and rim radius."""

    radius: float
    width: float
    rim_radius: float


def tyre(w: WheelSpec) -> Mesh:
    """A superellipse tyre section revolved: rounded shoulders and bulging sidewalls."""
    t = np.linspace(0.0, 2 * np.pi, 33)[:-1]
    rc = 0.5 * (w.radius + w.rim_radius - 0.01)
    ar = 0.5 * (w.radius - w.rim_radius + 0.01)
    c, s = np.cos(t), np.sin(t)
    e = 2.0 / 3.2
    r = rc + ar * np.sign(c) * np.abs(c) ** e
    y = 0.5 * w.width * np.sign(s) * np.abs(s) ** e
    profile = np.stack([r, y], 1)
    profile = np.concatenate([profile, profile[:1]])
    return revolve(profile, 56)


def rim(w: WheelSpec, face_y: float) -> Mesh:
    """Barrel with a lip, five twin spokes, a domed hub and five lug nuts."""
    rr = w.rim_radius
    barrel = np.array(
        [
            (rr + 0.012, face_y - 0.02),
            (rr + 0.012, face_y - 0.006),
            (rr + 0.006, face_y + 0.002),
            (rr - 0.012, face_y + 0.002),
            (rr - 0.018, face_y - 0.008),
            (rr - 0.020, face_y - 0.03),
            (rr - 0.020, -0.5 * w.width),
        ]
    )
    parts = [revolve(_densify(barrel, 2), 64)]
    hub_r = 0.075
    hub = np.array(
        [
            (hub_r + 0.004, face_y - 0.06),
            (hub_r, face_y - 0.012),
            (hub_r - 0.015, face_y - 0.004),
            (0.035, face_y - 0.002),
            (0.0, face_y),
        ]
    )
    parts.append(revolve(_densify(hub, 2), 32))
    section = rounded_rect(0.030, 0.026, 0.008, 3)
    for k in range(5):
        base = np.pi / 2 + k * 2 * np.pi / 5
        for sgn in (-1.0, 1.0):
            s = np.linspace(0.0, 1.0, 9)
            ang = base + sgn * (0.03 + 0.11 * s**1.2)
            rad = hub_r - 0.01 + (rr - 0.005 - hub_r + 0.01) * s
            yy = face_y - 0.018 - 0.012 * np.sin(np.pi * s) + 0.004 * s
            path = np.stack([rad * np.cos(ang), yy, rad * np.sin(ang)], 1)
            parts.append(sweep(path, section, up=np.array([0.0, 1.0, 0.0])))
        nut_a = base + np.pi / 5
        nut = revolve(
            _densify(
                np.array(
                    [
                        (0.011, face_y - 0.01),
                        (0.011, face_y + 0.004),
                        (0.007, face_y + 0.009),
                        (0.0, face_y + 0.01),
                    ]
                ),
                1,
            ),
            10,
        )
        off = 0.048 * np.array([np.cos(nut_a), 0.0, np.sin(nut_a)])
        parts.append(Mesh(nut.vertices + off, nut.faces, nut.normals, nut.uvs))
    return concat(parts)


def disc(w: WheelSpec, face_y: float) -> Mesh:
    """Ventilated-disc stand-in: a thick ring plus the hat that bolts to the hub."""
    ro = w.rim_radius - 0.05
    ri = 0.11
    y1 = face_y - 0.07
    y0 = y1 - 0.034
    ring = np.array(
        [
            (ri, y0),
            (ri, y1),
            (ro - 0.004, y1),
            (ro, y1 - 0.004),
            (ro, y0 + 0.004),
            (ro - 0.004, y0),
            (ri, y0),
        ]
    )[::-1]
    hat = np.array([(ri, y1), (ri, y1 + 0.01), (0.08, face_y - 0.055), (0.0, face_y - 0.055)])
    return concat([revolve(_densify(ring, 2), 64), revolve(_densify(hat, 2), 32)])


def caliper(w: WheelSpec, face_y: float, centre_angle: float) -> Mesh:
    """A four-piston style caliper straddling the disc rim over about 60 degrees."""
    ro = w.rim_radius - 0.05
    y1 = face_y - 0.07
    y0 = y1 - 0.034
    sweep_a = np.radians(62)
    start = centre_angle - sweep_a / 2
    r_in, r_out = ro - 0.075, ro + 0.012
    prof = rounded_rect(r_out - r_in, (y1 - y0) + 0.05, 0.016, 5)
    prof = prof + [0.5 * (r_in + r_out), 0.5 * (y0 + y1) + 0.004]
    prof = np.concatenate([prof, prof[:1]])
    body = revolve(prof, 16, start=start, sweep=sweep_a)
    caps = []
    for a, sgn in ((start, -1.0), (start + sweep_a, 1.0)):
        pts = np.stack([prof[:-1, 0] * np.cos(a), prof[:-1, 1], prof[:-1, 0] * np.sin(a)], 1)
        tangent = np.array([-np.sin(a), 0.0, np.cos(a)]) * sgn
        caps.append(fan_cap(pts, tangent))
    return concat([body, *caps])


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
