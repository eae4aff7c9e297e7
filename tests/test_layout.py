"""Layouts that fit: from 1280x720 to 3840x2160 (logical, so 100-200% scaling of the
physical screens), every visible control lies whole inside the window, the docked
paint editor and presentation mode included; pop-ups open on their screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from livery.ui.placement import fit_rect

#: Logical screen sizes: 1280x720 at 100% (or 2560x1440 at 200%), a 1366x768 laptop,
#: 1536x864 (1920x1080 at 125%), 1920x1080, 3840x2160 at 100%.
SIZES = [(1280, 720), (1366, 768), (1536, 864), (1920, 1080), (3840, 2160)]
CONTROLS = (QAbstractButton, QLabel, QLineEdit, QAbstractSlider, QAbstractSpinBox, QComboBox)


def clipped_controls(window: QWidget) -> list[str]:
    """Visible controls not wholly inside every ancestor up to the window (content of a
    scroll area counts as inside: it scrolls)."""
    bad = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible() or w.isWindow():
            continue
        if isinstance(w, QLabel) and not (w.text() or w.pixmap() is not None):
            continue
        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        node = w.parentWidget()
        while node is not None and not node.isWindow():
            if isinstance(node.parentWidget(), QAbstractScrollArea):
                break  # scrolls into view
            box = QRect(node.mapTo(window, QPoint(0, 0)), node.size())
            if not box.contains(rect):
                bad.append(f"{w.objectName() or type(w).__name__} {rect} outside {node}")
                break
            node = node.parentWidget()
        else:
            if not window.rect().contains(rect):
                bad.append(f"{w.objectName() or type(w).__name__} {rect} outside the window")
    return bad


def fits(window: QWidget, size: tuple[int, int]) -> list[str]:
    window.resize(*size)
    for _ in range(3):
        window.layout().activate()
        QApplication.processEvents()
    problems = clipped_controls(window)
    if window.width() > size[0] or window.height() > size[1]:
        problems.append(f"window {window.size()} larger than {size}")
    return problems


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_control_is_inside_the_window_at_every_size(qtbot, make_window, lang):
    w = make_window(lang=lang)
    for size in SIZES:
        assert fits(w, size) == [], size


def test_with_the_paint_editor_and_lighting_docked_everything_fits(qtbot, make_window):
    w = make_window()
    w.designer.show_lighting()
    w.designer.show_editor()
    for size in SIZES:
        assert fits(w, size) == [], size


def test_presentation_mode_fits(qtbot, make_window):
    w = make_window()
    w.set_presentation(True)
    for size in SIZES:
        assert fits(w, size) == [], size
    w.set_presentation(False)


def test_the_check_finds_a_control_cut_off(qtbot, make_window):
    """Negative control: a button pushed past the header's edge is reported."""
    w = make_window()
    w.resize(1280, 720)
    w.surprise_button.move(w.header.width() - 10, 0)
    assert any("primary" in p for p in clipped_controls(w))


def test_the_header_folds_to_glyphs_when_narrow_and_says_the_full_label(qtbot, make_window):
    w = make_window()
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: not w.header.compact)
    assert w.undo_button.text().endswith("Undo")
    w.resize(760, 720)  # narrower than the full labels (about 980 px in English)
    qtbot.waitUntil(lambda: w.header.compact)
    assert w.undo_button.text() == "↶"
    assert w.undo_button.toolTip().endswith("Undo")
    assert w.undo_button.accessibleName().endswith("Undo")


def test_short_windows_fold_the_summary_rows_until_asked(qtbot, make_window):
    w = make_window()
    w.resize(1920, 1200)
    qtbot.waitUntil(lambda: w.summary.details_button.isChecked())
    assert w.summary._rows["paint"][1].isVisible()
    w.resize(1366, 768)
    qtbot.waitUntil(lambda: not w.summary.details_button.isChecked())
    assert not w.summary._rows["paint"][1].isVisible()
    assert w.summary.total.isVisible() and w.summary.code.isVisible()
    qtbot.mouseClick(
        w.summary.details_button, __import__("PySide6").QtCore.Qt.MouseButton.LeftButton
    )
    assert w.summary._rows["paint"][1].isVisible()
    w.resize(1280, 720)  # the choice stands
    assert w.summary._rows["paint"][1].isVisible()


def test_the_qr_popup_opens_whole_on_the_screen(qtbot, make_window):
    w = make_window()
    screen = w.screen().availableGeometry()
    # the window at the screen's bottom: below the button there is no room
    w.move(screen.x(), screen.bottom() - w.frameGeometry().height() + 1)
    w.summary.show_qr()
    qtbot.waitUntil(w.summary.qr.isVisible)
    popup = w.summary.qr.frameGeometry()
    assert screen.contains(popup), (popup, screen)
    w.summary.qr.close()


@pytest.mark.parametrize(
    ("rect", "expected"),
    [
        (QRect(900, 500, 200, 200), QRect(600, 400, 200, 200)),  # off the bottom right
        (QRect(-50, -20, 100, 100), QRect(0, 0, 100, 100)),  # off the top left
        (QRect(0, 0, 1000, 700), QRect(0, 0, 800, 600)),  # larger: shrunk
    ],
)
def test_fit_rect_keeps_rects_inside(rect, expected):
    assert fit_rect(rect, QRect(0, 0, 800, 600)) == expected
