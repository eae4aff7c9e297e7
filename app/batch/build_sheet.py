"""The build sheet: one A4 page a customer takes home (PDF or PNG).

The car from four views, every choice with its name and price in the customer's
language, the total, the share code and a QR code holding it (or the centre's share
link), and the date. ``content`` and ``compose`` are Pillow only, so the app can lay
out a sheet from images it already has; ``render_build_sheet`` renders the four
views offscreen with a Stage first. Sizes are in millimetres, turned into pixels at
the sheet's resolution, so a small sheet (tests, previews) is the same page, smaller.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageOps

import livery
from livery import pngfile
from livery.batch.sheet import font
from livery.catalog import Build, Catalog
from livery.catalog.price import format_price
from livery.catalog.qr import qr_matrix, qr_text
from livery.catalog.sharecode import pretty
from livery.fileio import write_atomic
from livery.slots import Slot

if TYPE_CHECKING:
    from livery.scene.looks import Lighting
    from livery.vehicles.model import VehicleModel

PAGE_MM = (210.0, 297.0)  # A4 portrait
MARGIN_MM, GAP_MM = 15.0, 5.0
VIEW_ASPECT = 16 / 9
DEFAULT_DPI = 300
DPI_RANGE = (50, 600)
SUPERSAMPLE = 2
QR_MM = 50.0
FORMATS = (".pdf", ".png")
#: The three outside views; the fourth is the interior where the model has one.
OUTSIDE = ("front34", "side", "rear34")
INTERIOR_SLOTS = frozenset({Slot.UPHOLSTERY, Slot.INTERIOR_TRIM, Slot.INTERIOR})

#: What the sheet itself says, (English, Chinese); names come from the catalog.
LABELS = {
    "heading": ("Build sheet", "配置单"),
    "base": ("Base price", "车型基础价"),
    "total": ("Total", "总价"),
    "included": ("Included", "标配"),
    "code": ("Share code", "分享码"),
    "catalog": ("catalog", "目录"),
}


def label(key: str, lang: str) -> str:
    en, zh = LABELS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class Row:
    """One line of the price table: what (a group, or the base price), which, how much."""

    label: str
    value: str
    price: str


@dataclass(frozen=True)
class SheetText:
    """Every word and number on the sheet, in one language."""

    lang: str
    heading: str
    vehicle: str
    rows: tuple[Row, ...]  # the base price, then every option group in catalog order
    total: Row
    code: str  # the share code in groups of four
    qr: str  # what the QR code holds
    link: str | None  # the share link, printed under the QR code
    date: str
    footer: str


def content(
    catalog: Catalog,
    build: Build,
    lang: str = "en",
    link: str | None = None,
    today: date | None = None,
) -> SheetText:
    """The sheet's text for ``build``; ``link`` a share link pattern with ``{code}``."""
    cur = catalog.currency
    vehicle = build.vehicle
    rows = [Row(label("base", lang), vehicle.name.get(lang), format_price(vehicle.base_price, cur))]
    for g in catalog.groups:
        o = build.option(g.id)
        price = format_price(o.price, cur) if o.price else label("included", lang)
        rows.append(Row(g.name.get(lang), o.name.get(lang), price))
    code = build.share_code()
    held = qr_text(code, link)
    return SheetText(
        lang=lang,
        heading=f"Livery Studio · {label('heading', lang)}",
        vehicle=vehicle.name.get(lang),
        rows=tuple(rows),
        total=Row(label("total", lang), "", format_price(build.total_price(), cur)),
        code=pretty(code),
        qr=held,
        link=held if link else None,
        date=(today or date.today()).isoformat(),
        footer=f"Livery Studio {livery.__version__} · {label('catalog', lang)} {catalog.version}",
    )


def page_size(dpi: int) -> tuple[int, int]:
    return _px(PAGE_MM[0], dpi), _px(PAGE_MM[1], dpi)


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


@dataclass(frozen=True)
class Layout:
    """Where things go on a page, in pixels: (x, y, width, height) boxes."""

    dpi: int
    views: tuple[tuple[int, int, int, int], ...]
    table: tuple[int, int, int, int]
    qr: tuple[int, int, int, int]  # the area the QR code is centred in (its top part)


def layout(dpi: int = DEFAULT_DPI) -> Layout:
    """The first view across the page, the other three in a row under it, then the
    price table with the QR code beside it."""
    m, gap = _px(MARGIN_MM, dpi), _px(GAP_MM, dpi)
    page_w, page_h = page_size(dpi)
    inner = page_w - 2 * m
    top = m + _px(24, dpi)
    small_w = (inner - 2 * gap) // 3
    hero, small = _even(inner, inner / VIEW_ASPECT), _even(small_w, small_w / VIEW_ASPECT)
    row = top + hero[1] + gap
    views = (
        (m, top, *hero),
        *((m + i * (inner - small[0]) // 2, row, *small) for i in range(3)),
    )
    below = row + small[1] + _px(8, dpi)
    qr_w = _px(QR_MM, dpi)
    bottom = page_h - m - _px(8, dpi)
    return Layout(
        dpi=dpi,
        views=views,
        table=(m, below, inner - qr_w - _px(8, dpi), bottom - below),
        qr=(m + inner - qr_w, below, qr_w, qr_w),
    )


def _even(w: float, h: float) -> tuple[int, int]:
    """Even pixel sizes: they render and encode the same everywhere."""
    return int(w) // 2 * 2, round(h / 2) * 2


def view_sizes(dpi: int = DEFAULT_DPI) -> list[tuple[int, int]]:
    """The size to render each view at for ``dpi``: its cell's."""
    return [(w, h) for _, _, w, h in layout(dpi).views]


def cameras_for(model: VehicleModel) -> tuple[str, ...]:
    """The four views: the outside three, and the interior, or the top without one."""
    return (*OUTSIDE, "interior" if model.slots() & INTERIOR_SLOTS else "top")


def compose(views: Sequence[Image.Image], text: SheetText, dpi: int = DEFAULT_DPI) -> Image.Image:
    """The page: ``views`` (four images, any size: fitted to the cells) and ``text``."""
    if len(views) != 4:
        raise ValueError(f"a build sheet shows four views; got {len(views)}")
    box = layout(dpi)
    page = Image.new("RGB", page_size(dpi), "white")
    draw = ImageDraw.Draw(page)
    mm = dpi / 25.4
    m, right = _px(MARGIN_MM, dpi), page.width - _px(MARGIN_MM, dpi)
    grey, ink, rule = "#666666", "#111111", "#cccccc"

    draw.text((m, m), text.heading, grey, font(round(4.2 * mm)))
    draw.text((right, m), text.date, grey, font(round(4.2 * mm)), anchor="ra")
    draw.text((m, m + round(7 * mm)), text.vehicle, ink, font(round(9 * mm)))
    draw.line((m, m + round(20 * mm), right, m + round(20 * mm)), rule, max(1, round(0.3 * mm)))

    for image, (x, y, w, h) in zip(views, box.views, strict=True):
        cell = ImageOps.fit(image.convert("RGB"), (w, h), Image.Resampling.LANCZOS)
        page.paste(cell, (x, y))

    _table(draw, text, box.table, mm)
    _qr(page, draw, text, box.qr, mm)
    draw.text((m, page.height - m), text.footer, grey, font(round(3.2 * mm)), anchor="ld")
    return page


def _fitted(draw: ImageDraw.ImageDraw, text: str, size: float, width: int):  # type: ignore[no-untyped-def]
    """The font at ``size`` px, smaller (to 60 %) if ``text`` would not fit ``width``."""
    f = font(round(size))
    for scale in (0.9, 0.8, 0.7, 0.6):
        if draw.textlength(text, font=f) <= width:
            break
        f = font(round(size * scale))
    return f


def _table(
    draw: ImageDraw.ImageDraw, text: SheetText, box: tuple[int, int, int, int], mm: float
) -> None:
    x, y, w, h = box
    row_h = min(round(9 * mm), h // (len(text.rows) + 2))
    name_x, price_w = x + round(38 * mm), round(28 * mm)
    small, body, ink, grey, rule = 3.6 * mm, 4.2 * mm, "#111111", "#666666", "#dddddd"
    label_w, value_w = name_x - x - round(mm), x + w - price_w - name_x
    for r in text.rows:
        mid = y + row_h // 2
        draw.text((x, mid), r.label, grey, _fitted(draw, r.label, small, label_w), anchor="lm")
        draw.text((name_x, mid), r.value, ink, _fitted(draw, r.value, body, value_w), anchor="lm")
        draw.text((x + w, mid), r.price, ink, font(round(body)), anchor="rm")
        y += row_h
        draw.line((x, y, x + w, y), rule, max(1, round(0.2 * mm)))
    mid = y + row_h * 3 // 4
    draw.text((x, mid), text.total.label, ink, font(round(5.5 * mm)), anchor="lm")
    draw.text((x + w, mid), text.total.price, ink, font(round(6.5 * mm)), anchor="rm")


def _qr(
    page: Image.Image,
    draw: ImageDraw.ImageDraw,
    text: SheetText,
    box: tuple[int, int, int, int],
    mm: float,
) -> None:
    """The QR code at whole pixels per module (crisp in print), the code under it."""
    x, y, w, _ = box
    dark = qr_matrix(text.qr)
    module = max(1, w // dark.shape[0])
    grey = np.where(dark, 0, 255).astype(np.uint8)
    symbol = Image.fromarray(grey).resize(
        (module * dark.shape[1], module * dark.shape[0]), Image.Resampling.NEAREST
    )
    page.paste(symbol.convert("RGB"), (x + (w - symbol.width) // 2, y))
    cx, ty = x + w // 2, y + symbol.height + round(2 * mm)
    draw.text((cx, ty), label("code", text.lang), "#666666", font(round(3.6 * mm)), anchor="ma")
    ty += round(5 * mm)
    draw.text((cx, ty), text.code, "#111111", _fitted(draw, text.code, 5 * mm, w), anchor="ma")
    if text.link:
        ty += round(7 * mm)
        draw.text((cx, ty), text.link, "#666666", _fitted(draw, text.link, 3 * mm, w), anchor="ma")


def render_views(
    catalog: Catalog,
    build: Build,
    model: VehicleModel,
    sizes: Sequence[tuple[int, int]],
    *,
    supersample: int = SUPERSAMPLE,
    lighting: Lighting | None = None,
) -> list[Image.Image]:
    """The four views of ``build`` on ``model``, rendered offscreen at ``sizes``."""
    from livery.scene.stage import Stage

    stage = Stage(catalog, size=sizes[0])
    try:
        if lighting is not None:
            stage.set_lighting(lighting)
        stage.show(build, model)
        views = []
        for camera, size in zip(cameras_for(model), sizes, strict=True):
            stage.set_camera(camera)
            views.append(Image.fromarray(stage.snapshot(size, supersample=supersample)))
        return views
    finally:
        stage.close()


def render_build_sheet(
    catalog: Catalog,
    build: Build,
    model: VehicleModel,
    lang: str = "en",
    link: str | None = None,
    *,
    dpi: int = DEFAULT_DPI,
    lighting: Lighting | None = None,
    today: date | None = None,
) -> Image.Image:
    """The whole sheet for ``build`` on ``model``: renders its views, then lays it out.

    ``link``: a share link pattern with ``{code}`` (ValueError without), held by the
    QR code instead of the bare code. ``lighting``: the look to render in (default:
    the Stage's). Needs what any offscreen Stage needs (an EGL or GLX context).
    """
    text = content(catalog, build, lang, link, today)
    views = render_views(catalog, build, model, view_sizes(dpi), lighting=lighting)
    return compose(views, text, dpi)


def save(page: Image.Image, path: Path, dpi: int = DEFAULT_DPI) -> Path:
    """Write the sheet atomically: a one-page PDF at A4, or a PNG, by ``path``'s suffix."""
    kind = {".pdf": "PDF", ".png": "PNG"}.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"a build sheet is a .pdf or .png file; got {path.name!r}")
    if kind == "PNG":  # the one PNG writer, as every picture
        return write_atomic(path, pngfile.encode_png(np.asarray(page.convert("RGB")), dpi=dpi))
    buf = io.BytesIO()
    page.save(buf, format="PDF", resolution=float(dpi))
    return write_atomic(path, buf.getvalue())
