"""Edit > Settings…: idle time, presentation, share link and language, applied at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from livery.ui.settings_dialog import SettingsDialog


def test_settings_dialog_applies_everything(qtbot, make_window):
    w = make_window()
    w.action_registry["action.settings"].trigger()
    dlg = w.findChild(SettingsDialog)
    assert dlg is not None and dlg.isVisible()
    assert w.screen().availableGeometry().contains(dlg.frameGeometry())
    dlg.idle.setValue(15)
    dlg.full_screen.setChecked(False)
    dlg.link.setText("https://cars.example/b/{code}")
    dlg.language.setCurrentIndex(dlg.language.findData("zh"))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert w.presentation_mode.idle._timer.interval() == 15000
    assert not w.presentation_mode.full_screen
    assert w.summary.link == "https://cars.example/b/{code}"
    assert w.lang.code == "zh"


def test_a_bad_link_is_said_in_place_and_nothing_changes(qtbot, make_window):
    w = make_window()
    dlg = SettingsDialog(w)
    qtbot.addWidget(dlg)
    dlg.link.setText("https://cars.example/no-code-here")
    dlg.language.setCurrentIndex(dlg.language.findData("zh"))
    assert not dlg.apply()
    assert dlg.error.text() and w.lang.code == "en" and w.summary.link is None


def test_settings_store_idle_and_full_screen(tmp_path):
    from PySide6.QtCore import QSettings

    from livery.ui.settings import Settings

    s = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert s.presentation_full_screen()
    s.set_idle_seconds(2)
    s.set_presentation_full_screen(False)
    assert s.idle_seconds() == 5 and not s.presentation_full_screen()
