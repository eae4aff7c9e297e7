"""The wipe: one picture of the car, A left of a draggable divider and B right of it.

Both halves are pictures of the same car from the same camera under the same light
(``PaintShots``), so the divider can be dragged across a panel line or a highlight
and the only thing that changes at it is the paint.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from livery.ui import qimages, theme


def wipe(a: np.ndarray, b: np.ndarray, x: int) -> np.ndarray:
    """``a`` left of column ``x``, ``b`` from it on (the same size)."""
    out = b.copy()
    out[:, :x] = a[:, :x]
    return out


class WipeView(QWidget):
    """Shows ``wipe(a, b)`` with the divider at ``fraction`` of the width."""

    fraction_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wipeView")
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.fraction = 0.5
        self.a: np.ndarray | None = None
        self.b: np.ndarray | None = None
        self.labels = ("", "")

    def set_pictures(self, a: np.ndarray, b: np.ndarray, labels: tuple[str, str]) -> None:
        self.a, self.b, self.labels = a, b, labels
        self.update()

    def set_fraction(self, fraction: float) -> None:
        f = min(max(float(fraction), 0.0), 1.0)
        if f != self.fraction:
            self.fraction = f
            self.fraction_changed.emit(f)
            self.update()

    def divider(self) -> int:
        """The divider's column in the pictures."""
        w = self.a.shape[1] if self.a is not None else self.width()
        return round(self.fraction * w)

    def composite(self) -> np.ndarray | None:
        """The picture shown (without the divider's line and labels)."""
        if self.a is None or self.b is None:
            return None
        return wipe(self.a, self.b, self.divider())

    # -- painting and dragging ----------------------------------------------------------
    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.BG))
        image = self.composite()
        if image is None:
            return
        p.drawImage(QRect(0, 0, self.width(), self.height()), qimages.from_rgb(image))
        x = round(self.fraction * self.width())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(255, 255, 255, 230), 2))
        p.drawLine(x, 0, x, self.height())
        p.setBrush(QColor(theme.BG))
        p.drawEllipse(QPointF(x, self.height() / 2), 11, 11)
        p.drawText(
            QRect(x - 11, self.height() // 2 - 11, 22, 22), Qt.AlignmentFlag.AlignCenter, "⇔"
        )
        f = QFont(self.font())
        f.setBold(True)
        p.setFont(f)
        pad = 10
        left, right = self.labels
        box = QRect(pad, pad, self.width() - 2 * pad, 24)
        for text, align in (
            (f"A  {left}", Qt.AlignmentFlag.AlignLeft),
            (f"{right}  B", Qt.AlignmentFlag.AlignRight),
        ):
            p.setPen(QColor(0, 0, 0, 160))
            p.drawText(box.translated(1, 1), align, text)
            p.setPen(QColor(255, 255, 255))
            p.drawText(box, align, text)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        self._drag(event)

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._drag(event)

    def _drag(self, event: Any) -> None:
        self.set_fraction(event.position().x() / max(self.width(), 1))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        step = {Qt.Key.Key_Left: -0.02, Qt.Key.Key_Right: 0.02}.get(event.key())
        if step is None:
            super().keyPressEvent(event)
        else:
            self.set_fraction(self.fraction + step)
