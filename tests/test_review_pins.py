"""Notes pinned to the car in the review window, through the real widgets under Xvfb: a
click on a rendered car pins the typed note to the point under it, the note's marker is
drawn there (and not in pictures), goes with another paint or the window, and choosing
the note in the list moves the camera to it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

pytestmark = pytest.mark.gui

#: How close (pixels) a marker must be drawn to the point clicked.
NEAR_PX = 3.0


def body_pixel(vp, near: tuple[float, float] = (0.5, 0.55)) -> tuple[int, int]:
    """A pixel of the body in the frame just rendered, nearest the fraction ``near`` of
    the view, well inside the body (so a pixel either way is body too)."""
    stage = vp.stage
    ids = stage.part_ids()
    body = [i for i, v in enumerate(stage.views) if v.part.name == "body"]
    mask = np.isin(ids, body)
    inner = mask[1:-1, 1:-1] & mask[:-2, 1:-1] & mask[2:, 1:-1] & mask[1:-1, :-2] & mask[1:-1, 2:]
    ys, xs = np.nonzero(inner)
    h, w = mask.shape
    k = np.argmin((xs - near[0] * w) ** 2 + (ys - near[1] * h) ** 2)
    return int(xs[k]) + 1, int(ys[k]) + 1


def click(qtbot, vp, x: int, y: int) -> None:
    """A click at stage pixel (x, y) of the viewport (widget and stage pixels agree here)."""
    assert vp.stage.size == (vp.interactor.width(), vp.interactor.height())
    qtbot.mouseClick(vp.interactor, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def pin_by_click(qtbot, review, code: str, text: str, near=(0.5, 0.55)) -> tuple[int, int]:
    review.select(code)
    review.note_edit.setText(text)
    assert review.pin_button.isEnabled()
    review.pin_button.click()
    vp = review.viewport
    assert review.pin_button.isChecked() and vp.build.choices["paint"] == review.current().option_id
    vp.move_camera("front34", animate=False)
    vp.render()  # render explicitly, then pick
    x, y = body_pixel(vp, near)
    click(qtbot, vp, x, y)
    return x, y


def marker_props(vp) -> list:
    props = vp.stage.renderer.GetViewProps()
    return [a for a in vp.stage.markers.actors if props.IsItemPresent(a)]


def test_a_click_on_the_car_pins_the_note_and_its_marker_is_drawn_there(qtbot, review, tmp_path):
    vp = review.viewport
    x, y = pin_by_click(qtbot, review, "SUP-R1", "orange peel on the front wing")
    assert not review.pin_button.isChecked()  # one click, one note
    [note] = review.store.get("SUP-R1").notes  # saved with the review, from the file
    assert note.text == "orange peel on the front wing" and note.author and note.when
    assert note.part == "body" and note.vehicle == vp.model.id
    # the point is on the car, in the vehicle's frame: inside its box and on the body
    lo, hi = vp.model.bounds()
    assert np.all(np.asarray(note.point) >= lo) and np.all(np.asarray(note.point) <= hi)
    body = next(p for p in vp.model.parts if p.name == "body")
    assert np.min(np.linalg.norm(body.vertices - np.asarray(note.point), axis=1)) < 0.05
    # its marker: present at that point, projected back within a few pixels of the click
    assert vp.stage.markers.points == [note.point] and vp.stage.markers.numbers == [1]
    assert len(marker_props(vp)) == 1
    [(mx, my)] = vp.stage.markers.display_points()
    assert np.hypot(mx - x, my - y) <= NEAR_PX, ((mx, my), (x, y))
    # drawn on the car in the frame, left out of pictures (screenshot, export)
    with_marker = vp.stage.snapshot(markers=True).astype(int)
    picture = vp.frame().astype(int)
    box = (slice(y - 6, y + 7), slice(x - 6, x + 7))
    assert np.abs(with_marker[box] - picture[box]).sum(axis=2).max() > 100
    outside = np.ones(picture.shape[:2], bool)
    outside[y - 30 : y + 31, x - 30 : x + 31] = False
    assert np.abs(with_marker - picture)[outside].max() <= 2
    vp.show_markers([], [])
    assert np.array_equal(vp.frame(), picture)  # control: the picture is the car alone
    review.update_markers()
    # the notes list says where it is pinned
    review.select("SUP-R1")
    assert "● body" in review.notes.item(0).text() and review.notes.item(0).text().startswith("1.")

    # a second pinned note: two numbered markers (a picture of them, looked at by eye)
    pin_by_click(qtbot, review, "SUP-R1", "flop too dark at the sill", near=(0.3, 0.6))
    assert vp.stage.markers.numbers == [1, 2] and len(marker_props(vp)) == 2
    vp.stage.save_png(tmp_path / "two-markers.png", markers=True)
    review.go_to_note(1)
    qtbot.waitUntil(lambda: not vp.is_animating(), timeout=10000)
    vp.stage.save_png(tmp_path / "looking-at-2.png", markers=True)
    review.select("SUP-R1")
    review.go_to_note(0)  # back to the first, for the picture's counterpart
    qtbot.waitUntil(lambda: not vp.is_animating(), timeout=10000)

    # another paint: the markers go; the candidate again: they come back
    assert review.window_.pick("paint", "racing-red")
    assert vp.stage.markers.points == [] and marker_props(vp) == []
    assert review.show_on_car()
    assert len(marker_props(vp)) == 2
    # the review window closes: they go
    review.close()
    assert vp.stage.markers.points == [] and marker_props(vp) == []


def test_a_click_off_the_car_a_drag_or_no_pin_mode_pins_nothing(qtbot, review):
    vp = review.viewport
    review.select("SUP-B2")
    assert not review.pin_button.isEnabled()  # control: no text, nothing to pin
    review.note_edit.setText("a note")
    review.pin_button.click()
    vp.move_camera("side", animate=False)
    vp.render()
    click(qtbot, vp, 2, 2)  # the backdrop
    assert review.pin_button.isChecked() and "not on the car" in review.status_line.text()
    x, y = body_pixel(vp)
    qtbot.mousePress(vp.interactor, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(vp.interactor, QPoint(x + 40, y))
    qtbot.mouseRelease(vp.interactor, Qt.MouseButton.LeftButton, pos=QPoint(x + 40, y))
    assert review.store.get("SUP-B2").notes == ()  # an orbit drag is not a pin
    review.pin_button.click()  # cancel
    assert not review.pin_button.isChecked()
    vp.render()
    click(qtbot, vp, x, y)
    assert review.store.get("SUP-B2").notes == ()
    assert vp.stage.markers.points == []


def test_choosing_a_pinned_note_looks_at_it_and_highlights_its_marker(qtbot, review):
    vp = review.viewport
    store = review.store
    model_id = review.window_.viewport.model.id
    store.add_note("SUP-G3", "plain note")
    store.add_note("SUP-G3", "sill", point=(0.9, -1.0, 0.35), part="body", vehicle=model_id)
    store.add_note("SUP-G3", "other car", point=(0.0, 0.0, 1.0), part="body", vehicle="elsewhere")
    store.add_note("SUP-G3", "bonnet", point=(1.6, 0.2, 0.8), part="body", vehicle=model_id)
    review.refresh()
    review.select("SUP-G3")
    assert review.show_on_car()
    # markers numbered as the notes in the list; the other car's note is not drawn
    assert vp.stage.markers.numbers == [2, 4]
    assert vp.stage.markers.points == [(0.9, -1.0, 0.35), (1.6, 0.2, 0.8)]
    with qtbot.waitSignal(vp.camera_changed, timeout=10000):
        review.notes.setCurrentRow(3)  # "bonnet": an eased move to look at it
        assert vp.is_animating()
    assert np.allclose(vp.camera_pose().focal_point, (1.6, 0.2, 0.8), atol=1e-3)
    assert vp.stage.markers.highlighted == 1
    vp.render()
    [_, (bx, by)] = vp.stage.markers.display_points()
    w, h = vp.stage.size
    assert abs(bx - w / 2) < 2 and abs(by - h / 2) < 2  # in the middle of the view
    review.notes.setCurrentRow(0)  # not pinned: no move, no highlight
    assert not vp.is_animating() and vp.stage.markers.highlighted is None
    assert not review.go_to_note(2)  # pinned on another vehicle
