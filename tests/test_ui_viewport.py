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
