"""``livery booth A B``: two measured paints side by side under the booth's lights.

For each light (D65, D50, D75, A, F2/CWF, F11/TL84, F12 and a white LED; ``--lights
all`` for every illuminant colour-science tabulates), each paint's CIELAB (relative to
that light's white) and sRGB as a display shows it without white balance, computed
from the measured spectra, and ΔE2000 between the two. A pair that matches in D65 and
parts under another light is named metameric. A and B are candidate codes; a paint
given only as Lab or hex can't go in the booth (exit status 2 saying so).
"""

from __future__ import annotations

import argparse
import json

from livery.catalog.light_booth import (
    BOOTH,
    LABELS,
    BoothError,
    booth,
    illuminants,
    metameric,
)
from livery.commands import UsageError
from livery.commands.candidates import add_library_arg, find, store_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "booth",
        help="two measured paints under the light booth's illuminants, with ΔE2000",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("a", metavar="A", help="a candidate code")
    p.add_argument("b", metavar="B", help="another candidate code")
    add_library_arg(p)
    p.add_argument(
        "--lights",
        default=",".join(BOOTH),
        metavar="L1,L2|all",
        help=f"comma-separated illuminants, or 'all' (default {','.join(BOOTH)})",
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(x * 255):02x}" for x in rgb)


def run(args: argparse.Namespace) -> int:
    store = store_for(args)
    a, b = find(store, args.a), find(store, args.b)
    lights = illuminants() if args.lights == "all" else [x.strip() for x in args.lights.split(",")]
    for c in (a, b):
        if c.spectrum is None:
            raise UsageError(f"the booth needs a spectrum: {c.code} is given only as {c.given}")
    try:
        rows = booth(a.spectrum, b.spectrum, lights)
    except BoothError as e:
        raise UsageError(str(e)) from None
    parts = metameric(rows)
    if args.json:
        out = {
            "a": a.code,
            "b": b.code,
            "metameric_under": parts,
            "lights": [
                {
                    "illuminant": r.illuminant,
                    "lab_a": [round(x, 2) for x in r.lab_a],
                    "lab_b": [round(x, 2) for x in r.lab_b],
                    "srgb_a": _hex(r.srgb_a),
                    "srgb_b": _hex(r.srgb_b),
                    "delta_e": round(r.delta_e, 2),
                }
                for r in rows
            ],
        }
        print(json.dumps(out, indent=2))
        return 0
    print(f"A = {a.code} ({a.name.en}), B = {b.code} ({b.name.en})")
    print(f"{'light':<10} {'A Lab':>20} {'sRGB':>8}   {'B Lab':>20} {'sRGB':>8}   ΔE2000")
    for r in rows:
        la = " ".join(f"{x:6.1f}" for x in r.lab_a)
        lb = " ".join(f"{x:6.1f}" for x in r.lab_b)
        print(
            f"{LABELS.get(r.illuminant, r.illuminant):<10} {la:>20} {_hex(r.srgb_a):>8}"
            f"   {lb:>20} {_hex(r.srgb_b):>8}   {r.delta_e:6.2f}"
        )
    if parts:
        names = ", ".join(LABELS.get(p, p) for p in parts)
        print(f"metameric: they match in D65 but not under {names}")
    return 0
