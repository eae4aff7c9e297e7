"""``livery angles PAINT``: the rendered CIELAB of a paint at the multi-angle aspecular
angles (15°, 25°, 45°, 75°, 110°), beside the supplier's values when the candidate
carries them, with ΔE2000 between the two.

The flat test panel, the light (collimated, 45° incidence, a white diffuser reads
L* = 100) and the detector geometry are defined in ``livery.scene.angles``. PAINT is a
candidate's code or any paint option's id.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from livery.catalog.candidates import ASPECULAR_ANGLES, PAINT_GROUP, Candidate
from livery.catalog.color import delta_e_2000
from livery.commands import UsageError
from livery.commands.candidates import add_library_arg, store_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "angles",
        help="rendered CIELAB of a paint at the multi-angle aspecular angles",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paint", metavar="PAINT", help="a candidate code or a paint option id")
    add_library_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from livery.commands.catalog import load_or_fail

    store = store_for(args)
    catalog = load_or_fail()
    review = store.load()
    candidate: Candidate | None = None
    try:
        candidate = review.by_code(args.paint)
        option_id = candidate.option_id
    except KeyError:
        option_id = args.paint
    try:
        option = catalog.option(PAINT_GROUP, option_id)
    except KeyError:
        paints = ", ".join(o.id for o in catalog.group(PAINT_GROUP).options)
        raise UsageError(f"no paint or candidate {args.paint!r}; paints: {paints}") from None
    from livery.scene.angles import panel_readings

    finish = next(iter(option.finishes.values()))
    supplier = dict(candidate.angles) if candidate else {}
    angles = sorted({*ASPECULAR_ANGLES, *supplier})
    rendered = panel_readings(finish, angles)
    rows = []
    for a in angles:
        given = supplier.get(a)
        de = float(delta_e_2000(np.array(rendered[a]), np.array(given))) if given else None
        rows.append({"angle": a, "rendered": rendered[a], "supplier": given, "delta_e": de})
    if args.json:
        print(json.dumps({"paint": option.id, "angles": rows}, indent=2))
        return 0
    print(f"{option.id} ({option.name.en}), flat panel, light at 45°, rendered CIELAB D65")
    print(f"{'angle':>6}  {'rendered L a b':>22}  {'supplier L a b':>22}  ΔE2000")
    for r in rows:
        lab = " ".join(f"{x:6.1f}" for x in r["rendered"])
        sup = " ".join(f"{x:6.1f}" for x in r["supplier"]) if r["supplier"] else "-"
        de = f"{r['delta_e']:6.2f}" if r["delta_e"] is not None else "-"
        print(f"{r['angle']:>5}°  {lab:>22}  {sup:>22}  {de}")
    return 0
