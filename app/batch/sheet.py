"""The contact sheet: one cell per build, for review on paper or screen (PNG and PDF).

Each cell shows the build's first image, its option names in English and Chinese,
the share code and the total price. Chinese needs a CJK font: fontconfig finds one
(``fc-match``), else Pillow's default font draws what it can.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from livery import pngfile
from livery.catalog import Catalog
from livery.catalog.price import format_price
from livery.catalog.sharecode import pretty
from livery.fileio import write_atomic

PAGE = (1654, 2339)  # A4 portrait at 200 dpi
COLUMNS, ROWS = 3, 4
MARGIN, GAP = 60, 24
PNG_NAME, PDF_NAME = "contact-sheet.png", "contact-sheet.pdf"


@cache
def font_file() -> str | None:
    """A font with Chinese glyphs, found by fontconfig."""
    if shutil.which("fc-match") is None:
        return None
    for family in ("Noto Sans CJK SC", "sans-serif:lang=zh-cn"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    return None


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The CJK font at ``size`` pixels, else Pillow's default (Latin only)."""
    path = font_file()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def cells(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per build (its first image), in manifest order."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for e in entries:
        key = (e["vehicle"], e["share_code"])
        if e.get("file") and key not in seen:
            seen[key] = e
    return list(seen.values())


def pages(folder: Path, catalog: Catalog, entries: Sequence[dict[str, Any]]) -> list[Image.Image]:
    chosen = cells(entries)
    per_page = COLUMNS * ROWS
    cell_w = (PAGE[0] - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
    cell_h = (PAGE[1] - 2 * MARGIN - 70 - (ROWS - 1) * GAP) // ROWS
    title, text, small = font(34), font(19), font(17)
    out = []
    for start in range(0, max(len(chosen), 1), per_page):
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        n = len(out) + 1
        total = (len(chosen) + per_page - 1) // per_page
        draw.text(
            (MARGIN, MARGIN - 10), f"Livery Studio · 渲染集 · {n}/{max(total, 1)}", "black", title
        )
        for i, e in enumerate(chosen[start : start + per_page]):
            x = MARGIN + (i % COLUMNS) * (cell_w + GAP)
            y = MARGIN + 70 + (i // COLUMNS) * (cell_h + GAP)
            _cell(draw, page, folder, catalog, e, (x, y, cell_w, cell_h), text, small)
        out.append(page)
    return out


def _cell(
    draw: ImageDraw.ImageDraw,
    page: Image.Image,
    folder: Path,
    catalog: Catalog,
    e: dict[str, Any],
    box: tuple[int, int, int, int],
    text: Any,
    small: Any,
) -> None:
    x, y, w, _ = box
    with Image.open(folder / e["file"]) as im:
        height = round(w * im.height / im.width)
        thumb = im.convert("RGB").resize((w, height), Image.Resampling.LANCZOS)
    page.paste(thumb, (x, y))
    ty = y + thumb.height + 8
    vehicle = catalog.vehicle(e["build"]["vehicle"]).name
    draw.text((x, ty), f"{vehicle.en} · {vehicle.zh}", "black", text)
    ty += 26
    for g in catalog.groups:
        o = e["options"][g.id]
        price = f"  +{o['price']:,}" if o["price"] else ""
        draw.text((x, ty), f"{o['name']['en']} · {o['name']['zh']}{price}", "#333333", small)
        ty += 22
    draw.text((x, ty + 4), pretty(e["share_code"]), "#555555", small)
    draw.text((x + w, ty + 4), format_price(e["price"], e["currency"]), "black", text, anchor="ra")


def write(
    folder: Path, catalog: Catalog, entries: Sequence[dict[str, Any]], echo: Callable[[str], None]
) -> list[Path]:
    """``contact-sheet.png`` (the first page; more pages as -2, -3, ...) and one PDF."""
    sheets = pages(folder, catalog, entries)
    written = []
    for i, page in enumerate(sheets):
        name = PNG_NAME if i == 0 else PNG_NAME.replace(".png", f"-{i + 1}.png")
        written.append(pngfile.write_png(folder / name, np.asarray(page.convert("RGB"))))
    buf = io.BytesIO()
    sheets[0].save(buf, format="PDF", save_all=True, append_images=sheets[1:], resolution=200.0)
    written.append(write_atomic(folder / PDF_NAME, buf.getvalue()))
    echo(f"contact sheet: {folder / PNG_NAME} ({len(sheets)} page(s)) and {folder / PDF_NAME}")
    return written
