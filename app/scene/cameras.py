"""Camera presets computed from a vehicle's geometry, so they frame any car.

A pose is plain data (no VTK), so camera moves (``livery.scene.camera_moves``) work
on numbers and tests can check them without rendering. Presets are fitted to the
vehicle's bounding box for the window's aspect ratio; the close-ups look for the
parts they need (front-left wheel, driver's seat) and fall back to proportions of
the bounding box when a vehicle lacks them. No preset puts the eye under the floor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from livery.scene.looks import CAMERAS
from livery.slots import Slot
from livery.vehicles.model import VehicleModel, vertex_box

#: The lowest an eye may go (m): a camera under the floor sees the floor's back face.
MIN_EYE_HEIGHT = 0.08


@dataclass(frozen=True)
class CameraPose:
    """Where the camera is, what it looks at, which way is up, how wide it sees."""

    position: tuple[float, float, float]
    focal_point: tuple[float, float, float]
    view_up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    view_angle: float = 30.0  # vertical field of view, degrees


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _direction(azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """From the target toward the eye; azimuth 0 = in front (+X), 90 = left side (+Y)."""
    a, e = math.radians(azimuth_deg), math.radians(elevation_deg)
    return np.array([math.cos(e) * math.cos(a), math.cos(e) * math.sin(a), math.sin(e)])


def _fit_distance(
    corners: np.ndarray,
    target: np.ndarray,
    direction: np.ndarray,
    up: np.ndarray,
    view_angle: float,
    aspect: float,
    fill: float,
) -> float:
    """Distance along ``direction`` at which all ``corners`` fit in ``fill`` of the frame."""
    back = _unit(direction)
    right = _unit(np.cross(up, back))
    true_up = np.cross(back, right)
    tan_v = math.tan(math.radians(view_angle) / 2.0) * fill
    tan_h = tan_v * aspect
    rel = corners - target
    x, y, z = rel @ right, rel @ true_up, rel @ back
    return float(max(np.max(np.abs(x) / tan_h + z), np.max(np.abs(y) / tan_v + z)))


def _box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.array(
        [[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    )


def _pose(
    target: np.ndarray,
    direction: np.ndarray,
    distance: float,
    angle: float,
    up: np.ndarray | None = None,
) -> CameraPose:
    up = np.array([0.0, 0.0, 1.0]) if up is None else up
    eye = target + _unit(direction) * distance
    eye[2] = max(eye[2], MIN_EYE_HEIGHT)
    return CameraPose(
        tuple(float(c) for c in eye),  # type: ignore[arg-type]
        tuple(float(c) for c in target),  # type: ignore[arg-type]
        tuple(float(c) for c in up),  # type: ignore[arg-type]
        angle,
    )


def _points(model: VehicleModel, slot: Slot) -> np.ndarray | None:
    parts = model.parts_for(slot)
    if not parts:
        return None
    return np.concatenate([p.vertices for p in parts]).astype(np.float64)


def _front_left_wheel(
    model: VehicleModel, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, float]:
    """Centre and radius of the front-left wheel (rims or tyres at +X, +Y)."""
    mid = (lo + hi) / 2.0
    for slot in (Slot.TYRES, Slot.RIMS):
        pts = _points(model, slot)
        if pts is None:
            continue
        sel = pts[(pts[:, 0] > mid[0]) & (pts[:, 1] > mid[1])]
        if len(sel):
            wlo, whi = vertex_box(sel)
            centre = (wlo + whi) / 2.0
            return centre, float(max(whi[0] - wlo[0], whi[2] - wlo[2]) / 2.0)
    length, height = hi[0] - lo[0], hi[2] - lo[2]
    r = 0.25 * height
    return np.array([hi[0] - 0.18 * length, hi[1] - 0.12, r]), float(r)


def _driver_eye(
    model: VehicleModel, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Driver's eye (left seat: these cars drive on the right) and a point on the dashboard."""
    length, width, height = hi - lo
    mid = (lo + hi) / 2.0
    seats = _points(model, Slot.UPHOLSTERY)
    if seats is not None:
        front_left = seats[
            (seats[:, 1] > mid[1] + 0.05 * width) & (seats[:, 0] > mid[0] - 0.25 * length)
        ]
        if len(front_left) > 10:
            seats = front_left
        slo, shi = vertex_box(seats)
        seat_y = float((slo[1] + shi[1]) / 2.0)
        seat_x = float((slo[0] + shi[0]) / 2.0)
        eye = np.array([seat_x - 0.05, seat_y, min(shi[2] - 0.10, hi[2] - 0.2)])
    else:
        eye = np.array([mid[0] - 0.05 * length, mid[1] + 0.2 * width, lo[2] + 0.78 * height])
    dash = _points(model, Slot.INTERIOR)
    ahead_x = eye[0] + 0.9
    if dash is not None:
        ahead = dash[dash[:, 0] > eye[0] + 0.3]
        if len(ahead):
            ahead_x = float(np.percentile(ahead[:, 0], 60))
    target = np.array([ahead_x, eye[1] - 0.12, eye[2] - 0.13])
    return eye, target


def presets(model: VehicleModel, aspect: float = 16 / 9) -> dict[str, CameraPose]:
    """Every preset pose for ``model`` seen through a window of ``aspect`` (w / h)."""
    lo, hi = (np.asarray(b, dtype=np.float64) for b in model.bounds())
    lo = np.minimum(lo, [lo[0], lo[1], 0.0])
    corners = _box_corners(lo, hi)
    centre = (lo + hi) / 2.0
    up = np.array([0.0, 0.0, 1.0])
    out: dict[str, CameraPose] = {}

    def framed(name: str, az: float, el: float, angle: float, fill: float, aim_z: float) -> None:
        target = np.array([centre[0], centre[1], aim_z])
        d = _direction(az, el)
        dist = _fit_distance(corners, target, d, up, angle, aspect, fill)
        out[name] = _pose(target, d, dist, angle)

    height = hi[2] - lo[2]
    framed("front34", 38.0, 11.0, 26.0, 0.94, lo[2] + 0.40 * height)
    framed("side", 90.0, 3.0, 24.0, 0.92, lo[2] + 0.45 * height)
    framed("rear34", 142.0, 13.0, 26.0, 0.94, lo[2] + 0.40 * height)

    # Top: straight down, nose to the right of the frame.
    top_up = np.array([0.0, 1.0, 0.0])
    target = centre.copy()
    dist = _fit_distance(corners, target, up, top_up, 28.0, aspect, 0.86)
    out["top"] = _pose(target, up, dist, 28.0, top_up)

    # Wheel: close on the front-left wheel from outside, a little ahead and above.
    wheel, radius = _front_left_wheel(model, lo, hi)
    d = _unit(np.array([0.42, 1.0, 0.18]))
    wlo, whi = wheel - radius * 1.25, wheel + radius * 1.25
    wlo[2] = max(wlo[2], 0.0)
    dist = _fit_distance(_box_corners(wlo, whi), wheel, d, up, 30.0, aspect, 0.95)
    out["wheel"] = _pose(wheel, d, dist, 30.0)

    # Interior: a press photo from between the rear seats over the front ones, so the
    # whole dashboard, its trim band, both door cards, the seats and console show.
    cabin = _cabin_view(model)
    if cabin is not None:
        out["interior"] = cabin
    else:  # no named seat and dashboard: from the driver's eye toward the dashboard
        eye, target = _driver_eye(model, lo, hi)
        out["interior"] = CameraPose(
            tuple(float(c) for c in eye),  # type: ignore[arg-type]
            tuple(float(c) for c in target),  # type: ignore[arg-type]
            (0.0, 0.0, 1.0),
            72.0,
        )
    # Badge: the front badge a third of the frame high, from ahead, left and a little above.
    badge = _named_bounds(model, "badge.front")
    if badge is not None:
        target, size = (badge[0] + badge[1]) / 2.0, float(max((badge[1] - badge[0])[1:]))
    else:  # a file without a named badge: the middle of the nose
        target, size = np.array([hi[0], centre[1], lo[2] + 0.45 * height]), 0.12
    dist = size / (0.30 * 2.0 * math.tan(math.radians(30.0) / 2.0))
    out["badge"] = _pose(target, _unit(np.array([1.0, 0.42, 0.22])), dist, 30.0)
    out["seat"] = _seat_view(model) or out["interior"]
    return {name: out[name] for name in CAMERAS}  # the declared presets, in their order


def _named_bounds(model: VehicleModel, name: str) -> tuple[np.ndarray, np.ndarray] | None:
    part = next((p for p in model.parts if p.name == name), None)
    if part is None or len(part.vertices) == 0:
        return None
    return vertex_box(part.vertices)


def _seat_view(model: VehicleModel) -> CameraPose | None:
    """From over the dashboard's middle back at the faces of both front seats."""
    boxes = [
        b
        for n in ("upholstery.seat-driver", "upholstery.seat-passenger")
        if (b := _named_bounds(model, n)) is not None
    ]
    if not boxes:
        return None
    lo = np.min([b[0] for b in boxes], axis=0)
    hi = np.max([b[1] for b in boxes], axis=0)
    mid_y = float((lo[1] + hi[1]) / 2.0)
    target = np.array([(lo[0] + hi[0]) / 2.0 - 0.05, mid_y, lo[2] + 0.55 * (hi[2] - lo[2])])
    eye = np.array([hi[0] + 0.12, mid_y, hi[2] - 0.06])
    return CameraPose(
        tuple(float(c) for c in eye),  # type: ignore[arg-type]
        tuple(float(c) for c in target),  # type: ignore[arg-type]
        (0.0, 0.0, 1.0),
        62.0,
    )


def _cabin_view(model: VehicleModel) -> CameraPose | None:
    """Eye behind and between the front seats, just above their headrests."""
    seat = _named_bounds(model, "upholstery.seat-driver")
    dash = _named_bounds(model, "interior.dashboard")
    if seat is None or dash is None:
        return None
    (slo, shi), (_, dhi) = seat, dash
    seat_y = float((slo[1] + shi[1]) / 2.0)
    seat_x = float((slo[0] + shi[0]) / 2.0)
    eye = np.array([seat_x - 0.22, 0.55 * seat_y, shi[2] - 0.05])
    target = np.array([dhi[0] - 0.35, -0.45 * seat_y, dhi[2] - 0.22])
    return CameraPose(
        tuple(float(c) for c in eye),  # type: ignore[arg-type]
        tuple(float(c) for c in target),  # type: ignore[arg-type]
        (0.0, 0.0, 1.0),
        66.0,
    )
