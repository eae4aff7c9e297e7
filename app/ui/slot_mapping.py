"""The slot-mapping dialog: which part of a vehicle file takes which customization slot.

It lists the parts of a loaded file (name, triangles, material, slot, and where the
slot came from: the manifest, the part's name or its geometry), with a combo per part
to assign a slot or keep the file's own material. It is not modal: clicking a part in
the 3D view selects its row (the window forwards ``Viewport.part_clicked``). Save
asks the window to write the sidecar manifest ``<file>.livery.toml`` in the loaders'
format (every part listed, ``auto = false``) and to reload the vehicle; the dialog
itself writes nothing and touches no VTK.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from livery.slots import Slot
from livery.ui.i18n import Language
from livery.vehicles.loaders.manifest import manifest_path, manifest_text
from livery.vehicles.loaders.mapping import Assignment

COL_PART, COL_TRIS, COL_MATERIAL, COL_SLOT, COL_SOURCE = range(5)


class SlotMappingDialog(QDialog):
    """Edits the part -> slot mapping of one LoadResult."""

    save_requested = Signal(str, str)  # manifest path, manifest text
    part_selected = Signal(str)  # part name (the row the user chose)

    def __init__(self, result: Any, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slotMappingDialog")
        self.result = result
        self.lang = lang
        self.path = manifest_path(Path(result.path))
        tr = lang.tr
        self.setWindowTitle(tr("mapping.title", name=Path(result.path).name))
        lay = QVBoxLayout(self)
        self.hint = QLabel(tr("mapping.hint", path=self.path.name), self)
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("mappingTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [tr(f"mapping.{k}") for k in ("part", "triangles", "material", "slot", "source")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        lay.addWidget(self.tree, 1)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.combos: dict[str, QComboBox] = {}
        self._original: dict[str, Slot | None] = {}
        for part in result.model.parts:
            a: Assignment = result.mapping[part.name]
            item = QTreeWidgetItem(
                [part.name, f"{part.triangle_count:,}", part.material.name or "—", "", ""]
            )
            item.setTextAlignment(
                COL_TRIS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            item.setToolTip(COL_PART, part.name)
            item.setToolTip(COL_SOURCE, a.reason)
            self.tree.addTopLevelItem(item)
            combo = QComboBox(self.tree)
            combo.setObjectName(f"slot-{part.name}")
            combo.addItem(tr("mapping.keep"), None)
            for slot in Slot:
                combo.addItem(tr(f"slot.{slot.value}"), slot.value)
            combo.setCurrentIndex(combo.findData(a.slot.value if a.slot else None))
            combo.currentIndexChanged.connect(lambda _i, n=part.name: self._changed(n))
            self.tree.setItemWidget(item, COL_SLOT, combo)
            self.items[part.name] = item
            self.combos[part.name] = combo
            self._original[part.name] = a.slot
            self._set_source(part.name)
        header = self.tree.header()
        header.setSectionResizeMode(COL_PART, QHeaderView.ResizeMode.Stretch)
        for col in (COL_TRIS, COL_MATERIAL, COL_SLOT, COL_SOURCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("mapping.save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("action.cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(760, 420)

    # -- state ------------------------------------------------------------------------
    def slot_of(self, part: str) -> Slot | None:
        value = self.combos[part].currentData()
        return Slot(value) if value else None

    def set_slot(self, part: str, slot: Slot | str | None) -> None:
        combo = self.combos[part]
        combo.setCurrentIndex(combo.findData(Slot(slot).value if slot else None))

    def assignments(self) -> dict[str, Assignment]:
        return {
            name: Assignment(self.slot_of(name), "manifest", "set in the slot-mapping dialog")
            for name in self.combos
        }

    def select_part(self, name: str | None) -> None:
        """Select (and scroll to) the row of part ``name``; None clears the selection."""
        item = self.items.get(name) if name else None
        self.tree.blockSignals(True)
        self.tree.clearSelection()
        if item is not None:
            item.setSelected(True)
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def selected_part(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].text(COL_PART) if items else None

    def _selection_changed(self) -> None:
        name = self.selected_part()
        if name:
            self.part_selected.emit(name)

    def _changed(self, name: str) -> None:
        self._set_source(name)
        self.select_part(name)

    def _set_source(self, name: str) -> None:
        tr = self.lang.tr
        if self.slot_of(name) != self._original[name]:
            text = tr("mapping.source.user")
        else:
            source = self.result.mapping[name].source if self._original[name] else ""
            text = tr(f"mapping.source.{source or 'unmapped'}")
        self.items[name].setText(COL_SOURCE, text)

    # -- saving -----------------------------------------------------------------------
    def manifest_text(self) -> str:
        """The manifest for the mapping as it stands in the dialog (loaders' format)."""
        r = self.result
        text = manifest_text(Path(r.path), r.raw_parts, self.assignments(), r.frame)
        first, rest = text.split("\n", 1)
        if first.startswith("#"):
            first = f"# Livery Studio slot mapping for {Path(r.path).name}, saved from the app."
        return first + "\n" + rest

    def save(self) -> None:
        """Ask the window to write the manifest and reload (it accepts on success)."""
        self.save_requested.emit(str(self.path), self.manifest_text())
