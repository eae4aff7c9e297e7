"""The grid: 2x2 or 3x3 paints on the same car, camera and light, each cell labelled.

Each cell is a picture from ``PaintShots`` with a strip under it: the paint's name,
its code and ΔE2000 to the nearest existing paint (in the warning colour under the
threshold, where the paint adds nothing to the programme).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from livery.ui import qimages, theme

#: Cells a side: the grid sizes offered.
SIDES = (2, 3)
LABEL_H = 40
GAP = 4


@dataclass(frozen=True)
class Cell:
    picture: np.ndarray
    title: str  # the paint's name
    detail: str  # code · ΔE to the nearest paint
    warn: bool = False  # too close to an existing paint
    swatch: str = ""  # its hex


class GridView(QWidget):
    """``side`` x ``side`` cells, row by row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridView")
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.side = 2
        self.cells: list[Cell] = []

    def picture_size(self, side: int | None = None) -> tuple[int, int]:
        """The size a cell's picture is drawn at (render at it: no scaling)."""
        n = side or self.side
        w = (self.width() - (n - 1) * GAP) // n
        h = (self.height() - (n - 1) * GAP) // n - LABEL_H
        return max(w, 16), max(h, 16)

    def set_cells(self, side: int, cells: list[Cell]) -> None:
        if side not in SIDES:
            raise ValueError(f"grid side must be one of {SIDES}; got {side}")
        self.side, self.cells = side, cells[: side * side]
        self.update()

    def cell_rect(self, i: int) -> QRect:
        """Where cell ``i``'s picture is drawn, in widget pixels."""
        w, h = self.picture_size()
        r, c = divmod(i, self.side)
        return QRect(c * (w + GAP), r * (h + LABEL_H + GAP), w, h)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.BG))
        bold = self.font()
        bold.setBold(True)
        for i, cell in enumerate(self.cells):
            rect = self.cell_rect(i)
            p.drawImage(rect, qimages.from_rgb(cell.picture))
            strip = QRect(rect.left(), rect.bottom() + 1, rect.width(), LABEL_H)
            p.fillRect(strip, QColor(theme.PANEL))
            x = strip.left() + 8
            if cell.swatch:
                p.fillRect(QRect(x, strip.top() + 6, 12, 12), QColor(cell.swatch))
                x += 18
            p.setFont(bold)
            p.setPen(QColor(theme.TEXT))
            p.drawText(QRect(x, strip.top() + 2, strip.right() - x, 20), 0, cell.title)
            p.setFont(self.font())
            p.setPen(QColor(theme.DANGER if cell.warn else theme.MUTED))
            detail = QRect(strip.left() + 8, strip.top() + 20, strip.width() - 16, 18)
            p.drawText(detail, 0, cell.detail)
