"""Vehicle files in the app: background loading, the switcher, bad files, the slot-mapping
dialog and the "no part for this group" note (pytest-qt under Xvfb, small windows).

Files are generated into tmp_path (tests/vehicle_files.py); tests wait on signals and
conditions, never on sleeps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from livery.slots import Slot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vehicle_files import (  # noqa: E402
    LENGTH,
    TO_Y_UP,
    WIDTH,
    GltfBuilder,
    car_parts,
    to_file_frame,
    write_obj,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def window(make_window):
    return make_window()


def open_through_menu(qtbot, w, path: Path, monkeypatch) -> None:
    """File > Open vehicle file… with the file dialog answering ``path``."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    action = w.action_registry["action.open_vehicle"]
    assert action in w.action_registry.menu("menu.file").actions()
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    action.trigger()


def fresh_frame(qtbot, w) -> np.ndarray:
    n = w.viewport.frames
    w.viewport.request_render()
    qtbot.waitUntil(lambda: w.viewport.frames > n, timeout=20000)
    return w.viewport.frame()


def big_glb(path: Path, triangles: int = 2_000_000) -> Path:
    """A car whose body is one dense height field of about ``triangles`` triangles."""
    b = GltfBuilder()
    ny = int(np.sqrt(triangles / 2 / 2.5)) + 1
    nx = int(ny * 2.5)
    x, y = np.linspace(-LENGTH / 2, LENGTH / 2, nx), np.linspace(-WIDTH / 2, WIDTH / 2, ny)
    gx, gy = np.meshgrid(x, y, indexing="ij")
    gz = 0.3 + 1.1 * np.sqrt(np.clip(1 - (2 * gx / LENGTH) ** 4 - (2 * gy / WIDTH) ** 4, 0, 1))
    v = np.column_stack([gx.ravel(), gy.ravel(), gz.ravel()])
    i = np.arange(nx * ny).reshape(nx, ny)
    a, bb, c, d = i[:-1, :-1].ravel(), i[1:, :-1].ravel(), i[1:, 1:].ravel(), i[:-1, 1:].ravel()
    faces = np.concatenate([np.column_stack([a, bb, c]), np.column_stack([a, c, d])])
    b.node(name="Body", mesh=b.mesh("Body", to_file_frame(v, TO_Y_UP), faces))
    for name, mesh in car_parts().items():
        if name.startswith("Wheel"):
            k = b.mesh(name, to_file_frame(mesh.vertices, TO_Y_UP), mesh.faces)
            b.node(name=name, mesh=k)
    return b.write_glb(path)


def small_glb(path: Path, body_name: str = "Body") -> Path:
    b = GltfBuilder()
    for name, mesh in car_parts().items():
        name = body_name if name == "Body" else name
        k = b.mesh(name, to_file_frame(mesh.vertices, TO_Y_UP), mesh.faces)
        b.node(name=name, mesh=k)
    return b.write_glb(path)


# -- opening files ------------------------------------------------------------------
def test_open_obj_through_the_menu_loads_in_the_background(qtbot, window, tmp_path, monkeypatch):
    w = window
    path = write_obj(tmp_path / "boxcar.obj", car_parts())
    state = w.build.state()
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000) as opened:
        open_through_menu(qtbot, w, path, monkeypatch)
        assert w.vehicle_loader.busy and w.viewport.busy.isVisible()  # progress shown
    key = opened.args[0]
    assert key == f"file:{path.resolve()}"
    assert not w.viewport.busy.isVisible()
    assert w.switcher.buttons[key].isChecked() and w.switcher.buttons[key].text() == "boxcar"
    model = w.viewport.model
    assert model is w.vehicles.files[key].model
    assert {p.name for p in model.parts} >= {"Body", "Glass", "WheelFL"}
    assert w.viewport.stage.model is model
    assert w.build.state() == state  # the build (and its rules' vehicle) stays
    assert str(path.resolve()) in w.settings.recent_vehicles()
    recent = [a.text() for a in w.recent_vehicles_menu.actions()]
    assert "boxcar.obj" in recent
    # the build's paint shows on the file's body
    frame = fresh_frame(qtbot, w)
    mask = w.viewport.stage.slot_mask(Slot.BODY)
    assert mask.sum() > 200
    # switching back to a catalog vehicle and to the file again keeps the choices
    qtbot.mouseClick(w.switcher.buttons["yu7-max"], Qt.MouseButton.LeftButton)
    assert w.build.vehicle.id == "yu7-max" and w.viewport.model is not model
    qtbot.mouseClick(w.switcher.buttons[key], Qt.MouseButton.LeftButton)
    assert w.viewport.model is model and w.switcher.buttons[key].isChecked()
    assert frame.shape[2] == 3


def test_corrupt_file_shows_a_message_naming_it_and_keeps_the_car(
    qtbot, window, tmp_path, monkeypatch
):
    w = window
    bad = small_glb(tmp_path / "broken.glb")
    bad.write_bytes(bad.read_bytes()[:300])  # truncated
    state, model = w.build.state(), w.viewport.model
    buttons = set(w.switcher.buttons)
    with qtbot.waitSignal(w.message_shown, timeout=30000) as shown:
        open_through_menu(qtbot, w, bad, monkeypatch)
    key, detail = shown.args
    assert key == "msg.bad_vehicle"
    assert "broken.glb" in detail and len(detail) > len("broken.glb: ")
    assert w.build.state() == state and w.viewport.model is model
    assert set(w.switcher.buttons) == buttons
    assert not w.vehicle_loader.busy and not w.viewport.busy.isVisible()
    # not a mesh at all
    junk = tmp_path / "notes.obj"
    junk.write_text("this is not a mesh\n")
    with qtbot.waitSignal(w.message_shown, timeout=30000) as shown:
        w.open_vehicle_file(junk)
    assert "notes.obj" in shown.args[1]
    assert w.viewport.model is model


# -- slot mapping ---------------------------------------------------------------------
def test_mapping_dialog_assigns_a_part_to_body_and_the_saved_manifest_maps_it(
    qtbot, window, tmp_path
):
    w = window
    path = small_glb(tmp_path / "mesh.glb", body_name="Mesh_07")  # no name says "body"
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000):
        w.open_vehicle_file(path)
    assert w.action_registry["action.map_slots"].isEnabled()
    w.action_registry["action.map_slots"].trigger()
    dlg = w.mapping_dialog
    assert dlg is not None and dlg.isVisible()
    assert len(dlg.items) == len(w.viewport.model.parts)  # grouped by material
    assert dlg.tree.topLevelItemCount() == len({p.material.name for p in w.viewport.model.parts})
    shell = next(p for p in w.viewport.model.parts if p.name == "Mesh_07")
    assert dlg.items["Mesh_07"].text(1) == f"{shell.triangle_count:,}"

    # clicking the part in the 3D view selects its row
    fresh_frame(qtbot, w)
    ids = w.viewport.stage.part_ids()
    views = w.viewport.stage.views
    index = next(i for i, v in enumerate(views) if v.part.name == "Mesh_07")
    ys, xs = np.nonzero(ids == index)
    assert len(xs) > 50
    k = len(xs) // 2
    sw, sh = w.viewport.stage.size
    vi = w.viewport.interactor
    pos = QPoint(round(xs[k] * vi.width() / sw), round(ys[k] * vi.height() / sh))
    qtbot.mouseClick(vi, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: dlg.selected_part() == "Mesh_07", timeout=10000)

    dlg.set_slot("Mesh_07", Slot.BODY)
    dlg.set_slot("Glass", None)  # keep its own material
    assert dlg.items["Glass"].text(4) == "you"
    old_model = w.viewport.model
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000):
        dlg.save()
    manifest = path.with_name(path.name + ".livery.toml")
    assert manifest.is_file()
    from livery.vehicles.loaders import read_vehicle_file

    again = read_vehicle_file(path, strict=False)
    assert again.mapping["Mesh_07"].slot == Slot.BODY
    assert again.mapping["Mesh_07"].source == "manifest"
    assert again.mapping["Glass"].slot is None
    # the app reloaded it: the new mapping is on stage
    model = w.viewport.model
    assert model is not old_model
    assert [p.slot for p in model.parts if p.name == "Mesh_07"] == [Slot.BODY]
    assert w.mapping_dialog is None


def test_mapping_save_error_shows_a_message(qtbot, window, tmp_path):
    w = window
    path = small_glb(tmp_path / "car.glb")
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000):
        w.open_vehicle_file(path)
    dlg = w.open_mapping_dialog()
    (tmp_path / "car.glb.livery.toml").mkdir()  # a folder in the way: the write cannot happen
    dlg.save()
    assert w.last_message[0] == "msg.bad_manifest_save"
    assert "car.glb.livery.toml" in w.last_message[1]
    assert w.mapping_dialog is dlg and dlg.isVisible()
    dlg.close()


# -- groups without parts ---------------------------------------------------------------
def test_vehicle_without_calipers_says_so_and_disables_the_tiles(qtbot, window, tmp_path):
    w = window
    section = w.panel.sections["calipers"]
    assert not section.note.isVisible()
    assert w.panel.tile("calipers", "amethyst").isEnabled()
    path = write_obj(tmp_path / "nocal.obj", car_parts())
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000):
        w.open_vehicle_file(path)
    assert w.panel.missing("calipers") and not w.panel.missing("paint")
    assert section.note.isVisible()
    assert "no brake calipers" in section.note.text()
    current = w.build.choices["calipers"]
    for oid, tile in section.tiles.items():
        assert not tile.isEnabled()
        assert tile.isChecked() == (oid == current)  # the choice still shows
    assert w.panel.tile("paint", "racing-red").isEnabled()
    w.set_language("zh")
    assert "制动卡钳" in section.note.text()
    w.set_language("en")
    qtbot.mouseClick(w.switcher.buttons["su7-ultra"], Qt.MouseButton.LeftButton)
    assert not section.note.isVisible() and w.panel.tile("calipers", "amethyst").isEnabled()


# -- large files ------------------------------------------------------------------------
def test_two_million_triangles_load_while_the_ui_stays_responsive(qtbot, window, tmp_path):
    w = window
    path = big_glb(tmp_path / "dense.glb")
    ticks = []
    timer = QTimer(w)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(w.vehicle_loader.busy))
    timer.start()
    with qtbot.waitSignal(w.vehicle_opened, timeout=60000):
        w.open_vehicle_file(path)
    timer.stop()
    assert sum(ticks) >= 1, "the event loop ran no timer while the file loaded"
    assert w.last_message is None
    model = w.viewport.model
    assert model.triangle_count >= 1_990_000
    fresh_frame(qtbot, w)
    assert w.viewport.stage.slot_mask(Slot.BODY).sum() > 500


def test_a_vehicle_name_too_long_or_a_pipe_is_a_message_not_a_crash(make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    w = make_window()
    before = w.build.state()
    fifo = tmp_path / "car.glb"
    os.mkfifo(fifo)
    for path, problem in (
        (tmp_path / ("x" * 300 + ".glb"), "name"),
        (fifo, "not a regular file"),
    ):
        assert w.open_vehicle_file(path) is False
        key, detail = w.last_message
        assert key == "msg.bad_vehicle" and problem in detail, detail
    assert w.build.state() == before and not w.vehicle_loader.busy
