"""Designer tools through the real widgets under Xvfb: lighting, paint editor,
A/B comparison, high-resolution export. Small windows; waits, never sleeps."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from livery.catalog import load_catalog
from livery.catalog.loader import DEFAULT_CATALOG
from livery.slots import Slot

pytestmark = pytest.mark.gui


@pytest.fixture
def window(make_window):
    return make_window()


def fresh(qtbot, viewport) -> np.ndarray:
    n = viewport.frames
    viewport.request_render()
    qtbot.waitUntil(lambda: viewport.frames > n, timeout=15000)
    return viewport.frame()


def body_mask(viewport) -> np.ndarray:
    """The body's pixels in the view. Taken once per view and camera: here a second
    ``slot_mask`` of an embedded Stage has come back empty (Xvfb + EGL id window)."""
    mask = viewport.stage.slot_mask(Slot.BODY)
    assert mask.sum() > 200
    return mask


def body(mask: np.ndarray, frame: np.ndarray) -> np.ndarray:
    assert mask.shape == frame.shape[:2]
    return frame[mask].astype(float).mean(0)


def luma(img: np.ndarray) -> float:
    return float((img.astype(float) @ [0.2126, 0.7152, 0.0722]).mean())


def test_lighting_panel_environment_and_tone_mapping(qtbot, window):
    tools = window.designer
    panel = tools.show_lighting()
    vp = window.viewport
    studio = fresh(qtbot, vp)

    qtbot.mouseClick(panel.env_buttons["night"], Qt.MouseButton.LeftButton)
    assert tools.lighting.value.environment == "night"
    assert vp.stage.environment == "night"
    night = fresh(qtbot, vp)
    assert luma(night) < 0.7 * luma(studio), (luma(night), luma(studio))
    h, w = night.shape[:2]
    big = vp.frame((2 * w, 2 * h))  # a shot larger than the window keeps the light
    assert big.shape[:2] == (2 * h, 2 * w)
    assert luma(big) == pytest.approx(luma(night), rel=0.15), (luma(big), luma(night))

    qtbot.mouseClick(panel.env_buttons["studio"], Qt.MouseButton.LeftButton)
    back = fresh(qtbot, vp)
    assert np.abs(back.astype(float) - studio).mean() < 2.0
    assert panel.env_buttons["studio"].isChecked()
    assert "night" in vp.stage._skies  # seen before: its prefiltered maps are kept

    panel.tone.setCurrentIndex(panel.tone.findData("off"))
    assert tools.lighting.value.tone == "off"
    off = fresh(qtbot, vp)
    assert np.abs(off.astype(float) - studio).mean() > 2.0
    panel.exposure.setValue(10)  # +1 EV
    assert tools.lighting.value.exposure == pytest.approx(2.0)
    assert panel.exposure_value.text() == "+1.0 EV"

    tools.set_environment_file("/nonexistent/sky.hdr")  # a message; lighting unchanged
    assert window.last_message[0] == "msg.bad_environment"
    assert tools.lighting.value.environment == "studio"


def test_paint_editor_edits_candidate_live_and_saves_a_catalog_paint(
    qtbot, window, tmp_path, catalog
):
    vp = window.viewport
    editor = window.designer.show_editor()
    frame = fresh(qtbot, vp)
    mask = body_mask(vp)
    before = body(mask, frame)
    assert before[1] > before[0]  # gem green
    programs = vp.stage.stats.shader_programs

    assert editor.set_color_text("35, 15, -50")  # CIELAB: a blue
    cand = window.build.overrides[Slot.BODY]
    assert cand.color.lab == (35.0, 15.0, -50.0)
    assert window.build.choices["paint"] == "gem-green"  # the catalog choice stays
    editor.set_param("roughness", 0.6)
    assert window.build.overrides[Slot.BODY].roughness == pytest.approx(0.6)
    after = body(mask, fresh(qtbot, vp))
    assert after[2] > after[1] and after[2] > after[0] + 20, after
    assert vp.stage.stats.shader_programs == programs  # uniforms only
    assert editor.badge.isVisible() and "#" in editor.colour_numbers.text()

    assert not editor.set_color_text("not a colour")
    assert editor.error.isVisible() and window.build.overrides[Slot.BODY] == replace(
        cand, roughness=0.6
    )

    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG, root)
    editor.catalog_root = root
    editor.library = tmp_path / "library"
    dlg = editor.save_dialog()
    dlg.name_en.setText("Deep Lagoon")
    dlg._name_edited("Deep Lagoon")
    dlg.name_zh.setText("深泻湖")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.saved_path == editor.library / "paint-deep-lagoon.toml", dlg.error.text()
    new = load_catalog(root, library=editor.library).option("paint", "deep-lagoon")
    assert new.name.zh == "深泻湖" and new.finishes[Slot.BODY] == window.build.overrides[Slot.BODY]

    dlg2 = editor.save_dialog()  # the same id and code again: refused, shown in place
    dlg2.option_id.setText("deep-lagoon")
    dlg2.code.setValue(new.code)
    dlg2.path.setText(str(root / "options" / "paint-other.toml"))
    assert not dlg2.try_save()
    assert "duplicate" in dlg2.error.text()
    dlg2.reject()

    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert not window.build.overrides
    assert np.abs(body(mask, fresh(qtbot, vp)) - before).max() < 6


def test_compare_shows_a_and_b_paints_with_one_camera(qtbot, window):
    tools = window.designer
    cmp = tools.open_compare()
    qtbot.addWidget(cmp)
    cmp.resize(900, 420)
    qtbot.waitExposed(cmp)
    cmp.set_b("racing-red")
    assert cmp.build_b.choices["paint"] == "racing-red"
    assert window.build.choices["paint"] == "gem-green"
    fa, fb = fresh(qtbot, cmp.view_a), fresh(qtbot, cmp.view_b)
    a, b = body(body_mask(cmp.view_a), fa), body(body_mask(cmp.view_b), fb)
    assert a[1] > a[0], a  # green
    assert b[0] > 1.5 * b[1] and b[0] > 1.5 * b[2], b  # red
    expected = cmp.delta_e()
    assert expected > 30 and f"{expected:.2f}" in cmp.delta.text()

    frames_b = cmp.view_b.frames
    cmp.view_a.move_camera("side", animate=False)
    qtbot.waitUntil(lambda: cmp.view_b.frames > frames_b)  # B redraws A's move
    assert cmp.view_b.camera_pose() == cmp.view_a.camera_pose()
    assert cmp.view_b.preset == cmp.view_a.preset == "side"

    window.designer.editor.set_color_text("#d0b020")  # a candidate on A: B may show it
    assert cmp.b_combo.findData("__candidate__") >= 0
    cmp.set_b("__candidate__")
    assert cmp.build_b.overrides[Slot.BODY].color.hex == "#d0b020"
    assert cmp.delta_e() == pytest.approx(0.0)
    cmp.close()


def test_export_full_hd_writes_png_of_that_size(qtbot, window, tmp_path):
    tools = window.designer
    tools.lighting.set(environment="sunset")
    dlg = tools.export_dialog()
    dlg.set_preset("fullhd")
    assert dlg.image_size() == (1920, 1080)
    dlg.path.setText(str(tmp_path / "out.png"))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert tools.last_export == tmp_path / "out.png"
    from livery import pngfile

    carried = pngfile.read_text(tmp_path / "out.png")  # the export knows its build
    assert carried["livery:share-code"] == window.build.share_code()
    assert carried["livery:size"] == "1920x1080"
    with Image.open(tmp_path / "out.png") as im:
        assert im.size == (1920, 1080)
    assert window.viewport.last_export_environment == "sunset"  # lit as the view is


def test_an_export_over_the_machine_s_limit_says_the_largest_and_keeps_the_view(
    qtbot, window, tmp_path, monkeypatch
):
    from livery.scene import render_limits

    monkeypatch.setattr(render_limits, "available_memory", lambda: 200_000_000)
    before = window.viewport.stage.size
    dlg = window.designer.export_dialog()
    dlg.set_preset("fullhd")
    dlg.path.setText(str(tmp_path / "big.png"))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.error.isVisible()
    assert "pixels the free memory holds; the largest at supersample" in dlg.error.text()
    assert not (tmp_path / "big.png").exists()
    dlg.reject()
    window.viewport.render()  # the view still draws, at its own size
    assert window.viewport.stage.size == before


# -- a saved paint joins the catalog without a restart ----------------------------------
def save_paint(qtbot, editor, root, name_en: str, name_zh: str, price: int):
    """Save the candidate through the editor's dialog into the library beside the
    catalog at ``root``."""
    editor.catalog_root = root
    editor.library = root.parent / "library"
    dlg = editor.save_dialog()
    dlg.name_en.clear()
    qtbot.keyClicks(dlg.name_en, name_en)  # as typed: the id and the file follow
    dlg.name_zh.setText(name_zh)
    dlg.price.setValue(price)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    return dlg


@pytest.fixture
def catalog_copy(tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG, root)
    return root


def test_saved_paint_is_a_tile_at_once_with_names_price_and_share_code(
    qtbot, window, catalog_copy, tmp_path
):
    from livery.catalog.sharecode import pretty

    vp = window.viewport
    qtbot.mouseClick(window.panel.tile("paint", "racing-red"), Qt.MouseButton.LeftButton)
    editor = window.designer.show_editor()
    assert editor.set_color_text("35, 15, -50")  # a blue candidate over Racing Red
    cmp = window.designer.open_compare()
    qtbot.addWidget(cmp)
    fresh(qtbot, vp)
    mask = body_mask(vp)  # with the editor docked: the view has its final size
    stats = vp.stage.stats
    programs, actors = stats.shader_programs, stats.actors_created
    assert window.panel.sections["paint"].tiles.keys().isdisjoint({"deep-lagoon"})

    dlg = save_paint(qtbot, editor, catalog_copy, "Deep Lagoon", "深泻湖", 23456)
    library = catalog_copy.parent / "library"
    assert dlg.saved_path == library / "paint-deep-lagoon.toml", dlg.error.text()
    assert not (catalog_copy / "options" / "paint-deep-lagoon.toml").exists()
    assert "paint options now" in window.statusBar().currentMessage()
    # the build, its candidate and the undo history came through the reload
    assert window.build.choices["paint"] == "racing-red"
    assert Slot.BODY in window.build.overrides
    assert window.catalog is window.build.catalog
    assert window.catalog.option("paint", "deep-lagoon").price == 23456
    assert window.session.can_undo()
    assert vp.stage.catalog is window.catalog  # parts built later know the new paint
    cmp.set_b("deep-lagoon")  # A/B offers it too
    assert cmp.build_b.choices["paint"] == "deep-lagoon"
    assert cmp.view_b.stage.catalog is window.catalog
    cmp.close()

    tile = window.panel.tile("paint", "deep-lagoon")
    assert tile.isEnabled() and not tile.isChecked()
    qtbot.waitUntil(tile.has_image, timeout=60000)  # its preview, rendered from its finish
    centre = tile._image.pixelColor(tile._image.width() // 2, tile._image.height() // 2)
    assert centre.blue() > centre.red() + 10, centre.getRgb()

    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.build.choices["paint"] == "deep-lagoon"
    assert tile.isChecked() and not window.build.overrides
    _, value, price = window.summary._rows["paint"]
    assert value.text() == "◆ Deep Lagoon" and price.text() == "¥23,456"
    assert window.build.total_price() == window.build.vehicle.base_price + sum(
        window.build.option(g.id).price for g in window.catalog.groups
    )
    colour = body(mask, fresh(qtbot, vp))
    assert colour[2] > colour[0] + 20 and colour[2] > colour[1], colour  # blue on the car
    assert (stats.shader_programs, stats.actors_created) == (programs, actors)

    window.set_language("zh")
    assert tile.accessibleName() == "深泻湖"
    assert value.text() == "◆ 深泻湖"
    assert window.panel.sections["paint"].value.text() == "深泻湖"

    code = window.build.share_code()
    assert window.summary.code.text() == pretty(code)
    qtbot.mouseClick(window.panel.tile("paint", "gem-green"), Qt.MouseButton.LeftButton)
    window.summary.paste.setText(pretty(code))
    qtbot.mouseClick(window.summary.load_button, Qt.MouseButton.LeftButton)
    assert window.build.choices["paint"] == "deep-lagoon"
    assert window.build.share_code() == code

    saved = tmp_path / "build.json"  # a saved build with it opens again
    assert window.save_build(saved)
    window.undo()
    assert window.build.choices["paint"] == "gem-green"
    assert window.open_build(saved) and window.build.choices["paint"] == "deep-lagoon"


def test_failing_catalog_reload_keeps_the_build_and_says_so(
    qtbot, window, catalog_copy, monkeypatch
):
    from livery.catalog import CatalogError
    from livery.ui import main_window

    qtbot.mouseClick(window.panel.tile("paint", "racing-red"), Qt.MouseButton.LeftButton)
    editor = window.designer.show_editor()
    assert editor.set_color_text("#2040c0")
    catalog, state = window.catalog, window.build.state()

    def unreadable(root, library=None):
        raise CatalogError(root / "catalog.toml", "", "cannot be read (Input/output error)")

    with monkeypatch.context() as m:  # the file is written, then the reload fails
        m.setattr(main_window, "load_catalog", unreadable)
        dlg = save_paint(qtbot, editor, catalog_copy, "Night Sea", "夜海", 20000)
    assert dlg.saved_path is not None and dlg.saved_path.is_file()
    assert window.last_message == (
        "msg.bad_catalog",
        f"{catalog_copy / 'catalog.toml'}: cannot be read (Input/output error)",
    )
    assert "paint options now" not in window.statusBar().currentMessage()
    assert window.catalog is catalog and window.build.state() == state
    assert window.build.overrides[Slot.BODY].color.hex == "#2040c0"
    assert "night-sea" not in window.panel.sections["paint"].tiles
    assert window.session.can_undo()

    broken = catalog_copy / "options" / "broken.toml"  # a real file error this time
    broken.write_text("group = [not toml", encoding="utf-8")
    library = catalog_copy.parent / "library"
    assert not window.reload_catalog(catalog_copy, library)
    assert window.last_message[0] == "msg.bad_catalog" and "broken.toml" in window.last_message[1]
    assert window.catalog is catalog and window.build.state() == state

    broken.unlink()  # now it loads: the paint saved above becomes a tile
    assert window.reload_catalog(catalog_copy, library)
    qtbot.mouseClick(window.panel.tile("paint", "night-sea"), Qt.MouseButton.LeftButton)
    assert window.build.choices["paint"] == "night-sea"
    (library / "paint-night-sea.toml").unlink()  # the chosen paint is gone
    catalog, state = window.catalog, window.build.state()
    assert not window.reload_catalog(catalog_copy, library)
    assert window.last_message[0] == "msg.bad_catalog" and "night-sea" in window.last_message[1]
    assert window.catalog is catalog and window.build.state() == state
    assert window.panel.tile("paint", "night-sea").isChecked()
