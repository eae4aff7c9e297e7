"""The camera bar under the 3D view: a button per camera preset and the turntable.

It only says what was clicked (``preset_chosen``, ``turntable_toggled``) and shows
what the viewport reports (``show_preset``, ``show_turntable``); the window connects
the two, so the bar never reaches into the viewport.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QSizePolicy, QWidget

from livery.ui.flow_layout import FlowLayout
from livery.ui.i18n import TABLE, Language


class CameraBar(QWidget):
    preset_chosen = Signal(str)  # preset name
    turntable_toggled = Signal(bool)

    def __init__(self, presets: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewBar")
        # the theme's rounded, translucent bar (a QWidget subclass draws its style
        # sheet background only when asked to)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # a row that wraps when the view is narrow (docks on both sides, a small screen)
        lay = FlowLayout(self, spacing=4, centered=True)
        lay.setContentsMargins(8, 6, 8, 6)
        self.buttons: dict[str, QPushButton] = {}
        self._group = group = QButtonGroup(self)
        group.setExclusive(True)
        for name in presets:
            b = QPushButton(self)
            b.setObjectName(f"camera-{name}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: self.preset_chosen.emit(n))
            group.addButton(b)
            self.buttons[name] = b
            lay.addWidget(b)
        self.turntable = QPushButton(self)
        self.turntable.setObjectName("turntableButton")
        self.turntable.setCheckable(True)
        self.turntable.toggled.connect(self.turntable_toggled)
        lay.addWidget(self.turntable)

    def show_preset(self, name: str) -> None:
        """Check the button of the preset the camera is at (none after a free move:
        an exclusive group never unchecks its last button, so it is loosened here)."""
        self._group.setExclusive(False)
        for n, b in self.buttons.items():
            b.blockSignals(True)
            b.setChecked(n == name)
            b.blockSignals(False)
        self._group.setExclusive(True)

    def show_turntable(self, on: bool) -> None:
        self.turntable.blockSignals(True)
        self.turntable.setChecked(on)
        self.turntable.blockSignals(False)

    def relabel(self, lang: Language) -> None:
        for name, b in self.buttons.items():
            key = f"camera.{name}"
            b.setText(lang.tr(key) if key in TABLE else name)
        self.turntable.setText("⟳  " + lang.tr("action.turntable"))
