"""The window's header: brand, vehicle switcher and the main actions, across the top.

It sits in a top tool bar, so it spans the whole window above the docks (the docks
never squeeze it), and it never asks for more width than its compact form: when the
window is too narrow for the full labels, the action buttons show only their glyph
(the full text stays as tool tip and accessible name) and the tag line hides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from livery.ui.vehicle_switcher import VehicleSwitcher


class Header(QWidget):
    """Brand, switcher and action buttons; ``compact`` while the full labels don't fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(20, 12, 16, 12)
        self._row.setSpacing(10)
        brand = QVBoxLayout()
        brand.setSpacing(0)
        self.brand = QLabel(self)
        self.brand.setObjectName("brand")
        self.brand_sub = QLabel(self)
        self.brand_sub.setObjectName("brandSub")
        brand.addWidget(self.brand)
        brand.addWidget(self.brand_sub)
        self._row.addLayout(brand)
        self._row.addSpacing(24)
        self.switcher = VehicleSwitcher(self)
        self._row.addWidget(self.switcher)
        self._row.addStretch(1)
        #: button -> (full label, glyph)
        self._labels: dict[QPushButton, tuple[str, str]] = {}
        self.compact = False
        self._widths = (0, 0)  # (full, compact) preferred widths, measured in ``fit``

    def add_button(self, name: str, slot: Callable[[], None], gap: int = 0) -> QPushButton:
        if gap:
            self._row.addSpacing(gap)
        b = QPushButton(self)
        b.setObjectName(name)
        b.clicked.connect(lambda _=False: slot())
        self._row.addWidget(b)
        return b

    def set_labels(self, tagline: str, labels: dict[QPushButton, tuple[str, str]]) -> None:
        """Per button (full label, glyph): the full label when there is room, else the
        glyph, with the full label as tool tip."""
        self.brand.setText("LIVERY STUDIO")
        self.brand_sub.setText(tagline)
        self._labels.update(labels)
        for b, (full, _glyph) in labels.items():
            b.setAccessibleName(full)
        self.fit()

    def _show(self, compact: bool) -> None:
        for b, (full, glyph) in self._labels.items():
            b.setText(glyph if compact else full)
            b.setToolTip(full if compact else "")
        self.brand_sub.setVisible(not compact)

    def fit(self) -> None:
        """Full labels if they fit the current width, else the glyphs."""
        widths = []
        for compact in (False, True):
            self._show(compact)
            widths.append(self._row.sizeHint().width())
        self._widths = (widths[0], widths[1])
        self.compact = widths[0] > self.width()
        self._show(self.compact)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._widths[1], super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._widths[0], super().sizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        if (self._widths[0] > self.width()) != self.compact:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.fit()  # presentation mode's larger style: measure again


def header_bar(window: QMainWindow, header: Header) -> QToolBar:
    """A fixed top tool bar holding ``header`` (full window width, above the docks)."""
    bar = QToolBar(window)
    bar.setObjectName("headerBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    bar.toggleViewAction().setVisible(False)
    bar.addWidget(header)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
