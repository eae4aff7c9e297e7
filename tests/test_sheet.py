"""The build sheet: its text in both languages, its page (A4, the QR code readable from
the pixels), one real ``livery sheet`` run, and every user mistake as one line, exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from livery.batch import build_sheet
from livery.catalog import Build
from livery.catalog.price import format_price
from livery.catalog.qr import qr_matrix, qr_text
from livery.catalog.sharecode import pretty
from livery.cli import main

ROOT = Path(__file__).resolve().parent.parent
LINK = "https://example.com/b/{code}"
A4_POINTS = (595.3, 841.9)


def read_qr(page: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    """The QR symbol drawn in ``box``, read back module by module from the pixels.

    The top-left finder pattern is 7 modules wide: that gives the module size; the
    top row's dark extent gives the symbol's width (the quiet zone is white).
    """
    x, y, w, h = box
    dark = np.asarray(page.convert("L").crop((x, y, x + w, y + h))) < 128
    top = int(np.argmax(dark.any(axis=1)))
    row = dark[top]
    left = int(np.argmax(row))
    module = int(np.argmin(row[left:]))  # the finder's top edge: 7 modules dark
    assert module % 7 == 0, module
    module //= 7
    right = len(row) - int(np.argmax(row[::-1]))
    n = (right - left) // module
    centres = np.arange(n) * module + module // 2
    return dark[np.ix_(top + centres, left + centres)]


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox size in points (Pillow writes plain, uncompressed objects)."""
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page\b", data))
    return [(float(w), float(h)) for w, h in boxes]


@pytest.fixture
def build(catalog):  # type: ignore[no-untyped-def]
    b = Build(catalog, "su7-ultra")
    b.set("paint", "amethyst")
    return b


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sheet_names_every_choice_with_its_price_in_the_language(catalog, build, lang):
    text = build_sheet.content(catalog, build, lang, today=date(2026, 11, 29))
    assert text.vehicle == build.vehicle.name.get(lang)
    base, *groups = text.rows
    assert base.price == format_price(build.vehicle.base_price, catalog.currency)
    assert [r.label for r in groups] == [g.name.get(lang) for g in catalog.groups]
    for g, row in zip(catalog.groups, groups, strict=True):
        option = build.option(g.id)
        assert row.value == option.name.get(lang)
        included = build_sheet.label("included", lang)
        assert row.price == (format_price(option.price) if option.price else included)
    assert text.rows[1].price.startswith("¥")  # amethyst costs extra
    assert text.total.price == format_price(build.total_price(), catalog.currency)
    assert text.code == pretty(build.share_code()) and len(text.code.split("-")[0]) == 4
    assert text.qr == build.share_code() and text.link is None
    assert text.date == "2026-11-29"
    if lang == "zh":
        assert text.total.label == "总价" and "配置单" in text.heading


def test_a_small_sheet_is_an_a4_page_with_the_views_and_a_readable_qr(catalog, build, tmp_path):
    dpi = 100
    text = build_sheet.content(catalog, build, "zh", LINK)
    assert text.qr == f"https://example.com/b/{build.share_code()}" == text.link
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30)]
    views = [Image.new("RGB", (16, 9), c) for c in colours]
    page = build_sheet.compose(views, text, dpi)
    assert page.size == build_sheet.page_size(dpi) == (827, 1169)
    box = build_sheet.layout(dpi)
    for (x, y, w, h), colour in zip(box.views, colours, strict=True):
        assert page.getpixel((x + w // 2, y + h // 2)) == colour
    assert np.array_equal(read_qr(page, box.qr), qr_matrix(text.qr)[2:-2, 2:-2])
    assert not np.array_equal(qr_matrix(text.qr), qr_matrix(build.share_code()))

    pdf = build_sheet.save(page, tmp_path / "sheet.pdf", dpi)
    (size,) = pdf_pages(pdf.read_bytes())
    assert size == pytest.approx(A4_POINTS, abs=0.5)
    png = build_sheet.save(page, tmp_path / "sheet.png", dpi)
    with Image.open(png) as im:
        assert im.size == page.size and round(im.info["dpi"][0]) == dpi


def test_a_share_link_needs_a_place_for_the_code():
    assert qr_text("1104", LINK) == "https://example.com/b/1104"
    assert qr_text("1104") == "1104"
    with pytest.raises(ValueError, match=r"\{code\}"):
        qr_text("1104", "https://example.com/b/")


def test_the_fourth_view_is_the_interior_where_there_is_one(catalog):
    from livery.vehicles.files import load_vehicle

    model = load_vehicle("su7-ultra", catalog.vehicles)
    assert build_sheet.cameras_for(model) == ("front34", "side", "rear34", "interior")
    outside = [p for p in model.parts if p.slot not in build_sheet.INTERIOR_SLOTS]
    assert build_sheet.cameras_for(replace(model, parts=outside))[-1] == "top"


def test_livery_sheet_renders_and_writes_the_page(catalog, tmp_path):
    out = tmp_path / "build.png"
    code = "1204-0200-0000-00QX"
    args = ["--build", code, "--lang", "zh", "--link", LINK, "--dpi", "50"]
    proc = subprocess.run(
        [sys.executable, "-m", "livery", "sheet", *args, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    page = Image.open(out).convert("RGB")
    assert page.size == build_sheet.page_size(50)
    box = build_sheet.layout(50)
    plain = code.replace("-", "")
    assert np.array_equal(read_qr(page, box.qr), qr_matrix(LINK.format(code=plain))[2:-2, 2:-2])
    for x, y, w, h in box.views:  # a car in every view, not an empty backdrop
        cell = np.asarray(page.crop((x, y, x + w, y + h))).astype(int)
        assert cell.std() > 10


def _fail(capsys, *args: str) -> str:
    code = main(["sheet", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_every_mistake_is_one_line_and_exit_status_2(capsys, tmp_path):
    out = str(tmp_path / "b.pdf")
    assert "bad share code" in _fail(capsys, "--build", "ZZZZ", "--out", out)
    assert "unknown vehicle" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--vehicle", "nope", "--out", out
    )
    assert "does not exist" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--out", str(tmp_path / "no" / "b.pdf")
    )
    (tmp_path / "taken.pdf").mkdir()
    assert "cannot write" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--out", str(tmp_path / "taken.pdf")
    )
    assert "{code}" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--link", "https://x/b", "--out", out
    )
    assert ".pdf or .png" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--out", str(tmp_path / "b.jpg")
    )
    assert "unknown language" in _fail(
        capsys, "--build", "1204-0200-0000-00QX", "--lang", "fr", "--out", out
    )
    assert "--build is required" in _fail(capsys, "--out", out)
    assert not (tmp_path / "b.pdf").exists()
