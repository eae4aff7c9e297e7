"""Tools > Compare A/B: the same car and camera side by side with two paints.

A is the current build, candidate included (the window's Build itself); B is a
second Build that follows A's vehicle and choices but carries another paint: a
catalog paint, or the paint editor's candidate. Two viewports, one camera:
``Viewport.link_camera`` makes them share it, so orbiting, zooming or a preset in
either moves both. The header names both paints and gives ΔE2000 between their
specified colours. Lighting follows the shared LightingModel.

Modes (the combo at the top): side by side (the two live viewports), a wipe (one
picture, A left of a draggable divider and B right: ``wipe_view``) and a grid of
2x2 or 3x3 paints (``grid_view``: A, B and the next paints, or the paints the review
window sends with ``show_grid``), each cell labelled with name, code and ΔE to the
nearest existing paint. Wipe and grid pictures come from one offscreen Stage
(``paint_shots``) with the shared camera and the lighting of the LightingModel
(rotation included), redrawn when any of them, A, B or the size changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import Build, BuildChange, BuildError, BuildState
from livery.catalog.paint_design import delta_e
from livery.scene.camera_rig import CameraState
from livery.scene.cameras import CameraPose
from livery.scene.looks import DEFAULT_CAMERA, Lighting
from livery.ui import theme
from livery.ui.grid_view import Cell, GridView
from livery.ui.i18n import Language
from livery.ui.lighting_state import LightingModel
from livery.ui.paint_shots import PaintLook, PaintShots
from livery.ui.viewport import Viewport
from livery.ui.wipe_view import WipeView

log = logging.getLogger(__name__)

CANDIDATE = "__candidate__"
#: The modes, in the combo's order: (key, grid side or 0).
MODES = (("side", 0), ("wipe", 0), ("grid4", 2), ("grid9", 3))


class CompareWindow(QWidget):
    """Two synchronized viewports: A (the build) and B (the build with another paint)."""

    def __init__(
        self,
        build: Build,
        model: Any,
        lang: Language,
        lighting: LightingModel,
        *,
        pose: CameraState | CameraPose | None = None,
        model_of: Callable[[], Any] | None = None,
        group: str = "paint",
        parent: QWidget | None = None,
    ) -> None:
        """``pose``: where the camera starts, the main view's ``camera_state()`` (its
        preset comes along) or a bare pose; None: the default preset."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self.build_a, self.lang, self.lighting, self.group = build, lang, lighting, group
        self.slot = build.catalog.group(group).slots[0]
        self.b_choice = ""
        self.model_of = model_of or (lambda: model)
        self.build_b = Build(build.catalog, build.vehicle.id, build.choices)
        self.setStyleSheet(f"QWidget#compareWindow {{ background: {theme.BG}; }}")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        lay.setSpacing(8)
        head = QHBoxLayout()
        self.a_title = QLabel(self)
        self.a_title.setObjectName("sectionTitle")
        self.a_name = QLabel(self)
        self.a_name.setObjectName("compareNameA")
        self.a_swatch = QLabel(self)
        self.a_swatch.setFixedSize(18, 18)
        head.addWidget(self.a_title)
        head.addWidget(self.a_swatch)
        head.addWidget(self.a_name)
        head.addStretch(1)
        self.delta = QLabel(self)
        self.delta.setObjectName("deltaE")
        self.delta.setStyleSheet(
            f"color: {theme.ACCENT}; font-weight: 600; font-size: 14px; padding: 0 12px;"
        )
        head.addWidget(self.delta)
        head.addStretch(1)
        self.b_title = QLabel(self)
        self.b_title.setObjectName("sectionTitle")
        self.b_swatch = QLabel(self)
        self.b_swatch.setFixedSize(18, 18)
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("comparePaintB")
        self.b_combo.setMinimumWidth(220)
        self.b_combo.currentIndexChanged.connect(
            lambda i: self.set_b(self.b_combo.itemData(i)) if i >= 0 else None
        )
        head.addWidget(self.b_title)
        head.addWidget(self.b_swatch)
        head.addWidget(self.b_combo)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("compareMode")
        for key, _side in MODES:
            self.mode_combo.addItem("", key)
        self.mode_combo.currentIndexChanged.connect(
            lambda i: self.set_mode(self.mode_combo.itemData(i))
        )
        head.addSpacing(12)
        head.addWidget(self.mode_combo)
        lay.addLayout(head)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {theme.DANGER};")
        self.problem.hide()
        lay.addWidget(self.problem)

        self.stack = QStackedWidget(self)
        side_by_side = QWidget(self.stack)
        views = QHBoxLayout(side_by_side)
        views.setContentsMargins(0, 0, 0, 0)
        views.setSpacing(6)
        self.view_a = Viewport(build.catalog, side_by_side)
        self.view_b = Viewport(build.catalog, side_by_side)
        views.addWidget(self.view_a, 1)
        views.addWidget(self.view_b, 1)
        self.wipe = WipeView(self.stack)
        self.grid = GridView(self.stack)
        for page in (side_by_side, self.wipe, self.grid):
            self.stack.addWidget(page)
        lay.addWidget(self.stack, 1)
        self.mode = "side"
        self._closed = False
        self.shots = PaintShots(build.catalog, group)
        #: The paints of the grid (option ids); empty: A, B and the paints after B.
        self.grid_paints: list[str] = []
        #: Candidates, for the cells' labels (the review window passes its own).
        self.candidates: Sequence[Any] = ()
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(60)
        self._redraw.timeout.connect(self.redraw)
        self.wipe.installEventFilter(self)
        self.grid.installEventFilter(self)

        bar = QHBoxLayout()
        bar.addStretch(1)
        self.camera_buttons: dict[str, QPushButton] = {}
        for name in self.view_a.presets():
            b = QPushButton(self)
            b.setObjectName(f"compare-camera-{name}")
            b.clicked.connect(lambda _=False, n=name: self.move_camera(n))
            self.camera_buttons[name] = b
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

        self.view_a.show_build(build, model)
        self.view_b.show_build(self.build_b, model)
        self.view_a.link_camera(self.view_b)
        if pose is None:
            self.view_a.move_camera(DEFAULT_CAMERA, animate=False)
        else:
            state = pose if isinstance(pose, CameraState) else CameraState(pose)
            self.view_a.set_camera_state(state)
        self._apply_lighting(lighting.value)

        build.subscribe(self._on_build_a)
        lang.subscribe(self._on_lang)
        lighting.subscribe(self._apply_lighting)
        self._fill_combo()
        self.relabel()
        self.resize(1200, 560)

    # -- B ------------------------------------------------------------------------
    def _fill_combo(self) -> None:
        cat, a = self.build_a.catalog, self.build_a
        keep = self.b_choice
        self.b_combo.blockSignals(True)
        self.b_combo.clear()
        for o in cat.options_for(a.vehicle.id, self.group):
            self.b_combo.addItem(o.name.get(self.lang.code), o.id)
        if self.slot in a.overrides:
            self.b_combo.addItem(self.lang.tr("compare.candidate"), CANDIDATE)
        self.b_combo.blockSignals(False)
        if not keep or self.b_combo.findData(keep) < 0:
            keep = self.default_b()
        self.set_b(keep)

    def default_b(self) -> str:
        """With a candidate on A: its catalog paint; else the next paint after A's."""
        current = self.build_a.choices[self.group]
        if self.slot in self.build_a.overrides:
            return current
        ids = [self.b_combo.itemData(i) for i in range(self.b_combo.count())]
        ids = [i for i in ids if i != CANDIDATE]
        return ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]

    def set_b(self, choice: str) -> None:
        """Show B with catalog paint ``choice`` (an option id) or CANDIDATE."""
        self.b_choice = choice
        i = self.b_combo.findData(choice)
        if i >= 0 and self.b_combo.currentIndex() != i:
            self.b_combo.blockSignals(True)
            self.b_combo.setCurrentIndex(i)
            self.b_combo.blockSignals(False)
        self._update_b()

    def _update_b(self) -> None:
        a = self.build_a
        choices = dict(a.choices)
        if self.b_choice != CANDIDATE:
            choices[self.group] = self.b_choice
        problem = ""
        try:
            self.build_b.restore(BuildState(a.vehicle.id, choices))
        except BuildError as e:
            problem = self.lang.tr("compare.not_allowed", reason=str(e))
        cand = a.overrides.get(self.slot) if self.b_choice == CANDIDATE else None
        self.build_b.set_override(self.slot, cand)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self._update_labels()
        self.schedule_redraw()

    def delta_e(self) -> float | None:
        fa = self.build_a.finishes().get(self.slot)
        fb = self.build_b.finishes().get(self.slot)
        if fa is None or fb is None:
            return None
        return delta_e(fa.color, fb.color)

    def names(self) -> tuple[str, str]:
        code = self.lang.code
        a = self.build_a.option(self.group).name.get(code)
        if self.slot in self.build_a.overrides:
            a = f"{a} · {self.lang.tr('editor.candidate')}"
        b = self.build_b.option(self.group).name.get(code)
        if self.slot in self.build_b.overrides:
            b = self.lang.tr("compare.candidate")
        return a, b

    def _update_labels(self) -> None:
        a, _b = self.names()
        fa = self.build_a.finishes().get(self.slot)
        fb = self.build_b.finishes().get(self.slot)
        self.a_name.setText(f"{a}   {fa.color.hex}" if fa else a)
        for sw, f in ((self.a_swatch, fa), (self.b_swatch, fb)):
            fill = f.color.hex if f else "transparent"
            sw.setStyleSheet(
                f"background: {fill}; border: 1px solid {theme.LINE};border-radius: 4px;"
            )
        d = self.delta_e()
        self.delta.setText(
            self.lang.tr("compare.delta_e", value=f"{d:.2f}") if d is not None else ""
        )

    # -- observers -------------------------------------------------------------------
    def _on_build_a(self, change: BuildChange) -> None:
        if change.vehicle_changed:  # the window shows the new vehicle, then so do we
            QTimer.singleShot(0, self._follow_vehicle)
        if change.catalog_changed:  # B starts again from A in the new catalog
            a = self.build_a
            self.build_b = Build(a.catalog, a.vehicle.id, a.choices)
            self.view_b.show_build(self.build_b, self.view_b.model)
            self.shots.catalog = a.catalog
        had = self.b_combo.findData(CANDIDATE) >= 0
        has = self.slot in self.build_a.overrides
        if had != has or change.vehicle_changed or change.catalog_changed:
            self._fill_combo()
        else:
            self._update_b()

    def _follow_vehicle(self) -> None:
        if self._closed:
            return
        model = self.model_of()
        if model is not None:
            self.view_a.show_build(self.build_a, model)
            self.view_b.show_build(self.build_b, model)

    def _apply_lighting(self, lighting: Lighting) -> None:
        for v in (self.view_a, self.view_b):
            try:
                v.set_lighting(lighting)
            except Exception as e:  # noqa: BLE001 - the main window reports it
                log.warning("compare lighting: %s", e)
        self.schedule_redraw()

    # -- modes: side by side, wipe, grid ---------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """``side``, ``wipe``, ``grid4`` or ``grid9``."""
        keys = [k for k, _ in MODES]
        if mode not in keys:
            raise ValueError(f"unknown compare mode {mode!r}; valid: {', '.join(keys)}")
        self.mode = mode
        i = keys.index(mode)
        if self.mode_combo.currentIndex() != i:
            self.mode_combo.blockSignals(True)
            self.mode_combo.setCurrentIndex(i)
            self.mode_combo.blockSignals(False)
        self.stack.setCurrentIndex(min(i, 2))
        if mode == "side":
            self.view_a.request_render()
            self.view_b.request_render()
        self.redraw()

    def show_grid(self, option_ids: Sequence[str], candidates: Sequence[Any] = ()) -> None:
        """The grid of these paints (up to nine: 2x2 for four or fewer, else 3x3)."""
        self.grid_paints = list(dict.fromkeys(option_ids))[:9]
        self.candidates = tuple(candidates)
        self.set_mode("grid4" if len(self.grid_paints) <= 4 else "grid9")

    def grid_ids(self, side: int) -> list[str]:
        """The grid's paints: those sent, else A's, B's and the paints after B's."""
        if self.grid_paints:
            return self.grid_paints[: side * side]
        a = self.build_a
        offered = [o.id for o in a.catalog.options_for(a.vehicle.id, self.group)]
        ids = [a.choices[self.group], self.build_b.choices[self.group]]
        start = offered.index(ids[1]) if ids[1] in offered else 0
        ids += offered[start:] + offered[:start]
        return list(dict.fromkeys(ids))[: side * side]

    def move_camera(self, name: str) -> None:
        """A preset for both views; in the wipe and the grid, at once and redrawn."""
        self.view_a.move_camera(name, animate=self.mode == "side")
        self.schedule_redraw()

    def schedule_redraw(self) -> None:
        if self.mode != "side" and not self._closed:
            self._redraw.start()

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
        if obj in (self.wipe, self.grid) and event.type() == event.Type.Resize:
            self.schedule_redraw()
        return super().eventFilter(obj, event)

    def redraw(self) -> None:
        """Render the wipe's or the grid's pictures now (the same camera and light)."""
        self._redraw.stop()
        if self.mode == "side" or self._closed:
            return
        model = self.model_of()
        if model is None:
            return
        a = self.build_a
        camera, lighting = self.view_a.camera_state(), self.lighting.value
        side = dict(MODES)[self.mode]
        if side == 0:
            size = (max(self.wipe.width(), 16), max(self.wipe.height(), 16))
            looks = [
                PaintLook.of_build(a, self.group),
                PaintLook.of_build(self.build_b, self.group),
            ]
            pa, pb = self.shots.shots(looks, a.vehicle.id, model, size, camera, lighting)
            self.wipe.set_pictures(pa, pb, self.names())
            return
        from livery.batch.review_board import paint_facts

        ids = self.grid_ids(side)
        looks = [PaintLook.of_option(a, oid, self.group) for oid in ids]
        size = self.grid.picture_size(side)
        pictures = self.shots.shots(looks, a.vehicle.id, model, size, camera, lighting)
        facts = paint_facts(a.catalog, ids, self.candidates)
        lang = self.lang.code
        cells = []
        for f, picture in zip(facts, pictures, strict=True):
            near = f.nearest_text(lang)
            detail = f"{f.code}" + (f" · {near}" if near else "")
            cells.append(Cell(picture, f.name.get(lang), detail, f.too_close, f.hex))
        self.grid.set_cells(side, cells)

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.setWindowTitle(f"{tr('compare.title')} — {tr('app.title')}")
        self.a_title.setText("A")
        self.b_title.setText("B")
        for i, (key, _side) in enumerate(MODES):
            self.mode_combo.setItemText(i, tr(f"compare.mode.{key}"))
        for name, b in self.camera_buttons.items():
            b.setText(tr(f"camera.{name}"))
        code = self.lang.code
        for i in range(self.b_combo.count()):
            data = self.b_combo.itemData(i)
            text = (
                tr("compare.candidate")
                if data == CANDIDATE
                else self.build_a.catalog.option(self.group, data).name.get(code)
            )
            self.b_combo.setItemText(i, text)
        self._update_labels()

    # -- frames (tests, screenshots) ------------------------------------------------------
    def frames(self) -> tuple[Any, Any]:
        return self.view_a.frame(), self.view_b.frame()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.build_a.unsubscribe(self._on_build_a)
        self.lang.unsubscribe(self._on_lang)
        self.lighting.unsubscribe(self._apply_lighting)
        self._redraw.stop()
        self.shots.close()
        self.view_b.shutdown()
        self.view_a.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
