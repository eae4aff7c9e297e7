"""Finding options among many: text search and hue groups (pure model)."""

from __future__ import annotations

import pytest

from livery.catalog import Color, load_catalog
from livery.catalog.search import HUE_GROUPS, hue_group, matches, option_hue_group


@pytest.fixture(scope="module")
def paints():
    return {o.id: o for o in load_catalog().group("paint").options}


@pytest.mark.parametrize(
    ("option_id", "hue"),
    [
        ("amethyst", "purple"),
        ("sprout-yellow", "yellow"),
        ("racing-red", "red"),
        ("twilight-rose", "pink"),
        ("golden-pink-matte", "pink"),
        ("gem-green", "green"),
        ("obsidian-black", "neutral"),
        ("pearl-white", "neutral"),
        ("titanium-silver", "neutral"),
    ],
)
def test_catalog_paints_fall_in_the_hue_groups_people_name(paints, option_id, hue):
    assert option_hue_group(paints[option_id]) == hue


@pytest.mark.parametrize(
    ("hexa", "hue"),
    [
        ("#1f4e9c", "blue"),
        ("#e07b1a", "orange"),
        ("#0e7c86", "blue"),  # teal reads as blue-green: the blues
        ("#7d7f82", "neutral"),
        ("#c2185b", "pink"),  # magenta
    ],
)
def test_hue_groups_round_the_wheel(hexa, hue):
    assert hue_group(Color.parse(hexa)) == hue
    assert hue in HUE_GROUPS


def test_lab_specified_colours_use_their_lab():
    assert hue_group(Color.parse({"lab": [40.0, -2.0, -35.0]})) == "blue"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("amethyst", True),
        ("AMETH", True),
        ("紫水晶", True),
        ("紫", True),
        ("red", False),
        ("amethyst red", False),  # every word must match
    ],
)
def test_search_by_names_in_either_language(paints, query, expected):
    assert matches(paints["amethyst"], query) is expected


def test_search_by_id_words_and_code(paints):
    pink = paints["golden-pink-matte"]
    assert matches(pink, "pink matte")
    assert matches(pink, str(pink.code))
    assert not matches(pink, str(pink.code + 1000))
