"""Touch first: a tap on a forbidden option says why in place and offers the fix (one
undo step); a long press shows what hover shows and picks nothing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolTip

from livery.catalog import BuildState, load_catalog
from livery.catalog.session import BuildSession
from livery.ui.touch import LONG_PRESS_MS


def test_fix_for_changes_only_what_the_rules_need():
    session = BuildSession(load_catalog())
    session.pick("decal", "lightning-gold")
    fix = session.fix_for("paint", "golden-pink-matte")
    assert fix is not None
    assert fix.choices["paint"] == "golden-pink-matte" and fix.choices["decal"] == "none"
    changed = {g for g, o in fix.choices.items() if session.build.choices[g] != o}
    assert changed == {"paint", "decal"}
    assert session.build.choices["paint"] != "golden-pink-matte"  # nothing applied yet


def test_fix_for_an_option_the_vehicle_does_not_offer_is_none():
    session = BuildSession(load_catalog(), BuildState("yu7-max", {}))
    assert session.fix_for("paint", "sprout-yellow") is None


def test_tapping_a_forbidden_option_offers_the_fix_as_one_undo_step(qtbot, make_window):
    w = make_window()
    qtbot.mouseClick(w.panel.tile("decal", "lightning-gold"), Qt.MouseButton.LeftButton)
    tile = w.panel.tile("paint", "golden-pink-matte")
    assert not tile.isEnabled()
    before = w.build.state()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    card = w.fix_offer
    qtbot.waitUntil(card.isVisible)
    assert "matte" in card.reason.text()
    assert card.question.text() == (
        "Remove the body decal (Lightning, gold) and choose Golden Pink Matte?"
    ), card.question.text()
    assert w.build.choices["paint"] != "golden-pink-matte"  # asked, not done
    qtbot.mouseClick(card.yes_button, Qt.MouseButton.LeftButton)
    assert w.build.choices["paint"] == "golden-pink-matte"
    assert w.build.choices["decal"] == "none"
    w.undo()  # one step back: both
    assert w.build.state() == before


def test_no_keeps_the_build(qtbot, make_window):
    w = make_window()
    qtbot.mouseClick(w.panel.tile("decal", "lightning-gold"), Qt.MouseButton.LeftButton)
    before = w.build.state()
    qtbot.mouseClick(w.panel.tile("paint", "golden-pink-matte"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.fix_offer.no_button, Qt.MouseButton.LeftButton)
    assert w.build.state() == before


def test_the_card_opens_on_the_screen(qtbot, make_window):
    w = make_window()
    qtbot.mouseClick(w.panel.tile("decal", "lightning-gold"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.panel.tile("paint", "golden-pink-matte"), Qt.MouseButton.LeftButton)
    card = w.fix_offer
    qtbot.waitUntil(card.isVisible)
    assert w.screen().availableGeometry().contains(card.frameGeometry())
    card.close()


def test_long_press_shows_the_tip_and_picks_nothing(qtbot, make_window):
    w = make_window()
    tile = w.panel.tile("paint", "racing-red")
    before = w.build.state()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(QToolTip.isVisible, timeout=LONG_PRESS_MS * 4)
    assert "Racing Red" in QToolTip.text()
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert w.build.state() == before
    QToolTip.hideText()
    QApplication.processEvents()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)  # a short tap still picks
    assert w.build.choices["paint"] == "racing-red"
