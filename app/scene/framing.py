"""An off-centre view: the car framed in the part of the window that is free.

In presentation mode the build summary covers a corner of the 3D view. A
``FramedLens`` sits between a camera rig and its lens: every pose the rig sets is
shown shrunk into the free rectangle (the projection shifted with the camera's window
centre and widened by the free part's size), and every pose it reads back is the pose
as the rig set it. Presets, moves, the turntable and the attract loop all go through
the rig, so all of them keep the car in the free area; pictures taken from the
camera state (exports, sheets) are the plain, centred views.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from livery.scene.camera_rig import Lens
from livery.scene.cameras import CameraPose

if TYPE_CHECKING:
    from vtkmodules.vtkRenderingCore import vtkCamera

#: A rectangle of the view, as fractions of its width and height from the top left:
#: (left, top, right, bottom).
Area = tuple[float, float, float, float]


def _scale(area: Area) -> float:
    """How much of the full view the picture keeps so that it fits ``area``."""
    left, top, right, bottom = area
    return max(1e-3, min(right - left, bottom - top))


class FramedLens:
    """Shows ``inner``'s poses inside ``area`` of the view (None: the whole view)."""

    def __init__(self, inner: Lens, camera: Callable[[], vtkCamera]) -> None:
        self.inner = inner
        self._camera = camera
        self.area: Area | None = None

    def set_area(self, area: Area | None) -> None:
        """Frame from now on in ``area``; the current pose is shown there at once."""
        pose = self.pose()
        self.area = area
        self.set_pose(pose)

    def pose(self) -> CameraPose:
        pose = self.inner.pose()
        if self.area is None:
            return pose
        return dataclasses.replace(pose, view_angle=_angle(pose.view_angle, _scale(self.area)))

    def set_pose(self, pose: CameraPose) -> None:
        area = self.area
        cam = self._camera()
        if area is None:
            cam.SetWindowCenter(0.0, 0.0)
            self.inner.set_pose(pose)
            return
        left, top, right, bottom = area
        # the view axis lands on the area's centre (normalised device coordinates, y up)
        cam.SetWindowCenter(-(left + right - 1.0), (top + bottom - 1.0))
        wide = _angle(pose.view_angle, 1.0 / _scale(area))
        self.inner.set_pose(dataclasses.replace(pose, view_angle=wide))


def _angle(view_angle: float, factor: float) -> float:
    """The vertical view angle whose half-angle tangent is ``factor`` times smaller."""
    half = math.radians(view_angle) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * factor))
