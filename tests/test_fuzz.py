"""A short, derandomized fuzz pass over every reader of outside input (tests/fuzz_targets.py;
``python bench/fuzz.py --minutes N`` runs the same cases for long). Every case must read
or be refused with the project's own error, within a time limit."""

from __future__ import annotations

import signal

import pytest
from fuzz_targets import GLTF_BOMBS, TARGETS, outcome
from hypothesis import HealthCheck, given, settings

#: Cases per target: a few seconds each, about 20 s in all.
EXAMPLES = {
    "gltf": 40,
    "glb": 60,
    "obj": 40,
    "stl": 15,
    "ply": 40,
    "off": 40,
    "manifest": 30,
    "hdr": 60,
    "exr": 60,
    "build": 60,
    "sharecode": 100,
    "catalog": 30,
    "job": 10,
    "draco": 40,
    "candidates": 60,
}
CASE_SECONDS = 20


class _Hang(Exception):
    pass


def _hang(signum, frame):  # type: ignore[no-untyped-def]
    raise _Hang


def test_every_target_is_fuzzed():
    assert set(EXAMPLES) == set(TARGETS)


@pytest.mark.parametrize("bomb", sorted(GLTF_BOMBS))
def test_a_gltf_bomb_takes_whatever_the_mutations_left(bomb):
    """The bombs run after the value mutations, which may have made any field any JSON
    value: a bomb that assumed a list stopped a 10-minute fuzz run (``nodes`` an
    integer), failing the generator rather than the reader."""
    for value in (5, "x", None, True, {}, [], [3], [{}]):
        for i in range(6):
            doc = {k: value for k in ("nodes", "accessors", "images", "buffers", "meshes")}
            GLTF_BOMBS[bomb](doc, i)


@pytest.mark.parametrize("name", list(TARGETS))
def test_fuzz(name):
    target = TARGETS[name]

    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.cases)
    def check(case):  # type: ignore[no-untyped-def]
        previous = signal.signal(signal.SIGALRM, _hang)
        signal.alarm(CASE_SECONDS)
        try:
            kind = outcome(target, case)
        except _Hang:
            kind = f"hang (over {CASE_SECONDS} s)"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        assert kind == "ok", f"{name}: {kind} on {case!r:.600}"

    check()
