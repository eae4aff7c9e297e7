"""Tools > Paint editor: every parameter of the body paint, editable live.

The editor shows the body's effective finish (the chosen catalog paint, or the
session candidate over it) with each parameter's range from ``Finish.params()``.
An edit makes a candidate finish and hands it to ``Build.set_override``: the Stage
follows the Build as for any pick (uniforms only, no recompiles) and the catalog
stays untouched. "Save as paint…" writes a catalog option file, checked first
against a temporary copy of the catalog (``livery.catalog.paint_design``); the
designer tools then have the window reload the catalog, so the paint is a tile.

The editor observes the Build and blocks its own signals while syncing.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from livery import userdirs
from livery.catalog import Build, BuildChange, Color, Family, Finish
from livery.catalog.loader import DEFAULT_CATALOG
from livery.catalog.paint_design import (
    PaintOption,
    editable_families,
    free_code,
    free_id,
    lab_text,
    locked_params,
    option_file_name,
    parse_color_entry,
    save_option,
)
from livery.slots import Slot
from livery.ui import theme
from livery.ui.dialog_parts import add_form_footer, error_label
from livery.ui.i18n import TABLE, Language

log = logging.getLogger(__name__)

SLIDER_STEPS = 1000
#: Sections in display order: (title key, parameters). Colours are rows of their own.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("editor.section.base", ("metallic", "roughness")),
    ("editor.section.coat", ("coat", "coat_roughness", "orange_peel", "orange_peel_scale")),
    ("editor.section.flakes", ("flake_density", "flake_size", "flake_brightness", "flake_color")),
    ("editor.section.pearl", ("flop_color",)),
    ("editor.section.other", ("sheen", "anisotropy", "opacity", "emission", "texture_scale")),
)
COLOR_PARAMS = ("flake_color", "flop_color")


def entry_text(color: Color) -> str:
    """A colour as it was specified: CIELAB stays CIELAB, exactly as typed (re-read
    through the rounded sRGB hex it would drift: (50, 60, 20) -> (50.0, 59.7, 20.2))."""
    if color.lab is not None:
        return "lab({:g}, {:g}, {:g})".format(*color.lab)
    return color.hex


def _swatch_style(color: Color | None) -> str:
    fill = color.hex if color is not None else "transparent"
    return f"background: {fill}; border: 1px solid {theme.LINE}; border-radius: 6px;"


class ParamRow:
    """A slider and a spin box for one numeric finish parameter."""

    def __init__(self, name: str, parent: QWidget, on_value: Any) -> None:
        self.name = name
        self.param = Finish.params()[name]
        self.label = QLabel(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setObjectName(f"slider-{name}")
        self.slider.setRange(0, SLIDER_STEPS)
        self.spin = QDoubleSpinBox(parent)
        self.spin.setObjectName(f"spin-{name}")
        self.spin.setRange(self.param.lo, self.param.hi)
        self.spin.setDecimals(3)
        self.spin.setSingleStep((self.param.hi - self.param.lo) / 100)
        self.spin.setFixedWidth(78)
        self.spin.setKeyboardTracking(False)
        self.slider.valueChanged.connect(lambda v: self.spin.setValue(self._from_slider(v)))
        self.spin.valueChanged.connect(lambda v: on_value(name, float(v)))

    def _from_slider(self, v: int) -> float:
        return self.param.lo + (self.param.hi - self.param.lo) * v / SLIDER_STEPS

    def set(self, value: float) -> None:
        for w in (self.slider, self.spin):
            w.blockSignals(True)
        self.spin.setValue(value)
        span = self.param.hi - self.param.lo
        self.slider.setValue(round((value - self.param.lo) / span * SLIDER_STEPS))
        for w in (self.slider, self.spin):
            w.blockSignals(False)

    def set_locked(self, locked: bool) -> None:
        self.slider.setEnabled(not locked)
        self.spin.setEnabled(not locked)


class ColorRow:
    """A swatch and a line edit that takes hex or CIELAB."""

    def __init__(self, name: str, parent: QWidget, on_color: Any, optional: bool) -> None:
        self.name = name
        self.optional = optional
        self.label = QLabel(parent)
        self.swatch = QLabel(parent)
        self.swatch.setFixedSize(28, 28)
        self.edit = QLineEdit(parent)
        self.edit.setObjectName(f"color-{name}")
        self.edit.editingFinished.connect(lambda: on_color(name, self.edit.text()))
        self.lab = QLabel(parent)
        self.lab.setObjectName("muted")

    def set(self, color: Color | None, auto_text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setText(entry_text(color) if color is not None else "")
        self.edit.setPlaceholderText(auto_text if self.optional else "")
        self.edit.blockSignals(False)
        self.swatch.setStyleSheet(_swatch_style(color))
        self.lab.setText(f"L*a*b*  {lab_text(color)}" if color is not None else "")


class PaintEditor(QWidget):
    """The body paint's full parameters; edits become the Build's candidate finish."""

    message = Signal(str, str)  # i18n key, detail: the owner shows it
    saved = Signal(str, object)  # path of a saved paint option file, its PaintOption

    def __init__(
        self,
        build: Build,
        lang: Language,
        *,
        slot: Slot = Slot.BODY,
        catalog_root: Path = DEFAULT_CATALOG,
        library: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.build, self.lang, self.slot = build, lang, slot
        self.catalog_root = Path(catalog_root)
        #: Where "Save as paint" writes by default: the paint library, never the shipped catalog.
        self.library = Path(library) if library is not None else userdirs.library_dir()
        self.group = build.catalog.group_of_slot(slot)
        self.families = editable_families(build.catalog, slot)
        self.locked = locked_params(build.catalog, slot)
        self.setObjectName("panel")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        body.setObjectName("panel")
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 14, 16, 16)
        lay.setSpacing(8)

        head = QHBoxLayout()
        self.source = QLabel(body)
        self.source.setObjectName("sectionValue")
        self.source.setWordWrap(True)
        self.badge = QLabel(body)
        self.badge.setObjectName("candidateBadge")
        self.badge.setStyleSheet(
            f"color: {theme.BG}; background: {theme.ACCENT}; border-radius: 4px;"
            "padding: 1px 6px; font-weight: 600;"
        )
        head.addWidget(self.source, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)

        # colour: big swatch, entry (hex or Lab), the numbers
        self.colour_title = self._section(lay, body)
        row = QHBoxLayout()
        self.swatch = QLabel(body)
        self.swatch.setObjectName("paintSwatch")
        self.swatch.setFixedSize(56, 56)
        row.addWidget(self.swatch)
        col = QVBoxLayout()
        self.colour_edit = QLineEdit(body)
        self.colour_edit.setObjectName("colourEdit")
        self.colour_edit.editingFinished.connect(
            lambda: self._color_entered("color", self.colour_edit.text())
        )
        col.addWidget(self.colour_edit)
        self.colour_numbers = QLabel(body)
        self.colour_numbers.setObjectName("muted")
        self.colour_numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.colour_numbers)
        row.addLayout(col, 1)
        lay.addLayout(row)
        self.error = error_label(body, "editorError")
        lay.addWidget(self.error)
        fam = QHBoxLayout()
        self.family_label = QLabel(body)
        self.family = QComboBox(body)
        self.family.setObjectName("familyCombo")
        for f in self.families:
            self.family.addItem("", f.value)
        self.family.currentIndexChanged.connect(
            lambda i: self._edit(family=Family(self.family.itemData(i)))
        )
        fam.addWidget(self.family_label)
        fam.addWidget(self.family, 1)
        lay.addLayout(fam)

        self.rows: dict[str, ParamRow] = {}
        self.color_rows: dict[str, ColorRow] = {}
        self.section_titles: dict[str, QLabel] = {}
        for key, names in SECTIONS:
            self.section_titles[key] = self._section(lay, body)
            grid = QGridLayout()
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(4)
            grid.setColumnStretch(1, 1)
            for r, name in enumerate(names):
                if name in COLOR_PARAMS:
                    cr = ColorRow(name, body, self._color_entered, optional=True)
                    self.color_rows[name] = cr
                    grid.addWidget(cr.label, 2 * r, 0, 1, 3)
                    line = QHBoxLayout()
                    line.addWidget(cr.swatch)
                    line.addWidget(cr.edit, 1)
                    grid.addLayout(line, 2 * r + 1, 0, 1, 3)
                    grid.addWidget(cr.lab, 2 * r + 2, 0, 1, 3)
                    continue
                pr = ParamRow(name, body, self._param_changed)
                pr.set_locked(name in self.locked)
                self.rows[name] = pr
                grid.addWidget(pr.label, 2 * r, 0, 1, 3)
                grid.addWidget(pr.slider, 2 * r + 1, 0, 1, 2)
                grid.addWidget(pr.spin, 2 * r + 1, 2)
            lay.addLayout(grid)

        lay.addSpacing(10)
        buttons = QHBoxLayout()
        self.revert_button = QPushButton(body)
        self.revert_button.setObjectName("revertPaint")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(body)
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save_dialog)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        lay.addLayout(buttons)
        lay.addStretch(1)

        build.subscribe(self._on_build)
        lang.subscribe(self._on_lang)
        self.relabel()

    def _section(self, lay: QVBoxLayout, parent: QWidget) -> QLabel:
        rule = QFrame(parent)
        rule.setObjectName("rule")
        lay.addSpacing(4)
        lay.addWidget(rule)
        t = QLabel(parent)
        t.setObjectName("sectionTitle")
        lay.addWidget(t)
        return t

    def close_editor(self) -> None:
        self.build.unsubscribe(self._on_build)
        self.lang.unsubscribe(self._on_lang)

    # -- reading the build -------------------------------------------------------
    def finish(self) -> Finish | None:
        """The finish on the body now (candidate or catalog)."""
        return self.build.finishes().get(self.slot)

    def candidate(self) -> Finish | None:
        return self.build.overrides.get(self.slot)

    def base_option_name(self) -> str:
        if self.group is None:
            return ""
        return self.build.option(self.group.id).name.get(self.lang.code)

    # -- edits -> build ----------------------------------------------------------
    def _edit(self, **changes: Any) -> bool:
        current = self.finish()
        if current is None:
            return False
        new = replace(current, **changes)
        if new != current:
            self.build.set_override(self.slot, new)
        return True

    def _param_changed(self, name: str, value: float) -> None:
        self._edit(**{name: value})

    def set_param(self, name: str, value: float) -> None:
        """Set one numeric parameter (as the slider would)."""
        if name not in Finish.params():
            raise KeyError(name)
        self.rows[name].spin.setValue(value)

    def set_color_text(self, text: str, name: str = "color") -> bool:
        """Enter a colour as a person would (hex or L*a*b*); False if it isn't one."""
        edit = self.colour_edit if name == "color" else self.color_rows[name].edit
        edit.setText(text)
        return self._color_entered(name, text)

    def _color_entered(self, name: str, text: str) -> bool:
        text = text.strip()
        if name in COLOR_PARAMS and not text:
            self._show_error("")
            return self._edit(**{name: None})
        try:
            color = parse_color_entry(text)
        except ValueError as e:
            self._show_error(self.lang.tr("editor.bad_colour", detail=str(e)))
            return False
        self._show_error("")
        current = self.finish()
        if current is not None and getattr(current, name) == color:
            return True
        return self._edit(**{name: color})

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def revert(self) -> None:
        self.build.set_override(self.slot, None)

    # -- saving --------------------------------------------------------------------
    def suggested_option(self) -> PaintOption:
        cat, gid = self.build.catalog, self.group.id if self.group else "paint"
        base = self.build.option(gid)
        name_en = f"{base.name.en} Candidate"
        return PaintOption(
            id=free_id(cat, gid, name_en),
            name_en=name_en,
            name_zh=f"{base.name.zh} 候选",
            code=free_code(cat, gid),
            price=base.price,
            finish=self.finish() or base.finishes[self.slot],
            custom=True,
            group=gid,
        )

    def save_option(self, option: PaintOption, path: Path | None = None) -> Path:
        """Check ``option`` against a copy of the catalog and write it; raises ValueError."""
        out = save_option(self.catalog_root, option, path, library=self.library)
        self.saved.emit(str(out), option)
        return out

    def save_dialog(self) -> SavePaintDialog:
        dlg = SavePaintDialog(self, self.suggested_option())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- build -> widgets -------------------------------------------------------
    def _on_build(self, change: BuildChange) -> None:
        if change.vehicle_changed or self.slot in change.slots:
            self.sync()

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.colour_title.setText(tr("editor.section.colour").upper())
        for key, t in self.section_titles.items():
            t.setText(tr(key).upper())
        self.family_label.setText(tr("editor.family"))
        self.colour_edit.setPlaceholderText(tr("editor.colour_hint"))
        self.colour_edit.setToolTip(tr("editor.colour_hint"))
        for i in range(self.family.count()):
            key = f"family.{self.family.itemData(i)}"
            self.family.setItemText(i, tr(key) if key in TABLE else self.family.itemData(i))
        for name, row in self.rows.items():
            p = row.param
            row.label.setText(tr(f"param.{name}"))
            tip = f"{p.doc}\n{tr('editor.range', lo=f'{p.lo:g}', hi=f'{p.hi:g}')}"
            if name in self.locked:
                tip += "\n" + tr("editor.locked")
            for w in (row.label, row.slider, row.spin):
                w.setToolTip(tip)
        for name, cr in self.color_rows.items():
            cr.label.setText(tr(f"param.{name}"))
            cr.edit.setToolTip(tr("editor.colour_hint"))
        self.badge.setText(tr("editor.candidate"))
        self.revert_button.setText(tr("editor.revert"))
        self.save_button.setText(tr("editor.save"))
        self.sync()

    def sync(self) -> None:
        f = self.finish()
        cand = self.candidate() is not None
        name = self.base_option_name()
        tr = self.lang.tr
        self.source.setText(
            tr("editor.based_on", name=name) if cand else tr("editor.catalog", name=name)
        )
        self.badge.setVisible(cand)
        self.revert_button.setEnabled(cand)
        self.setEnabled(f is not None)
        if f is None:
            return
        self.colour_edit.blockSignals(True)
        self.colour_edit.setText(entry_text(f.color))
        self.colour_edit.blockSignals(False)
        self.swatch.setStyleSheet(_swatch_style(f.color))
        L, a, b = f.color.to_lab()
        self.colour_numbers.setText(f"sRGB {f.color.hex}   ·   L*a*b* {L:.1f}, {a:.1f}, {b:.1f}")
        self.family.blockSignals(True)
        i = self.family.findData(f.family.value)
        if i < 0:  # a family the slot's shaders don't hold: show it, read-only
            self.family.addItem(f.family.value, f.family.value)
            i = self.family.count() - 1
        self.family.setCurrentIndex(i)
        self.family.blockSignals(False)
        for pname, row in self.rows.items():
            row.set(float(getattr(f, pname)))
        auto = tr("editor.auto")
        for cname, cr in self.color_rows.items():
            cr.set(getattr(f, cname), auto)


class SavePaintDialog(QDialog):
    """Names, id, code, price and file of the paint to save; errors shown in place."""

    def __init__(self, editor: PaintEditor, suggestion: PaintOption) -> None:
        super().__init__(editor.window())
        self.editor, self.suggestion = editor, suggestion
        tr = editor.lang.tr
        self.setObjectName("savePaintDialog")
        self.setWindowTitle(tr("save.title"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        form.setContentsMargins(20, 18, 20, 18)
        form.setSpacing(10)
        self.name_en = QLineEdit(suggestion.name_en, self)
        self.name_zh = QLineEdit(suggestion.name_zh, self)
        self.option_id = QLineEdit(suggestion.id, self)
        self.code = QSpinBox(self)
        self.code.setRange(0, 1023)
        self.code.setValue(suggestion.code)
        self.price = QSpinBox(self)
        self.price.setRange(0, 10_000_000)
        self.price.setSingleStep(1000)
        self.price.setValue(suggestion.price)
        self.custom = QCheckBox(tr("save.custom"), self)
        self.custom.setChecked(suggestion.custom)
        self.path = QLineEdit(str(editor.library / option_file_name(suggestion)), self)
        browse = QPushButton(tr("save.browse"), self)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow(tr("save.name_en"), self.name_en)
        form.addRow(tr("save.name_zh"), self.name_zh)
        form.addRow(tr("save.id"), self.option_id)
        form.addRow(tr("save.code"), self.code)
        form.addRow(tr("save.price"), self.price)
        form.addRow("", self.custom)
        form.addRow(tr("save.file"), file_row)
        hint = QLabel(tr("save.checked"), self)
        hint.setObjectName("muted")
        form.addRow(hint)
        self.error, self.save_button = add_form_footer(
            self,
            form,
            error_name="saveError",
            cancel_text=tr("action.cancel"),
            ok_text=tr("save.save"),
            on_ok=self.try_save,
        )
        self.name_en.textEdited.connect(self._name_edited)
        self.saved_path: Path | None = None

    def _name_edited(self, text: str) -> None:
        cat, gid = self.editor.build.catalog, self.suggestion.group
        new_id = free_id(cat, gid, text)
        self.option_id.setText(new_id)
        self.path.setText(str(Path(self.path.text()).with_name(f"{gid}-{new_id}.toml")))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path.text(), self.editor.lang.tr("filter.toml")
        )
        if path:
            self.path.setText(path)

    def option(self) -> PaintOption:
        return replace(
            self.suggestion,
            id=self.option_id.text().strip(),
            name_en=self.name_en.text(),
            name_zh=self.name_zh.text(),
            code=self.code.value(),
            price=self.price.value(),
            custom=self.custom.isChecked(),
        )

    def try_save(self) -> bool:
        try:
            self.saved_path = self.editor.save_option(self.option(), Path(self.path.text()))
        except (ValueError, OSError) as e:
            log.info("saving paint failed: %s", e)
            self.error.setText(str(e))
            self.error.show()
            return False
        self.accept()
        return True
