"""Autosave and restore after a crash: the snapshot file (plain model) and the window's
offer (pytest-qt, under Xvfb)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from livery.catalog import Build, Color, recovery
from livery.slots import Slot


def _dead_pid() -> int:
    """The id of a process that has just ended."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _candidate(build: Build):  # type: ignore[no-untyped-def]
    finish = build.finishes()[Slot.BODY]
    return dataclasses.replace(
        finish, color=Color.parse({"lab": [50.0, 60.0, 20.0]}), roughness=0.21
    )


def test_snapshot_round_trip_keeps_build_candidate_and_lab_exactly(catalog, tmp_path: Path) -> None:
    build = Build(catalog, catalog.vehicles[0].id)
    build.set("paint", "racing-red")
    build.set_override(Slot.BODY, _candidate(build))
    snap = recovery.Snapshot.of(
        build,
        vehicle_file="/cars/su7.glb",
        lighting={"environment": "sunset", "tone": "aces", "exposure": 1.5},
    )
    path = recovery.write(recovery.path_for(tmp_path, pid=_dead_pid()), snap)
    assert recovery.orphans(tmp_path) == [path]
    back = recovery.read(path, catalog)
    assert back.same_work(snap)
    assert back.candidates[Slot.BODY].color.lab == (50.0, 60.0, 20.0)
    assert back.state == build.state()


def test_a_running_apps_snapshot_is_not_an_orphan(catalog, tmp_path: Path) -> None:
    build = Build(catalog, catalog.vehicles[0].id)
    recovery.write(recovery.path_for(tmp_path), recovery.Snapshot.of(build))
    assert recovery.orphans(tmp_path) == []


@pytest.mark.parametrize(
    "doc, problem",
    [
        ("{", "can't be read"),
        ('{"format": "something-else"}', "not a Livery Studio session snapshot"),
        ('{"format": "livery-recovery", "version": true}', "version"),
        (
            '{"format": "livery-recovery", "version": 1, "build": {"format": "livery-build",'
            ' "version": 1, "vehicle": "no-such-car", "choices": {}}}',
            "no-such-car",
        ),
        (
            '{"format": "livery-recovery", "version": 1, "build": {"format": "livery-build",'
            ' "version": 1, "vehicle": "VEHICLE", "choices": {}}, "candidates": {"body":'
            ' {"family": "solid", "color": "#ff0000", "roughness": 7}}}',
            "roughness",
        ),
        ("[" * 100000, "can't be read"),
    ],
)
def test_a_bad_snapshot_is_refused_naming_the_file(
    catalog, tmp_path: Path, doc: str, problem: str
) -> None:
    path = tmp_path / "session-1.json"
    path.write_text(doc.replace("VEHICLE", catalog.vehicles[0].id), encoding="utf-8")
    with pytest.raises(recovery.RecoveryError) as e:
        recovery.read(path, catalog)
    assert str(path) in str(e.value) and problem in str(e.value)


def test_the_window_autosaves_and_a_new_window_restores_after_a_crash(
    make_window, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVERY_STATE_DIR", str(tmp_path))
    w = make_window()
    w.session.pick("paint", "racing-red")
    candidate = _candidate(w.build)
    w.build.set_override(Slot.BODY, candidate)
    w.designer.lighting.set(environment="sunset")
    assert w.autosave.save_now()
    assert not w.autosave.save_now()  # nothing changed: nothing written
    saved = json.loads(w.autosave.path.read_text(encoding="utf-8"))
    assert saved["build"]["choices"]["paint"] == "racing-red"
    # the crash: the process is gone and its snapshot stays
    crashed = recovery.path_for(tmp_path, pid=_dead_pid())
    w.autosave.path.replace(crashed)
    w.autosave.close()
    w.close()

    fresh = make_window()
    assert fresh.build.state().choices["paint"] != "racing-red"
    bar = fresh.autosave.bar
    assert bar is not None and bar.isVisible() and "did not close properly" in bar.label.text()
    bar.restore_button.click()
    assert fresh.build.state().choices["paint"] == "racing-red"
    assert fresh.build.overrides[Slot.BODY] == candidate
    assert fresh.designer.lighting.value.environment == "sunset"
    assert fresh.autosave.bar is None and not crashed.exists()


def test_discarding_the_offer_removes_the_snapshot(
    make_window, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVERY_STATE_DIR", str(tmp_path))
    build = Build(catalog, catalog.vehicles[0].id)
    build.set("paint", "racing-red")
    crashed = recovery.write(
        recovery.path_for(tmp_path, pid=_dead_pid()), recovery.Snapshot.of(build)
    )
    w = make_window()
    before = w.build.state()
    w.autosave.bar.discard_button.click()
    assert w.build.state() == before and not crashed.exists() and w.autosave.bar is None


def test_a_clean_close_leaves_nothing_to_restore(make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LIVERY_STATE_DIR", str(tmp_path))
    w = make_window()
    w.session.pick("paint", "racing-red")
    assert w.autosave.save_now() and w.autosave.path.exists()
    w.close()
    assert not w.autosave.path.exists() and recovery.orphans(tmp_path) == []
