"""Nothing designers do is lost: candidate edits are undo steps (a drag is one), a
pick that replaces a candidate can be undone to get it back, Lab stays Lab."""

from __future__ import annotations

import dataclasses

import pytest

from livery.catalog import load_catalog
from livery.catalog.color import Color
from livery.catalog.session import MERGE_SECONDS, BuildSession
from livery.slots import Slot


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def session():
    clock = Clock()
    s = BuildSession(load_catalog(), clock=clock)
    s.clock_for_test = clock
    return s


def body(session):
    return session.build.overrides.get(Slot.BODY)


def paint(session):
    return session.build.option("paint").finishes[Slot.BODY]


def test_a_drag_is_one_undo_step_and_two_drags_are_two(session):
    clock = session.clock_for_test
    start = paint(session)
    for i in range(12):  # one drag: twelve steps, 20 ms apart
        session.build.set_override(Slot.BODY, dataclasses.replace(start, roughness=0.1 + i / 100))
        clock.t += 0.02
    clock.t += MERGE_SECONDS * 2
    first = body(session)
    for i in range(5):  # a second drag, later
        session.build.set_override(Slot.BODY, dataclasses.replace(first, metallic=i / 10))
        clock.t += 0.02
    session.undo()
    assert body(session) == first
    session.undo()
    assert body(session) is None
    assert not session.can_undo()
    session.redo()
    assert body(session) == first


def test_another_parameter_is_another_step(session):
    start = paint(session)
    session.build.set_override(Slot.BODY, dataclasses.replace(start, roughness=0.5))
    a = body(session)
    session.build.set_override(Slot.BODY, dataclasses.replace(a, metallic=0.2))
    session.undo()
    assert body(session) == a


def test_a_pick_over_a_candidate_can_be_undone_to_get_it_back(session):
    candidate = dataclasses.replace(paint(session), roughness=0.42)
    session.build.set_override(Slot.BODY, candidate)
    session.pick("paint", "racing-red")
    assert body(session) is None  # the pick replaced it
    session.undo()
    assert body(session) == candidate
    assert session.build.choices["paint"] == "gem-green"
    session.redo()
    assert session.build.choices["paint"] == "racing-red" and body(session) is None


def test_edits_are_reported_to_the_session_subscribers(session):
    seen = []
    session.subscribe(seen.append)
    session.build.set_override(Slot.BODY, dataclasses.replace(paint(session), roughness=0.3))
    assert [c.action for c in seen] == ["edit"] and session.can_undo()


def test_lab_typed_in_the_editor_stays_exactly_lab(qtbot, make_window):
    w = make_window()
    editor = w.designer.show_editor()
    assert editor.set_color_text("50, 60, 20")
    assert w.build.overrides[Slot.BODY].color.lab == (50.0, 60.0, 20.0)
    assert editor.colour_edit.text() == "lab(50, 60, 20)"
    editor.colour_edit.editingFinished.emit()  # leaving the field reads it again
    assert w.build.overrides[Slot.BODY].color.lab == (50.0, 60.0, 20.0)
    hexed = Color.parse(w.build.overrides[Slot.BODY].color.hex)
    assert hexed.to_lab() != (50.0, 60.0, 20.0)  # what the old hex round trip gave


def test_editor_slider_drag_is_one_step_in_the_window(qtbot, make_window):
    w = make_window()
    editor = w.designer.show_editor()
    slider = editor.rows["roughness"].slider
    slider.setSliderDown(True)
    for v in range(100, 400, 25):
        slider.setValue(v)
    slider.setSliderDown(False)
    assert Slot.BODY in w.build.overrides
    assert w.undo_button.isEnabled()
    w.undo()
    assert Slot.BODY not in w.build.overrides
