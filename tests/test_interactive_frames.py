"""Interactive frames (issue 13, "Smooth on slow graphics"): while the camera moves or
something is dragged the view draws at reduced resolution, and one full-quality frame
follows when the motion stops."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from test_showroom_view import wheel

from livery.scene.camera_moves import pace
from livery.scene.offscreen import grab_rgb
from livery.scene.reduced import INTERACTIVE_SCALE, interactive_scale


def scales_while(qtbot, vp, until) -> list[float]:  # type: ignore[no-untyped-def]
    """The scale of each frame the viewport draws until ``until()`` holds."""
    scales: list[float] = []
    vp.frame_rendered.connect(lambda: scales.append(vp.frame_scale))
    qtbot.waitUntil(until, timeout=60000)
    vp.frame_rendered.disconnect()
    return scales


def test_a_preset_move_is_drawn_in_interactive_frames_and_ends_on_a_full_one(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    vp.move_camera("front34", animate=False)
    vp.render()
    reached: list[str] = []
    vp.camera_changed.connect(reached.append)
    vp.move_camera("side")
    scales = scales_while(qtbot, vp, lambda: reached == ["side"])
    assert scales[-1] == 1.0, scales  # the end pose: full quality
    assert scales[:-1] and all(s < 1.0 for s in scales[:-1]), scales  # in between: reduced
    assert vp.frame_scale == 1.0 and not vp.is_interactive()


def test_an_orbit_drag_is_interactive_and_its_release_brings_one_full_frame(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    vp.render()
    centre = QPoint(vp.interactor.width() // 2, vp.interactor.height() // 2)
    qtbot.mousePress(vp.interactor, Qt.MouseButton.LeftButton, pos=centre)
    assert vp.is_interactive()
    vp.request_render()  # what the VTK interactor's drag asks for
    qtbot.waitUntil(lambda: vp.frame_scale < 1.0, timeout=30000)
    n = vp.frames
    qtbot.mouseRelease(vp.interactor, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: vp.frames > n, timeout=30000)
    assert vp.frame_scale == 1.0
    assert vp.frames == n + 1  # one frame, not one per reason


def test_a_wheel_zoom_is_interactive_until_it_settles(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    vp.render()
    centre = QPoint(vp.interactor.width() // 2, vp.interactor.height() // 2)
    wheel(vp.interactor, centre, 1)
    qtbot.waitUntil(lambda: vp.frames and vp.frame_scale < 1.0, timeout=30000)
    qtbot.waitUntil(lambda: vp.frame_scale == 1.0, timeout=30000)  # after SETTLE_MS
    assert not vp.is_interactive()


def test_the_attract_loop_turns_in_interactive_frames_and_stops_on_a_full_one(qtbot, make_window):
    w = make_window()
    vp = w.viewport
    vp.render()
    vp.set_turntable(True)
    start = vp.frames
    scales = scales_while(qtbot, vp, lambda: vp.frames >= start + 2)
    assert all(s < 1.0 for s in scales), scales
    vp.set_turntable(False)
    qtbot.waitUntil(lambda: vp.frame_scale == 1.0, timeout=30000)


def test_an_interactive_frame_is_the_full_frame_softened_and_the_full_one_returns_exactly(
    qtbot, make_window
):
    w = make_window()
    stage = w.viewport.stage
    stage.render()
    full = grab_rgb(stage.render_window).astype(np.int16)
    scale = interactive_scale(stage.size)
    stage.render(scale)
    assert stage.frame_scale == scale
    soft = grab_rgb(stage.render_window).astype(np.int16)
    assert soft.shape == full.shape
    # the same picture over the whole view (not a corner of it), only softer
    assert np.abs(soft - full).mean() < 4.0
    rows = np.abs(soft - full).mean(axis=(1, 2))
    assert rows.max() < 25.0, rows.max()
    stage.render()
    assert np.array_equal(grab_rgb(stage.render_window).astype(np.int16), full)


@pytest.mark.parametrize(
    ("size", "scale"),
    [((980, 549), INTERACTIVE_SCALE), ((1920, 1080), INTERACTIVE_SCALE), ((3840, 2160), 0.25)],
)
def test_an_interactive_frame_has_at_most_a_fixed_number_of_pixels(size, scale):
    assert interactive_scale(size) == pytest.approx(scale)


def test_the_full_last_frame_of_a_move_is_started_early_enough_to_end_on_time():
    move, quick, full = 0.9, 0.05, 0.3
    assert pace(move - full, move, quick, last=full).at == move  # seen at the end
    plan = pace(move - full - quick - 0.02, move, quick, last=full)
    assert plan.at is not None and plan.at < move  # still time for an interactive one
    now = move - full - quick + 0.02  # an interactive frame now would make the end late
    plan = pace(now, move, quick, last=full)
    assert plan.at is None and plan.wait == pytest.approx(move - now - full)
