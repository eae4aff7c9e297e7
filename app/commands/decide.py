"""``livery decide CODE STATUS``: record a decision or a note on a paint candidate.

``shortlisted``, ``rejected`` or ``new`` set the status (who: ``--by``, default the OS
user; when: now). ``approved`` makes the candidate a library paint in one step, with
``--price`` (and ``--paint-code``/``--id`` if not the candidate's share-code number and
a name-made id). ``note`` only adds ``--note``; ``--at X,Y,Z`` pins it to that point
on the car (metres in the vehicle's frame, as the review window stores a picked point):
it must be finite and inside the vehicle's bounds (``--vehicle``, default the catalog's
first), and the note records the vehicle and the part whose surface is nearest the
point, so the app draws its marker on that car.
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from livery.catalog.candidate_store import ConflictError
from livery.catalog.candidates import Candidate, Status
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
    p.add_argument(
        "--at",
        "--point",
        dest="at",
        metavar="X,Y,Z",
        help="pin the note to this point on the car (metres, vehicle frame)",
    )
    p.add_argument(
        "--vehicle",
        metavar="ID|FILE",
        help="--at: the vehicle it is on (default: the catalog's first)",
    )
    p.add_argument("--by", help="who decides (default: the OS user)")
    p.add_argument("--price", type=int, help="approved: the paint's price")
    p.add_argument("--paint-code", type=int, help="approved: share-code number (default: kept)")
    p.add_argument(
        "--id", dest="paint_id", help="approved: the paint's id (default: from its name)"
    )


#: How far outside the vehicle's box a point may be and still count as on it (m).
BOUNDS_TOLERANCE_M = 0.005


def _point(text: str) -> tuple[float, float, float]:
    """``X,Y,Z`` as three finite numbers; UsageError otherwise."""
    try:
        x, y, z = (float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"--at must be X,Y,Z in metres; got {text!r}") from None
    if not all(math.isfinite(v) for v in (x, y, z)):
        raise UsageError(f"--at must be three finite numbers in metres; got {text!r}")
    return (x, y, z)


def pin(text: str, vehicle: str | None) -> tuple[tuple[float, float, float], str, str]:
    """The point of ``--at`` on the vehicle of ``--vehicle``: (point, part, vehicle id).

    UsageError when the point is outside the vehicle's bounds (named, with the bounds);
    the part is the one whose surface is nearest the point."""
    from livery.commands.catalog import load_or_fail
    from livery.scene.markers import nearest_part
    from livery.scene.stage import polydata_of
    from livery.vehicles.files import VehicleSpecError, load_vehicle

    point = _point(text)
    catalog = load_or_fail()
    spec = vehicle or catalog.vehicles[0].id
    try:
        model = load_vehicle(spec, catalog.vehicles)
    except VehicleSpecError as e:
        raise UsageError(str(e)) from None
    lo, hi = model.bounds()
    p = np.asarray(point)
    if np.any(p < lo - BOUNDS_TOLERANCE_M) or np.any(p > hi + BOUNDS_TOLERANCE_M):
        box = " .. ".join("(" + ", ".join(f"{v:.2f}" for v in c) + ")" for c in (lo, hi))
        raise UsageError(f"--at {text}: outside the {model.id} (its bounds are {box} m)")
    part, _ = nearest_part({part.name: polydata_of(part) for part in model.parts}, point)
    return point, part, model.id


def run(args: argparse.Namespace) -> int:
    store = store_for(args)
    c = find(store, args.code)
    if args.at is not None and not args.note:
        raise UsageError("--at pins a --note")
    at = pin(args.at, args.vehicle) if args.at is not None else None
    point, part, vehicle = at if at is not None else (None, None, None)

    def add_note(code: str) -> Candidate:
        return store.add_note(code, args.note, by=args.by, point=point, part=part, vehicle=vehicle)

    try:
        if args.action == "note":
            if not args.note:
                raise UsageError("'note' needs --note TEXT")
            c = add_note(c.code)
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
                c = add_note(c.code)
            print(f"{c.code}: approved as paint {c.paint_id} ({paint})")
            return 0
        else:
            c = store.decide(c.code, Status(args.action), by=args.by)
            if args.note:
                c = add_note(c.code)
    except (ConflictError, CatalogError, ValueError) as e:
        raise UsageError(str(e)) from None
    where = f", pinned on {part} of the {vehicle}" if part else ""
    print(f"{c.code}: {c.status.value} (by {c.decided_by or '-'}), {len(c.notes)} note(s){where}")
    return 0
