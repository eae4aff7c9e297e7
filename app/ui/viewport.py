"""The 3D viewport: VTK's own Qt widget hosting the scene's Stage.

This is the only widget that talks to the Stage; the rest of the UI asks the
viewport (camera presets and state, linking, lighting, frames). It renders on
demand: a Build change schedules one render for the next event-loop turn, so a pick
shows in the next frame and several changes in one turn cost one frame.

Camera behaviour belongs to the scene (``livery.scene.camera_rig``: eased preset
moves, bounds kept before every frame, the turntable, linked views); the viewport
only gives it time, from a Qt timer, and renders what changed. Keys do nothing in
the view: a showroom wants none of VTK's key bindings.

The host is ``vtkmodules.qt.QVTKRenderWindowInteractor`` (a native child window that
VTK draws into) with the Stage's renderer as the only one in its window. Nothing draws
behind the viewport's back: the VTK interactor's own renders (an orbit drag) are turned
into ``request_render``, so every frame goes through ``render`` and several reasons in
one event-loop turn cost one frame; a paint or expose event with nothing new puts the
last frame back on screen without drawing it again.

While something moves (a preset move, the turntable or attract loop, an orbit or any
drag with a pointer button held, e.g. a paint-editor slider, and a short while after a
wheel or pinch step) frames are interactive: drawn at a fraction of the view's size and
stretched (``livery.scene.reduced``); when the motion stops, one full-quality frame.
"""

from __future__ import annotations

import logging
import math
import statistics
import time
import weakref
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QImage, QPainter, QSinglePointEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from livery.catalog import Build, BuildChange, Catalog
from livery.scene.camera_moves import pace
from livery.scene.camera_rig import ATTRACT_DEG_PER_S, MOVE_SECONDS, TURNTABLE_DEG_PER_S
from livery.scene.framing import Area, Fit, FramedLens, fill, outline
from livery.scene.looks import CAMERAS, DEFAULT_CAMERA, STILL_CAMERAS
from livery.scene.reduced import interactive_scale
from livery.ui import qimages

if TYPE_CHECKING:
    from livery.scene.camera_rig import CameraState
    from livery.scene.cameras import CameraPose
    from livery.scene.looks import Lighting

log = logging.getLogger(__name__)

#: Timer steps while the camera moves to a preset (about 60 Hz) and while it turns.
MOVE_TICK_MS = 16
SPIN_TICK_MS = 33
#: After a wheel notch or pinch step, how long the view waits for the next one before
#: its full-quality frame.
SETTLE_MS = 150
#: Events that press and release a pointer anywhere in the app (drags of the view and
#: of sliders).
_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
#: Key events the view swallows (VTK's style binds 'q'/'e' to exit, 'w', 'r', ...).
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


class Viewport(QWidget):
    """Shows a Build on a VehicleModel; camera presets, bounds, turntable, screenshots."""

    frame_rendered = Signal()
    camera_changed = Signal(str)  # the preset the camera reached
    turntable_changed = Signal(bool)
    model_changed = Signal(object)  # the VehicleModel now shown
    part_clicked = Signal(object)  # the Part under a click (None: no part), when picking
    point_clicked = Signal(object)  # (point, Part) under a click (None: no car), when pinning

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from livery.scene import Stage

        self.setObjectName("viewport")
        self.setMinimumSize(320, 240)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.interactor = _gl_view(self)
        lay.addWidget(self.interactor)
        ren_win = self.interactor.GetRenderWindow()
        self.stage = Stage(
            catalog, size=(max(self.width(), 64), max(self.height(), 64)), render_window=ren_win
        )
        self._render_pending = False
        self._closed = False
        self._shown_size = (0, 0)  # the size of the frame on screen
        # After the Stage: the interactor's renders are requests from now on.
        self._render_observer = (
            self.interactor.GetRenderWindow()
            .GetInteractor()
            .AddObserver("RenderEvent", lambda _obj, _event: self.request_render())
        )
        self.stage.on_camera_moved = self.request_render  # a linked view moved the camera
        # every pose the rig sets can be framed in the part of the view left free
        # (the model, weakly: a cache must not keep a vehicle off stage alive, with a
        # file's textures; its points)
        self._outline: tuple[Callable[[], Any], np.ndarray | None] = (lambda: None, None)
        self._hand_fit: Fit | None = None
        self._framing = FramedLens(
            self.stage.camera.lens, self.stage.renderer.GetActiveCamera, self._fit_car
        )
        self.stage.camera.lens = self._framing
        self.build: Build | None = None
        self.model: Any = None
        self._frames = 0
        self._clock = QElapsedTimer()  # time for the turntable
        self._move_clock = QElapsedTimer()  # time since the camera move began
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._tick)
        self._turntable = False
        self._attract = False
        # recent render times, full quality (False) and interactive (True)
        self._render_s: dict[bool, deque[float]] = {False: deque(maxlen=5), True: deque(maxlen=5)}
        self._held = False  # a pointer button is held somewhere in the app: a drag
        self._settle = QTimer(self)  # runs after a wheel or pinch step
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._motion_stopped)
        self._export_stage: Any = None
        self._picking = False
        self._pinning = False
        self._press: QPoint | None = None
        self._highlighted: str | None = None  # the part highlight_part shows
        self.interactor.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # drags anywhere: the view's and sliders'
        from livery.ui.view_gestures import ViewGestures

        self.gestures = ViewGestures(self, self.interactor)
        self.gestures.view_left_preset.connect(self._moved_by_hand)
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
        if changed and self._framing.area is not None:
            self.set_free_area(self._framing.area)  # fitted to this car
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

    def set_pinning(self, on: bool) -> None:
        """While on, a click (not a drag) on the view emits ``point_clicked``: the point
        on the car (vehicle frame, metres) and its part, for a note pinned there."""
        self._pinning = on
        self._press = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()  # every event of the app passes here: one call, then out
        if kind in _PRESS:
            self._held = True
        elif kind in _RELEASE:
            buttons = event.buttons() if isinstance(event, QSinglePointEvent) else None
            self._held = bool(buttons)
            if not self._held:
                self._motion_stopped()
        if obj is not self.interactor:
            return False
        if kind in _KEY_EVENTS:
            return True  # no key reaches VTK (the window's shortcuts still work)
        if kind == QEvent.Type.Paint:
            self._repaint()
            return True  # not VTK's paintEvent
        if (self._picking or self._pinning) and not self._closed:
            if kind == QEvent.Type.MouseButtonPress:
                self._press = event.position().toPoint()  # type: ignore[attr-defined]
            elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
                pos = event.position().toPoint()  # type: ignore[attr-defined]
                if (pos - self._press).manhattanLength() <= 4:
                    if self._pinning:
                        self.point_clicked.emit(self.pick_point_at(pos.x(), pos.y()))
                    else:
                        self.part_clicked.emit(self.pick_at(pos.x(), pos.y()))
                self._press = None
        return False

    def _repaint(self) -> None:
        """A paint or expose event: show the last frame again if it still fits the view
        (VTK keeps it: ``Frame`` puts it back on screen without drawing it again), else
        ask for one frame."""
        if self._closed:
            return
        if self._frames and self._shown_size == self.stage.size and not self._render_pending:
            self.interactor.GetRenderWindow().Frame()
        else:
            self.request_render()

    def pick_at(self, x: int, y: int) -> Any:
        """The Part under widget point (x, y) of the 3D view, or None."""
        return self.stage.pick_part(*self._stage_pixel(x, y))

    def pick_point_at(self, x: int, y: int) -> Any:
        """(point, Part) on the car under widget point (x, y): the point in the
        vehicle's frame (metres); None off the car."""
        return self.stage.pick_point(*self._stage_pixel(x, y))

    def _stage_pixel(self, x: int, y: int) -> tuple[int, int]:
        w, h = self.stage.size
        sx = round(x * w / max(self.interactor.width(), 1))
        sy = round(y * h / max(self.interactor.height(), 1))
        return sx, sy

    # -- markers of pinned notes ------------------------------------------------------
    def show_markers(self, points: list[Any], numbers: list[int]) -> None:
        """Numbered markers at ``points`` (vehicle frame) on the car; [] hides them.
        They are left out of screenshots and exports; their size follows the screen's
        pixel ratio."""
        markers = self.stage.markers
        scale = self.devicePixelRatioF()
        if (points, numbers, scale) == (markers.points, markers.numbers, markers.scale):
            return
        markers.show(points, numbers, scale)
        self.request_render()

    def highlight_marker(self, index: int | None) -> None:
        """Draw marker ``index`` (0-based in ``show_markers``' order) highlighted."""
        self.stage.markers.highlight(index)
        self.request_render()

    def look_at(self, point: Any) -> None:
        """An eased camera move to look at ``point`` on the car (``markers.view_of``);
        ``camera_changed`` says when it is there."""
        from livery.scene.markers import view_of

        if self.model is None:
            return
        pose = view_of(point, self.model.bounds(), self.stage.current_pose())
        self.stage.camera.go_to("", pose, MOVE_SECONDS)
        self._move_clock.start()
        self._run_clock()

    def highlight_part(self, name: str | None) -> None:
        """Show the part ``name`` in a signal orange (None: no part), so a row chosen in
        the slot-mapping panel shows where it is; the part highlighted before gets its
        finish back (the build's for its slot, else its own material)."""
        from livery.catalog import Color, Family, Finish
        from livery.scene import materials

        mark = Finish(Family.PLASTIC, Color((1.0, 0.42, 0.0)), roughness=0.35, emission=0.6)
        before, self._highlighted = self._highlighted, name
        finishes = self.build.finishes() if self.build is not None else {}
        for v in self.stage.views:
            finish = finishes.get(v.slot) if v.slot is not None else None
            if v.part.name == name:
                materials.apply_finish(v.actor, mark, v.switches)
            elif v.part.name == before and finish is not None:
                materials.apply_finish(v.actor, finish, v.switches)
            elif v.part.name == before:
                materials.apply_source(v.actor, v.part.material, v.switches)
        self.request_render()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.busy.place()

    def _on_build(self, change: BuildChange) -> None:
        if change.catalog_changed and self.build is not None:
            # Parts built from now on get shaders for the new catalog's finishes. Parts
            # built already keep theirs: a paint saved by the editor stays within the
            # families and parameters they were built for (paint_design.locked_params).
            self.stage.catalog = self.build.catalog
        self.request_render()

    # -- lighting -----------------------------------------------------------------
    @property
    def lighting(self) -> Lighting:
        """The lighting the view shows."""
        return self.stage.lighting

    def set_lighting(self, lighting: Lighting) -> None:
        """Light the scene with ``lighting``. A bad environment raises
        ``looks.EnvironmentFileError`` and changes nothing."""
        self.stage.set_lighting(lighting)  # each environment is prefiltered once
        self.request_render()

    @property
    def display(self) -> str:
        """The display colour space the view and its exports are encoded for."""
        return self.stage.display

    def set_display(self, spec: str) -> None:
        """Encode the view and its exports for ``spec`` (``livery.display``); a
        ``DisplayError`` (an unusable ICC profile) changes nothing."""
        self.stage.set_display(spec)
        self.request_render()

    # -- linked cameras (A/B comparison) -------------------------------------------
    def link_camera(self, other: Viewport) -> None:
        """Let ``other`` show this viewport's camera: orbit, zoom and presets in either
        move both, and both redraw."""
        self.stage.link_camera(other.stage)
        other.request_render()

    # -- rendering ----------------------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames rendered so far (tests wait on it)."""
        return self._frames

    def request_render(self, *, moving: bool = False) -> None:
        """Show what changed in the next event-loop turn (several requests, one frame).
        ``moving``: a step of a motion with no end of its own (a wheel notch, a pinch):
        interactive frames until it has been still for ``SETTLE_MS``."""
        if moving and not self._closed:
            self._settle.start()
        if self._render_pending or self._closed:
            return
        self._render_pending = True
        QTimer.singleShot(0, self._render_now)

    def _render_now(self) -> None:
        self._render_pending = False
        self.render()

    def is_interactive(self) -> bool:
        """Whether a frame drawn now is an interactive one: something is moving."""
        rig = self.stage.camera
        return rig.moving or bool(rig.spin) or self._held or self._settle.isActive()

    def _motion_stopped(self) -> None:
        """A drag, wheel or spin ended: one full-quality frame if the last was not."""
        if self.frame_scale < 1.0 and not self.is_interactive():
            self.request_render()

    @property
    def frame_scale(self) -> float:
        """The share of the view's size the frame on screen was drawn at (1.0: full)."""
        return self.stage.frame_scale

    def render(self) -> None:
        if self._closed or not self.isVisible():
            return
        interactive = self.is_interactive()
        first = not self._frames  # shown sooner: the hidden parts' shaders come after it
        start = time.perf_counter()
        scale = interactive_scale(self.stage.size) if interactive else 1.0
        self.stage.render(scale, warm_up=not first)
        self._render_s[interactive].append(time.perf_counter() - start)
        self._shown_size = self.stage.size
        self._frames += 1
        self.frame_rendered.emit()
        if first and self.stage.needs_warm_up:
            self.request_render()  # the warm-up, then this frame again

    def frame_seconds(self, interactive: bool = False) -> float:
        """How long a full-quality (or ``interactive``) frame takes to reach the screen
        now: the median of the last few renders (the least of the first ones, so a first
        frame's shader compile does not count); 0.0 before the first. An interactive
        frame not yet timed is taken to cost a full one."""
        times = list(self._render_s[interactive])
        if not times and interactive:
            return self.frame_seconds()
        if len(times) < 3:
            return min(times, default=0.0)
        return statistics.median(times)

    def frame(self, size: tuple[int, int] | None = None) -> np.ndarray:
        """The current view as an (h, w, 3) uint8 array (renders now)."""
        return self.stage.snapshot(size)

    def frame_image(self, size: tuple[int, int] | None = None) -> QImage:
        return qimages.from_rgb(self.frame(size))

    def save_png(self, path: str | Path, size: tuple[int, int] | None = None) -> None:
        """The view as a PNG that carries its build (``Stage.save_png``)."""
        self.stage.save_png(path, size)

    def picture_text(self) -> dict[str, str]:
        """What a picture of this view carries (for a window screenshot around it)."""
        return self.stage.picture_text()

    def view_size(self) -> QSize:
        return self.interactor.size()

    def paint_frame(self, painter: QPainter, onto: QWidget, dpr: float = 1.0) -> None:
        """Draw the current frame where the 3D view sits in ``onto`` (an ancestor whose
        grab ``painter`` paints: GL content does not come through QWidget.grab)."""
        w, h = self.interactor.width(), self.interactor.height()
        frame = self.frame_image((round(w * dpr), round(h * dpr)))
        painter.drawImage(QRect(self.interactor.mapTo(onto, QPoint(0, 0)), QSize(w, h)), frame)

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
        from livery.scene import Stage

        def step(name: str, fraction: float) -> None:
            if progress is not None and progress(name, fraction) is False:
                raise InterruptedError("export cancelled")

        if self.build is None or self.model is None:
            raise RuntimeError("nothing to export: no vehicle on show")
        camera = self.stage.camera_state()
        k = max(1, int(supersample))
        self.stage.check_picture_size(size, k)  # before any buffer of that size is made
        step("prepare", 0.0)
        # A fresh offscreen stage per export: a second frame from a kept one came out
        # shrunk into a corner (its window's buffers went out of step after the embedded
        # view drew in between), so nothing is kept across exports.
        stage = Stage(self.stage.catalog, size=(size[0] * k, size[1] * k), look=self.stage.look)
        self._export_stage = stage
        try:
            stage.show(self.build, self.model)
            step("light", 0.2)
            stage.set_lighting(self.stage.lighting)
            stage.render()  # compiles the shaders: reported as this step
            step("render", 0.45)
            stage.set_camera_state(camera)  # at a preset: refitted to the image's aspect
            stage.set_display(self.stage.display)
            picture = stage.picture(size, supersample=supersample)
            self.last_export_environment = stage.environment
        finally:
            self._export_stage = None
            stage.close()
        step("write", 0.9)
        path = picture.save(path)
        step("done", 1.0)
        return path

    # -- camera -------------------------------------------------------------------
    def presets(self) -> list[str]:
        return list(CAMERAS)

    @property
    def preset(self) -> str:
        """The preset the camera was last sent to ("" for none)."""
        return self.stage.camera.preset

    def camera_pose(self) -> CameraPose:
        return self.stage.current_pose()

    def camera_state(self) -> CameraState:
        """The camera to reproduce elsewhere (``set_camera_state``, another window)."""
        return self.stage.camera_state()

    def set_camera_state(self, state: CameraState) -> None:
        self.stage.set_camera_state(state)
        self.request_render()

    def set_free_area(self, area: Area | None) -> None:
        """Frame the car in ``area`` (left, top, right, bottom as fractions of the view;
        None: the whole view), e.g. beside the presentation overlay, as large as it fits
        there (``framing.fill``)."""
        if area is not None or self._framing.area is not None:  # refitted to the view
            self._hand_fit = None
            self._framing.set_area(area)
            self.request_render()

    def _moved_by_hand(self) -> None:
        self._hand_fit = self._framing.fit  # a zoom keeps the framing it started from
        self.camera_changed.emit("")

    def _fit_car(self, pose: CameraPose, area: Area) -> Fit | None:
        """How the picture of ``pose`` sits in ``area`` so that the car fills it; after
        a wheel or pinch zoom, as before it (else the zoom would be undone), until the
        camera moves or turns again."""
        model = self.stage.model
        rig = self.stage.camera
        if rig.moving or rig.spin:
            self._hand_fit = None
        if model is None or self._hand_fit is not None:
            return self._hand_fit
        if self._outline[0]() is not model:
            self._outline = (weakref.ref(model), outline([p.vertices for p in model.parts]))
        w, h = self.stage.size
        return fill(pose, self._outline[1], w / max(h, 1), area)

    @property
    def free_area(self) -> Area | None:
        return self._framing.area

    def move_camera(self, name: str, animate: bool = True) -> None:
        """Send the camera to preset ``name``, as an eased move unless ``animate`` is
        False; ``camera_changed`` says when it is there."""
        self._hand_fit = None
        self.stage.set_camera(name, MOVE_SECONDS if animate else 0.0)
        if self.stage.camera.moving:
            self._move_clock.start()
            self._run_clock()
            return
        self.camera_changed.emit(name)
        self.request_render()

    def is_animating(self) -> bool:
        return self.stage.camera.moving

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
        if on and self.preset in STILL_CAMERAS:
            self.move_camera(DEFAULT_CAMERA)
        self._update_spin()

    def _update_spin(self) -> None:
        speed = TURNTABLE_DEG_PER_S if self._turntable else 0.0
        if self._attract:
            speed = speed or ATTRACT_DEG_PER_S
        self.stage.camera.spin = speed
        self._run_clock()
        self._motion_stopped()

    # -- time -----------------------------------------------------------------------
    def _run_clock(self) -> None:
        """Tick while the camera moves or turns; stop when it is still."""
        rig = self.stage.camera
        if self._closed or not (rig.moving or rig.spin):
            self._ticker.stop()
            return
        self._ticker.setInterval(MOVE_TICK_MS if rig.moving else SPIN_TICK_MS)
        if not self._ticker.isActive():
            self._clock.start()
            self._ticker.start()

    def _tick(self) -> None:
        """Step the camera by the time that passed and show it."""
        rig = self.stage.camera
        if rig.moving:
            self._step_move()
            return
        seconds = self._clock.restart() / 1000.0
        if self.isVisible() and rig.advance(seconds):  # a hidden view doesn't turn
            self.render()
        self._run_clock()

    def _step_move(self) -> None:
        """Show the move as it will be when this frame is on screen (``camera_moves.pace``):
        it ends at its nominal time whatever the frame rate, with fewer poses on slow
        graphics; ``camera_changed`` follows its last frame."""
        rig = self.stage.camera
        move = rig.move
        assert move is not None
        plan = pace(
            self._move_clock.elapsed() / 1000.0,
            move.seconds,
            self.frame_seconds(interactive=True),
            last=self.frame_seconds(),  # the end pose is a full-quality frame
        )
        if plan.at is None:
            self._ticker.start(max(1, math.ceil(plan.wait * 1000.0)))
            return
        rig.advance(plan.at - move.elapsed)
        self.render()
        if not rig.moving:
            self._clock.restart()  # a turntable goes on from here
            self.camera_changed.emit(rig.preset)
        self._run_clock()

    # -- teardown -------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop timers, unsubscribe, release the Stage and the GL window. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._picking = False
        self.interactor.removeEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._ticker.stop()
        self._settle.stop()
        if self.build is not None:
            self.build.unsubscribe(self._on_build)
        try:
            if self._export_stage is not None:
                self._export_stage.close()
                self._export_stage = None
            self.stage.on_camera_moved = None
            self.stage.close()
        except Exception:  # noqa: BLE001 - teardown must finish
            log.exception("stage close failed")
        self.interactor.GetRenderWindow().GetInteractor().RemoveObserver(self._render_observer)
        self.interactor.close()  # its GL context goes now, while its window still exists


def _gl_view(parent: QWidget) -> Any:
    """VTK's Qt widget on PySide6 with a window of ours (no multisampling: anti-aliasing
    is the Stage's), the trackball camera style, and renders left to the viewport."""
    import vtkmodules.qt
    import vtkmodules.vtkRenderingOpenGL2  # noqa: F401 - the GL kind of vtkRenderWindow

    vtkmodules.qt.PyQtImpl = "PySide6"  # before the import: the module picks its binding then
    from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
    from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera
    from vtkmodules.vtkRenderingCore import vtkRenderWindow

    window = vtkRenderWindow()
    window.SetMultiSamples(0)
    view = QVTKRenderWindowInteractor(parent, rw=window)
    interactor = window.GetInteractor()
    interactor.EnableRenderOff()  # its Render() only says a frame is wanted (RenderEvent)
    interactor.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
    interactor.Initialize()
    return view
