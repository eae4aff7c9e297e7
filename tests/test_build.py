"""The build model and share codes: no Qt, no GL."""

from __future__ import annotations

import json
import random

import pytest

from livery.catalog import (
    Build,
    BuildError,
    BuildState,
    ShareCodeError,
    load_catalog,
    state_from_json,
    state_from_share_code,
)
from livery.catalog.sharecode import ALPHABET, MAX_LENGTH
from livery.slots import Slot


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_new_build_takes_the_vehicle_defaults(catalog):
    build = Build(catalog, "su7-ultra")
    assert dict(build.choices) == dict(catalog.vehicle("su7-ultra").defaults)
    assert build.total_price() == catalog.vehicle("su7-ultra").base_price
    finishes = build.finishes()
    assert set(finishes) == set(Slot)
    assert finishes[Slot.DECAL] is None  # "no decal" hides the slot


def test_set_reports_changed_slots(catalog):
    build = Build(catalog, "su7-ultra")
    seen = []
    build.subscribe(seen.append)
    change = build.set("badge", "gold-white-ceramic")
    assert change.slots == {Slot.BADGE, Slot.BADGE_INLAY}
    assert change.groups == {"badge"} and not change.vehicle_changed
    assert seen == [change]
    assert not build.set("badge", "gold-white-ceramic")  # no-op: no event
    assert len(seen) == 1
    assert build.total_price() == catalog.vehicle("su7-ultra").base_price + 9900


def test_forbidden_and_unknown_choices_change_nothing(catalog):
    build = Build(catalog, "su7-ultra")
    build.set("paint", "golden-pink-matte")
    before = build.state()
    with pytest.raises(BuildError, match="matte"):
        build.set("decal", "lightning-gold")
    with pytest.raises(BuildError, match="unknown paint option 'purple'.*amethyst"):
        build.set("paint", "purple")
    with pytest.raises(BuildError, match="unknown option group 'roof'"):
        build.set("roof", "glass")
    assert build.state() == before


def test_vehicle_switch_keeps_what_still_applies(catalog):
    build = Build(catalog, "su7-ultra", {"paint": "sprout-yellow", "wheels": "forged-gold"})
    change, dropped = build.switch_vehicle("yu7-max")
    assert change.vehicle_changed
    assert dropped == ["paint"]  # sprout yellow is sedan-only
    assert build.choices["paint"] == catalog.vehicle("yu7-max").defaults["paint"]
    assert build.choices["wheels"] == "forged-gold"


def test_restore_and_reset(catalog):
    build = Build(catalog, "su7-ultra")
    start = build.state()
    build.set("paint", "racing-red")
    build.reset()
    assert build.state() == start
    build.restore(BuildState("yu7-max", {"paint": "amethyst"}))
    assert build.vehicle.id == "yu7-max" and build.choices["paint"] == "amethyst"
    with pytest.raises(BuildError):
        build.restore(BuildState("yu7-max", {"paint": "sprout-yellow"}))
    assert build.choices["paint"] == "amethyst"


def test_json_round_trip(catalog):
    build = Build(catalog, "yu7-max", {"paint": "twilight-rose", "interior": "white-ash-metal"})
    text = build.to_json()
    assert json.loads(text)["share_code"] == build.share_code()
    assert state_from_json(catalog, text) == build.state()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "'format' must be"),
        (
            '{"format": "livery-build", "version": 9, "vehicle": "su7-ultra", "choices": {}}',
            "version 9",
        ),
        ('{"format": "livery-build", "version": 1, "choices": {}}', "no 'vehicle'"),
        (
            '{"format": "livery-build", "version": 1, "vehicle": "su7-ultra", "choices": []}',
            "'choices' must",
        ),
        (
            '{"format": "livery-build", "version": 1, "vehicle": "su8", "choices": {}}',
            "unknown vehicle 'su8'",
        ),
        (
            '{"format": "livery-build", "version": 1, "vehicle": "su7-ultra", "choices": {"paint": "x"}}',
            "unknown paint option 'x'",
        ),
    ],
)
def test_malformed_build_files(catalog, text, message):
    with pytest.raises(BuildError, match=message):
        state_from_json(catalog, text)


def _random_builds(catalog, n, seed=7):
    rng = random.Random(seed)
    for _ in range(n):
        vehicle = rng.choice(catalog.vehicles).id
        build = Build(catalog, vehicle)
        for group in catalog.groups:
            option = rng.choice(catalog.options_for(vehicle, group.id))
            if build.why_not(group.id, option.id) is None:
                build.set(group.id, option.id)
        yield build


def test_share_codes_round_trip_and_are_short(catalog):
    codes = set()
    for build in _random_builds(catalog, 200):
        code = build.share_code()
        assert len(code) <= MAX_LENGTH
        assert set(code) <= set(ALPHABET)
        assert state_from_share_code(catalog, code) == build.state()
        assert (
            state_from_share_code(catalog, "-".join([code[:4], code[4:8], code[8:]]).lower())
            == build.state()
        )
        codes.add(code)
    assert len(codes) > 150


def test_pretty_share_code_reads_back(catalog):
    from livery.catalog.sharecode import pretty

    build = Build(catalog, "yu7-max", {"paint": "amethyst"})
    shown = pretty(build.share_code())
    assert shown.count("-") == 3 and len(shown) <= 20
    assert state_from_share_code(catalog, shown) == build.state()


def test_share_code_rejects_typos_truncation_and_tampering(catalog):
    build = Build(catalog, "su7-ultra", {"paint": "amethyst", "wheels": "forged-gold"})
    code = build.share_code()
    with pytest.raises(ShareCodeError, match="truncated"):
        state_from_share_code(catalog, code[:-1])
    with pytest.raises(ShareCodeError, match="checksum"):
        state_from_share_code(catalog, code[:-2])
    with pytest.raises(ShareCodeError, match="'U'"):
        state_from_share_code(catalog, code[:3] + "U" + code[4:])
    with pytest.raises(ShareCodeError, match="empty"):
        state_from_share_code(catalog, "  ")
    # Every single-character substitution is caught.
    for i in range(len(code)):
        for ch in "0Z":
            if code[i] == ch:
                continue
            tampered = code[:i] + ch + code[i + 1 :]
            with pytest.raises(ShareCodeError):
                state_from_share_code(catalog, tampered)


def test_share_code_of_an_unknown_version(catalog):
    from livery.catalog.sharecode import _checksum

    payload = "2" + Build(catalog, "su7-ultra").share_code()[1:-2]
    with pytest.raises(ShareCodeError, match="version 2"):
        state_from_share_code(catalog, payload + _checksum(payload))


@pytest.mark.parametrize(
    ("spec", "message"),
    [("ZZZZ", "bad share code 'ZZZZ'"), ("missing.json", "build file missing.json does not exist")],
)
def test_the_app_and_the_commands_read_build_alike(catalog, spec, message):
    """``livery --build`` and ``livery render --build`` share one reader (commands.target)."""
    import argparse

    from livery.commands import UsageError
    from livery.commands.gui import initial_state
    from livery.commands.target import read_build

    with pytest.raises(UsageError, match=message):
        read_build(catalog, spec)
    with pytest.raises(UsageError, match=message):
        initial_state(catalog, argparse.Namespace(build=spec, vehicle=None), None)
    code = Build(catalog, "yu7-max", {"paint": "amethyst"}).share_code()
    args = argparse.Namespace(build=code, vehicle=None)
    assert initial_state(catalog, args, None) == read_build(catalog, code)
