"""Honest summaries for car files: the vehicle shown is named, groups the file has no
parts for are "not on this model" and not priced; one switcher entry per file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vehicle_files import car_parts, write_obj  # noqa: E402

pytestmark = pytest.mark.gui


def open_file(qtbot, w, path) -> None:
    with qtbot.waitSignal(w.vehicle_opened, timeout=30000):
        w.open_vehicle_file(path)


def test_summary_names_the_file_and_leaves_out_what_it_has_no_parts_for(
    qtbot, make_window, tmp_path
):
    w = make_window()
    w.session.pick("calipers", "amethyst")  # a priced choice the file can't show
    caliper_price = w.build.option("calipers").price
    assert caliper_price > 0
    full = w.build.total_price()
    parts = {k: v for k, v in car_parts().items() if "aliper" not in k}
    path = write_obj(tmp_path / "nocal.obj", parts)
    open_file(qtbot, w, path)
    assert w.panel.missing("calipers")
    name = w.switcher.buttons[w.current_file_key()].text()
    for summary in (w.summary, w.overlay):
        assert summary.vehicle_label.text() == name
        assert name != w.build.vehicle.name.en
        _, value, price = summary._rows["calipers"]
        assert value.text() == "Not on this model" and price.text() == "—"
        assert summary.shown_price() == full - caliper_price
        assert summary.total.text().replace(",", "").endswith(str(full - caliper_price))
    qtbot.mouseClick(w.switcher.buttons["su7-ultra"], Qt.MouseButton.LeftButton)
    assert w.summary.vehicle_label.text() == w.build.vehicle.name.en
    assert w.summary.shown_price() == full


def test_the_same_file_opened_twice_is_one_switcher_entry(qtbot, make_window, tmp_path):
    w = make_window()
    path = write_obj(tmp_path / "car.obj", car_parts())
    before = len(w.switcher.buttons)
    open_file(qtbot, w, path)
    open_file(qtbot, w, tmp_path / "." / "car.obj")  # another spelling of the same file
    assert len(w.switcher.buttons) == before + 1
