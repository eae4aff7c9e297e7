"""``livery decide CODE STATUS``: record a decision or a note on a paint candidate.

``shortlisted``, ``rejected`` or ``new`` set the status (who: ``--by``, default the OS
user; when: now). ``approved`` makes the candidate a library paint in one step, with
``--price`` (and ``--paint-code``/``--id`` if not the candidate's share-code number and
a name-made id). ``note`` only adds ``--note`` (``--point X,Y,Z`` pins it on the car).
"""

from __future__ import annotations

import argparse

from livery.catalog.candidate_store import ConflictError
from livery.catalog.candidates import Status
from livery.catalog.loader import CatalogError
from livery.commands import UsageError
from livery.commands.candidates import add_library_arg, find, store_for

ACTIONS = [*(s.value for s in Status), "note"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "decide",
        help="set a candidate's status, add a note, or approve it as a library paint",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("code", metavar="CODE", help="the candidate's code (or option id)")
    p.add_argument("action", choices=ACTIONS, metavar="STATUS", help=", ".join(ACTIONS))
    add_library_arg(p)
    p.add_argument("--note", help="a note to add (with the decision, or alone with 'note')")
    p.add_argument("--point", metavar="X,Y,Z", help="pin the note to this point on the car (m)")
    p.add_argument("--by", help="who decides (default: the OS user)")
    p.add_argument("--price", type=int, help="approved: the paint's price")
    p.add_argument("--paint-code", type=int, help="approved: share-code number (default: kept)")
    p.add_argument(
        "--id", dest="paint_id", help="approved: the paint's id (default: from its name)"
    )


def _point(text: str | None) -> tuple[float, float, float] | None:
    if text is None:
        return None
    try:
        x, y, z = (float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"--point must be X,Y,Z in metres; got {text!r}") from None
    return (x, y, z)


def run(args: argparse.Namespace) -> int:
    store = store_for(args)
    c = find(store, args.code)
    point = _point(args.point)
    try:
        if args.action == "note":
            if not args.note:
                raise UsageError("'note' needs --note TEXT")
            c = store.add_note(c.code, args.note, by=args.by, point=point)
        elif args.action == Status.APPROVED.value:
            if args.price is None:
                raise UsageError("approving makes a paint: give its --price")
            c, paint = store.approve(
                c.code,
                price=args.price,
                paint_code=args.paint_code,
                paint_id=args.paint_id,
                by=args.by,
            )
            if args.note:
                c = store.add_note(c.code, args.note, by=args.by, point=point)
            print(f"{c.code}: approved as paint {c.paint_id} ({paint})")
            return 0
        else:
            if point is not None and not args.note:
                raise UsageError("--point pins a --note")
            c = store.decide(c.code, Status(args.action), by=args.by)
            if args.note:
                c = store.add_note(c.code, args.note, by=args.by, point=point)
    except (ConflictError, CatalogError, ValueError) as e:
        raise UsageError(str(e)) from None
    print(f"{c.code}: {c.status.value} (by {c.decided_by or '-'}), {len(c.notes)} note(s)")
    return 0
