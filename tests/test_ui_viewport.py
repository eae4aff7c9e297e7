"""The viewport takes no keys: pyvista's and VTK's bindings ('q' closes, 'w' shows
wireframes, 'r' resets the camera, ...) never fire in a showroom; the window's own
shortcuts still do."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_keys_over_the_3d_view_reach_the_window_not_vtk(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    n = vp.frames
    vp.request_render()
    qtbot.waitUntil(lambda: vp.frames > n, timeout=10000)
    pose = vp.camera_pose()
    view = vp.interactor
    view.setFocus()
    for key in (Qt.Key.Key_R, Qt.Key.Key_W, Qt.Key.Key_S, Qt.Key.Key_3, Qt.Key.Key_Q):
        qtbot.keyClick(view, key)
    vp.frame()
    assert vp.camera_pose() == pose  # 'r' did not reset the camera
    assert all(v.actor.GetProperty().GetRepresentation() == 2 for v in vp.stage.views)  # surface
    assert w.isVisible() and view.isVisible()  # 'q' closed nothing
    qtbot.keyClick(view, Qt.Key.Key_T)  # the window's turntable shortcut
    assert vp.turntable
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert not vp.turntable


def test_paint_frame_draws_the_3d_view_where_it_sits_in_the_window(qtbot, make_window):
    """For window pictures (GL content need not come through QWidget.grab)."""
    import numpy as np
    from PySide6.QtGui import QColor, QImage, QPainter

    w = make_window()
    vp = w.viewport
    frame = vp.frame()
    img = QImage(w.size(), QImage.Format.Format_RGB32)
    img.fill(QColor(255, 0, 255))
    p = QPainter(img)
    vp.paint_frame(p, w)
    p.end()
    top_left = vp.interactor.mapTo(w, vp.interactor.rect().topLeft())
    h, wd = frame.shape[:2]
    assert (wd, h) == (vp.interactor.width(), vp.interactor.height())
    for fx, fy in ((0, 0), (wd // 2, h // 2), (wd // 4, h // 3), (wd - 1, h - 1)):
        c = img.pixelColor(top_left.x() + fx, top_left.y() + fy)
        assert np.abs(np.array(c.getRgb()[:3]) - frame[fy, fx]).max() <= 8, (fx, fy)
    outside = img.pixelColor(top_left.x() + wd, top_left.y())
    assert outside.getRgb()[:3] == (255, 0, 255)


def test_a_vehicle_taken_off_stage_is_freed(qtbot, make_window, monkeypatch):
    """Nothing but the Stage's few kept casts holds a vehicle once another is shown.

    The kiosk soak found a fifth model alive (a vehicle file's textures with it): the
    viewport's framing cache held the last model it had outlined for presentation.
    """
    import gc
    import weakref

    from livery.vehicles.standin import load_standin

    monkeypatch.setattr("livery.scene.stage.KEPT_VEHICLES", 1)  # the cast goes at once
    w = make_window()
    vp = w.viewport
    shown = load_standin("su7-ultra")
    vp.show_build(w.build, shown)
    w.set_presentation(True)  # the car framed beside the overlay: its outline measured
    vp.frame()
    w.set_presentation(False)
    gone = weakref.ref(shown)
    del shown
    vp.show_build(w.build, load_standin("su7-ultra"))  # a fresh copy: another model
    gc.collect()
    assert gone() is None, [type(r).__name__ for r in gc.get_referrers(gone())]
    vp.frame()  # and the new one frames
