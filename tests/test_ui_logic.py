"""The Qt-free parts of the UI: undo history, labels."""

from __future__ import annotations

import sys

import pytest

from livery.catalog import BuildState
from livery.ui.history import History
from livery.ui.i18n import TABLE, Language


def test_history_undo_redo():
    h = History()
    s0, s1, s2 = (BuildState("su7-ultra", {"paint": p}) for p in ("a", "b", "c"))
    h.record(s0)
    h.record(s1)
    assert h.undo(s2) == s1 and h.undo(s1) == s0 and h.undo(s0) is None
    assert h.redo(s0) == s1
    h.record(s1)
    assert not h.can_redo()


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
