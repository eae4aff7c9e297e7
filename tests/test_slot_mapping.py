"""The slot-mapping panel in the app, clicked (pytest-qt under Xvfb), and the status bar's
report of how a vehicle file's frame was read.

Issue 10: on a 44-part car the dialog listed parts named ``Cylinder.000_0`` one by one,
showed nine rows, sat over the middle of the car, could not show where a row's part is
and re-read the file on every save (7-13 s). The panel groups parts by material, maps a
group in one step, filters, highlights the chosen part, previews every change on the car
without reading the file, saves without a reload and sits beside the car.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from livery.slots import Slot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vehicle_files import TO_Y_UP, GltfBuilder, car_parts, to_file_frame  # noqa: E402

pytestmark = pytest.mark.gui

WHEELS = ("WheelFL", "WheelFR", "WheelRL", "WheelRR")


def grouped_glb(path: Path, unit: float = 1.0) -> Path:
    """The test car with generic names: a shell, a glass and four wheels sharing one
    material (``alloy``), as modellers export them."""
    b = GltfBuilder()
    mats = {
        "shell": b.material({"name": "Material.012"}),
        "glass": b.material({"name": "Material.003"}),
        "alloy": b.material({"name": "alloy"}),
    }
    names = {"Body": ("Cylinder.000_0", "shell"), "Glass": ("Cylinder.001_0", "glass")}
    for name, mesh in car_parts().items():
        node, mat = names.get(name, (name, "alloy"))
        k = b.mesh(node, to_file_frame(mesh.vertices, TO_Y_UP, unit), mesh.faces, mats[mat])
        b.node(name=node, mesh=k)
    return b.write_glb(path)


@pytest.fixture
def window(make_window):
    return make_window()


def load(qtbot, w, path: Path) -> None:
    with qtbot.waitSignal(w.vehicle_opened, timeout=60000):
        w.open_vehicle_file(path)


def fresh_frame(qtbot, w) -> np.ndarray:
    n = w.viewport.frames
    w.viewport.request_render()
    qtbot.waitUntil(lambda: w.viewport.frames > n, timeout=20000)
    return w.viewport.frame().astype(float)


def part_pixels(w, name: str) -> np.ndarray:
    stage = w.viewport.stage
    index = next(i for i, v in enumerate(stage.views) if v.part.name == name)
    return stage.part_ids() == index


def no_file_reads(w, monkeypatch) -> None:
    """Fail the test if the window reads the vehicle file again."""

    def read(*_a, **_k):
        raise AssertionError("the vehicle file was read again")

    monkeypatch.setattr(w.vehicle_loader, "load", read)


def test_panel_groups_filters_highlights_previews_and_saves_fast(
    qtbot, window, tmp_path, monkeypatch
):
    w = window
    path = grouped_glb(tmp_path / "generic.glb")
    load(qtbot, w, path)
    loaded = w.viewport.model
    dlg = w.open_mapping_dialog()
    assert dlg is not None and dlg.isVisible()

    # grouped by material: three groups, the four wheels under one
    assert dlg.tree.topLevelItemCount() == 3
    alloy = dlg.groups["alloy"]
    assert alloy.childCount() == 4 and alloy.text(0) == "alloy (4 parts)"
    assert {alloy.child(i).text(0) for i in range(4)} == set(WHEELS)

    # beside the window when the screen has room (Xvfb's is smaller than the window)
    screen = QRect(0, 0, 2560, 1440)
    dlg.place_beside(QRect(100, 50, 1600, 1000), screen)
    assert dlg.geometry().left() > QRect(100, 50, 1600, 1000).right()
    assert dlg.height() == 1000 and dlg.width() == 640
    dlg.place_beside(QRect(900, 50, 1600, 1000), screen)
    assert dlg.geometry().right() <= 892
    # a full-screen window: at the screen's right edge, over the option panel, clear of
    # the middle of the 3D view
    dlg.place_beside(QRect(0, 0, 1920, 1050), QRect(0, 0, 1920, 1080))
    assert dlg.geometry().right() == 1919 and dlg.width() <= 640
    assert dlg.geometry().left() >= 1920 * 2 // 3 - 1
    dlg.place_beside(w.frameGeometry(), w.screen().availableGeometry())
    assert dlg.height() >= 480  # more than nine rows

    # filter by name, then by material
    qtbot.keyClicks(dlg.filter, "fl")
    shown = [n for n, item in dlg.items.items() if not item.isHidden()]
    assert shown == ["WheelFL"]
    assert dlg.groups["Material.012"].isHidden() and not alloy.isHidden()
    dlg.filter.clear()
    qtbot.keyClicks(dlg.filter, "material.0")
    assert sorted(n for n, i in dlg.items.items() if not i.isHidden()) == [
        "Cylinder.000_0",
        "Cylinder.001_0",
    ]
    dlg.filter.clear()
    assert not any(item.isHidden() for item in dlg.items.values())

    # from here on the file must not be read again: preview and save use the loaded parts
    no_file_reads(w, monkeypatch)

    # a click on a row highlights its part in the view
    before = fresh_frame(qtbot, w)
    glass = part_pixels(w, "Cylinder.001_0")
    assert glass.sum() > 100
    item = dlg.items["Cylinder.001_0"]
    dlg.tree.scrollToItem(item)
    rect = dlg.tree.visualItemRect(item)  # the whole row: click its name, not its combo
    qtbot.mouseClick(
        dlg.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 30, rect.center().y()),
    )
    assert dlg.selected_part() == "Cylinder.001_0"
    after = fresh_frame(qtbot, w)
    r, g, b = after[glass].mean(axis=0)
    assert r > 1.6 * b and r > g, (r, g, b)  # signal orange
    assert np.abs(after[glass] - before[glass]).mean() > 20
    # the row chosen elsewhere lets it go
    dlg.select_part("WheelFL")
    restored = fresh_frame(qtbot, w)
    assert np.abs(restored[glass] - before[glass]).mean() < 3

    # a whole material group in one step, previewed live on the car
    rims_before = part_pixels(w, "WheelFL")
    dlg.set_group_slot("alloy", Slot.BODY)
    assert all(dlg.slot_of(n) == Slot.BODY for n in WHEELS)
    assert dlg.items["WheelFL"].text(4) == "you"
    qtbot.waitUntil(lambda: w.viewport.model is not loaded, timeout=10000)
    on_stage = {v.part.name: v.slot for v in w.viewport.stage.views}
    assert all(on_stage[n] == Slot.BODY for n in WHEELS)
    painted = fresh_frame(qtbot, w)
    paint = w.viewport.stage.slot_mask(Slot.BODY)
    assert (paint & rims_before).sum() > 0.8 * rims_before.sum()
    assert painted.shape == before.shape
    # one part back, by its own combo: the group shows "mixed"
    dlg.set_slot("WheelFL", Slot.RIMS)
    assert dlg.group_combos["alloy"].currentData() == "mixed"

    # save: the manifest is written and the previewed model kept, no reload
    start = time.perf_counter()
    with qtbot.waitSignal(w.vehicle_opened, timeout=10000):
        qtbot.mouseClick(
            dlg.buttons.button(dlg.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    seconds = time.perf_counter() - start
    assert seconds < 2.0, seconds
    assert w.mapping_dialog is None
    model = w.viewport.model
    assert [p.slot for p in model.parts if p.name in WHEELS] == [
        Slot.RIMS,
        Slot.BODY,
        Slot.BODY,
        Slot.BODY,
    ]
    assert w.vehicles.files[w.current_file_key()].model is model
    from livery.vehicles.loaders import read_vehicle_file

    again = read_vehicle_file(path)
    assert again.manifest == path.with_name(path.name + ".livery.toml")
    assert {n: again.mapping[n].slot for n in WHEELS} == {
        n: p.slot for n, p in zip(WHEELS, [p for p in model.parts if p.name in WHEELS], strict=True)
    }


def test_cancel_puts_the_loaded_model_back(qtbot, window, tmp_path, monkeypatch):
    w = window
    load(qtbot, w, grouped_glb(tmp_path / "generic.glb"))
    loaded = w.viewport.model
    dlg = w.open_mapping_dialog()
    no_file_reads(w, monkeypatch)
    dlg.set_slot("Cylinder.001_0", Slot.TRIM)
    qtbot.waitUntil(lambda: w.viewport.model is not loaded, timeout=10000)
    assert not (tmp_path / "generic.glb.livery.toml").exists()
    qtbot.mouseClick(
        dlg.buttons.button(dlg.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert w.mapping_dialog is None
    assert w.viewport.model is loaded
    assert not (tmp_path / "generic.glb.livery.toml").exists()


def test_status_bar_reports_how_the_frame_was_read(qtbot, window, tmp_path):
    """A centimetre car: the status bar says so, with the nose and the length."""
    w = window
    load(qtbot, w, grouped_glb(tmp_path / "cm.glb", unit=0.01))
    text = w.statusBar().currentMessage()
    assert "read as cm, nose +Z, 4.50 m: see Vehicle > Map parts to slots / livery inspect" in text
