"""``livery catalog``: list vehicles, option groups, options and rules (``--json``: and the
paint library's candidates, judged)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from livery.catalog import Catalog, CatalogError, Finish
from livery.catalog.finish import finish_table
from livery.catalog.loader import load_app_catalog
from livery.commands import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="list vehicles and options", description=__doc__)
    p.add_argument("--json", action="store_true", help="print the whole catalog as JSON")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names")


def load_or_fail() -> Catalog:
    """The shipped catalog with the user's paint library, or a UsageError naming the broken file."""
    try:
        return load_app_catalog(warn=lambda m: print(f"livery: warning: {m}", file=sys.stderr))
    except CatalogError as e:
        raise UsageError(f"the catalog is broken: {e}") from None


def finish_dict(finish: Finish) -> dict[str, Any]:
    """A finish for JSON readers: every colour as "#rrggbb", CIELAB too where given."""
    out = finish_table(finish, color=lambda c: c.hex)
    if finish.color.lab is not None:
        out["lab"] = list(finish.color.lab)
    return out


def catalog_dict(catalog: Catalog) -> dict[str, Any]:
    return {
        "currency": catalog.currency,
        "vehicles": [
            {
                "id": v.id,
                "name": vars(v.name),
                "base_price": v.base_price,
                "defaults": dict(v.defaults),
            }
            for v in catalog.vehicles
        ],
        "groups": [
            {
                "id": g.id,
                "name": vars(g.name),
                "slots": [s.value for s in g.slots],
                "options": [
                    {
                        "id": o.id,
                        "name": vars(o.name),
                        "price": o.price,
                        "custom": o.custom,
                        "vehicles": list(o.vehicles) if o.vehicles else None,
                        "finishes": {s.value: finish_dict(f) for s, f in o.finishes.items()},
                    }
                    for o in g.options
                ],
            }
            for g in catalog.groups
        ],
        "fixed": {s.value: finish_dict(f) for s, f in catalog.fixed.items()},
        "rules": [
            {
                "id": r.id,
                "when": {k: list(v) for k, v in r.when.items()},
                "forbid": {k: list(v) for k, v in r.forbid.items()},
                "reason": vars(r.reason),
            }
            for r in catalog.rules
        ],
    }


def candidates_list(catalog: Catalog) -> list[dict[str, Any]]:
    """The paint library's candidates (each also a paint option), judged by ΔE2000."""
    from livery.catalog.candidate_judge import judge
    from livery.catalog.candidate_store import CandidateStore
    from livery.commands.candidates import judgement_dict

    review = CandidateStore().load()
    for problem in review.problems:
        print(f"livery: warning: candidate file left out: {problem}", file=sys.stderr)
    return [judgement_dict(j) for j in judge(catalog, review.candidates)]


def run(args: argparse.Namespace) -> int:
    catalog = load_or_fail()
    if args.json:
        out = catalog_dict(catalog)
        out["candidates"] = candidates_list(catalog)
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    lang = args.lang
    print("Vehicles")
    for v in catalog.vehicles:
        print(f"  {v.id:<22} {v.name.get(lang)}  ({catalog.currency} {v.base_price:,})")
    for g in catalog.groups:
        print(f"\n{g.name.get(lang)} [{g.id}]")
        for o in g.options:
            mark = "*" if o.custom else " "
            colour = next(iter(o.finishes.values())).color.hex if o.finishes else "-"
            only = f"  only: {', '.join(o.vehicles)}" if o.vehicles else ""
            print(f"  {mark} {o.id:<20} {colour}  {o.name.get(lang):<28} +{o.price:>7,}{only}")
    print("\n* bespoke programme")
    if catalog.rules:
        print("\nRules")
        for r in catalog.rules:
            print(f"  {r.id}: {r.reason.get(lang)}")
    return 0
