"""The desktop app, driven through its real widgets under Xvfb (pytest-qt).

Windows are small (900x600) because rendering is software GL here; tests wait
on conditions (frames rendered, builds changed), never on sleeps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from livery.catalog import BuildState
from livery.slots import Slot

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parent.parent


def fresh_frame(qtbot, window) -> np.ndarray:
    """Wait for the next rendered frame, then read it."""
    n = window.viewport.frames
    window.viewport.request_render()
    qtbot.waitUntil(lambda: window.viewport.frames > n, timeout=10000)
    return window.viewport.frame()


def body_rgb(window, frame: np.ndarray) -> np.ndarray:
    """Mean colour of the body's pixels, found by the Stage's slot mask."""
    mask = np.asarray(window.viewport.stage.slot_mask(Slot.BODY), bool)
    assert mask.shape == frame.shape[:2]
    assert mask.sum() >= 50, "the body is not in view"
    return frame[mask].reshape(-1, 3).astype(float).mean(0)


def is_red(rgb: np.ndarray) -> bool:
    return rgb[0] > rgb[1] * 1.5 and rgb[0] > rgb[2] * 1.5


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


# -- picks, undo, frame -------------------------------------------------------------
def test_paint_tile_changes_build_and_body_colour_and_undo_restores(qtbot, make_window):
    w = make_window()
    before = body_rgb(w, fresh_frame(qtbot, w))
    assert w.build.choices["paint"] == "gem-green"
    assert not is_red(before)

    click(qtbot, w.panel.tile("paint", "racing-red"))
    assert w.build.choices["paint"] == "racing-red"
    assert w.panel.tile("paint", "racing-red").isChecked()
    after = body_rgb(w, fresh_frame(qtbot, w))
    assert is_red(after), after
    assert "◆" in w.summary._rows["paint"][1].text()

    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.build.choices["paint"] == "gem-green"
    assert w.panel.tile("paint", "gem-green").isChecked()
    undone = body_rgb(w, fresh_frame(qtbot, w))
    assert not is_red(undone)
    assert np.abs(undone - before).max() < 12

    qtbot.keyClick(
        w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert w.build.choices["paint"] == "racing-red"


def test_pick_updates_only_in_next_frame_without_recreating_the_view(qtbot, make_window):
    w = make_window()
    fresh_frame(qtbot, w)
    n = w.viewport.frames
    click(qtbot, w.panel.tile("wheels", "forged-gold"))
    qtbot.waitUntil(lambda: w.viewport.frames > n, timeout=5000)  # rendered on its own
    assert w.build.choices["wheels"] == "forged-gold"
    assert w.summary.total.text().replace(",", "").endswith(str(w.build.total_price()))


def test_reset_and_surprise_give_valid_builds(qtbot, make_window, catalog):
    w = make_window()
    for _ in range(5):
        click(qtbot, w.surprise_button)
        s = w.build.state()
        assert not catalog.violations(s.vehicle, s.choices)
    w.viewport.set_turntable(False)
    click(qtbot, w.reset_button)
    assert dict(w.build.choices) == dict(w.build.vehicle.defaults)


# -- rules --------------------------------------------------------------------------
def test_forbidden_options_are_disabled_with_the_reason(qtbot, make_window):
    w = make_window()
    decal = w.panel.tile("decal", "lightning-gold")
    assert decal.isEnabled()
    click(qtbot, w.panel.tile("paint", "golden-pink-matte"))
    assert not decal.isEnabled()
    assert "matte" in decal.toolTip()
    click(qtbot, decal)  # a disabled tile does nothing
    assert w.build.choices["decal"] == "none"


def test_option_not_offered_on_vehicle_is_disabled(qtbot, make_window):
    w = make_window(BuildState("yu7-max", {}))
    tile = w.panel.tile("paint", "sprout-yellow")
    assert not tile.isEnabled()
    assert "YU7" in tile.toolTip()


# -- vehicles -----------------------------------------------------------------------
def test_vehicle_switch_keeps_compatible_choices(qtbot, make_window):
    w = make_window()
    click(qtbot, w.panel.tile("wheels", "forged-gold"))
    click(qtbot, w.panel.tile("paint", "sprout-yellow"))  # sedan only
    model_before = w.viewport.model
    click(qtbot, w.switcher.buttons["yu7-max"])
    assert w.build.vehicle.id == "yu7-max"
    assert w.build.choices["wheels"] == "forged-gold"
    assert w.build.choices["paint"] == w.build.vehicle.defaults["paint"]
    assert w.viewport.model is not model_before
    assert w.switcher.buttons["yu7-max"].isChecked()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.build.vehicle.id == "su7-ultra"
    assert w.build.choices["paint"] == "sprout-yellow"


def test_vehicle_that_fails_to_load_keeps_the_current_car(qtbot, make_window, catalog, tmp_path):
    from livery.vehicles.registry import VEHICLE_FOLDER, VehicleRegistry

    sedan = catalog.vehicle("su7-ultra").file
    (tmp_path / sedan).symlink_to(VEHICLE_FOLDER / sedan)  # the same file: read once
    (tmp_path / catalog.vehicle("yu7-max").file).write_bytes(b"glTF disk on fire")
    w = make_window(vehicles=VehicleRegistry(tmp_path))
    click(qtbot, w.panel.tile("paint", "racing-red"))
    state, model = w.build.state(), w.viewport.model
    click(qtbot, w.switcher.buttons["yu7-max"])
    assert w.last_message and w.last_message[0] == "msg.bad_vehicle"
    assert "yu7-max.glb" in w.last_message[1]
    assert w.build.state() == state and w.viewport.model is model
    assert w.switcher.buttons["su7-ultra"].isChecked()
    assert not w.open_vehicle_file("/nonexistent/car.glb")
    assert w.build.state() == state and w.viewport.model is model


# -- codes and files ----------------------------------------------------------------
def test_share_code_paste_and_bad_code(qtbot, make_window, catalog):
    w = make_window()
    click(qtbot, w.panel.tile("paint", "amethyst"))
    from livery.catalog.sharecode import pretty
    from livery.ui.qr import qr_matrix

    code = pretty(w.build.share_code())
    assert w.summary.code.text() == code
    click(qtbot, w.summary.qr_button)
    qtbot.waitUntil(w.summary.qr.isVisible)
    assert not w.summary.qr.pixmap().isNull()
    w.summary.qr.close()
    assert qr_matrix(code).shape[0] >= 21  # a real QR symbol (version 1 is 21 modules)
    click(qtbot, w.summary.copy_button)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == code
    click(qtbot, w.reset_button)
    qtbot.keyClicks(w.summary.paste, code)
    click(qtbot, w.summary.load_button)
    assert w.build.choices["paint"] == "amethyst"
    state = w.build.state()
    w.summary.paste.setText("ZZZZ-NOT-A-CODE")
    click(qtbot, w.summary.load_button)
    assert w.last_message[0] == "msg.bad_code"
    assert w.build.state() == state


def test_save_open_and_malformed_build_file(qtbot, make_window, tmp_path):
    w = make_window()
    click(qtbot, w.panel.tile("calipers", "amethyst"))
    path = tmp_path / "mine.json"
    assert w.save_build(path)
    click(qtbot, w.reset_button)
    assert w.open_build(path)
    assert w.build.choices["calipers"] == "amethyst"
    assert str(path.resolve()) in w.settings.recent()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "livery-build", "version": 1, "vehicle": 3', encoding="utf-8")
    state = w.build.state()
    assert not w.open_build(bad)
    assert w.last_message[0] == "msg.bad_file"
    assert w.build.state() == state


def test_a_picture_opens_with_its_build_and_view_and_can_be_dropped(qtbot, make_window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    w = make_window()
    click(qtbot, w.panel.tile("calipers", "amethyst"))
    w.viewport.move_camera("rear34", animate=False)
    picture = tmp_path / "shot.png"
    assert w.save_screenshot(picture, (160, 90))
    click(qtbot, w.reset_button)
    w.viewport.move_camera("side", animate=False)
    assert w.open_build(picture)
    assert w.build.choices["calipers"] == "amethyst" and w.viewport.preset == "rear34"

    plain = tmp_path / "plain.png"  # a picture without a build: a message, nothing changes
    QImage(8, 8, QImage.Format.Format_RGB888).save(str(plain))
    state = w.build.state()
    assert not w.open_build(plain)
    assert w.last_message[0] == "msg.bad_file" and "carries no build" in w.last_message[1]
    assert w.build.state() == state

    click(qtbot, w.reset_button)  # dropped on the window, it opens the same way
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    # (Qt delivers a Drop only from a real drag, which a test cannot start: call the
    # handler the event reaches.)
    w.dragEnterEvent(drop)
    assert drop.isAccepted()
    w.dropEvent(drop)
    assert w.build.choices["calipers"] == "amethyst"


def test_share_link_goes_into_the_qr_code_and_the_build_sheet(qtbot, make_window, tmp_path):
    from PIL import Image

    from livery.catalog.qr import qr_text
    from livery.ui.qr import qr_pixmap

    w = make_window()
    code = w.build.share_code()
    assert not w.set_share_link("https://example.com/b/")  # no {code}: refused, said
    assert w.last_message[0] == "msg.bad_link" and w.summary.link is None
    assert w.set_share_link("https://example.com/b/{code}")
    held = qr_text(code, "https://example.com/b/{code}")
    assert held == f"https://example.com/b/{code}"
    expected = qr_pixmap(held, 6).toImage()
    assert w.summary.qr.pixmap().toImage() == expected  # the panel's QR holds the link

    sheet = tmp_path / "sheet.png"
    assert w.save_build_sheet(sheet, dpi=40)
    with Image.open(sheet) as page:
        assert page.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))  # A4
    assert not w.save_build_sheet(tmp_path / "sheet.txt", dpi=40)  # a PDF or PNG only
    assert w.last_message[0] == "msg.bad_sheet"


# -- camera -------------------------------------------------------------------------
def test_camera_preset_animates_and_stays_above_floor(qtbot, make_window):
    w = make_window()
    fresh_frame(qtbot, w)
    click(qtbot, w.camera_bar.buttons["side"])
    assert w.viewport.is_animating()
    qtbot.waitUntil(lambda: not w.viewport.is_animating(), timeout=10000)
    assert w.camera_bar.buttons["side"].isChecked()
    cam = w.viewport.stage.renderer.GetActiveCamera()
    target = w.viewport.stage.camera_pose("side")
    assert np.allclose(cam.GetPosition(), target.position, atol=1e-3)
    # push the camera under the floor: the next frame puts it back above
    cam.SetPosition(target.position[0], target.position[1], -3.0)
    fresh_frame(qtbot, w)
    assert cam.GetPosition()[2] > 0.05


def test_turntable_turns_the_camera(qtbot, make_window):
    w = make_window()
    fresh_frame(qtbot, w)
    cam = w.viewport.stage.renderer.GetActiveCamera()
    start = np.array(cam.GetPosition())
    click(qtbot, w.camera_bar.turntable)
    assert w.viewport.turntable
    qtbot.waitUntil(
        lambda: np.linalg.norm(np.array(cam.GetPosition()) - start) > 0.05, timeout=10000
    )
    click(qtbot, w.camera_bar.turntable)
    assert not w.viewport.turntable


# -- presentation and language ------------------------------------------------------
def test_presentation_mode_toggles_and_enlarges_tiles(qtbot, make_window):
    w = make_window()
    tile = w.panel.tile("paint", "racing-red")
    normal = tile.width()
    qtbot.keyClick(w, Qt.Key.Key_F11)
    assert w.presentation
    qtbot.waitUntil(lambda: w.isFullScreen(), timeout=5000)
    assert not w.menuBar().isVisible()
    assert tile.width() > normal and tile.height() >= 64 * 1.5
    for b in w.camera_bar.buttons.values():
        assert b.height() >= 64
    assert w.overlay.isVisible()
    # attract mode after idle; any input stops it
    w.presentation_mode.idle.set_idle_ms(50)
    w.presentation_mode.idle.poke()
    qtbot.waitUntil(lambda: w.viewport.attract, timeout=5000)
    qtbot.mouseMove(w.viewport, w.viewport.rect().center())
    w.presentation_mode.idle.poke()
    assert not w.viewport.attract
    qtbot.keyClick(w, Qt.Key.Key_F11)
    assert not w.presentation
    assert tile.width() == normal
    assert w.menuBar().isVisible()


def test_presentation_toggles_leave_no_widgets_behind(qtbot, make_window):
    """A kiosk toggles presentation all day: each toggle left a title bar per dock
    behind (found by the soak's memory tracing)."""
    w = make_window()
    w.presentation_mode.full_screen = False

    def widgets() -> int:
        return len(w.findChildren(QWidget))

    w.set_presentation(True)
    w.set_presentation(False)
    before = widgets()
    for _ in range(5):
        w.set_presentation(True)
        w.set_presentation(False)
    assert widgets() == before


def test_language_switch_relabels_everything(qtbot, make_window):
    w = make_window()
    assert w.undo_button.accessibleName().endswith("Undo")  # the text: a glyph when narrow
    assert w.panel.sections["paint"].title.text() == "PAINT"
    click(qtbot, w.lang_button)
    assert w.lang.code == "zh"
    assert "撤销" in w.undo_button.accessibleName()
    assert w.panel.sections["paint"].title.text() == "车漆"
    assert w.panel.tile("paint", "racing-red")._name == "竞速红"
    assert w.summary.total_label.text() == "总价"
    assert w.action_registry.menu("menu.file").title().startswith("文件")
    assert w.camera_bar.buttons["side"].text() == "侧面"
    click(qtbot, w.lang_button)
    assert w.panel.sections["paint"].title.text() == "PAINT"


# -- previews -----------------------------------------------------------------------
def test_previews_are_rendered_once_and_cached_on_disk(tmp_path):
    # In a fresh process: the swatch renderer's GL context is the scene layer's, and a
    # long run of embedded windows in one process is not what this test is about.
    script = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from livery.catalog import load_catalog
from livery.ui import previews
previews.cache_dir = lambda: Path({str(tmp_path)!r}) / "previews"
cat = load_catalog()
img = previews.preview_image(cat, "paint", "racing-red", 48)
assert not img.isNull() and img.width() == 48
assert len(list(previews.cache_dir().glob("*.png"))) == 1
px = img.pixelColor(24, 24)
assert px.red() > px.green() * 1.5, px.name()
assert len({{img.pixelColor(x, 24).name() for x in range(8, 40, 4)}}) > 3  # shaded
previews._memory.clear()
assert previews.cached_preview(cat, "paint", "racing-red", 48) is not None
print("ok")
"""
    r = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr[-2000:]


# -- command line ---------------------------------------------------------------------
def _livery(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "livery", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_screenshot_command_writes_an_image(tmp_path):
    out = tmp_path / "window.png"
    r = _livery(
        "--screenshot", str(out), "--size", "900x600", "--lang", "zh", "--vehicle", "yu7-max"
    )
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert not img.isNull() and img.width() >= 900
    arr = np.array(
        [
            [img.pixelColor(x, y).lightness() for x in range(0, img.width(), 37)]
            for y in range(0, img.height(), 37)
        ]
    )
    assert arr.std() > 5  # not a blank window
    from livery import pngfile

    assert '"vehicle": "yu7-max"' in pngfile.read_text(out)["livery:build"]


def test_bad_arguments_exit_2_with_a_message(tmp_path):
    r = _livery("--screenshot", str(tmp_path / "x.png"), "--build", "NOTACODE")
    assert r.returncode == 2 and "share code" in r.stderr
    r = _livery("--lang", "fr")
    assert r.returncode == 2 and "--lang" in r.stderr
    r = _livery("--vehicle", "tractor", "--screenshot", str(tmp_path / "y.png"))
    assert r.returncode == 2 and "tractor" in r.stderr


def test_app_prefilters_the_environments_in_the_background(qtbot, monkeypatch):
    """After start-up the environments are prefiltered on a worker thread, not the UI's."""
    import threading

    from livery.commands import gui
    from livery.scene import skies

    calls: list[tuple[float, bool]] = []
    monkeypatch.setattr(
        skies,
        "prefilter_all",
        lambda scale: calls.append((scale, threading.current_thread() is threading.main_thread())),
    )
    gui._prefilter_environments_later(0.55, delay_ms=0)
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    assert calls == [(0.55, False)]


def test_help_about_names_the_versions_and_the_credits(qtbot, make_window):
    from PySide6.QtWidgets import QDialog

    import livery

    window = make_window()
    about = window.action_registry["action.about"]
    assert about in window.action_registry.menu("menu.help").actions()
    about.trigger()
    dialogs = [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert len(dialogs) == 1
    text = dialogs[0].text.toPlainText()
    assert f"Version {livery.__version__}" in text and "Catalog 2026.11" in text
    assert "VTK" in text and "PySide6-Essentials" in text and "LGPL" in text
    assert "Lexyc16" in text and "CC-BY-4.0" in text  # the test models' authors
    dialogs[0].close()
    window.set_language("zh")
    assert about.text() == "关于 Livery Studio"


def test_render_set_from_the_window_renders_in_the_background_and_makes_a_gallery(
    qtbot, make_window, tmp_path
):
    import json

    w = make_window()
    dlg = w.render_set_dialog()
    dlg.open_gallery = False  # no browser in a test
    for gid, box in dlg.vary.items():
        box.setChecked(gid == "calipers")
    for name, box in dlg.cameras.items():
        box.setChecked(name == "side")
    n = len(w.catalog.options_for(w.build.vehicle.id, "calipers"))
    assert dlg.count.text().startswith(f"{n} build")
    dlg.size_box.setEditText("96x54")
    dlg.folder.setText(str(tmp_path / "set"))
    with qtbot.waitSignal(dlg.finished_set, timeout=240_000) as done:
        assert dlg.start()
        assert not dlg.start_button.isEnabled()  # the window stays usable meanwhile
    gallery = tmp_path / "set" / "index.html"
    assert done.args == [str(gallery)] and gallery.is_file()
    lines = (tmp_path / "set" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    assert {json.loads(line)["options"]["calipers"]["id"] for line in lines} == {
        o.id for o in w.catalog.options_for(w.build.vehicle.id, "calipers")
    }
    dlg.size_box.setEditText("12 by 9")  # a bad size is said in place, nothing starts
    assert not dlg.start() and "WxH" in dlg.status.text()


def test_picking_an_option_shows_its_parts(qtbot, make_window):
    w = make_window()
    w.viewport.move_camera("front34", animate=False)
    click(qtbot, w.panel.tile("paint", "racing-red"))
    assert w.viewport.preset == "front34"  # the paint is seen from anywhere
    for group, option, view in (
        ("wheels", "forged-gold", "wheel"),
        ("badge", "gold-black-ceramic", "badge"),
        ("interior", "blue-alcantara-wood", "seat"),
    ):
        click(qtbot, w.panel.tile(group, option))
        assert w.viewport.preset == view, group
