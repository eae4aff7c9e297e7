"""An off-centre view: the car framed in the part of the window that is free.

In presentation mode the build summary covers a corner of the 3D view. A
``FramedLens`` sits between a camera rig and its lens: every pose the rig sets is
shown shrunk into the free rectangle (the projection shifted with the camera's window
centre and widened by the free part's size), and every pose it reads back is the pose
as the rig set it. Presets, moves, the turntable and the attract loop all go through
the rig, so all of them keep the car in the free area; pictures taken from the
camera state (exports, sheets) are the plain, centred views.

How much the picture shrinks and where it sits come from the lens's ``fit`` (the
viewport's: ``fill``, the car centred in the free area and spanning ``FILL`` of it,
for every pose but those a hand zoomed, which keep the fit they had, so the zoom
zooms); poses that do not show the whole car shrink by the area's shorter side,
centred.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from livery.scene.camera_rig import Lens
from livery.scene.cameras import CameraPose

if TYPE_CHECKING:
    from vtkmodules.vtkRenderingCore import vtkCamera

#: A rectangle of the view, as fractions of its width and height from the top left:
#: (left, top, right, bottom).
Area = tuple[float, float, float, float]

#: The share of the free area's width or height the car's box takes at most.
FILL = 0.92


def _scale(area: Area) -> float:
    """How much of the full view the picture keeps so that it fits ``area``."""
    left, top, right, bottom = area
    return max(1e-3, min(right - left, bottom - top))


@dataclasses.dataclass(frozen=True)
class Fit:
    """How a pose's picture sits in the free area: shrunk by ``scale`` with its view
    axis at ``axis`` (normalised device coordinates of the view, y up)."""

    scale: float
    axis: tuple[float, float]


class FramedLens:
    """Shows ``inner``'s poses inside ``area`` of the view (None: the whole view)."""

    def __init__(
        self,
        inner: Lens,
        camera: Callable[[], vtkCamera],
        fit: Callable[[CameraPose, Area], Fit | None] | None = None,
    ) -> None:
        """``fit(pose, area)``: how the picture of ``pose`` sits in ``area`` (None:
        shrunk by the area's shorter side, its axis on the area's centre)."""
        self.inner = inner
        self._camera = camera
        self._fit = fit
        self.area: Area | None = None
        #: How the pose shown last sits in the area (None without one).
        self.fit: Fit | None = None

    def set_area(self, area: Area | None) -> None:
        """Frame from now on in ``area``; the current pose is shown there at once."""
        pose = self.pose()
        self.area = area
        self.set_pose(pose)

    def pose(self) -> CameraPose:
        pose = self.inner.pose()
        if self.area is None or self.fit is None:
            return pose
        return dataclasses.replace(pose, view_angle=_angle(pose.view_angle, self.fit.scale))

    def set_pose(self, pose: CameraPose) -> None:
        area = self.area
        cam = self._camera()
        if area is None:
            self.fit = None
            cam.SetWindowCenter(0.0, 0.0)
            self.inner.set_pose(pose)
            return
        fit = (self._fit(pose, area) if self._fit else None) or Fit(_scale(area), _centre(area))
        self.fit = fit
        cam.SetWindowCenter(-fit.axis[0], -fit.axis[1])  # where the view axis lands
        wide = _angle(pose.view_angle, 1.0 / fit.scale)
        self.inner.set_pose(dataclasses.replace(pose, view_angle=wide))


def _centre(area: Area) -> tuple[float, float]:
    """The centre of ``area`` in normalised device coordinates (y up)."""
    left, top, right, bottom = area
    return left + right - 1.0, 1.0 - top - bottom


def _angle(view_angle: float, factor: float) -> float:
    """The vertical view angle whose half-angle tangent is ``factor`` times smaller."""
    half = math.radians(view_angle) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * factor))


def outline(vertices: list[np.ndarray], most: int = 20_000) -> np.ndarray:
    """At most about ``most`` of the car's points, its extreme ones along each axis
    among them: what ``fill`` projects (the car, not its bounding box, whose corners
    stick out well beyond it in a three-quarter view)."""
    points = np.concatenate([np.asarray(v, dtype=np.float64).reshape(-1, 3) for v in vertices])
    step = max(1, len(points) // most)
    extremes = np.concatenate([points.argmin(axis=0), points.argmax(axis=0)])
    return np.concatenate([points[::step], points[extremes]])


def fill(
    pose: CameraPose, points: np.ndarray, aspect: float, area: Area, share: float = FILL
) -> Fit | None:
    """The fit at which the car's ``points`` (``outline``) seen from ``pose`` in a view
    of ``aspect`` (w / h) span ``share`` of ``area`` in its tighter direction, centred
    in it. None when the pose does not show the whole car (a close-up, a view from
    inside)."""
    box = _ndc_box(pose, points, aspect)
    if box is None:
        return None
    x0, x1, y0, y1 = box
    if max(-x0, x1, -y0, y1) > 1.0 or min(x1 - x0, y1 - y0) <= 0.0:
        return None
    left, top, right, bottom = area
    scale = share * min(2.0 * (right - left) / (x1 - x0), 2.0 * (bottom - top) / (y1 - y0))
    cx, cy = _centre(area)
    return Fit(scale, (cx - scale * (x0 + x1) / 2.0, cy - scale * (y0 + y1) / 2.0))


def _ndc_box(
    pose: CameraPose, points: np.ndarray, aspect: float
) -> tuple[float, float, float, float] | None:
    """(x min, x max, y min, y max) of ``points`` on screen, in normalised device
    coordinates of the unframed view (None when one is behind the camera)."""
    eye, focal = np.array(pose.position), np.array(pose.focal_point)
    back = eye - focal
    back /= np.linalg.norm(back)
    right = np.cross(np.array(pose.view_up), back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    rel = points - eye
    depth = -(rel @ back)
    if np.min(depth) <= 1e-6:
        return None
    tan_v = math.tan(math.radians(pose.view_angle) / 2.0)
    x = (rel @ right) / depth / (tan_v * aspect)
    y = (rel @ up) / depth / tan_v
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())
