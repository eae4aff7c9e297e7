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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QEasingCurve,
    QElapsedTimer,
    QEvent,
    QObject,
    QPoint,
    QSize,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from livery.catalog import Build, BuildChange, Catalog
from livery.ui import camera_math

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
    model_changed = Signal(object)  # the VehicleModel now shown
    part_clicked = Signal(object)  # the Part under a click (None: no part), when picking

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from pyvistaqt import QtInteractor

        from livery.scene import Stage

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
        self.lighting: Any = None  # the Lighting last applied (livery.ui.lighting_state)
        self._peers: list[Viewport] = []  # viewports sharing this one's camera (A/B)
        self._seen_pose: Any = None
        self._export_stage: Any = None
        self._picking = False
        self._press: QPoint | None = None
        self.interactor.installEventFilter(self)
        from livery.ui.vehicle_loading import BusyOverlay

        self.busy = BusyOverlay(self)

    # -- showing builds -----------------------------------------------------------
    def show_build(self, build: Build, model: Any) -> None:
        """Show ``build`` on ``model`` (a new vehicle, or the first one)."""
        if self.build is not None and self.build is not build:
            self.build.unsubscribe(self._on_build)
        self.stage.catalog = build.catalog
        self.stage.show(build, model)
        if self.build is not build:
            build.subscribe(self._on_build)
        changed = model is not self.model
        self.build, self.model = build, model
        lo, hi = model.bounds()
        self.bounds = camera_math.Bounds.around(lo, hi)
        if self.preset:
            self.stage.set_camera_pose(self.stage.camera_pose(self.preset))
        self._apply_tone()  # a new vehicle's parts start at exposure 1
        self.request_render()
        if changed:
            self.model_changed.emit(model)

    # -- busy card and picking ----------------------------------------------------------
    def set_busy(self, text: str | None, cancel_text: str = "Cancel") -> None:
        """Show a progress card over the view (None hides it); the view stays live."""
        if text is None:
            self.busy.hide()
        else:
            self.busy.show_text(text, cancel_text)

    def set_picking(self, on: bool) -> None:
        """While on, a click (not a drag) on the view emits ``part_clicked``."""
        self._picking = on
        self._press = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.interactor and self._picking and not self._closed:
            t = event.type()
            if t == QEvent.Type.MouseButtonPress:
                self._press = event.position().toPoint()  # type: ignore[attr-defined]
            elif t == QEvent.Type.MouseButtonRelease and self._press is not None:
                pos = event.position().toPoint()  # type: ignore[attr-defined]
                if (pos - self._press).manhattanLength() <= 4:
                    self.part_clicked.emit(self.pick_at(pos.x(), pos.y()))
                self._press = None
        return super().eventFilter(obj, event)

    def pick_at(self, x: int, y: int) -> Any:
        """The Part under widget point (x, y) of the 3D view, or None."""
        w, h = self.stage.size
        sx = round(x * w / max(self.interactor.width(), 1))
        sy = round(y * h / max(self.interactor.height(), 1))
        return self.stage.pick_part(sx, sy)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.busy.place()

    def _on_build(self, change: BuildChange) -> None:
        if change.catalog_changed and self.build is not None:
            # Parts built from now on get shaders for the new catalog's finishes. Parts
            # built already keep theirs: a paint saved by the editor stays within the
            # families and parameters they were built for (paint_design.locked_params).
            self.stage.catalog = self.build.catalog
        if change.vehicle_changed:
            self._apply_tone()
        self.request_render()

    # -- lighting -----------------------------------------------------------------
    def set_lighting(self, lighting: Any) -> None:
        """Light the scene with ``lighting`` (environment, tone, exposure: a
        ``Lighting``). A bad environment raises the Stage's error and changes nothing."""
        if lighting.environment != self.stage.environment:
            self.stage.set_environment(lighting.environment)  # prefiltered once per name
        self.lighting = lighting
        self._apply_tone()
        self.request_render()

    def _apply_tone(self) -> None:
        if self.lighting is not None:
            self.stage.set_tone_mapping(self.lighting.tone, self.lighting.exposure)

    # -- linked cameras (A/B comparison) -------------------------------------------
    def link_camera(self, other: Viewport) -> None:
        """Let ``other`` share this viewport's camera: a move in either redraws both."""
        other.stage.renderer.SetActiveCamera(self.stage.renderer.GetActiveCamera())
        self._peers.append(other)
        other._peers.append(self)
        other.bounds = other.bounds or self.bounds
        other.request_render()

    def _sync_peers(self) -> None:
        pose = self.stage.current_pose()
        if pose == self._seen_pose:
            return
        self._seen_pose = pose
        for peer in self._peers:
            peer._seen_pose = pose
            peer.request_render()

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
            if self._peers:
                self._sync_peers()
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

    def export_image(
        self,
        path: str | Path,
        size: tuple[int, int],
        *,
        supersample: int = 1,
        progress: Callable[[str, float], bool] | None = None,
    ) -> Path:
        """Render the current view at ``size`` offscreen, lit as now, and write a PNG.

        Uses an offscreen Stage of its own, made for this export and closed after.
        ``progress(step, fraction)`` is called between the steps ("prepare", "light",
        "render", "write") and may return False to cancel (raising InterruptedError).
        """
        from PIL import Image

        from livery.scene import Stage

        def step(name: str, fraction: float) -> None:
            if progress is not None and progress(name, fraction) is False:
                raise InterruptedError("export cancelled")

        if self.build is None or self.model is None:
            raise RuntimeError("nothing to export: no vehicle on show")
        self._on_start_render(None, "")
        step("prepare", 0.0)
        k = max(1, int(supersample))
        # A fresh offscreen stage per export: a second frame from a kept one came out
        # shrunk into a corner (its window's buffers went out of step after the embedded
        # view drew in between), so nothing is kept across exports.
        stage = Stage(self.stage.catalog, size=(size[0] * k, size[1] * k), look=self.stage.look)
        self._export_stage = stage
        try:
            stage.show(self.build, self.model)
            step("light", 0.2)
            if self.lighting is not None:
                if self.lighting.environment != stage.environment:
                    stage.set_environment(self.lighting.environment)
                stage.set_tone_mapping(self.lighting.tone, self.lighting.exposure)
            stage.render()  # compiles the shaders: reported as this step
            step("render", 0.45)
            named = self.preset if self.preset and self._at_preset() else None
            if named:
                stage.set_camera(named)  # refits the preset to the image's aspect
            else:
                stage.set_camera_pose(self.stage.current_pose())
            img = stage.snapshot(size, supersample=supersample)
            self.last_export_environment = stage.environment
        finally:
            self._export_stage = None
            stage.close()
        step("write", 0.9)
        path = Path(path)
        Image.fromarray(img).save(path)
        step("done", 1.0)
        return path

    def _at_preset(self) -> bool:
        try:
            want = self.stage.camera_pose(self.preset)
        except (ValueError, RuntimeError):
            return False
        now = self.stage.current_pose()
        return bool(
            np.allclose(want.position, now.position, atol=1e-4)
            and np.allclose(want.focal_point, now.focal_point, atol=1e-4)
        )

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
        self._picking = False
        self.interactor.removeEventFilter(self)
        self._spin_timer.stop()
        self._stop_anim()
        if self.build is not None:
            self.build.unsubscribe(self._on_build)
        for peer in self._peers:
            if self in peer._peers:
                peer._peers.remove(self)
        self._peers.clear()
        try:
            if self._export_stage is not None:
                self._export_stage.close()
                self._export_stage = None
            self.stage.renderer.RemoveObserver(self._observer)
            self.stage.close()
        except Exception:  # noqa: BLE001 - teardown must finish
            log.exception("stage close failed")
        self.interactor.close()
        # Its GL resources are released: let the GL widget forget its context and
        # surface now. pyvistaqt does so when the context dies, a signal that a
        # widget already being destroyed may never get; the surface handle left
        # behind was once handed back by PySide6 for a new object at the same address
        # (a fresh QMenu came back as a QOffscreenSurface).
        forget = getattr(self.interactor, "_forget_context", None)
        if forget is not None:
            forget()
