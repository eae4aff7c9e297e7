"""``livery board``: the review board of paint candidates, as a PDF or PNG pages.

Each paint (a candidate's code or paint option id from the paint library, or a
catalog paint's id) on the car from one view, with a close-up beside it, its names,
code, supplier, hex, CIELAB, ΔE2000 to the nearest existing paint, status and notes;
four to a page on A4 landscape, nine on A3. The images are kept beside the board
(``BOARD-images/``), each carrying its build. Every mistake is one line and exit
status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livery.commands import UsageError
from livery.commands.catalog import load_or_fail
from livery.commands.render import environment_or_fail
from livery.commands.sheet import check_out
from livery.commands.target import add_target_arguments, load_target


def register(sub: argparse._SubParsersAction) -> None:
    from livery.batch.review_board import DEFAULT_DPI, DEFAULT_PAGE, PAGES
    from livery.scene.looks import CAMERAS, DEFAULT_CAMERA, DEFAULT_ENVIRONMENT

    p = sub.add_parser(
        "board",
        help="a review board of paint candidates (PDF or PNG pages)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paints", nargs="+", metavar="CANDIDATE", help="candidate codes or paint option ids"
    )
    add_target_arguments(p)
    p.add_argument("--page", default=DEFAULT_PAGE, help=f"{', '.join(PAGES)} landscape")
    p.add_argument("--camera", default=DEFAULT_CAMERA, help=f"one of {', '.join(CAMERAS)}")
    p.add_argument("--env", default=DEFAULT_ENVIRONMENT, metavar="NAME|FILE")
    p.add_argument("--env-rotation", type=float, default=0.0, metavar="DEG")
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI, metavar="N")
    p.add_argument("--supersample", type=int, default=1, metavar="K")
    p.add_argument(
        "--out", required=True, type=Path, metavar="FILE.pdf|FILE.png", help="where to write"
    )


def option_ids(catalog: object, candidates: list, names: list[str]) -> list[str]:
    """Each name as a paint option id: a candidate's code or option id, or a paint id."""
    from livery.catalog.candidates import PAINT_GROUP

    paints = {o.id for o in catalog.group(PAINT_GROUP).options}  # type: ignore[attr-defined]
    by_code = {c.code: c.option_id for c in candidates}
    out = []
    for name in names:
        oid = by_code.get(name, name)
        if oid not in paints:
            codes = ", ".join(sorted(by_code)) or "none in the library"
            raise UsageError(f"no candidate or paint {name!r}; candidates: {codes}")
        out.append(oid)
    return out


def run(args: argparse.Namespace) -> int:
    from livery.batch.review_board import DPI_RANGE, check_page, make_board, save
    from livery.catalog.candidate_store import CandidateStore
    from livery.scene.looks import CAMERAS, SUPERSAMPLE_RANGE, Lighting

    try:
        check_page(args.page)
        rotation = Lighting.rotation_of(args.env_rotation)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if args.camera not in CAMERAS:
        raise UsageError(f"unknown camera preset {args.camera!r}; valid: {', '.join(CAMERAS)}")
    lo, hi = DPI_RANGE
    if not lo <= args.dpi <= hi:
        raise UsageError(f"--dpi must be {lo}..{hi}; got {args.dpi}")
    lo, hi = SUPERSAMPLE_RANGE
    if not lo <= args.supersample <= hi:
        raise UsageError(f"--supersample must be {lo}..{hi}; got {args.supersample}")
    check_out(args.out)
    lighting = Lighting(environment_or_fail(args.env), rotation=rotation)
    catalog = load_or_fail()
    review = CandidateStore().load()
    ids = option_ids(catalog, list(review.candidates), args.paints)
    build, model = load_target(catalog, args.vehicle, args.build, args.sets)
    folder = args.out.with_name(f"{args.out.stem}-images")
    pages = make_board(
        catalog,
        build,
        model,
        ids,
        folder,
        candidates=review.candidates,
        page=args.page,
        dpi=args.dpi,
        camera=args.camera,
        lighting=lighting,
        supersample=args.supersample,
    )
    try:
        written = save(pages, args.out, args.dpi)
    except OSError as e:
        raise UsageError(f"cannot write {args.out}: {e.strerror or e}") from None
    files = ", ".join(map(str, written))
    print(f"wrote {files} ({len(ids)} paints, {len(pages)} page(s), {args.page})")
    return 0
