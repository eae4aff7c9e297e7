"""Camera moves as plain numbers: easing, pose interpolation, orbit and bounds.

No VTK: a move works on ``CameraPose`` values, so it is the same in the app, in a
script and in a test. ``livery.scene.camera_rig`` applies these to a camera.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from livery.scene.cameras import CameraPose


def _with(pose: CameraPose, **values: Any) -> CameraPose:
    """``pose`` with some fields replaced (vectors as tuples of floats)."""
    values = {
        k: (tuple(float(x) for x in v) if k != "view_angle" else float(v))
        for k, v in values.items()
    }
    return dataclasses.replace(pose, **values)


def ease_in_out(t: float) -> float:
    """Cubic ease: slow start, slow stop."""
    t = min(max(t, 0.0), 1.0)
    return 4 * t**3 if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    a = a / np.linalg.norm(a)
    b = b / np.linalg.norm(b)
    dot = float(np.clip(np.dot(a, b), -1.0, 1.0))
    omega = math.acos(dot)
    if omega < 1e-6:
        return a
    if abs(math.pi - omega) < 1e-3:  # opposite: go round over the top (+Z)
        mid = np.array([0.0, 0.0, 1.0])
        return _slerp(a, mid, t * 2) if t < 0.5 else _slerp(mid, b, t * 2 - 1)
    s = math.sin(omega)
    return (math.sin((1 - t) * omega) * a + math.sin(t * omega) * b) / s


def interpolate(a: CameraPose, b: CameraPose, t: float) -> CameraPose:
    """A pose between ``a`` and ``b``: the focal point moves in a line, the camera
    swings round it (direction slerped, distance blended), so the move orbits the
    car instead of cutting through it."""
    fa, fb = np.array(a.focal_point, float), np.array(b.focal_point, float)
    da, db = np.array(a.position, float) - fa, np.array(b.position, float) - fb
    ra, rb = np.linalg.norm(da), np.linalg.norm(db)
    focal = fa + (fb - fa) * t
    direction = _slerp(da, db, t)
    # Blend distances geometrically so a close-up doesn't lurch.
    dist = math.exp(math.log(max(ra, 1e-6)) * (1 - t) + math.log(max(rb, 1e-6)) * t)
    up = _slerp(np.array(a.view_up, float), np.array(b.view_up, float), t)
    angle = a.view_angle + (b.view_angle - a.view_angle) * t
    return _with(
        a, position=focal + direction * dist, focal_point=focal, view_up=up, view_angle=angle
    )


def orbit(pose: CameraPose, degrees: float) -> CameraPose:
    """Turn the camera round the vertical axis through the focal point."""
    f = np.array(pose.focal_point, float)
    d = np.array(pose.position, float) - f
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    up = rot @ np.array(pose.view_up, float)
    return _with(pose, position=f + rot @ d, view_up=up)


@dataclass(frozen=True)
class Bounds:
    """Where the camera may be: above the floor, outside the body, not too far."""

    lo: tuple[float, float, float]  # the vehicle's bounding box
    hi: tuple[float, float, float]
    floor_clearance: float = 0.12  # metres above the floor
    body_margin: float = 0.15  # metres kept from the body's box
    max_distance: float = 18.0  # from the focal point
    min_distance: float = 0.6

    @classmethod
    def around(cls, lo: Any, hi: Any) -> Bounds:
        """Bounds round a vehicle's box (``VehicleModel.bounds``)."""
        lo_t = tuple(float(x) for x in lo)
        hi_t = tuple(float(x) for x in hi)
        size = float(np.linalg.norm(np.array(hi_t) - np.array(lo_t)))
        return cls(lo_t, hi_t, max_distance=max(6.0, size * 3.0))


def clamp(pose: CameraPose, bounds: Bounds, inside_allowed: bool = False) -> CameraPose | None:
    """The nearest allowed pose, or None if ``pose`` is already allowed."""
    p = np.array(pose.position, float)
    f = np.array(pose.focal_point, float)
    q = p.copy()
    d = q - f
    dist = float(np.linalg.norm(d))
    if dist < 1e-9:
        return None
    u = d / dist
    if not inside_allowed:
        dist = min(max(dist, bounds.min_distance), bounds.max_distance)
        q = f + u * dist
        lo = np.array(bounds.lo) - bounds.body_margin
        hi = np.array(bounds.hi) + bounds.body_margin
        if np.all(q > lo) and np.all(q < hi):
            # push out along the view ray until we leave the box
            ts = []
            for axis in range(3):
                if abs(u[axis]) > 1e-9:
                    for plane in (lo[axis], hi[axis]):
                        t = (plane - f[axis]) / u[axis]
                        if t > 0:
                            ts.append(t)
            exits = [
                t for t in ts if np.all(f + u * t >= lo - 1e-6) and np.all(f + u * t <= hi + 1e-6)
            ]
            if exits:
                q = f + u * (max(exits) + 1e-3)
    if q[2] < bounds.floor_clearance:
        q[2] = bounds.floor_clearance
        lo = np.array(bounds.lo) - bounds.body_margin
        hi = np.array(bounds.hi) + bounds.body_margin
        if not inside_allowed and np.all(q > lo) and np.all(q < hi):
            # under the car: slide out sideways through the nearest face
            gaps = [
                (q[0] - lo[0], 0, lo[0]),
                (hi[0] - q[0], 0, hi[0]),
                (q[1] - lo[1], 1, lo[1]),
                (hi[1] - q[1], 1, hi[1]),
            ]
            _, axis, plane = min(gaps)
            q[axis] = plane
    if np.allclose(q, p, atol=1e-6):
        return None
    return _with(pose, position=q)


@dataclass
class CameraMove:
    """An eased move from ``start`` to ``target`` over ``seconds``, stepped by the
    time that passed (so it lasts as long whatever the frame rate)."""

    start: CameraPose
    target: CameraPose
    seconds: float
    elapsed: float = 0.0

    @property
    def done(self) -> bool:
        return self.elapsed >= self.seconds

    def step(self, seconds: float) -> CameraPose:
        """The pose ``seconds`` later than the last step."""
        self.elapsed += max(seconds, 0.0)
        if self.done:
            return self.target
        return interpolate(self.start, self.target, ease_in_out(self.elapsed / self.seconds))


#: Closer than this to its start time, the last frame starts now (a timer can't wait less).
SOON = 0.001


@dataclass(frozen=True)
class FramePlan:
    """What a move does at a tick: draw the pose ``at`` seconds into the move, or (``at``
    None) draw nothing and look again after ``wait`` seconds."""

    at: float | None
    wait: float = 0.0


def pace(now: float, seconds: float, frame: float, last: float | None = None) -> FramePlan:
    """The frame to draw ``now`` seconds into a move of ``seconds`` when a frame takes
    ``frame`` seconds to reach the screen (the last one, the end pose, ``last``: a
    full-quality frame after interactive ones; default ``frame``).

    A frame started now is seen ``frame`` later, so it shows the pose of then. The last
    frame starts ``last`` before the end, so it is seen at the nominal end, not one slow
    frame after it; an in-between frame that would make it late is dropped (wait
    instead). On slow graphics a move shows fewer poses, never a longer move.
    """
    last = frame if last is None else last
    left = seconds - now
    if left <= last + SOON:
        return FramePlan(seconds)
    if left < last + frame:
        return FramePlan(None, left - last)
    return FramePlan(now + frame)
