"""The review board (``livery.batch.review_board``, ``livery board``): one cell per
candidate, in the right colour, on the page size asked for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from livery.batch import review_board
from livery.catalog import Build, load_catalog
from livery.catalog.candidate_store import CandidateStore, free_option_code
from livery.catalog.candidates import Candidate
from livery.catalog.finish import parse_finish
from livery.catalog.loader import DEFAULT_CATALOG
from livery.catalog.model import Text

#: Distinct test colours: each cell must show its own.
COLOURS = {
    "SUP-R1": ("Signal Red", "信号红", "#c01818"),
    "SUP-B2": ("Lagoon Blue", "泻湖蓝", "#1848c0"),
    "SUP-G3": ("Fern Green", "蕨绿", "#189030"),
    "SUP-Y4": ("Pollen Yellow", "花粉黄", "#d8c020"),
    "SUP-W5": ("Chalk White", "粉笔白", "#e8e8e4"),
}


def add_candidates(library: Path, colours: dict = COLOURS) -> list[Candidate]:
    """Candidates with the test colours, stored in ``library`` as a supplier's import would."""
    store = CandidateStore(library)
    out, taken = [], set()
    for code, (en, zh, hex_) in colours.items():
        option_code = free_option_code(code, taken)
        taken.add(option_code)
        finish = parse_finish({"family": "metallic", "color": hex_, "metallic": 0.3, "coat": 1.0})
        c = Candidate(code, "Acme Paints", Text(en, zh), finish, "hex", option_code)
        out.append(store.add(c, by="tester"))
    return out


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = tmp_path_factory.mktemp("board-library")
    add_candidates(lib)
    return lib


@pytest.fixture(scope="module")
def catalog(library):
    return load_catalog(DEFAULT_CATALOG, library=library)


def test_pages_are_landscape_at_the_asked_size_with_one_cell_per_candidate(catalog, library):
    a4 = review_board.board_layout("a4", 100)
    a3 = review_board.board_layout("a3", 100)
    assert a4.size == (1169, 827) and a4.per_page == 4
    assert a3.size == (1654, 1169) and a3.per_page == 9
    with pytest.raises(ValueError, match="a4, a3"):
        review_board.board_layout("letter")
    # the cells do not overlap and stay on the page
    for lay in (a4, a3):
        boxes = [*lay.cars, *lay.closeups, *lay.texts]
        for x, y, w, h in boxes:
            assert x >= 0 and x + w <= lay.size[0] and y >= 0 and y + h <= lay.size[1]
        cells = [(x, y, x + w, y + h) for x, y, w, h in lay.cars]
        assert len(set(cells)) == lay.per_page


def _rgb(hex_: str) -> np.ndarray:
    return np.array([int(hex_[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _chromaticity(rgb: np.ndarray) -> np.ndarray:
    return rgb / max(float(rgb.sum()), 1.0)


def _cell_colour(page: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    return np.asarray(page)[y : y + h, x : x + w].reshape(-1, 3)


def test_the_board_shows_each_candidate_in_its_own_cell(catalog, library, tmp_path):
    from livery.vehicles.registry import VehicleRegistry

    review = CandidateStore(library).load()
    ids = [c.option_id for c in review.candidates]
    build = Build(catalog, "su7-ultra")
    model = VehicleRegistry().catalog_model(catalog.vehicle("su7-ultra"))
    pages = review_board.make_board(
        catalog, build, model, ids, tmp_path / "img", candidates=review.candidates, dpi=60
    )
    lay = review_board.board_layout("a4", 60)
    assert len(pages) == 2 and all(p.size == lay.size for p in pages)
    # every candidate has its car, close-up and a swatch of its colour, in order
    cells = [(p, i) for p in pages for i in range(lay.per_page)][: len(ids)]
    for (page, i), c in zip(cells, review.candidates, strict=True):
        want = _rgb(c.hex)
        x, y, _w, _h = lay.texts[i]
        swatch = np.asarray(page)[y + 3 : y + 7, x + 1 : x + 5].reshape(-1, 3)
        assert np.abs(swatch.astype(int) - want).max() <= 2, (c.code, swatch[0], want)
        # the close-up is mostly the body: its median chromaticity is nearest its paint's
        med = _chromaticity(np.median(_cell_colour(page, lay.closeups[i]), axis=0))
        dists = {
            k.code: np.linalg.norm(med - _chromaticity(_rgb(k.hex))) for k in review.candidates
        }
        assert min(dists, key=dists.get) == c.code, (c.code, med, dists)
    # the last page holds one cell; the rest of it is empty paper
    last = np.asarray(pages[1])
    for i in range(1, lay.per_page):
        x, y, w, h = lay.cars[i]
        assert (last[y : y + h, x : x + w] == 255).all()
    # the images are the one capture path's: they carry their build
    written = sorted((tmp_path / "img").glob("*.png"))
    assert len(written) == 2 * len(ids)
    from livery import pngfile

    assert "livery:share-code" in pngfile.read_text(written[0])


def test_livery_board_writes_a_pdf_of_the_asked_page(library, tmp_path):
    out = tmp_path / "board.pdf"
    env = dict(os.environ, LIVERY_LIBRARY=str(library))
    cmd = [sys.executable, "-m", "livery", "board", "SUP-R1", "SUP-B2", "--page", "a3"]
    r = subprocess.run(
        [*cmd, "--dpi", "50", "--out", str(out)], env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1  # two cells: one page
    w, h = (float(v) for v in boxes[0])
    assert w == pytest.approx(420 / 25.4 * 72, rel=0.01)  # A3 landscape, in points
    assert h == pytest.approx(297 / 25.4 * 72, rel=0.01)
    assert len(list((tmp_path / "board-images").glob("*.png"))) == 4
    bad = subprocess.run(
        [sys.executable, "-m", "livery", "board", "NOPE", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "SUP-R1" in bad.stderr


def test_pinned_notes_are_numbered_markers_on_the_car_picture_only(catalog, library, tmp_path):
    from livery.catalog.candidates import Note
    from livery.vehicles.registry import VehicleRegistry

    build = Build(catalog, "su7-ultra")
    model = VehicleRegistry().catalog_model(catalog.vehicle("su7-ultra"))
    lay = review_board.board_layout("a4", 60)
    oid = CandidateStore(library).get("SUP-R1").option_id
    when = datetime.now(UTC)
    pins = [
        (2, Note("sill", "li", when, (0.9, -1.0, 0.35), "body", "su7-ultra")),
        (3, Note("bonnet", "li", when, (1.6, 0.2, 0.8), "body", "su7-ultra")),
    ]
    args = (catalog, build, model, [oid])
    [(car, close)] = review_board.render_cells(*args, tmp_path / "a", lay, camera="front34")
    [(pinned_car, pinned_close)] = review_board.render_cells(
        *args, tmp_path / "b", lay, camera="front34", markers={oid: pins}
    )
    plain, marked = (np.asarray(Image.open(p).convert("RGB"), int) for p in (car, pinned_car))
    changed = np.abs(marked - plain).sum(axis=2) > 60
    assert 40 < changed.sum() < 0.05 * changed.size  # two small labels, the rest the same car
    ys, xs = np.nonzero(changed)
    assert xs.max() - xs.min() > 20  # two labels apart, not one
    # the close-up has none
    a, b = (np.asarray(Image.open(p).convert("RGB"), int) for p in (close, pinned_close))
    assert np.abs(a - b).max() <= 2
    # the notes' numbers in the text match the markers'
    c = CandidateStore(library).get("SUP-R1")
    c = c.with_(notes=(Note("plain", "li", when), *(n for _, n in pins)))
    [facts] = review_board.paint_facts(catalog, [oid], [c])
    assert [f.split(" ")[0] for f in facts.notes] == ["1.", "2.", "3."]
    assert "[body]: sill" in facts.notes[1]
    assert c.pinned_notes("su7-ultra") == [(2, pins[0][1]), (3, pins[1][1])]
    assert c.pinned_notes("yu7-max") == []  # control: pinned on another car
