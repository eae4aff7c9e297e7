"""The review board: the paints under review handed out as pages (PDF and PNG).

One cell per paint (a candidate, or a catalog paint beside them): the car from one
view, a close-up of the body beside it, and the facts the people who decide need:
names in English and Chinese, code, supplier, hex and CIELAB D65, ΔE2000 to the
nearest existing paint (red under the threshold), status and notes. Every cell is
rendered from the same camera under the same light by one offscreen Stage, through
the one capture path (``Stage.save_png``: the images are kept beside the board and
carry their build). A candidate's notes pinned to the car are numbered markers on its
car picture (3 mm on paper), the numbers of its notes in the text; the close-up has
none. The pages are laid out with Pillow in millimetres, like the build
sheet (``livery.batch.build_sheet``: its font, fitting and pixel helpers), on A4 or A3
landscape.

Why Pillow for the PDF and not Qt's QPdfWriter: the board is made by ``livery board``
without Qt (on a render machine, from a script), and the app runs that same command
in a process of its own, so one writer serves both and the pages are the PNGs.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageOps

import livery
from livery import pngfile
from livery.batch.build_sheet import _even, _fitted, _px
from livery.batch.sheet import font
from livery.catalog import Build, BuildError, Catalog
from livery.catalog.candidate_judge import DEFAULT_THRESHOLD, existing_paints, judge
from livery.catalog.candidates import PAINT_GROUP, Candidate, Note
from livery.catalog.color import delta_e_2000
from livery.catalog.model import Option, Text
from livery.fileio import write_atomic

if TYPE_CHECKING:
    from livery.scene.camera_rig import CameraState
    from livery.scene.looks import Lighting
    from livery.vehicles.model import VehicleModel

#: Landscape pages (mm) and the cells on each.
PAGES = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}
GRIDS = {"a4": (2, 2), "a3": (3, 3)}
DEFAULT_PAGE = "a4"
DEFAULT_DPI = 150
DPI_RANGE = (50, 400)
FORMATS = (".pdf", ".png")
MARGIN_MM, GAP_MM, HEADER_MM = 10.0, 6.0, 14.0
#: The close-up: the side view with the lens this many times longer (the door).
CLOSEUP_ZOOM = 3.5
CAR_ASPECT = 16 / 9
#: The height of a pinned note's marker on paper (mm).
MARKER_MM = 3.0


@dataclass(frozen=True)
class PaintFacts:
    """What a cell says about one paint."""

    option_id: str
    name: Text
    code: str  # the supplier's code, or the catalog paint's option code
    supplier: str
    hex: str
    lab: tuple[float, float, float]
    nearest: Text | None  # the closest existing paint
    delta_e: float | None
    too_close: bool  # ΔE under the threshold
    status: str  # new / shortlisted / approved / rejected; "catalog" for a catalog paint
    notes: tuple[str, ...] = ()

    @property
    def lab_text(self) -> str:
        L, a, b = self.lab
        return f"L {L:.1f}  a {a:.1f}  b {b:.1f}"

    def nearest_text(self, lang: str = "en") -> str:
        if self.nearest is None or self.delta_e is None:
            return ""
        return f"ΔE {self.delta_e:.2f} · {self.nearest.get(lang)}"


def _lab_of(option: Option) -> np.ndarray:
    return np.array(next(iter(option.finishes.values())).color.to_lab())


def paint_facts(
    catalog: Catalog,
    option_ids: Sequence[str],
    candidates: Sequence[Candidate] = (),
    threshold: float = DEFAULT_THRESHOLD,
) -> list[PaintFacts]:
    """The facts of each paint option in ``option_ids``: a candidate's from its record
    and ``candidate_judge``, a catalog paint's against the other existing paints."""
    judged = {j.candidate.option_id: j for j in judge(catalog, candidates, threshold)}
    paints = existing_paints(catalog, candidates)
    out = []
    for oid in option_ids:
        option = catalog.option(PAINT_GROUP, oid)
        j = judged.get(oid)
        if j is not None:
            c = j.candidate
            notes = tuple(
                f"{i}. {n.author} {n.when:%Y-%m-%d}" + (f" [{n.part}]" if n.part else "")
                + f": {n.text}"
                for i, n in enumerate(c.notes, 1)
            )  # fmt: skip
            out.append(
                PaintFacts(
                    oid,
                    c.name,
                    c.code,
                    c.supplier,
                    c.hex,
                    tuple(float(x) for x in c.lab),  # type: ignore[arg-type]
                    j.nearest.name if j.nearest else None,
                    j.delta_e,
                    j.warning is not None,
                    c.status.value,
                    notes,
                )
            )
            continue
        lab = _lab_of(option)
        others = [p for p in paints if p.id != oid]
        nearest, de = None, None
        if others:
            d = np.atleast_1d(delta_e_2000(lab[None, :], np.array([_lab_of(p) for p in others])))
            k = int(np.argmin(d))
            nearest, de = others[k], float(d[k])
        out.append(
            PaintFacts(
                oid,
                option.name,
                str(option.code),
                "",
                next(iter(option.finishes.values())).color.hex,
                tuple(float(x) for x in lab),  # type: ignore[arg-type]
                nearest.name if nearest else None,
                de,
                de is not None and de < threshold,
                "catalog",
            )
        )
    return out


# -- layout ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoardLayout:
    """Where things go on a page, in pixels: one (car, close-up, text) box set per cell."""

    page: str
    dpi: int
    size: tuple[int, int]
    cars: tuple[tuple[int, int, int, int], ...]
    closeups: tuple[tuple[int, int, int, int], ...]
    texts: tuple[tuple[int, int, int, int], ...]

    @property
    def per_page(self) -> int:
        return len(self.cars)

    @property
    def car_size(self) -> tuple[int, int]:
        return self.cars[0][2], self.cars[0][3]

    @property
    def closeup_size(self) -> tuple[int, int]:
        return self.closeups[0][2], self.closeups[0][3]


def check_page(page: str) -> str:
    if page not in PAGES:
        raise ValueError(f"unknown page size {page!r}; valid: {', '.join(PAGES)}")
    return page


def board_layout(page: str = DEFAULT_PAGE, dpi: int = DEFAULT_DPI) -> BoardLayout:
    """A grid of cells (2x2 on A4, 3x3 on A3 landscape); in each the car across most of
    the width, the square close-up beside it, the text under both."""
    w_mm, h_mm = PAGES[check_page(page)]
    cols, rows = GRIDS[page]
    m, gap = _px(MARGIN_MM, dpi), _px(GAP_MM, dpi)
    size = (_px(w_mm, dpi), _px(h_mm, dpi))
    top = m + _px(HEADER_MM, dpi)
    cell_w = (size[0] - 2 * m - (cols - 1) * gap) // cols
    cell_h = (size[1] - top - m - (rows - 1) * gap) // rows
    inner = _px(2, dpi)
    car = _even(cell_w / (1 + 1 / CAR_ASPECT) - inner, 0)[0]
    car_h = _even(car, car / CAR_ASPECT)[1]
    cars, closeups, texts = [], [], []
    for r in range(rows):
        for c in range(cols):
            x, y = m + c * (cell_w + gap), top + r * (cell_h + gap)
            cars.append((x, y, car, car_h))
            closeups.append((x + car + inner, y, car_h, car_h))
            texts.append((x, y + car_h + inner, cell_w, cell_h - car_h - inner))
    return BoardLayout(page, dpi, size, tuple(cars), tuple(closeups), tuple(texts))


def compose(
    cells: Sequence[tuple[PaintFacts, Image.Image, Image.Image]],
    page: str = DEFAULT_PAGE,
    dpi: int = DEFAULT_DPI,
    *,
    title: str = "",
    today: date | None = None,
) -> list[Image.Image]:
    """The pages: each cell's car and close-up (fitted to their boxes) and its facts."""
    box = board_layout(page, dpi)
    mm = dpi / 25.4
    m = _px(MARGIN_MM, dpi)
    heading = title or "Paint review · 车漆评审"
    stamp = f"{(today or date.today()).isoformat()} · Livery Studio {livery.__version__}"
    n_pages = max(1, -(-len(cells) // box.per_page))
    pages = []
    for p in range(n_pages):
        img = Image.new("RGB", box.size, "white")
        draw = ImageDraw.Draw(img)
        draw.text((m, m), heading, "#111111", font(round(6 * mm)))
        right = f"{stamp} · {p + 1}/{n_pages}"
        draw.text((box.size[0] - m, m), right, "#666666", font(round(3.2 * mm)), anchor="ra")
        chunk = cells[p * box.per_page : (p + 1) * box.per_page]
        for i, (facts, car, closeup) in enumerate(chunk):
            for image, (x, y, w, h) in ((car, box.cars[i]), (closeup, box.closeups[i])):
                img.paste(
                    ImageOps.fit(image.convert("RGB"), (w, h), Image.Resampling.LANCZOS), (x, y)
                )
            _facts(draw, facts, box.texts[i], mm)
        pages.append(img)
    return pages


def _facts(
    draw: ImageDraw.ImageDraw, f: PaintFacts, box: tuple[int, int, int, int], mm: float
) -> None:
    x, y, w, h = box
    ink, grey, warn = "#111111", "#555555", "#c62828"
    row = round(4.6 * mm)
    swatch = round(3.6 * mm)
    draw.rectangle((x, y + round(0.6 * mm), x + swatch, y + round(0.6 * mm) + swatch), f.hex)
    name = f"{f.name.en} · {f.name.zh}"
    draw.text(
        (x + swatch + round(1.5 * mm), y), name, ink, _fitted(draw, name, 4.2 * mm, w - swatch)
    )
    lines = [
        (f"{f.code}" + (f" · {f.supplier}" if f.supplier else "") + f" · {f.status}", grey),
        (f"{f.hex.upper()} · {f.lab_text}", grey),
    ]
    near = f.nearest_text("en")
    if near:
        lines.append(
            (
                ("⚠ too close: " if f.too_close else "nearest: ") + near,
                warn if f.too_close else grey,
            )
        )
    lines += [(n, ink) for n in f.notes]
    ty = y + row + round(0.6 * mm)
    for text, colour in lines:
        if ty + row > y + h:
            break
        draw.text((x, ty), text, colour, _fitted(draw, text, 3.3 * mm, w))
        ty += round(4.2 * mm)


# -- rendering ---------------------------------------------------------------------------
def render_cells(
    catalog: Catalog,
    build: Build,
    model: VehicleModel,
    option_ids: Sequence[str],
    folder: Path,
    layout: BoardLayout,
    *,
    camera: CameraState | str = "front34",
    lighting: Lighting | None = None,
    supersample: int = 1,
    markers: Mapping[str, Sequence[tuple[int, Note]]] | None = None,
) -> list[tuple[Path, Path]]:
    """Each paint on ``build``'s car, from ``camera`` and in a side close-up, written by
    ``Stage.save_png`` into ``folder`` (``N-ID.png``, ``N-ID-closeup.png``); the car
    with the markers of ``markers[ID]`` ((number, pinned note), ...)."""
    from livery.scene.cameras import CameraPose
    from livery.scene.markers import FONT_PX
    from livery.scene.stage import Stage

    folder.mkdir(parents=True, exist_ok=True)
    shown = Build(catalog, build.vehicle.id, build.choices)
    slots = catalog.group(PAINT_GROUP).slots
    stage = Stage(catalog, size=layout.car_size)
    written = []
    try:
        if lighting is not None:
            stage.set_lighting(lighting)
        stage.show(shown, model)
        side = stage.camera_pose("side")
        close = CameraPose(
            side.position, side.focal_point, side.view_up, side.view_angle / CLOSEUP_ZOOM
        )
        for n, oid in enumerate(option_ids, 1):
            option = catalog.option(PAINT_GROUP, oid)
            shown.clear_overrides()
            try:
                shown.set(PAINT_GROUP, oid)
            except BuildError:  # the rules forbid it with this build: show it all the same
                for slot in slots:
                    shown.set_override(slot, option.finishes.get(slot))
            if isinstance(camera, str):
                stage.set_camera(camera)
            else:
                stage.set_camera_state(camera)
            pins = (markers or {}).get(oid, ())
            scale = MARKER_MM / 25.4 * layout.dpi * supersample / FONT_PX
            stage.markers.show([p.point for _, p in pins], [i for i, _ in pins], scale)
            car = stage.save_png(
                folder / f"{n:02d}-{oid}.png", layout.car_size, supersample=supersample,
                markers=True,
            )  # fmt: skip
            stage.markers.clear()
            stage.set_camera_pose(close)
            detail = stage.save_png(
                folder / f"{n:02d}-{oid}-closeup.png", layout.closeup_size, supersample=supersample
            )
            written.append((car, detail))
    finally:
        stage.close()
    return written


def make_board(
    catalog: Catalog,
    build: Build,
    model: VehicleModel,
    option_ids: Sequence[str],
    folder: Path,
    *,
    candidates: Sequence[Candidate] = (),
    page: str = DEFAULT_PAGE,
    dpi: int = DEFAULT_DPI,
    camera: CameraState | str = "front34",
    lighting: Lighting | None = None,
    supersample: int = 1,
    today: date | None = None,
) -> list[Image.Image]:
    """Render every paint (images into ``folder``) and lay out the pages."""
    if not option_ids:
        raise ValueError("a review board needs at least one paint")
    layout = board_layout(page, dpi)
    facts = paint_facts(catalog, option_ids, candidates)
    shots = render_cells(
        catalog, build, model, option_ids, folder, layout,
        camera=camera, lighting=lighting, supersample=supersample,
        markers={c.option_id: c.pinned_notes(model.id) for c in candidates},
    )  # fmt: skip
    cells = []
    for f, (car, detail) in zip(facts, shots, strict=True):
        with Image.open(car) as a, Image.open(detail) as b:
            cells.append((f, a.convert("RGB"), b.convert("RGB")))
    return compose(cells, page, dpi, today=today)


def page_paths(path: Path, count: int) -> list[Path]:
    """``board.png``, ``board-2.png``, ...: where PNG pages go."""
    return [
        path if i == 0 else path.with_name(f"{path.stem}-{i + 1}{path.suffix}")
        for i in range(count)
    ]


def save(pages: Sequence[Image.Image], path: Path, dpi: int = DEFAULT_DPI) -> list[Path]:
    """Write the board atomically: one PDF of every page, or one PNG per page."""
    kind = {".pdf": "PDF", ".png": "PNG"}.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"a review board is a .pdf or .png file; got {path.name!r}")
    if kind == "PNG":
        return [
            write_atomic(p, pngfile.encode_png(np.asarray(page.convert("RGB")), dpi=dpi))
            for p, page in zip(page_paths(path, len(pages)), pages, strict=True)
        ]
    buf = io.BytesIO()
    pages[0].save(
        buf, format="PDF", save_all=True, append_images=list(pages[1:]), resolution=float(dpi)
    )
    return [write_atomic(path, buf.getvalue())]
