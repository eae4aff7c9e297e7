"""The build session without Qt: undo/redo, surprise, vehicle switches, build files,
share codes and bad input. Plain Python, milliseconds."""

from __future__ import annotations

import json
import random

import pytest
from imports import imported_roots

from livery.catalog import BuildError, BuildState, ShareCodeError, load_catalog
from livery.catalog.history import History
from livery.catalog.random_build import random_state
from livery.catalog.session import BuildSession, SessionChange


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def session(catalog):
    return BuildSession(catalog, rng=random.Random(3))


def watch(session: BuildSession) -> list[SessionChange]:
    seen: list[SessionChange] = []
    session.subscribe(seen.append)
    return seen


def test_history_undo_redo():
    h = History()
    s0, s1, s2 = (BuildState("su7-ultra", {"paint": p}) for p in ("a", "b", "c"))
    h.record(s0)
    h.record(s1)
    assert h.undo(s2) == s1 and h.undo(s1) == s0 and h.undo(s0) is None
    assert h.redo(s0) == s1
    h.record(s1)
    assert not h.can_redo()


def test_pick_undo_redo_and_what_subscribers_hear(session):
    seen = watch(session)
    start = session.build.state()
    assert not session.can_undo() and not session.can_redo()
    change = session.pick("paint", "racing-red")
    assert change.groups == {"paint"} and session.can_undo()
    assert [c.action for c in seen] == ["pick"] and seen[0].build == change
    session.pick("wheels", "forged-gold")
    session.undo()
    assert session.build.choices["wheels"] == start.choices["wheels"]
    assert session.build.choices["paint"] == "racing-red"
    session.undo()
    assert session.build.state() == start and not session.can_undo() and session.can_redo()
    assert not session.undo()  # nothing left: an empty change, still reported
    assert seen[-1].action == "undo"
    session.redo()
    session.redo()
    assert session.build.choices["wheels"] == "forged-gold" and not session.can_redo()
    session.pick("paint", "amethyst")  # a new action forgets what could be redone
    session.undo()
    session.pick("paint", "pearl-white")
    assert not session.can_redo()


def test_a_forbidden_pick_raises_and_changes_nothing(session):
    seen = watch(session)
    session.pick("paint", "golden-pink-matte")
    state = session.build.state()
    with pytest.raises(BuildError, match="matte"):
        session.pick("decal", "lightning-gold")
    with pytest.raises(BuildError):
        session.pick("paint", "no-such-paint")
    assert session.build.state() == state
    assert [c.action for c in seen] == ["pick"]
    session.undo()
    assert not session.can_undo()  # the failed picks left no history


def test_reset_and_surprise_are_valid_undoable_builds(session, catalog):
    session.pick("paint", "racing-red")
    before = session.build.state()
    for _ in range(10):
        session.surprise()
        s = session.build.state()
        assert s.vehicle == "su7-ultra" and not catalog.violations(s.vehicle, s.choices)
    session.reset()
    assert dict(session.build.choices) == dict(session.build.vehicle.defaults)
    for _ in range(11):
        session.undo()
    assert session.build.state() == before


def test_surprise_draws_from_the_random_generator_it_was_given(catalog):
    a, b = BuildSession(catalog, rng=random.Random(9)), BuildSession(catalog, rng=random.Random(9))
    draws = set()
    for _ in range(5):
        a.surprise()
        b.surprise()
        assert a.build.state() == b.build.state()
        draws.add(tuple(sorted(a.build.choices.items())))
    assert len(draws) > 1
    state = random_state(catalog, "yu7-max", random.Random(1))
    assert state.vehicle == "yu7-max" and not catalog.violations(state.vehicle, state.choices)


def test_switch_vehicle_keeps_what_applies_and_undoes(session):
    seen = watch(session)
    session.pick("paint", "sprout-yellow")  # sedan only
    session.pick("wheels", "forged-gold")
    dropped = session.switch_vehicle("yu7-max")
    assert dropped == ["paint"] and seen[-1].dropped == ("paint",)
    assert seen[-1].build.vehicle_changed
    assert session.build.choices["wheels"] == "forged-gold"
    session.undo()
    assert session.build.vehicle.id == "su7-ultra"
    assert session.build.choices["paint"] == "sprout-yellow"
    assert session.build.choices["wheels"] == "forged-gold"  # the switch was one step
    with pytest.raises(BuildError, match="tractor"):
        session.switch_vehicle("tractor")


def test_a_vehicle_that_cannot_be_prepared_stops_the_action(catalog):
    asked: list[str] = []

    def prepare(vehicle_id: str) -> None:
        asked.append(vehicle_id)
        if vehicle_id == "yu7-max":
            raise OSError("disk on fire")

    session = BuildSession(catalog, prepare_vehicle=prepare)
    session.pick("paint", "racing-red")
    state = session.build.state()
    with pytest.raises(OSError):
        session.switch_vehicle("yu7-max")
    with pytest.raises(OSError):
        session.apply(BuildState("yu7-max", {}))
    assert session.build.state() == state and asked == ["yu7-max", "yu7-max"]
    session.undo()  # the failures left no history: this undoes the pick
    assert session.build.choices["paint"] != "racing-red" and not session.can_undo()


def test_a_failed_undo_keeps_the_history(catalog):
    broken = set()

    def prepare(vehicle_id: str) -> None:
        if vehicle_id in broken:
            raise OSError("gone")

    session = BuildSession(catalog, BuildState("yu7-max", {}), prepare_vehicle=prepare)
    session.switch_vehicle("su7-ultra")
    broken.add("yu7-max")
    with pytest.raises(OSError):
        session.undo()
    assert session.build.vehicle.id == "su7-ultra" and session.can_undo()
    assert not session.can_redo()
    broken.clear()
    session.undo()
    assert session.build.vehicle.id == "yu7-max" and session.can_redo()


def test_save_and_open_a_build_file(session, catalog, tmp_path):
    session.pick("calipers", "amethyst")
    path = tmp_path / "mine.json"
    session.save(path)
    assert json.loads(path.read_text(encoding="utf-8"))["choices"]["calipers"] == "amethyst"
    assert list(tmp_path.iterdir()) == [path]  # the temporary file is gone
    other = BuildSession(catalog)
    seen = watch(other)
    other.open(path)
    assert other.build.state() == session.build.state()
    assert seen[-1].action == "open" and other.can_undo()


def test_a_failed_save_leaves_the_old_file(session, tmp_path, monkeypatch):
    import livery.fileio

    path = tmp_path / "mine.json"
    session.save(path)
    old = path.read_text(encoding="utf-8")
    session.pick("paint", "racing-red")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(livery.fileio.os, "fsync", disk_full)  # the write cannot finish
    with pytest.raises(OSError):
        session.save(path)
    assert path.read_text(encoding="utf-8") == old
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "error", "match"),
    [
        (None, FileNotFoundError, None),
        (b"\xff\xfe\x00 not utf-8", UnicodeDecodeError, None),
        (b'{"format": "livery-build", "version": 1, "vehicle": 3', BuildError, "invalid JSON"),
        (b'{"format": "something-else"}', BuildError, "not a build file"),
        (
            b'{"format": "livery-build", "version": 1, "vehicle": "su7-ultra",'
            b' "choices": {"paint": "no-such-paint"}}',
            BuildError,
            "no-such-paint",
        ),
        (
            b'{"format": "livery-build", "version": 1, "vehicle": "yu7-max",'
            b' "choices": {"paint": "sprout-yellow"}}',
            BuildError,
            "not offered",
        ),
    ],
)
def test_bad_build_files_raise_and_change_nothing(session, tmp_path, content, error, match):
    session.pick("paint", "amethyst")
    state = session.build.state()
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=match):
        session.open(path)
    assert session.build.state() == state
    session.undo()
    assert not session.can_undo()


def test_share_codes_load_and_bad_ones_are_refused(session, catalog):
    session.switch_vehicle("yu7-max")
    session.pick("paint", "amethyst")
    code = session.share_code()
    other = BuildSession(catalog)
    seen = watch(other)
    other.load_share_code(code.lower().replace("-", " "))  # case and spaces are ignored
    assert other.build.state() == session.build.state()
    assert seen[-1].action == "share_code" and seen[-1].build.vehicle_changed
    state = other.build.state()
    for bad in ("ZZZZ-NOT-A-CODE", code[:-1], "", code[:-1] + ("0" if code[-1] != "0" else "1")):
        with pytest.raises(ShareCodeError):
            other.load_share_code(bad)
    assert other.build.state() == state and len(seen) == 1


def test_the_session_and_the_registry_import_no_qt_or_gl():
    roots = imported_roots("livery.catalog.session", "livery.vehicles.registry")
    assert not roots & {"PySide6", "vtkmodules", "vtk", "pyvista", "pyvistaqt"}
