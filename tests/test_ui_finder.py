"""Finding a paint among many: the paint group's search field and colour chips,
driven through the real widgets under Xvfb."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def shown(section) -> set[str]:
    return {oid for oid, tile in section.tiles.items() if not tile.isHidden()}


def test_search_and_colour_chips_filter_the_paint_tiles(qtbot, make_window):
    w = make_window()
    paint = w.panel.sections["paint"]
    finder = paint.finder
    assert finder is not None
    assert w.panel.sections["wheels"].finder is None  # short groups need none
    everything = set(paint.tiles)
    assert shown(paint) == everything
    assert "blue" not in finder.chips  # chips only for the hue groups the group has

    qtbot.keyClicks(finder.search, "ame")
    assert shown(paint) == {"amethyst"}
    finder.search.clear()
    finder.search.setText("紫")  # Chinese names too (typed through an IME: no key clicks)
    assert shown(paint) == {"amethyst", "sunset-purple"}
    finder.search.clear()
    assert shown(paint) == everything

    qtbot.mouseClick(finder.chips["neutral"], Qt.MouseButton.LeftButton)
    assert shown(paint) == {"obsidian-black", "pearl-white", "titanium-silver"}
    qtbot.keyClicks(finder.search, "white")  # both at once
    assert shown(paint) == {"pearl-white"}

    # a filtered tile is picked as any other; the filter survives the sync that follows
    qtbot.mouseClick(paint.tiles["pearl-white"], Qt.MouseButton.LeftButton)
    assert w.build.choices["paint"] == "pearl-white"
    assert shown(paint) == {"pearl-white"}

    finder.search.clear()
    qtbot.keyClicks(finder.search, "no such paint")
    assert shown(paint) == set()
    assert not finder.empty.isHidden()  # says so, and how to get back

    finder.clear()
    assert shown(paint) == everything and finder.empty.isHidden()
    assert finder.hue_group is None


def test_finder_speaks_the_window_language_and_grows_for_touch(qtbot, make_window):
    w = make_window()
    finder = w.panel.sections["paint"].finder
    assert "paint" in finder.search.placeholderText()
    w.lang.set("zh")
    assert "车漆" in finder.search.placeholderText()
    assert finder.chips[None].text() == "全部"
    qtbot.keyClick(w, Qt.Key.Key_F11)  # presentation mode: touch-sized on a big screen
    qtbot.waitUntil(lambda: w.isFullScreen(), timeout=5000)
    qtbot.waitUntil(lambda: finder.chips[None].height() >= 64, timeout=5000)
    assert all(chip.height() >= 64 for chip in finder.chips.values())
    assert finder.search.height() >= 64
