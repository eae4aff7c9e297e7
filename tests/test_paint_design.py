"""Model-side designer helpers (no Qt, no GL): candidate overrides on the Build,
colour entry, option files checked against the catalog, lighting state."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import replace

import pytest

from livery.catalog import Build, Color, Family, load_catalog
from livery.catalog.loader import DEFAULT_CATALOG, CatalogError
from livery.catalog.paint_design import (
    PaintOption,
    delta_e,
    editable_families,
    free_code,
    free_id,
    locked_params,
    option_file_name,
    parse_color_entry,
    save_option,
)
from livery.scene.looks import VIEW_ENVIRONMENTS, Lighting
from livery.slots import Slot
from livery.ui.lighting_state import LightingModel


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_override_shows_on_the_slot_notifies_and_a_new_pick_drops_it(catalog):
    b = Build(catalog, "su7-ultra")
    seen = []
    b.subscribe(seen.append)
    base = b.finishes()[Slot.BODY]
    cand = replace(base, color=parse_color_entry("#1040d0"), roughness=0.2)
    change = b.set_override(Slot.BODY, cand)
    assert change.slots == {Slot.BODY} and not change.groups and bool(change)
    assert b.finishes()[Slot.BODY] == cand and seen[-1] == change
    assert b.state().choices["paint"] == "gem-green"  # not part of the state or code
    assert not b.set_override(Slot.BODY, cand)  # same: no event
    b.set("paint", "racing-red")
    assert not b.overrides
    assert b.finishes()[Slot.BODY] == catalog.option("paint", "racing-red").finishes[Slot.BODY]
    b.set_override(Slot.BODY, cand)
    assert b.clear_overrides().slots == {Slot.BODY} and not b.overrides


@pytest.mark.parametrize(
    "text, hex_",
    [
        ("#1d5a4b", "#1d5a4b"),
        ("1D5A4B", "#1d5a4b"),
        (" 50, 60, 30 ", None),
        ("lab(50 60 30)", None),
    ],
)
def test_colour_entry_hex_or_lab(text, hex_):
    c = parse_color_entry(text)
    if hex_:
        assert c.hex == hex_
    else:
        assert c.lab == (50.0, 60.0, 30.0)


@pytest.mark.parametrize("text", ["green", "#12345", "120, 0, 0", "50, 200, -200"])
def test_colour_entry_errors(text):
    with pytest.raises(ValueError):
        parse_color_entry(text)


def test_families_and_locks_follow_the_slots_shaders(catalog):
    fams = editable_families(catalog, Slot.BODY)
    assert Family.METALLIC in fams and Family.WOOD not in fams
    locked = locked_params(catalog, Slot.BODY)
    assert {"emission", "opacity"} <= locked and "coat" not in locked


def test_delta_e2000_known_pair():
    # Sharma et al. (2005) test pair 1: 2.0425
    a = Color((0.0, 0.0, 1.0), (50.0, 2.6772, -79.7751))  # outside sRGB: built directly
    b = Color((0.0, 0.0, 1.0), (50.0, 0.0, -82.7485))
    assert delta_e(a, b) == pytest.approx(2.0425, abs=1e-3)
    assert delta_e(a, a) == 0


def test_saved_paint_loads_with_the_catalog(catalog, tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG, root)
    finish = replace(
        catalog.option("paint", "gem-green").finishes[Slot.BODY],
        color=parse_color_entry("45, 55, 35"),
        flake_density=0.7,
        flop_color=None,
    )
    opt = PaintOption(
        id=free_id(catalog, "paint", "Gem Green"),  # taken: gets a suffix
        name_en='Test "Red"',
        name_zh="测试红",
        code=free_code(catalog, "paint"),
        price=12000,
        finish=finish,
    )
    assert opt.id == "gem-green-2"
    path = save_option(root, opt)
    assert path.parent == root / "options"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["group"] == "paint" and len(doc["option"]) == 1
    loaded = load_catalog(root).option("paint", "gem-green-2")
    assert loaded.name.en == 'Test "Red"' and loaded.finishes[Slot.BODY] == finish


def test_bad_paint_is_refused_and_nothing_written(catalog, tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG, root)
    finish = catalog.option("paint", "gem-green").finishes[Slot.BODY]
    used = catalog.option("paint", "gem-green").code
    dup = PaintOption("brand-new", "New", "新", used, 0, finish)
    with pytest.raises(CatalogError, match="duplicate code"):
        save_option(root, dup)
    assert not (root / "options" / "paint-brand-new.toml").exists()
    with pytest.raises(ValueError, match="id"):
        save_option(root, PaintOption("Bad Id", "x", "x", 900, 0, finish))
    clash = PaintOption("x", "x", "x", 900, 0, finish)
    with pytest.raises(CatalogError, match="already holds"):
        save_option(root, clash, root / "options" / "paint.toml")


def test_lighting_state_validates_and_notifies(tmp_path):
    assert Lighting("nowhere.hdr", "weird", -1).valid() == Lighting()
    assert Lighting(exposure=100).valid().exposure == 8.0
    m = LightingModel()
    seen = []
    m.subscribe(seen.append)
    m.set(environment="night")
    m.set(environment="night")
    assert [v.environment for v in seen] == ["night"]


def test_ui_environments_are_scene_environments():
    from livery.scene.skies import GENERATORS

    assert set(VIEW_ENVIRONMENTS) <= set(GENERATORS) and "furnace" not in VIEW_ENVIRONMENTS


def test_paints_save_into_the_library_layered_over_a_read_only_catalog(tmp_path):
    """The shipped catalog is never written; a saved paint is in the library, loads with
    the catalog, and a library cannot take a shipped code."""
    library = tmp_path / "library"
    before = {p: p.stat().st_mtime_ns for p in DEFAULT_CATALOG.rglob("*")}
    catalog = load_catalog()
    finish = catalog.option("paint", "racing-red").finishes[
        next(iter(catalog.group("paint").slots))
    ]
    code = free_code(catalog, "paint")
    opt = PaintOption("studio-blue", "Studio Blue", "工作室蓝", code, 1000, finish)
    path = save_option(DEFAULT_CATALOG, opt, library=library)
    assert path.parent == library
    assert {p: p.stat().st_mtime_ns for p in DEFAULT_CATALOG.rglob("*")} == before
    layered = load_catalog(library=library)
    assert layered.option("paint", "studio-blue").code == code
    assert len(layered.group("paint").options) == len(catalog.group("paint").options) + 1

    taken = catalog.option("paint", "racing-red").code
    clash = PaintOption("clash", "Clash", "冲突", taken, 1000, finish)
    with pytest.raises(CatalogError, match=r"library.*duplicate code"):
        save_option(DEFAULT_CATALOG, clash, library=library)
    assert not (library / option_file_name(clash)).exists()


def test_a_broken_library_file_is_left_out_by_name_and_the_rest_loads(
    tmp_path, monkeypatch, capsys
):
    from livery.catalog.loader import load_app_catalog
    from livery.cli import main

    library = tmp_path / "library"
    catalog = load_catalog()
    finish = catalog.option("paint", "racing-red").finishes[Slot.BODY]
    good = PaintOption(
        "studio-blue", "Studio Blue", "工作室蓝", free_code(catalog, "paint"), 0, finish
    )
    save_option(DEFAULT_CATALOG, good, library=library)
    (library / "half-written.toml").write_text('group = "paint"\n[[option]\nid =', "utf-8")
    taken = catalog.option("paint", "amethyst").code
    clash = replace(good, id="clash", code=taken)
    (library / "clash.toml").write_text(clash.toml(), "utf-8")
    monkeypatch.setenv("LIVERY_LIBRARY", str(library))

    warnings: list[str] = []
    loaded = load_app_catalog(warn=warnings.append)
    assert loaded.option("paint", "studio-blue").name.en == "Studio Blue"
    assert len(warnings) == 2
    assert any("half-written.toml" in w for w in warnings)
    assert any("clash.toml" in w and "duplicate code" in w for w in warnings)

    assert main(["catalog"]) == 0  # the commands say so and go on
    err = capsys.readouterr().err
    assert err.count("livery: warning: paint library file left out") == 2
