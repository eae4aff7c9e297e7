"""Tools > Paint review… through the real widgets under Xvfb: the list, filter and sort,
status and notes with who and when, approve to a library paint, the candidate on the
car, the grid, the booth, import and the review board."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor

from livery.catalog.candidate_judge import judge, sort_judgements
from livery.catalog.candidates import Candidate, Spectrum, Status
from livery.catalog.finish import parse_finish
from livery.catalog.model import Text
from livery.ui import theme

pytestmark = pytest.mark.gui

EXAMPLES = Path(__file__).resolve().parents[1] / "assets" / "examples"


def test_the_list_judges_filters_and_sorts(review):
    window = review.window_
    assert "action.review" in window.action_registry
    assert "action.import_candidates" in window.action_registry
    assert review.table.rowCount() == 5
    codes = review.row_codes()
    expected = sort_judgements(judge(review.catalog, review.candidates()), "hue")
    assert codes == [j.candidate.code for j in expected]
    # too close to an existing paint: the nearest paint and ΔE in the warning colour
    r = codes.index("SUP-W5")
    assert review.table.item(r, 6).text() == "Pearl White"
    assert review.table.item(r, 7).foreground().color() == QColor(theme.DANGER)
    assert "too close to Pearl White" in review.table.item(r, 7).toolTip()
    ok = codes.index("SUP-B2")
    assert review.table.item(ok, 7).foreground().color() != QColor(theme.DANGER)
    review.sort.setCurrentIndex(review.sort.findData("lightness"))
    assert review.row_codes()[0] == "SUP-W5"  # light first
    review.sort.setCurrentIndex(review.sort.findData("de"))
    assert review.row_codes()[0] == "SUP-W5"  # closest first


def test_status_notes_and_approval(review):
    store = review.store
    review.select("SUP-R1")
    assert review.current().code == "SUP-R1"
    assert review.set_status(Status.SHORTLISTED)
    saved = store.get("SUP-R1")
    assert saved.status is Status.SHORTLISTED and saved.decided_by and saved.decided_at
    review.select("SUP-R1")
    assert review.add_note("a touch too orange under the showroom light")
    note = store.get("SUP-R1").notes[-1]
    assert note.text.startswith("a touch too orange") and note.author and note.when
    review.select("SUP-R1")
    assert review.notes.count() == 1 and "too orange" in review.notes.item(0).text()
    review.filter.setCurrentIndex(review.filter.findData("shortlisted"))
    assert review.row_codes() == ["SUP-R1"]
    review.filter.setCurrentIndex(review.filter.findData("all"))

    review.select("SUP-B2")
    assert review.approve(24000)
    approved = store.get("SUP-B2")
    assert approved.status is Status.APPROVED and approved.paint_id
    paint = review.catalog.option("paint", approved.paint_id)  # a tile at once
    assert paint.price == 24000
    review.select("SUP-B2")
    assert not review.approve_button.isEnabled()


def test_show_on_car_grid_and_booth(qtbot, review):
    window = review.window_
    review.select("SUP-G3")
    assert review.show_on_car()
    assert window.build.choices["paint"] == "candidate-sup-g3"
    # no spectrum: the booth says so
    assert "needs a spectrum" in review.booth_message.text()
    review.select("SUP-R1", "SUP-B2", "SUP-Y4")
    cmp = review.grid_compare()
    qtbot.addWidget(cmp)
    assert cmp.mode == "grid4" and len(cmp.grid.cells) == 3
    assert {c.title for c in cmp.grid.cells} == {"Signal Red", "Lagoon Blue", "Pollen Yellow"}
    cmp.close()


def _measured(code: str, reflectance: np.ndarray) -> Candidate:
    spectrum = Spectrum(tuple(float(w) for w in WAVELENGTHS), tuple(map(float, reflectance)))
    finish = parse_finish({"family": "solid", "color": "#808080"})
    return Candidate(code, "Acme", Text(code, code), finish, "spectrum", 900, spectrum)


WAVELENGTHS = np.arange(400, 701, 10)


def test_import_and_the_booth_with_spectra(review):
    n, errors = review.import_file(EXAMPLES / "candidates.csv")
    assert n >= 2 and not errors, errors
    assert {"AX-2027-101", "AX-2027-103"} <= set(review.row_codes())
    # two greys that match in daylight and part under tungsten (a metameric pair)
    flat = np.full(len(WAVELENGTHS), 0.3)
    bumpy = 0.3 + 0.08 * np.sin((WAVELENGTHS - 400) / 300 * 4 * np.pi)
    review.store.add(_measured("MET-1", flat))
    review.store.add(_measured("MET-2", bumpy))
    review.refresh()
    review.select("MET-1")
    assert review.booth_other.currentData() == "MET-2"
    assert review.booth_message.text() == ""
    lights = {r[0]: r for r in review.booth_rows}
    assert {"D65", "A", "FL11"} <= set(lights)
    assert all(r[3] >= 0 for r in review.booth_rows)
    assert lights["D65"][1] != lights["A"][1]  # the patch is lit by each light


def test_the_review_board_is_made_in_a_process(qtbot, review, tmp_path):
    review.select("SUP-R1", "SUP-Y4")
    review.page.setCurrentIndex(review.page.findData("a3"))
    out = tmp_path / "board.png"
    cmd = review.board_command(out)
    assert cmd[0] == "board" and set(cmd[1:3]) == {"SUP-R1", "SUP-Y4"}
    assert "--page" in cmd and cmd[cmd.index("--page") + 1] == "a3"
    assert "--env-rotation" in cmd
    proc = review.make_board(out)
    qtbot.waitUntil(lambda: review.last_board is not None, timeout=120_000)
    assert proc.exitCode() == 0
    from PIL import Image

    with Image.open(out) as page:
        assert page.size == (round(420 / 25.4 * 150), round(297 / 25.4 * 150))
