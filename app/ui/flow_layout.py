"""A layout that fills rows left to right and wraps, like text (Qt has none built in)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Left-to-right rows that wrap, like text.

    ``centered``: each row is centred and the size hint is one row of everything (a
    tool bar that wraps only when the room runs out); otherwise rows start on the left
    and the hint is the largest item.
    """

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 8, centered: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QWidgetItem] = []
        self._spacing = spacing
        self._centered = centered
        self.setContentsMargins(0, 0, 0, 0)

    def set_spacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def addItem(self, item) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int):  # noqa: N802
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int):  # noqa: N802
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        if not self._centered:
            return self.minimumSize()
        m = self.contentsMargins()
        shown = [i.sizeHint() for i in self._items if not _hidden(i)]
        width = sum(h.width() for h in shown) + self._spacing * max(len(shown) - 1, 0)
        height = max((h.height() for h in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, outer: QRect, apply: bool) -> int:
        rect = outer.marginsRemoved(self.contentsMargins())
        rows: list[list[tuple[QWidgetItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            if _hidden(item):
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and rows[-1]:
                rows.append([])
                x = rect.x()
            rows[-1].append((item, hint))
            x += hint.width() + self._spacing
        rows = [row for row in rows if row]
        y = rect.y()
        for row in rows:
            used = sum(h.width() for _, h in row) + self._spacing * max(len(row) - 1, 0)
            x = rect.x() + (max(rect.width() - used, 0) // 2 if self._centered else 0)
            row_h = max((h.height() for _, h in row), default=0)
            for item, hint in row:
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), hint))
                x += hint.width() + self._spacing
            y += row_h + self._spacing
        m = self.contentsMargins()
        return y - self._spacing * bool(rows) - rect.y() + m.top() + m.bottom()


def _hidden(item: QWidgetItem) -> bool:
    return item.widget() is not None and item.widget().isHidden()
