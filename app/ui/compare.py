"""Tools > Compare A/B: the same car and camera side by side with two paints.

A is the current build, candidate included (the window's Build itself); B is a
second Build that follows A's vehicle and choices but carries another paint: a
catalog paint, or the paint editor's candidate. Two viewports, one camera:
``Viewport.link_camera`` makes them share it, so orbiting, zooming or a preset in
either moves both. The header names both paints and gives ΔE2000 between their
specified colours. Lighting follows the shared LightingModel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import Build, BuildChange, BuildError, BuildState
from livery.catalog.paint_design import delta_e
from livery.scene.camera_rig import CameraState
from livery.scene.cameras import CameraPose
from livery.scene.looks import DEFAULT_CAMERA, Lighting
from livery.ui import theme
from livery.ui.i18n import Language
from livery.ui.lighting_state import LightingModel
from livery.ui.viewport import Viewport

log = logging.getLogger(__name__)

CANDIDATE = "__candidate__"


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
        lay.addLayout(head)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {theme.DANGER};")
        self.problem.hide()
        lay.addWidget(self.problem)

        views = QHBoxLayout()
        views.setSpacing(6)
        self.view_a = Viewport(build.catalog, self)
        self.view_b = Viewport(build.catalog, self)
        views.addWidget(self.view_a, 1)
        views.addWidget(self.view_b, 1)
        lay.addLayout(views, 1)

        bar = QHBoxLayout()
        bar.addStretch(1)
        self.camera_buttons: dict[str, QPushButton] = {}
        for name in self.view_a.presets():
            b = QPushButton(self)
            b.setObjectName(f"compare-camera-{name}")
            b.clicked.connect(lambda _=False, n=name: self.view_a.move_camera(n))
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
        self._closed = False
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

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.setWindowTitle(f"{tr('compare.title')} — {tr('app.title')}")
        self.a_title.setText("A")
        self.b_title.setText("B")
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
        self.view_b.shutdown()
        self.view_a.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
