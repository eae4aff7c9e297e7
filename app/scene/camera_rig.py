"""The camera as a thing that behaves: the preset it was sent to, where it may go,
how it moves and turns, and who else shows it.

One ``CameraRig`` per camera (two linked views share one), owned by the Stage, which
puts its poses on the VTK camera through a ``Lens``. The rig itself is plain Python:
its rules hold in the app, in ``livery render`` and in a test without a window.

- Presets: ``go_to`` sends the camera to a preset pose, at once or as an eased move of
  a few tenths of a second; the preset stays the camera's until a free pose is set.
- Bounds: before every frame the camera is kept above the floor, outside the body's
  box (unless the preset is an inside view) and within a distance of the car that
  always leaves room for the preset's own framing.
- Time: ``advance`` steps a move or the turntable by the seconds that passed.
- Linking: views that share the rig report each new pose to the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from livery.scene.camera_moves import Bounds, CameraMove, clamp, orbit
from livery.scene.cameras import CameraPose
from livery.scene.looks import INSIDE_CAMERAS

#: Turntable and attract-mode speeds, degrees per second round the car.
TURNTABLE_DEG_PER_S = 14.0
ATTRACT_DEG_PER_S = 7.0
#: How long a move to a preset takes.
MOVE_SECONDS = 0.9
#: The longest step the turntable takes at once: after a stall the car turns on
#: instead of jumping.
MAX_SPIN_STEP_S = 0.25
#: How close two poses must be to count as the same view (m).
SAME_POSE_M = 1e-4


class Lens(Protocol):
    """Where the rig's poses are shown (the Stage's VTK camera)."""

    def pose(self) -> CameraPose: ...

    def set_pose(self, pose: CameraPose) -> None: ...


@dataclass(frozen=True)
class CameraState:
    """A camera to reproduce elsewhere (an export, a bigger picture, another window)."""

    pose: CameraPose
    #: The preset the camera was last sent to ("" for none).
    preset: str = ""
    #: Still exactly at that preset: a picture of another shape refits the preset.
    at_preset: bool = False


def same_view(a: CameraPose, b: CameraPose) -> bool:
    return bool(
        np.allclose(a.position, b.position, atol=SAME_POSE_M)
        and np.allclose(a.focal_point, b.focal_point, atol=SAME_POSE_M)
    )


class CameraRig:
    """One camera's preset, bounds, move, turntable and watchers."""

    def __init__(self, lens: Lens) -> None:
        self.lens = lens
        #: The preset the camera was last sent to ("" for none).
        self.preset = ""
        #: Where the camera may be (None: anywhere; the Stage sets it per vehicle).
        self.bounds: Bounds | None = None
        #: Turntable speed in degrees per second (0: still).
        self.spin = 0.0
        self._move: CameraMove | None = None
        self._reach = 0.0  # distance of the preset last chosen: always allowed
        self._seen: CameraPose | None = None
        self._watchers: list[Callable[[object], None]] = []

    def pose(self) -> CameraPose:
        return self.lens.pose()

    # -- presets and poses -----------------------------------------------------------
    def go_to(self, preset: str, target: CameraPose, seconds: float = 0.0) -> None:
        """Send the camera to ``preset`` (whose pose is ``target``); over ``seconds``
        when positive, as ``advance`` is called."""
        self.preset = preset
        self._reach = float(np.linalg.norm(np.subtract(target.position, target.focal_point)))
        if seconds > 0:
            self._move = CameraMove(self.pose(), target, seconds)
        else:
            self._move = None
            self.lens.set_pose(target)

    def set_pose(self, pose: CameraPose, preset: str = "") -> None:
        """Put the camera at ``pose``: a free pose, or one seen from ``preset``
        (whose bounds then apply: inside the car for the interior view)."""
        self._move = None
        self.preset = preset
        self.lens.set_pose(pose)

    def at(self, target: CameraPose) -> bool:
        """Whether the camera shows the same view as ``target``."""
        return same_view(self.pose(), target)

    # -- time ------------------------------------------------------------------------
    @property
    def moving(self) -> bool:
        return self._move is not None

    @property
    def move(self) -> CameraMove | None:
        """The move under way (read it; step it with ``advance``), or None."""
        return self._move

    def advance(self, seconds: float) -> bool:
        """Step the move, else the turntable, by ``seconds``; whether the pose changed."""
        if self._move is not None:
            pose = self._move.step(seconds)
            if self._move.done:
                self._move = None
            self.lens.set_pose(pose)
            return True
        if self.spin:
            step = min(max(seconds, 0.0), MAX_SPIN_STEP_S)
            self.lens.set_pose(orbit(self.pose(), self.spin * step))
            return True
        return False

    # -- bounds ----------------------------------------------------------------------
    def keep_in_bounds(self) -> bool:
        """Move the camera to the nearest allowed pose; whether it had to move."""
        if self.bounds is None:
            return False
        bounds = self.bounds
        if self._reach > bounds.max_distance:  # a tall picture frames from farther away
            bounds = dataclasses.replace(bounds, max_distance=self._reach)
        fixed = clamp(self.pose(), bounds, inside_allowed=self.preset in INSIDE_CAMERAS)
        if fixed is None:
            return False
        self.lens.set_pose(fixed)
        return True

    # -- views that show this camera -------------------------------------------------
    def watch(self, callback: Callable[[object], None]) -> None:
        """Call ``callback(view)`` when a view is about to draw a pose new to the rig."""
        self._watchers.append(callback)

    def unwatch(self, callback: Callable[[object], None]) -> None:
        if callback in self._watchers:
            self._watchers.remove(callback)

    def frame_starting(self, view: object) -> None:
        """``view`` is about to draw: keep the camera in bounds, and if the pose is new
        (moved by the user, a move or a peer) tell the watchers, once per pose."""
        self.keep_in_bounds()
        pose = self.pose()
        if pose == self._seen:
            return
        self._seen = pose
        for callback in list(self._watchers):
            callback(view)
