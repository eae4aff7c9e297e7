"""An off-centre view: the car framed in the part of the window that is free.

In presentation mode the build summary covers a corner of the 3D view. A
``FramedLens`` sits between a camera rig and its lens: every pose the rig sets is
shown shrunk into the free rectangle (the projection shifted with the camera's window
centre and widened by the free part's size), and every pose it reads back is the pose
as the rig set it. Presets, moves, the turntable and the attract loop all go through
the rig, so all of them keep the car in the free area; pictures taken from the
camera state (exports, sheets) are the plain, centred views.

How much the picture shrinks comes from the lens's ``fit`` (the viewport's: the car
fills ``FILL`` of the free area, ``fill_scale``, for the pose shown while the camera
moves or turns, for its preset while it rests, so a wheel zoom still zooms); poses
that do not show the whole car shrink by the area's shorter side.
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


class FramedLens:
    """Shows ``inner``'s poses inside ``area`` of the view (None: the whole view)."""

    def __init__(
        self,
        inner: Lens,
        camera: Callable[[], vtkCamera],
        fit: Callable[[CameraPose, Area], float | None] | None = None,
    ) -> None:
        """``fit(pose, area)``: how much to shrink the picture of ``pose`` to sit in
        ``area`` (None: by the area's shorter side)."""
        self.inner = inner
        self._camera = camera
        self._fit = fit
        self.area: Area | None = None
        #: How much the picture of the pose shown last shrinks (1.0 without an area).
        self.scale = 1.0

    def set_area(self, area: Area | None) -> None:
        """Frame from now on in ``area``; the current pose is shown there at once."""
        pose = self.pose()
        self.area = area
        self.set_pose(pose)

    def pose(self) -> CameraPose:
        pose = self.inner.pose()
        if self.area is None:
            return pose
        return dataclasses.replace(pose, view_angle=_angle(pose.view_angle, self.scale))

    def set_pose(self, pose: CameraPose) -> None:
        area = self.area
        cam = self._camera()
        if area is None:
            self.scale = 1.0
            cam.SetWindowCenter(0.0, 0.0)
            self.inner.set_pose(pose)
            return
        self.scale = (self._fit(pose, area) if self._fit else None) or _scale(area)
        left, top, right, bottom = area
        # the view axis lands on the area's centre (normalised device coordinates, y up)
        cam.SetWindowCenter(-(left + right - 1.0), (top + bottom - 1.0))
        wide = _angle(pose.view_angle, 1.0 / self.scale)
        self.inner.set_pose(dataclasses.replace(pose, view_angle=wide))


def _angle(view_angle: float, factor: float) -> float:
    """The vertical view angle whose half-angle tangent is ``factor`` times smaller."""
    half = math.radians(view_angle) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * factor))


def outline(vertices: list[np.ndarray], most: int = 20_000) -> np.ndarray:
    """At most about ``most`` of the car's points, its extreme ones along each axis
    among them: what ``fill_scale`` projects (the car, not its bounding box, whose
    corners stick out well beyond it in a three-quarter view)."""
    points = np.concatenate([np.asarray(v, dtype=np.float64).reshape(-1, 3) for v in vertices])
    step = max(1, len(points) // most)
    extremes = np.concatenate([points.argmin(axis=0), points.argmax(axis=0)])
    return np.concatenate([points[::step], points[extremes]])


def fill_scale(
    pose: CameraPose, points: np.ndarray, aspect: float, area: Area, fill: float = FILL
) -> float | None:
    """The picture scale at which the car's ``points`` (``outline``) seen from ``pose``
    in a view of ``aspect`` (w / h) span ``fill`` of ``area`` about its centre (where the
    view axis lands) in its tighter direction. None when the pose does not show the
    whole car (a close-up, a view from inside)."""
    extent = _ndc(pose, points, aspect)
    if extent.max() > 1.0 or extent.min() <= 0.0:
        return None
    left, top, right, bottom = area
    return fill * min((right - left) / extent[0], (bottom - top) / extent[1])


def _ndc(pose: CameraPose, corners: np.ndarray, aspect: float) -> np.ndarray:
    """The largest |x| and |y| of ``corners`` on screen, in normalised device
    coordinates of the unframed view (inf when one is behind the camera)."""
    eye, focal = np.array(pose.position), np.array(pose.focal_point)
    back = eye - focal
    back /= np.linalg.norm(back)
    right = np.cross(np.array(pose.view_up), back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    rel = corners - eye
    depth = -(rel @ back)
    if np.min(depth) <= 1e-6:
        return np.array([np.inf, np.inf])
    tan_v = math.tan(math.radians(pose.view_angle) / 2.0)
    x = np.abs(rel @ right) / depth / (tan_v * aspect)
    y = np.abs(rel @ up) / depth / tan_v
    return np.array([x.max(), y.max()])
