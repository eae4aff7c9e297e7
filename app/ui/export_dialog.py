"""File > Export image…: the current view at a chosen size, lit as now.

Presets (the window's size, 1920x1080, 3840x2160, custom) and optional 2x
supersampling. The picture comes from the viewport's offscreen Stage
(``Viewport.export_image``), which reports its steps; a progress dialog shows
them (and allows cancelling between steps), so a large export never leaves the
window frozen without feedback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from livery.scene.looks import IMAGE_SIDE, Lighting, is_environment_file
from livery.ui.dialog_parts import add_form_footer
from livery.ui.i18n import Language

log = logging.getLogger(__name__)

PRESETS: tuple[tuple[str, tuple[int, int] | None], ...] = (
    ("window", None),
    ("fullhd", (1920, 1080)),
    ("uhd", (3840, 2160)),
    ("custom", None),
)
MIN_SIDE, MAX_SIDE = IMAGE_SIDE
STEP_KEYS = ("prepare", "light", "render", "write", "done")


def lighting_text(lang: Language, lighting: Lighting) -> str:
    env = lighting.environment
    env_text = Path(env).name if is_environment_file(env) else lang.tr(f"env.{env}")
    return f"{env_text} · {lang.tr(f'tone.{lighting.tone}')} · {lighting.ev:+.1f} EV"


def run_export(
    viewport: Any,
    lang: Language,
    path: str | Path,
    size: tuple[int, int],
    supersample: int = 1,
    parent: QWidget | None = None,
) -> Path:
    """Export with a window-modal progress dialog; raises what the export raises
    (InterruptedError when the user cancels)."""
    w, h = size
    dlg = QProgressDialog(parent)
    dlg.setObjectName("exportProgress")
    dlg.setWindowTitle(lang.tr("export.title"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setCancelButtonText(lang.tr("action.cancel"))
    dlg.setRange(0, 100)
    dlg.setMinimumDuration(0)
    dlg.setMinimumWidth(360)
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)

    def progress(step: str, fraction: float) -> bool:
        key = f"export.step.{step}" if step in STEP_KEYS else "export.step.render"
        dlg.setLabelText(lang.tr(key, w=w, h=h) if step == "render" else lang.tr(key))
        dlg.setValue(round(fraction * 100))
        QApplication.processEvents()  # paint the step before the (blocking) GL work
        return not dlg.wasCanceled()

    dlg.show()
    try:
        return viewport.export_image(path, size, supersample=supersample, progress=progress)
    finally:
        dlg.close()
        dlg.deleteLater()


class ExportDialog(QDialog):
    """Size preset, edges, file; Export runs ``run_export``."""

    def __init__(
        self,
        viewport: Any,
        lang: Language,
        lighting: Lighting,
        default_path: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.viewport, self.lang = viewport, lang
        tr = lang.tr
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("export.title"))
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        form.setContentsMargins(20, 18, 20, 18)
        form.setSpacing(10)
        vs = viewport.view_size()
        self.window_size = (max(vs.width(), MIN_SIDE), max(vs.height(), MIN_SIDE))
        self.preset = QComboBox(self)
        self.preset.setObjectName("exportPreset")
        for key, _ in PRESETS:
            ww, wh = self.window_size
            self.preset.addItem(
                tr(f"export.{key}", w=ww, h=wh) if key == "window" else tr(f"export.{key}"), key
            )
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for b in (self.width_box, self.height_box):
            b.setRange(MIN_SIDE, MAX_SIDE)
            b.setMinimumWidth(90)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addStretch(1)
        self.quality = QComboBox(self)
        self.quality.setObjectName("exportQuality")
        self.quality.addItem(tr("export.ss1"), 1)
        self.quality.addItem(tr("export.ss2"), 2)
        self.lighting = QLabel(lighting_text(lang, lighting), self)
        self.lighting.setObjectName("sectionValue")
        self.path = QLineEdit(default_path, self)
        browse = QPushButton(tr("save.browse"), self)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow(tr("export.size"), self.preset)
        form.addRow("", size_row)
        form.addRow(tr("export.quality"), self.quality)
        form.addRow(tr("export.lighting"), self.lighting)
        form.addRow(tr("save.file"), file_row)
        self.error, self.export_button = add_form_footer(
            self,
            form,
            error_name="exportError",
            cancel_text=tr("action.cancel"),
            ok_text=tr("export.export"),
            on_ok=self.export,
        )
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.preset.setCurrentIndex(1)
        self._on_preset(1)
        self.written: Path | None = None

    def set_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(key))

    def _on_preset(self, i: int) -> None:
        key = self.preset.itemData(i)
        size = dict(PRESETS).get(key) or (self.window_size if key == "window" else None)
        custom = key == "custom"
        for b in (self.width_box, self.height_box):
            b.setEnabled(custom)
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def image_size(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path.text(), self.lang.tr("filter.png")
        )
        if path:
            self.path.setText(path)

    def export(self) -> bool:
        path = Path(self.path.text().strip())
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            self.written = run_export(
                self.viewport, self.lang, path, self.image_size(), self.quality.currentData(), self
            )
        except InterruptedError:
            return False
        except Exception as e:  # noqa: BLE001 - any failure is a message in the dialog
            log.exception("export failed")
            self.error.setText(f"{self.lang.tr('msg.bad_export')} {e}")
            self.error.show()
            return False
        self.accept()
        return True
