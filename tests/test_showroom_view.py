"""The view under the hands: zoom toward the cursor, the preset highlight clears when
the view is moved, the share code in the status bar keeps its dashes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from livery.catalog.sharecode import pretty


def world_under(viewport, x: float, y: float) -> np.ndarray:
    ren = viewport.stage.renderer
    pose = viewport.camera_pose()
    w, h = ren.GetRenderWindow().GetSize()
    sx, sy = x * w / viewport.interactor.width(), y * h / viewport.interactor.height()
    ren.SetWorldPoint(*pose.focal_point, 1.0)
    ren.WorldToDisplay()
    ren.SetDisplayPoint(sx, h - sy, ren.GetDisplayPoint()[2])
    ren.DisplayToWorld()
    p = np.array(ren.GetWorldPoint())
    return p[:3] / p[3]


def on_screen(viewport, point: np.ndarray) -> np.ndarray:
    ren = viewport.stage.renderer
    w, h = ren.GetRenderWindow().GetSize()
    ren.SetWorldPoint(*point, 1.0)
    ren.WorldToDisplay()
    dx, dy, _ = ren.GetDisplayPoint()
    return np.array(
        [dx * viewport.interactor.width() / w, (h - dy) * viewport.interactor.height() / h]
    )


def wheel(widget, pos: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_wheel_zooms_toward_the_cursor_and_clears_the_preset_highlight(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    vp.move_camera("side", animate=False)
    assert w.camera_bar.buttons["side"].isChecked()
    iw, ih = vp.interactor.width(), vp.interactor.height()
    cursor = QPoint(round(iw * 0.75), round(ih * 0.4))  # right of the centre
    target = world_under(vp, cursor.x(), cursor.y())
    before = np.linalg.norm(np.array(vp.camera_pose().position) - target)
    wheel(vp.interactor, cursor, 2)
    after = np.linalg.norm(np.array(vp.camera_pose().position) - target)
    assert after < before * 0.8  # closer
    assert np.allclose(on_screen(vp, target), [cursor.x(), cursor.y()], atol=1.5)  # stays put
    assert not any(b.isChecked() for b in w.camera_bar.buttons.values())


def test_zoom_toward_the_centre_would_move_the_point(qtbot, make_window):
    """Negative control: a plain dolly toward the focal point moves an off-centre point."""
    w = make_window()
    vp = w.viewport
    vp.move_camera("side", animate=False)
    iw, ih = vp.interactor.width(), vp.interactor.height()
    cursor = QPoint(round(iw * 0.75), round(ih * 0.4))
    target = world_under(vp, cursor.x(), cursor.y())
    vp.stage.renderer.GetActiveCamera().Dolly(1.4)
    assert not np.allclose(on_screen(vp, target), [cursor.x(), cursor.y()], atol=1.5)


def test_pinch_zooms_like_the_wheel(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    start = np.array(vp.camera_pose().position)
    vp.gestures.zoom_at(QPointF(vp.interactor.width() / 2, vp.interactor.height() / 2), 1 / 1.5)
    focal = np.array(vp.camera_pose().focal_point)
    assert np.linalg.norm(np.array(vp.camera_pose().position) - focal) < np.linalg.norm(
        start - focal
    )


def test_loaded_share_code_in_the_status_bar_has_its_dashes(qtbot, make_window):
    w = make_window()
    w.session.pick("paint", "racing-red")
    code = w.build.share_code()
    w.session.reset()
    assert w.load_share_code(code)
    assert pretty(code) in w.statusBar().currentMessage()  # 1103-0000-..., not 11030000...
