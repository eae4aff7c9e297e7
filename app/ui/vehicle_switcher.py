"""The vehicle switcher in the header: a button per catalog vehicle and per file opened.

Keys are a catalog vehicle's id or an opened file's key (``file:<path>``, see
``livery.vehicles.registry``). The switcher says which was clicked (``chosen``) and
shows which is on stage (``show_current``); what a click does is the window's business.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from livery.catalog import Catalog


class VehicleSwitcher(QWidget):
    chosen = Signal(str)  # key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        self._files: set[str] = set()

    def set_catalog(self, catalog: Catalog) -> None:
        """A button per catalog vehicle (a reloaded catalog may add or drop one); the
        buttons of opened files stay."""
        ids = {v.id for v in catalog.vehicles}
        for key in [k for k in self.buttons if k not in ids and k not in self._files]:
            b = self.buttons.pop(key)
            self._group.removeButton(b)
            b.deleteLater()
        for v in catalog.vehicles:
            if v.id not in self.buttons:
                self._add(v.id)

    def add_file(self, key: str, name: str, tooltip: str) -> None:
        """The button of an opened file (one per file: opening it again renames it)."""
        if key not in self.buttons:
            self._add(key).setToolTip(tooltip)
            self._files.add(key)
        self.buttons[key].setText(name)

    def relabel(self, catalog: Catalog, lang_code: str) -> None:
        for v in catalog.vehicles:
            self.buttons[v.id].setText(v.name.get(lang_code))

    def show_current(self, key: str) -> None:
        """Check the button of the vehicle on stage."""
        for k, b in self.buttons.items():
            b.blockSignals(True)
            b.setChecked(k == key)
            b.blockSignals(False)

    def _add(self, key: str) -> QPushButton:
        b = QPushButton(self)
        b.setObjectName(f"vehicle-{key}")
        b.setCheckable(True)
        b.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
        self._group.addButton(b)
        self.buttons[key] = b
        self._layout.addWidget(b)
        return b
