"""The car framed in the free part of the view: never under the presentation overlay."""

from __future__ import annotations

import numpy as np
import pytest

from livery.scene.looks import CAMERAS, INSIDE_CAMERAS


def projected_box(viewport) -> tuple[float, float, float, float]:
    """The car's bounds on screen (every vertex): (left, top, right, bottom) in view pixels."""
    ren = viewport.stage.renderer
    w, h = ren.GetRenderWindow().GetSize()
    points = np.concatenate([p.vertices for p in viewport.model.parts]).astype(np.float64)
    cam = ren.GetActiveCamera()
    m = cam.GetCompositeProjectionTransformMatrix(w / h, -1, 1)
    proj = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    clip = np.c_[points, np.ones(len(points))] @ proj.T
    ndc = clip[:, :2] / clip[:, 3:4]
    xs, ys = (ndc[:, 0] + 1) / 2 * w, (1 - ndc[:, 1]) / 2 * h
    return xs.min(), ys.min(), xs.max(), ys.max()


def whole_car_views(viewport) -> list[str]:
    """The presets that show the whole car (not the close-ups of a wheel or the badge)
    when the view is not framed."""
    area = viewport.free_area
    viewport.set_free_area(None)
    width, height = viewport.stage.renderer.GetRenderWindow().GetSize()
    names = []
    for name in CAMERAS:
        if name in INSIDE_CAMERAS:
            continue
        viewport.move_camera(name, animate=False)
        left, top, right, bottom = projected_box(viewport)
        if left >= 0 and top >= 0 and right <= width and bottom <= height:
            names.append(name)
    viewport.set_free_area(area)
    return names


@pytest.fixture
def presenting(make_window):
    w = make_window()
    w.set_presentation(True)
    w.presentation_mode.place_overlay()
    yield w
    w.set_presentation(False)


def test_presets_frame_the_car_beside_the_presentation_overlay(presenting):
    w = presenting
    vp = w.viewport
    area = vp.free_area
    assert area is not None
    width, height = vp.stage.renderer.GetRenderWindow().GetSize()
    overlay = w.overlay.geometry()
    views = whole_car_views(vp)
    assert {"front34", "side"} <= set(views), views
    for name in views:
        vp.move_camera(name, animate=False)
        vp.render()
        left, top, right, bottom = projected_box(vp)
        assert left >= area[0] * width - 2 and right <= area[2] * width + 2, name
        assert top >= area[1] * height - 2 and bottom <= area[3] * height + 2, name
        assert left > overlay.right() or top > overlay.bottom(), name  # never under it


def test_without_the_free_area_the_overlay_covers_the_car(presenting):
    """Negative control: the same views centred put the car under the overlay."""
    w = presenting
    vp = w.viewport
    views = whole_car_views(vp)
    vp.set_free_area(None)
    overlay = w.overlay.geometry()
    covered = []
    for name in views:
        vp.move_camera(name, animate=False)
        left, top, _right, _bottom = projected_box(vp)
        covered.append(left < overlay.right() and top < overlay.bottom())
    assert any(covered)


def test_the_pose_read_back_is_the_pose_set(presenting):
    """Framing changes only how a pose is shown: presets, bounds and pictures see the
    pose as set (a picture of the view is the plain, centred preset)."""
    vp = presenting.viewport
    vp.move_camera("side", animate=False)
    expected = vp.stage.camera_pose("side")
    got = vp.camera_pose()
    assert np.allclose(got.position, expected.position, atol=1e-6)
    assert got.view_angle == pytest.approx(expected.view_angle)
    assert vp.camera_state().at_preset


def test_leaving_presentation_centres_the_view_again(presenting):
    w = presenting
    w.set_presentation(False)
    assert w.viewport.free_area is None
    assert w.viewport.stage.renderer.GetActiveCamera().GetWindowCenter() == (0.0, 0.0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_car_fills_most_of_the_free_area_and_stays_inside_it(make_window, lang):
    w = make_window(lang=lang)
    w.set_presentation(True)
    w.presentation_mode.place_overlay()
    vp = w.viewport
    left_a, top_a, right_a, bottom_a = vp.free_area
    width, height = vp.stage.renderer.GetRenderWindow().GetSize()
    area_w, area_h = (right_a - left_a) * width, (bottom_a - top_a) * height
    fills = {}
    for name in ("front34", "side", "rear34"):
        vp.move_camera(name, animate=False)
        vp.render()
        left, top, right, bottom = projected_box(vp)
        assert left >= left_a * width - 2 and right <= right_a * width + 2, name
        assert top >= top_a * height - 2 and bottom <= bottom_a * height + 2, name
        fills[name] = max((right - left) / area_w, (bottom - top) / area_h)
    # (shrunk by the area's shorter side alone, about its centre: front 3/4 filled 0.49)
    assert min(fills.values()) >= 0.85, fills
    rig = vp.stage.camera
    rig.spin = 40.0  # the attract loop: every angle fills the area and stays in it
    for _ in range(9):
        rig.advance(1.0)
        vp.render()
        left, top, right, bottom = projected_box(vp)
        assert left >= left_a * width - 2 and right <= right_a * width + 2
        assert top >= top_a * height - 2 and bottom <= bottom_a * height + 2
        assert max((right - left) / area_w, (bottom - top) / area_h) >= 0.85
    rig.spin = 0.0
    w.set_presentation(False)


def test_starting_in_presentation_mode_frames_the_car_once_the_window_shows(qtbot, make_window):
    """``livery --presentation`` turns the mode on before the window is shown: the
    overlay's place and the framing follow when the view shows."""
    w = make_window()
    w.hide()
    w.set_presentation(True)
    w.show()
    vp = w.viewport
    qtbot.waitUntil(lambda: vp.free_area is not None, timeout=30000)
    left_a, top_a, right_a, bottom_a = vp.free_area
    overlay = w.overlay.geometry()
    assert left_a * vp.width() > overlay.right() or top_a * vp.height() > overlay.bottom()
    vp.render()
    width, height = vp.stage.renderer.GetRenderWindow().GetSize()
    left, top, right, bottom = projected_box(vp)
    assert left >= left_a * width - 2 and right <= right_a * width + 2
    assert top >= top_a * height - 2 and bottom <= bottom_a * height + 2
    w.set_presentation(False)


def test_a_wheel_zoom_zooms_the_framed_view(presenting):
    """A zoomed pose keeps the framing it started from: the framing does not refit the
    car to the area (which would undo the zoom)."""
    from PySide6.QtCore import QPoint
    from test_showroom_view import wheel

    vp = presenting.viewport
    vp.move_camera("side", animate=False)
    vp.render()
    left, top, right, bottom = projected_box(vp)
    centre = QPoint(round((left + right) / 2), round((top + bottom) / 2))  # the car's
    wheel(vp.interactor, centre, 1)  # one notch: the car stays whole, refitting would undo it
    vp.render()
    left2, _top2, right2, _bottom2 = projected_box(vp)
    assert right2 - left2 > 1.1 * (right - left)
