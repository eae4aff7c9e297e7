"""A way into a long option group: a search field and colour chips above its tiles.

The paint supplier adds about 100 paints over three years; scrolling a hundred
tiles on a showroom screen is no way to find "the blue one". A group with at least
``FINDER_MIN_OPTIONS`` options gets a ``GroupFinder``: typing filters the tiles by
either name, id or code, and a chip per hue group present in the group (red,
blue, neutral, ...) narrows them to that hue group. Matching is the catalog's
(``livery.catalog.search``); this widget only keeps the query and shows or hides tiles.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import Option
from livery.catalog.search import HUE_GROUPS, matches, option_hue_groups
from livery.ui import theme
from livery.ui.flow_layout import FlowLayout
from livery.ui.i18n import Language

#: Groups this long get a finder (the paint group, as catalogs grow).
FINDER_MIN_OPTIONS = 10
#: A chip's dot: a typical colour of each hue group (display sRGB).
_SWATCH = {
    "red": "#c62828",
    "orange": "#ef6c00",
    "yellow": "#d4c21a",
    "green": "#1f7a55",
    "blue": "#1f5fae",
    "purple": "#6a3d9a",
    "pink": "#d98aa0",
    "neutral": "#9ea3a8",
}


def _dot(color: str, side: int) -> QIcon:
    pix = QPixmap(side, side)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(theme.LINE))
    p.setBrush(QColor(color))
    p.drawEllipse(1, 1, side - 2, side - 2)
    p.end()
    return QIcon(pix)


class GroupFinder(QWidget):
    """Search text and a hue group for one option group; ``changed`` when either changes."""

    changed = Signal()

    def __init__(self, options: Iterable[Option], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupFinder")
        self._hue_groups = option_hue_groups(options)
        present = [h for h in HUE_GROUPS if h in self._hue_groups.values()]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.search = QLineEdit(self)
        self.search.setObjectName("finderSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.changed.emit())
        lay.addWidget(self.search)
        chips = QWidget(self)
        row = FlowLayout(chips, spacing=4)  # wraps: the panel is narrow
        self._chip_group = QButtonGroup(self)
        self._chip_group.setExclusive(True)
        self.chips: dict[str | None, QPushButton] = {}
        for hue in [None, *present]:
            chip = QPushButton(chips)
            chip.setObjectName(f"chip-{hue or 'all'}")
            chip.setCheckable(True)
            chip.setChecked(hue is None)
            if hue is not None:
                chip.setIcon(_dot(_SWATCH[hue], 28))
            chip.clicked.connect(lambda _=False: self.changed.emit())
            self._chip_group.addButton(chip)
            row.addWidget(chip)
            self.chips[hue] = chip
        lay.addWidget(chips)
        self.empty = QLabel(self)  # "nothing matches"
        self.empty.setObjectName("finderEmpty")
        self.empty.setStyleSheet(f"color: {theme.MUTED};")
        self.empty.hide()
        lay.addWidget(self.empty)
        self.set_scale(1.0)

    @property
    def hue_group(self) -> str | None:
        """The chosen hue group's chip (None: all)."""
        return next((h for h, chip in self.chips.items() if chip.isChecked()), None)

    def shows(self, option: Option) -> bool:
        """Whether ``option`` passes the current text and hue group."""
        hue = self.hue_group
        if hue is not None and self._hue_groups.get(option.id) != hue:
            return False
        return matches(option, self.search.text())

    def clear(self) -> None:
        self.search.clear()
        self.chips[None].setChecked(True)
        self.changed.emit()

    def set_scale(self, scale: float) -> None:
        """Touch-sized in presentation mode: fields and chips grow with the tiles."""
        h = round(40 * scale)
        self.search.setMinimumHeight(h)
        side = round(14 * scale)
        for chip in self.chips.values():
            chip.setMinimumHeight(h)
            chip.setIconSize(QSize(side, side))

    def relabel(self, lang: Language, group_name: str, shown: int) -> None:
        self.search.setPlaceholderText(lang.tr("finder.search", group=group_name))
        for hue, chip in self.chips.items():
            chip.setText(lang.tr(f"finder.{hue or 'all'}"))
            chip.setToolTip(lang.tr(f"finder.{hue or 'all'}"))
        self.empty.setText(lang.tr("finder.none"))
        self.empty.setVisible(shown == 0)
