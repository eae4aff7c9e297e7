"""``livery import FILE``: add a supplier's paint candidates to the paint library.

CSV, JSON or CxF3 (see README, "Paint review"). Each candidate becomes a file in
LIBRARY/candidates/ and a paint option at once (``livery render --set
paint=candidate-CODE``). Rows with errors are reported by line and skipped; exit status
1 then. A file that can't be read is one line naming it (and the line), exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from livery.catalog.candidate_import import import_candidates
from livery.catalog.candidate_judge import DEFAULT_THRESHOLD, judge
from livery.commands import UsageError
from livery.commands.candidates import add_library_arg, store_for
from livery.fileio import InputFileError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import paint candidates (CSV, JSON, CxF3) into the paint library",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a .csv, .json or .cxf file")
    add_library_arg(p)
    p.add_argument("--by", help="who imports (default: the OS user)")
    # The command is "import" (a Python keyword); its module is import_candidates.
    p.set_defaults(command="import_candidates")


def run(args: argparse.Namespace) -> int:
    from livery.commands.catalog import load_or_fail

    store = store_for(args)
    catalog = load_or_fail()
    try:
        result = import_candidates(args.file, store, catalog, by=args.by)
    except InputFileError as e:
        raise UsageError(str(e)) from None
    for message in result.errors:
        print(f"livery: skipped: {message}", file=sys.stderr)
    if result.candidates:
        catalog = load_or_fail()
        everyone = store.load().candidates
        mine = {c.code for c in result.candidates}
        for j in judge(catalog, everyone, DEFAULT_THRESHOLD):
            c = j.candidate
            if c.code not in mine:
                continue
            L, a, b = c.lab
            print(f"{c.code:<16} {c.option_id:<26} {c.hex}  Lab {L:.1f} {a:.1f} {b:.1f}")
            if j.warning:
                print(f"    warning: {j.warning}")
            for code, de in j.duplicates:
                print(f"    warning: duplicate of candidate {code}, ΔE {de:.1f}")
    print(f"{len(result.candidates)} imported into {store.folder}, {len(result.errors)} skipped")
    return 1 if result.errors else 0
