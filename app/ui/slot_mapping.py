"""The slot-mapping panel: which part of a vehicle file takes which customization slot.

Real files hold dozens of parts named ``Cylinder.000_0``: the parts are listed grouped by
material (what a modeller names), with their triangles, slot and where the slot came from
(the manifest, the part's name or its geometry). A group's combo maps every part of the
material in one step; the filter narrows the list by part or material name. Choosing a
row highlights the part in the 3D view, and clicking a part in the view selects its row
(the window forwards ``Viewport.part_clicked``). Every change is shown on the car at
once: the parts are re-slotted on a copy of the loaded model (no file read), which Save
keeps, writing the sidecar manifest ``<file>.livery.toml`` (every part listed, ``auto =
false``) through the window. Cancel puts the loaded model back. The panel is a tool
window placed beside the main window (or at the screen's edge), never over the car.
The dialog reaches the scene only through the Viewport; it writes nothing itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from livery.slots import Slot
from livery.ui.i18n import Language
from livery.vehicles.loaders.manifest import manifest_path, manifest_text
from livery.vehicles.loaders.mapping import Assignment
from livery.vehicles.model import VehicleModel

COL_PART, COL_TRIS, COL_MATERIAL, COL_SLOT, COL_SOURCE = range(5)
_MIXED = "mixed"  # a group combo's data when its parts have different slots
_WIDTH = 640  # the panel's width where the screen has room


class SlotMappingDialog(QDialog):
    """Edits the part -> slot mapping of one LoadResult, previewing on ``viewport``."""

    save_requested = Signal(str, str)  # manifest path, manifest text
    part_selected = Signal(str)  # part name (the row the user chose)

    def __init__(
        self,
        result: Any,
        lang: Language,
        parent: QWidget | None = None,
        viewport: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("slotMappingDialog")
        self.setWindowFlag(Qt.WindowType.Tool)  # stays with the window, off the car
        self.result = result
        self.lang = lang
        self.viewport = viewport
        self.path = manifest_path(Path(result.path))
        self.preview: VehicleModel = result.model  # the model on stage while the panel is open
        tr = lang.tr
        self.setWindowTitle(tr("mapping.title", name=Path(result.path).name))
        lay = QVBoxLayout(self)
        self.hint = QLabel(tr("mapping.hint", path=self.path.name), self)
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("mappingFilter")
        self.filter.setPlaceholderText(tr("mapping.filter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        lay.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("mappingTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [tr(f"mapping.{k}") for k in ("part", "triangles", "material", "slot", "source")]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        lay.addWidget(self.tree, 1)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.combos: dict[str, QComboBox] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}  # material name -> group row
        self.group_combos: dict[str, QComboBox] = {}
        self._members: dict[str, list[str]] = {}
        self._original: dict[str, Slot | None] = {}
        self._syncing = False
        self._material = {p.name: p.material.name or "—" for p in result.model.parts}
        for name, material in self._material.items():
            self._members.setdefault(material, []).append(name)
        by_name = {p.name: p for p in result.model.parts}
        for material, names in self._members.items():
            group = self._group_row(material, [by_name[n] for n in names])
            for name in names:
                self._part_row(group, by_name[name], result.mapping[name])
            self._sync_group(material)
        self.tree.expandAll()
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
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.timeout.connect(self.show_preview)
        self.finished.connect(self._finished)
        self.resize(_WIDTH, 620)

    # -- building the rows -----------------------------------------------------------
    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self.tree)
        combo.setObjectName(name)
        combo.addItem(self.lang.tr("mapping.keep"), None)
        for slot in Slot:
            combo.addItem(self.lang.tr(f"slot.{slot.value}"), slot.value)
        return combo

    def _group_row(self, material: str, parts: list[Any]) -> QTreeWidgetItem:
        tris = sum(p.triangle_count for p in parts)
        label = self.lang.tr("mapping.group", material=material, count=len(parts))
        item = QTreeWidgetItem([label, f"{tris:,}", material, "", ""])
        item.setFirstColumnSpanned(False)
        font = item.font(COL_PART)
        font.setBold(True)
        item.setFont(COL_PART, font)
        item.setData(COL_PART, Qt.ItemDataRole.UserRole, None)  # not a part
        self.tree.addTopLevelItem(item)
        combo = self._combo(f"group-{material}")
        combo.addItem(self.lang.tr("mapping.mixed"), _MIXED)
        combo.activated.connect(lambda _i, m=material: self._group_chosen(m))
        self.tree.setItemWidget(item, COL_SLOT, combo)
        self.groups[material] = item
        self.group_combos[material] = combo
        return item

    def _part_row(self, group: QTreeWidgetItem, part: Any, a: Assignment) -> None:
        item = QTreeWidgetItem(
            [part.name, f"{part.triangle_count:,}", part.material.name or "—", "", ""]
        )
        item.setTextAlignment(COL_TRIS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(COL_PART, part.name)
        item.setToolTip(COL_SOURCE, a.reason)
        item.setData(COL_PART, Qt.ItemDataRole.UserRole, part.name)
        group.addChild(item)
        combo = self._combo(f"slot-{part.name}")
        combo.setCurrentIndex(combo.findData(a.slot.value if a.slot else None))
        combo.currentIndexChanged.connect(lambda _i, n=part.name: self._changed(n))
        self.tree.setItemWidget(item, COL_SLOT, combo)
        self.items[part.name] = item
        self.combos[part.name] = combo
        self._original[part.name] = a.slot
        self._set_source(part.name)

    # -- state ------------------------------------------------------------------------
    def slot_of(self, part: str) -> Slot | None:
        value = self.combos[part].currentData()
        return Slot(value) if value else None

    def set_slot(self, part: str, slot: Slot | str | None) -> None:
        combo = self.combos[part]
        combo.setCurrentIndex(combo.findData(Slot(slot).value if slot else None))

    def set_group_slot(self, material: str, slot: Slot | str | None) -> None:
        """Map every part of ``material`` to ``slot`` (None: keep their own material)."""
        combo = self.group_combos[material]
        combo.setCurrentIndex(combo.findData(Slot(slot).value if slot else None))
        self._group_chosen(material)

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
            item.setHidden(False)
            item.parent().setHidden(False)
            item.parent().setExpanded(True)
            item.setSelected(True)
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)
        if self.viewport is not None:
            self.viewport.highlight_part(name if item is not None else None)

    def selected_part(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(COL_PART, Qt.ItemDataRole.UserRole) if items else None

    def _selection_changed(self) -> None:
        name = self.selected_part()
        if self.viewport is not None:
            self.viewport.highlight_part(name)
        if name:
            self.part_selected.emit(name)

    def _changed(self, name: str) -> None:
        self._set_source(name)
        if not self._syncing:
            self.select_part(name)
            self._sync_group(self._material[name])
        self._preview_timer.start(0)  # one preview for many changes in one step

    def _group_chosen(self, material: str) -> None:
        value = self.group_combos[material].currentData()
        if value == _MIXED:
            return
        self._syncing = True
        try:
            for name in self._members[material]:
                self.set_slot(name, value)
        finally:
            self._syncing = False
        self._sync_group(material)

    def _sync_group(self, material: str) -> None:
        """The group's combo shows its parts' common slot, or "mixed"."""
        values = {self.combos[n].currentData() for n in self._members[material]}
        combo = self.group_combos[material]
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(values.pop() if len(values) == 1 else _MIXED))
        combo.blockSignals(False)

    def _set_source(self, name: str) -> None:
        tr = self.lang.tr
        if self.slot_of(name) != self._original[name]:
            text = tr("mapping.source.user")
        else:
            source = self.result.mapping[name].source if self._original[name] else ""
            text = tr(f"mapping.source.{source or 'unmapped'}")
        self.items[name].setText(COL_SOURCE, text)

    def _apply_filter(self, text: str) -> None:
        """Show the parts whose name or material holds ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        for material, names in self._members.items():
            hit = needle in material.lower()
            shown = 0
            for name in names:
                visible = not needle or hit or needle in name.lower()
                self.items[name].setHidden(not visible)
                shown += visible
            self.groups[material].setHidden(shown == 0)

    # -- preview and saving --------------------------------------------------------------
    def remapped_model(self) -> VehicleModel:
        """The loaded model with the slots as they stand in the dialog (geometry shared)."""
        m = self.result.model
        parts = []
        for p in m.parts:
            slot = self.slot_of(p.name)
            same = slot == p.slot
            parts.append(p if same else replace(p, slot=slot, slot_source="manifest"))
        return VehicleModel(id=m.id, name=m.name, parts=parts, source=m.source)

    def show_preview(self) -> None:
        """Show the mapping as it stands on the car (a copy of the loaded model)."""
        self._preview_timer.stop()
        model = self.remapped_model()
        if [p.slot for p in model.parts] == [p.slot for p in self.preview.parts]:
            return
        self.preview = model
        if self.viewport is not None and self.viewport.build is not None:
            self.viewport.show_build(self.viewport.build, model)
            self.viewport.highlight_part(self.selected_part())

    def saved_result(self) -> Any:
        """The LoadResult as saved: the previewed model and the dialog's mapping."""
        self.show_preview()
        return replace(
            self.result, model=self.preview, mapping=self.assignments(), manifest=self.path
        )

    def manifest_text(self) -> str:
        """The manifest for the mapping as it stands in the dialog (loaders' format)."""
        r = self.result
        text = manifest_text(Path(r.path), r.raw_parts, self.assignments(), r.frame)
        first, rest = text.split("\n", 1)
        if first.startswith("#"):
            first = f"# Livery Studio slot mapping for {Path(r.path).name}, saved from the app."
        return first + "\n" + rest

    def save(self) -> None:
        """Ask the window to write the manifest and keep the previewed model."""
        self.save_requested.emit(str(self.path), self.manifest_text())

    def _finished(self, code: int) -> None:
        """Closed: no highlight left; cancelled, the loaded model comes back."""
        self._preview_timer.stop()
        if self.viewport is None:
            return
        self.viewport.highlight_part(None)
        if code != QDialog.DialogCode.Accepted and self.preview is not self.result.model:
            if self.viewport.build is not None and self.viewport.model is self.preview:
                self.viewport.show_build(self.viewport.build, self.result.model)
            self.preview = self.result.model

    # -- placement ------------------------------------------------------------------------
    def place_beside(self, window: QRect, screen: QRect) -> None:
        """Put the panel right of ``window`` (else left of it, else at the screen's right
        edge, over the window's option panel), as tall as the window: beside the car."""
        width = min(_WIDTH, screen.width() // 3)
        height = max(min(window.height(), screen.height()), 480)
        if window.right() + 8 + width <= screen.right():
            x = window.right() + 8
        elif window.left() - 8 - width >= screen.left():
            x = window.left() - 8 - width
        else:
            x = screen.x() + screen.width() - width
        y = max(screen.top(), min(window.top(), screen.bottom() - height))
        self.setGeometry(x, y, width, min(height, screen.height()))
