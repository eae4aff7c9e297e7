"""Finding options among many: text search and colour families (pure model)."""

from __future__ import annotations

import pytest

from livery.catalog import Color, load_catalog
from livery.catalog.search import FAMILIES, colour_family, matches, option_colour


@pytest.fixture(scope="module")
def paints():
    return {o.id: o for o in load_catalog().group("paint").options}


@pytest.mark.parametrize(
    ("option_id", "family"),
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
def test_catalog_paints_fall_in_the_families_people_name(paints, option_id, family):
    assert colour_family(option_colour(paints[option_id])) == family


@pytest.mark.parametrize(
    ("hexa", "family"),
    [
        ("#1f4e9c", "blue"),
        ("#e07b1a", "orange"),
        ("#0e7c86", "blue"),  # teal reads as blue-green: the blues
        ("#7d7f82", "neutral"),
        ("#c2185b", "pink"),  # magenta
    ],
)
def test_colour_families_round_the_wheel(hexa, family):
    assert colour_family(Color.parse(hexa)) == family
    assert family in FAMILIES


def test_lab_specified_colours_use_their_lab():
    assert colour_family(Color.parse({"lab": [40.0, -2.0, -35.0]})) == "blue"


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
