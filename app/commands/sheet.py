"""``livery sheet``: the build sheet a customer takes home, as a PDF or PNG page.

One A4 page: the car from four views (rendered offscreen), every choice with its
name and price in ``--lang``, the total, the share code and its QR code (holding
``--link`` with the code in place of ``{code}``, else the code), and the date.
Every mistake is one line and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livery.commands import UsageError, check_writable
from livery.commands.catalog import load_or_fail
from livery.commands.target import add_target_arguments, load_target

LANGS = ("en", "zh")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sheet",
        help="print a build sheet (A4 PDF or PNG): views, choices, prices, share code, QR",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_target_arguments(p)
    p.add_argument("--lang", default="en", metavar="en|zh", help="language (default en)")
    p.add_argument(
        "--link",
        metavar="PATTERN",
        help="the QR code holds this link, {code} replaced by the share code, "
        "like https://example.com/b/{code} (default: the code itself)",
    )
    p.add_argument(
        "--dpi",
        type=int,
        metavar="N",
        help="page resolution, and so the size of the views (default: print resolution)",
    )
    p.add_argument(
        "--out", required=True, type=Path, metavar="FILE.pdf|FILE.png", help="where to write"
    )


def check_out(out: Path) -> None:
    """A .pdf or .png in a folder that exists and can be written to."""
    from livery.batch.build_sheet import FORMATS

    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"--out must name a .pdf or .png file; got {str(out)!r}")
    check_writable(out)


def run(args: argparse.Namespace) -> int:
    from livery.batch.build_sheet import DEFAULT_DPI, DPI_RANGE, render_build_sheet, save
    from livery.catalog.qr import check_link

    if not args.build:
        raise UsageError("--build is required: a share code or a build file")
    if args.lang not in LANGS:
        raise UsageError(f"unknown language {args.lang!r}; valid: {', '.join(LANGS)}")
    dpi = DEFAULT_DPI if args.dpi is None else args.dpi
    lo, hi = DPI_RANGE
    if not lo <= dpi <= hi:
        raise UsageError(f"--dpi must be {lo}..{hi}; got {dpi}")
    if args.link is not None:
        try:
            check_link(args.link)
        except ValueError as e:
            raise UsageError(f"--link: {e}") from None
    check_out(args.out)
    catalog = load_or_fail()
    build, model = load_target(catalog, args.vehicle, args.build, args.sets)
    page = render_build_sheet(catalog, build, model, args.lang, args.link, dpi=dpi)
    try:
        save(page, args.out, dpi)
    except OSError as e:
        raise UsageError(f"cannot write {args.out}: {e.strerror or e}") from None
    print(f"wrote {args.out} ({model.id}, {build.share_code()}, {args.lang})")
    return 0
