"""Edit > Settings…: what a showroom sets once, without editing the settings file.

The attract-mode idle time, whether presentation mode takes the whole screen, the
share-link pattern in QR codes and sheets, and the language. OK applies them to the
window at once (a bad link pattern is said in place, and nothing is applied).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLineEdit, QSpinBox

from livery.catalog.qr import check_link
from livery.ui.dialog_parts import add_form_footer
from livery.ui.placement import keep_on_screen


class SettingsDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        tr, settings = window.lang.tr, window.settings
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("settings.title"))
        form = QFormLayout(self)
        form.setContentsMargins(20, 18, 20, 18)
        self.idle = QSpinBox(self)
        self.idle.setRange(5, 3600)
        self.idle.setSuffix(" s")
        self.idle.setValue(settings.idle_seconds())
        self.full_screen = QCheckBox(tr("settings.full_screen"), self)
        self.full_screen.setChecked(window.presentation_mode.full_screen)
        self.link = QLineEdit(window.summary.link or "", self)
        self.link.setPlaceholderText("https://example.com/b/{code}")
        self.language = QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh")
        self.language.setCurrentIndex(self.language.findData(window.lang.code))
        form.addRow(tr("settings.idle"), self.idle)
        form.addRow("", self.full_screen)
        form.addRow(tr("settings.link"), self.link)
        form.addRow(tr("settings.language"), self.language)
        self.error, self.ok_button = add_form_footer(
            self,
            form,
            error_name="settingsError",
            cancel_text=tr("action.cancel"),
            ok_text=tr("settings.apply"),
            on_ok=self.apply,
        )

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        keep_on_screen(self)

    def apply(self) -> bool:
        """Check, then apply everything to the window and its settings."""
        link = self.link.text().strip()
        if link:
            try:
                check_link(link)
            except ValueError as e:
                self.error.setText(str(e))
                self.error.show()
                return False
        w = self.window_
        seconds = self.idle.value()
        w.presentation_mode.idle.set_idle_ms(seconds * 1000)
        w.presentation_mode.full_screen = self.full_screen.isChecked()
        if w.remember:
            w.settings.set_idle_seconds(seconds)
            w.settings.set_presentation_full_screen(self.full_screen.isChecked())
        w.set_share_link(link)
        w.set_language(self.language.currentData())
        self.accept()
        return True


def open_settings(window: Any) -> SettingsDialog:
    dlg = SettingsDialog(window)
    dlg.open()
    return dlg
