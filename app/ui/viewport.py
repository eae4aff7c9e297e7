"""The 3D viewport: a pyvistaqt QtInteractor hosting the scene's Stage.

This is the only widget that talks to the Stage (and, for camera bounds, to the
VTK interactor). It renders on demand: a Build change schedules one render for
the next event-loop turn, so a pick shows in the next frame and several changes
in one turn cost one frame.

Camera: presets move with an eased animation (orbiting round the focal point);
the orbit and zoom are clamped before every render so the camera stays above the
floor and outside the body (except in the interior view). The turntable and the
attract mode turn the camera at a fixed angular speed, whatever the frame rate.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEasingCurve, QElapsedTimer, QSize, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.catalog import Build, BuildChange, Catalog
from app.ui import camera_math

log = logging.getLogger(__name__)

TURNTABLE_DEG_PER_S = 14.0
ATTRACT_DEG_PER_S = 7.0
ANIMATION_MS = 900
TICK_MS = 33


class Viewport(QWidget):
    """Shows a Build on a VehicleModel; camera presets, bounds, turntable, screenshots."""

    frame_rendered = Signal()
    camera_changed = Signal(str)  # the preset reached ("" when the user moved away)
    turntable_changed = Signal(bool)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from pyvistaqt import QtInteractor

        from app.scene import Stage

        self.setObjectName("viewport")
        self.setMinimumSize(320, 240)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.interactor = QtInteractor(self, auto_update=False, multi_samples=0)
        lay.addWidget(self.interactor)
        # The Stage brings its own renderer: take pyvista's out of the window so the
        # interactor style drives the Stage's camera and nothing else draws.
        ren_win = self.interactor.ren_win
        for r in list(self.interactor.renderers):
            ren_win.RemoveRenderer(r)
        self._disable_pyvista_keys()
        self.stage = Stage(
            catalog, size=(max(self.width(), 64), max(self.height(), 64)), render_window=ren_win
        )
        self.build: Build | None = None
        self.model: Any = None
        self.bounds: camera_math.Bounds | None = None
        self.preset = ""
        self._clamping = False
        self._render_pending = False
        self._frames = 0
        self._anim: QVariantAnimation | None = None
        self._spin_speed = 0.0  # degrees per second, 0: still
        self._spin_clock = QElapsedTimer()
        self._spin_timer = QTimer(self)
        self._spin_timer.setInterval(TICK_MS)
        self._spin_timer.timeout.connect(self._spin_tick)
        self._turntable = False
        self._attract = False
        self._observer = self.stage.renderer.AddObserver("StartEvent", self._on_start_render)
        self._closed = False

    # -- showing builds -----------------------------------------------------------
    def show_build(self, build: Build, model: Any) -> None:
        """Show ``build`` on ``model`` (a new vehicle, or the first one)."""
        if self.build is not None and self.build is not build:
            self.build.unsubscribe(self._on_build)
        self.stage.show(build, model)
        if self.build is not build:
            build.subscribe(self._on_build)
        self.build, self.model = build, model
        lo, hi = model.bounds()
        self.bounds = camera_math.Bounds.around(lo, hi)
        if self.preset:
            self.stage.set_camera_pose(self.stage.camera_pose(self.preset))
        self.request_render()

    def _on_build(self, change: BuildChange) -> None:
        self.request_render()

    # -- rendering ----------------------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames rendered so far (tests wait on it)."""
        return self._frames

    def request_render(self) -> None:
        if self._render_pending or self._closed:
            return
        self._render_pending = True
        QTimer.singleShot(0, self._render_now)

    def _render_now(self) -> None:
        self._render_pending = False
        self.render()

    def render(self) -> None:
        if self._closed or not self.isVisible():
            return
        self.stage.render()
        self._frames += 1
        self.frame_rendered.emit()

    def _on_start_render(self, _obj: Any, _event: str) -> None:
        """Before every frame (interaction included): keep the camera in bounds."""
        if self._clamping or self.bounds is None:
            return
        self._clamping = True
        try:
            cam = self.stage.renderer.GetActiveCamera()
            pose = self._current_pose()
            fixed = camera_math.clamp(pose, self.bounds, inside_allowed=self.preset == "interior")
            if fixed is not None:
                cam.SetPosition(*fixed.position)
                self.stage.renderer.ResetCameraClippingRange()
        finally:
            self._clamping = False

    def _current_pose(self) -> Any:
        return self.stage.current_pose()

    def frame(self, size: tuple[int, int] | None = None) -> np.ndarray:
        """The current view as an (h, w, 3) uint8 array (renders now)."""
        self._on_start_render(None, "")
        return self.stage.snapshot(size)

    def frame_image(self, size: tuple[int, int] | None = None) -> QImage:
        arr = np.ascontiguousarray(self.frame(size)[..., :3])
        h, w = arr.shape[:2]
        return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_RGB888).copy()

    def save_png(self, path: str | Path, size: tuple[int, int] | None = None) -> None:
        img = self.frame_image(size)
        if not img.save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")

    def view_size(self) -> QSize:
        return self.interactor.size()

    # -- camera -------------------------------------------------------------------
    def presets(self) -> list[str]:
        return list(self.stage.camera_presets())

    def move_camera(self, name: str, animate: bool = True) -> None:
        target = self.stage.camera_pose(name)
        self._stop_anim()
        self.preset = name
        if not animate or self.bounds is None:
            self.stage.set_camera_pose(target)
            self.camera_changed.emit(name)
            self.request_render()
            return
        start = self._current_pose()
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(1.0)
        anim.setDuration(ANIMATION_MS)
        anim.setEasingCurve(QEasingCurve.Type.InOutCubic)

        def step(t: object) -> None:
            self.stage.set_camera_pose(camera_math.interpolate(start, target, float(t)))
            self.render()

        def done() -> None:
            self._anim = None
            self.stage.set_camera_pose(target)
            self.request_render()
            self.camera_changed.emit(name)

        anim.valueChanged.connect(step)
        anim.finished.connect(done)
        self._anim = anim
        anim.start(QVariantAnimation.DeletionPolicy.DeleteWhenStopped)

    def is_animating(self) -> bool:
        return self._anim is not None

    def _stop_anim(self) -> None:
        if self._anim is not None:
            anim, self._anim = self._anim, None
            anim.stop()

    # -- turntable and attract mode -------------------------------------------------
    @property
    def turntable(self) -> bool:
        return self._turntable

    def set_turntable(self, on: bool) -> None:
        if on == self._turntable:
            return
        self._turntable = on
        self._update_spin()
        self.turntable_changed.emit(on)

    @property
    def attract(self) -> bool:
        return self._attract

    def set_attract(self, on: bool) -> None:
        if on == self._attract:
            return
        self._attract = on
        if on and self.preset in ("interior", "wheel", "top"):
            self.move_camera("front34")
        self._update_spin()

    def _update_spin(self) -> None:
        speed = TURNTABLE_DEG_PER_S if self._turntable else 0.0
        if self._attract:
            speed = speed or ATTRACT_DEG_PER_S
        self._spin_speed = speed
        if speed and not self._closed:
            self._spin_clock.start()
            self._spin_timer.start()
        else:
            self._spin_timer.stop()

    def _spin_tick(self) -> None:
        if self._anim is not None or not self.isVisible():
            self._spin_clock.restart()
            return
        dt = min(self._spin_clock.restart() / 1000.0, 0.25)
        pose = camera_math.orbit(self._current_pose(), self._spin_speed * dt)
        self.stage.set_camera_pose(pose)
        self.render()

    def _disable_pyvista_keys(self) -> None:
        """pyvista binds keys like 'q' (close) and 'v' (view); a showroom wants none."""
        callbacks = getattr(self.interactor, "_key_press_event_callbacks", None)
        if callbacks is not None:
            callbacks.clear()
        iren = getattr(self.interactor, "iren", None)
        if iren is not None:
            try:
                iren.interactor.RemoveObservers("KeyPressEvent")
                iren.interactor.RemoveObservers("CharEvent")
            except AttributeError:
                pass

    # -- teardown -------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop timers, unsubscribe, release the Stage and the GL window. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._spin_timer.stop()
        self._stop_anim()
        if self.build is not None:
            self.build.unsubscribe(self._on_build)
        try:
            self.stage.renderer.RemoveObserver(self._observer)
            self.stage.close()
        except Exception:  # noqa: BLE001 - teardown must finish
            log.exception("stage close failed")
        self.interactor.close()
