"""``livery candidates``: the paint candidates in the library, judged against the programme.

Each candidate with its colour (hex, CIELAB D65), status, the nearest existing paint by
ΔE2000 and a warning under the threshold, and the other candidates that close to it.
Shared by the review commands (``import``, ``decide``, ``booth``, ``angles``): the
``--library`` option and finding a candidate by code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from livery.catalog.candidate_judge import (
    DEFAULT_THRESHOLD,
    SORT_KEYS,
    Judgement,
    judge,
    sort_judgements,
)
from livery.catalog.candidate_store import CandidateStore
from livery.catalog.candidates import Candidate, Status
from livery.commands import UsageError


def add_library_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        help="the paint library folder (default: $LIVERY_LIBRARY or the user's data folder)",
    )


def store_for(args: argparse.Namespace) -> CandidateStore:
    """The store of ``--library`` (which the catalog then reads too), else the user's."""
    if args.library is not None:
        os.environ["LIVERY_LIBRARY"] = str(args.library)
    return CandidateStore()


def find(store: CandidateStore, name: str) -> Candidate:
    """A candidate by its code, its option id or the paint it became; UsageError if none."""
    review = store.load()
    try:
        return review.by_code(name)
    except KeyError:
        for c in review.candidates:
            if c.code.lower() == name.lower():
                return c
        codes = ", ".join(c.code for c in review.candidates) or "none"
        raise UsageError(f"no candidate {name!r} in {store.folder}; candidates: {codes}") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "candidates", help="list paint candidates, judged by ΔE2000", description=__doc__
    )
    add_library_arg(p)
    p.add_argument(
        "--status",
        choices=[s.value for s in Status],
        action="append",
        help="only these (repeatable)",
    )
    p.add_argument("--sort", choices=SORT_KEYS, default="hue", help="order (default hue)")
    p.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="warn under this ΔE2000 (default 2.0)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names")


def judgement_dict(j: Judgement, lang: str = "en") -> dict[str, Any]:
    c = j.candidate
    return {
        "code": c.code,
        "supplier": c.supplier,
        "name": vars(c.name),
        "option": c.option_id,
        "status": c.status.value,
        "given": c.given,
        "hex": c.hex,
        "lab": [round(x, 2) for x in c.lab],
        "spectrum": c.spectrum is not None,
        "angles": {str(a): list(v) for a, v in c.angles.items()},
        "nearest": j.nearest.id if j.nearest else None,
        "nearest_name": j.nearest.name.get(lang) if j.nearest else None,
        "delta_e": None if j.delta_e is None else round(j.delta_e, 2),
        "warning": j.warning,
        "duplicates": [{"code": k, "delta_e": round(d, 2)} for k, d in j.duplicates],
        "decided_by": c.decided_by,
        "decided_at": c.decided_at.isoformat() if c.decided_at else None,
        "notes": [
            {
                "text": n.text,
                "author": n.author,
                "when": n.when.isoformat(),
                "point": n.point,
                "part": n.part,
                "vehicle": n.vehicle,
            }
            for n in c.notes
        ],
    }


def run(args: argparse.Namespace) -> int:
    from livery.commands.catalog import load_or_fail

    store = store_for(args)
    review = store.load()
    for problem in review.problems:
        print(f"livery: warning: candidate file left out: {problem}", file=sys.stderr)
    catalog = load_or_fail()
    judged = judge(catalog, review.candidates, args.threshold, args.lang)
    if args.status:
        judged = [j for j in judged if j.candidate.status.value in args.status]
    judged = sort_judgements(judged, args.sort)
    if args.json:
        print(
            json.dumps([judgement_dict(j, args.lang) for j in judged], indent=2, ensure_ascii=False)
        )
        return 0
    if not judged:
        print(f"no candidates in {store.folder}")
        return 0
    for j in judged:
        c = j.candidate
        L, a, b = c.lab
        near = f"{j.nearest.name.get(args.lang)} ΔE {j.delta_e:.1f}" if j.nearest else "-"
        print(
            f"{c.code:<16} {c.status.value:<11} {c.hex}  Lab {L:5.1f} {a:6.1f} {b:6.1f}  "
            f"{c.name.get(args.lang):<20} nearest {near}"
        )
        if j.warning:
            print(f"    warning: {j.warning}")
        for code, de in j.duplicates:
            print(f"    warning: duplicate of candidate {code}, ΔE {de:.1f}")
    return 0
