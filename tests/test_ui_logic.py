"""The Qt-free parts of the UI: labels."""

from __future__ import annotations

import sys

import pytest

from livery.ui.i18n import TABLE, Language


def test_every_label_has_both_languages():
    for key, (en, zh) in TABLE.items():
        assert en and zh, key
    lang = Language("zh")
    assert lang.tr("action.undo") == "撤销"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check")
def test_the_app_without_a_display_says_so(monkeypatch, capsys):
    from livery.cli import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["--lang", "en"]) == 2
    assert "no display" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check")
def test_a_wayland_session_without_xwayland_says_the_view_needs_x11(monkeypatch, capsys):
    from livery.cli import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["--lang", "en"]) == 2
    assert "needs X11" in capsys.readouterr().err
