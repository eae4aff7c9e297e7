"""Hands on the 3D view: the wheel and a pinch zoom toward the point under the cursor
(or between the fingers), and any drag of the view says the preset is left.

VTK's own wheel zoom dollies toward the centre of the view; here the camera and its
focal point move together toward the point under the cursor at the focal depth, so
what is under the cursor stays there. Poses go through the camera rig (its bounds
still apply). One-finger drags reach VTK as mouse drags and turn the car.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QWidget

from livery.scene.cameras import CameraPose

#: Distance factor per wheel notch (120 units) toward the cursor.
WHEEL_STEP = 0.85


class ViewGestures(QObject):
    view_left_preset = Signal()  # the person moved the view away from its preset

    def __init__(self, viewport: Any, surface: QWidget) -> None:
        super().__init__(viewport)
        self._viewport = viewport
        self._surface = surface
        self._dragging = False
        surface.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        surface.grabGesture(Qt.GestureType.PinchGesture)
        surface.installEventFilter(self)

    def zoom_at(self, point: QPointF, factor: float) -> None:
        """Bring the camera ``factor`` times as close to what is under ``point`` (view
        pixels; < 1 is closer), keeping that point where it is on the screen."""
        stage = self._viewport.stage
        ren = stage.renderer
        pose = stage.current_pose()
        width, height = ren.GetRenderWindow().GetSize()
        sx = point.x() * width / max(self._surface.width(), 1)
        sy = point.y() * height / max(self._surface.height(), 1)
        ren.SetWorldPoint(*pose.focal_point, 1.0)
        ren.WorldToDisplay()
        depth = ren.GetDisplayPoint()[2]
        ren.SetDisplayPoint(sx, height - sy, depth)
        ren.DisplayToWorld()
        x, y, z, w = ren.GetWorldPoint()
        target = np.array([x, y, z]) / (w or 1.0)
        pos, focal = np.array(pose.position), np.array(pose.focal_point)
        moved = CameraPose(
            tuple(target + (pos - target) * factor),
            tuple(target + (focal - target) * factor),
            pose.view_up,
            pose.view_angle,
        )
        self.view_left_preset.emit()  # first: a framed view keeps its framing for the zoom
        stage.camera.set_pose(moved, stage.camera.preset)  # the preset's bounds still hold
        self._viewport.request_render(moving=True)  # interactive frames while zooming

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            notches = event.angleDelta().y() / 120.0
            if notches:
                self.zoom_at(event.position(), WHEEL_STEP**notches)
            return True  # not VTK's zoom toward the centre
        if kind == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture) and pinch.scaleFactor() > 0:
                centre = self._surface.mapFromGlobal(pinch.centerPoint().toPoint())
                self.zoom_at(QPointF(centre), 1.0 / pinch.scaleFactor())
                event.accept(pinch)
                return True
        if kind == QEvent.Type.MouseButtonPress:
            self._dragging = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._dragging = False
        elif kind == QEvent.Type.MouseMove and self._dragging:
            self._dragging = False  # once per drag
            self.view_left_preset.emit()
        return False
