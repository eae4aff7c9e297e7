"""Catalog loading and validation: no Qt, no GL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from livery.catalog import CatalogError, Color, Family, load_catalog
from livery.catalog.loader import DEFAULT_CATALOG
from livery.slots import Slot

CUSTOM_PAINTS = {"amethyst", "sprout-yellow", "racing-red", "twilight-rose", "golden-pink-matte"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_shipped_catalog_has_the_programme(catalog):
    assert [v.id for v in catalog.vehicles] == ["su7-ultra", "yu7-max"]
    assert [g.id for g in catalog.groups] == [
        "paint",
        "wheels",
        "calipers",
        "decal",
        "interior",
        "badge",
    ]
    paints = {o.id: o for o in catalog.group("paint").options}
    assert {i for i, o in paints.items() if o.custom} >= CUSTOM_PAINTS
    assert {
        "gem-green",
        "golden-pink",
        "sunset-purple",
        "obsidian-black",
        "pearl-white",
        "titanium-silver",
    } <= {i for i, o in paints.items() if not o.custom}
    assert paints["amethyst"].name.zh == "紫水晶"
    assert paints["golden-pink-matte"].finishes[Slot.BODY].family is Family.MATTE
    assert paints["amethyst"].finishes[Slot.BODY].orange_peel == 0.0
    assert sum(o.custom for o in catalog.group("wheels").options) == 4
    assert sum(o.custom for o in catalog.group("calipers").options) == 3
    assert sum(o.custom for o in catalog.group("decal").options) == 3
    assert len(catalog.group("interior").options) >= 4
    badge = {o.id for o in catalog.group("badge").options}
    assert {"gold-black-ceramic", "gold-white-ceramic", "standard"} == badge


def test_every_slot_has_a_finish_source(catalog):
    driven = {s for g in catalog.groups for s in g.slots}
    assert driven | set(catalog.fixed) == set(Slot)
    assert not driven & set(catalog.fixed)


def test_no_decal_option_hides_the_decal(catalog):
    assert catalog.option("decal", "none").finishes == {}


def test_rule_forbids_decal_on_matte(catalog):
    reason = catalog.why_not("su7-ultra", {"paint": "golden-pink-matte"}, "decal", "lightning-gold")
    assert reason is not None and "matte" in reason.en
    assert catalog.why_not("su7-ultra", {"paint": "amethyst"}, "decal", "lightning-gold") is None


def test_vehicle_availability(catalog):
    assert catalog.why_not("yu7-max", {}, "paint", "sprout-yellow") is not None
    assert catalog.why_not("su7-ultra", {}, "paint", "sprout-yellow") is None


def test_colour_parsing():
    assert Color.parse("#ff0000").srgb == (1.0, 0.0, 0.0)
    assert Color.parse("#1d5a4b").hex == "#1d5a4b"
    lab = Color.parse({"lab": [50.0, 20.0, -30.0]})
    assert lab.lab == (50.0, 20.0, -30.0)
    assert abs(lab.to_lab()[0] - 50.0) < 1e-9
    # round trip Lab -> sRGB -> Lab
    from livery.catalog.color import srgb_to_lab

    assert abs(srgb_to_lab(lab.srgb)[2] - -30.0) < 0.05
    # linear conversion: mid grey 0.5 sRGB is ~0.214 linear
    assert abs(Color.parse("#808080").linear[0] - 0.2158) < 1e-3
    for bad in ("red", "#12345", {"lab": [120, 0, 0]}, {"lab": [50, 200, 0]}, 3):
        with pytest.raises(ValueError):
            Color.parse(bad)


# -- malformed catalogs: each error names the file, the item and the problem --------


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expect"),
    [
        (
            "options/paint.toml",
            'color = "#4b2a6f"',
            'color = "#4b2a6"',
            ["paint.toml", "'amethyst'", "hex"],
        ),
        (
            "options/paint.toml",
            "metallic = 0.55",
            "metallic = 1.55",
            ["'amethyst'", "metallic=1.55", "outside"],
        ),
        (
            "options/paint.toml",
            "metallic = 0.55",
            "shininess = 2",
            ["'amethyst'", "unknown finish parameter", "shininess"],
        ),
        (
            "options/paint.toml",
            'preset = "metallic-paint", color = "#4b2a6f"',
            'preset = "metalic", color = "#4b2a6f"',
            ["'amethyst'", "unknown finish preset 'metalic'"],
        ),
        ("options/paint.toml", "code = 2\n", "code = 1\n", ["options", "duplicate code 1"]),
        ("options/paint.toml", 'id = "racing-red"', 'id = "amethyst"', ["duplicate id 'amethyst'"]),
        (
            "options/paint.toml",
            'group = "paint"',
            'group = "paints"',
            ["paint.toml", "'group' must name"],
        ),
        (
            "options/paint.toml",
            "price = 88000",
            'price = "a lot"',
            ["'amethyst'", "'price' has the wrong type"],
        ),
        (
            "catalog.toml",
            'defaults = { paint = "gem-green"',
            'defaults = { paint = "gem-greem"',
            ["catalog.toml", "'su7-ultra'", "gem-greem"],
        ),
        (
            "catalog.toml",
            'slots = ["rims"]',
            'slots = ["rim"]',
            ["catalog.toml", "'wheels'", "unknown slot 'rim'"],
        ),
        (
            "catalog.toml",
            'forbid = { decal = "lightning-*" }',
            'forbid = { decals = "lightning-*" }',
            ["rule 'no-decal-on-matte'", "unknown group 'decals'"],
        ),
        ("catalog.toml", "[fixed.tyres]", "[fixed.tyre]", ["fixed.tyre", "unknown slot"]),
        ("catalog.toml", 'currency = "CNY"', 'currency = "CNY', ["catalog.toml", "not valid TOML"]),
    ],
)
def test_malformed_catalog_is_reported_precisely(tmp_path, file, old, new, expect):
    root = _copy(tmp_path)
    _edit(root / file, old, new)
    with pytest.raises(CatalogError) as err:
        load_catalog(root)
    for fragment in expect:
        assert fragment in str(err.value)


def test_defaults_must_respect_rules(tmp_path):
    root = _copy(tmp_path)
    _edit(
        root / "catalog.toml",
        'decal = "none", interior = "obsidian-black", badge = "standard" }\n\n[[vehicle]]',
        'decal = "lightning-gold", interior = "obsidian-black", badge = "standard" }\n\n[[vehicle]]',
    )
    _edit(root / "catalog.toml", 'paint = "gem-green"', 'paint = "golden-pink-matte"')
    with pytest.raises(CatalogError, match="defaults break rule 'no-decal-on-matte'"):
        load_catalog(root)


def test_a_supplier_file_adds_paints(tmp_path):
    root = _copy(tmp_path)
    (root / "options" / "supplier-2027.toml").write_text(
        'group = "paint"\n[[option]]\nid = "glacier-blue"\nname = { en = "Glacier Blue", zh = "冰川蓝" }\n'
        "code = 100\nprice = 12000\ncustom = true\n"
        'finish = { preset = "metallic-paint", color = { lab = [55.0, -8.0, -30.0] } }\n',
        encoding="utf-8",
    )
    catalog = load_catalog(root)
    option = catalog.option("paint", "glacier-blue")
    assert option.finishes[Slot.BODY].color.lab == (55.0, -8.0, -30.0)
    assert option.finishes[Slot.BODY].coat == 1.0  # from the preset
