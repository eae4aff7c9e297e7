"""``manifest.jsonl``: one line per requested image, the record people and scripts read.

Each line holds the build (choices and share code), every option with its names,
code and price, how it was shot, the file that shows it (perhaps another build's
image, ``shown_by``; a turntable frame also its turntable's MP4, ``video``), when
and how long it took, the PNG's hash, and the error if it failed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from livery.batch.plan import Request, share_code
from livery.catalog import Catalog
from livery.fileio import write_atomic

NAME = "manifest.jsonl"


def options_of(catalog: Catalog, vehicle: str, choices: Mapping[str, str]) -> dict[str, Any]:
    out = {}
    for g in catalog.groups:
        o = g.option(choices[g.id])
        out[g.id] = {"id": o.id, "code": o.code, "name": vars(o.name), "price": o.price}
    return out


def entry(catalog: Catalog, r: Request, result: Mapping[str, Any] | None) -> dict[str, Any]:
    """The manifest line of request ``r``; ``result`` is its shot's outcome (None: not run)."""
    s, state = r.shot, r.build
    options = options_of(catalog, state.vehicle, state.choices)
    result = result or {"error": "not rendered (the run was interrupted)"}
    error = result.get("error")
    base_price = catalog.vehicle(state.vehicle).base_price
    return {
        "vehicle": r.vehicle.label,
        "build": {"vehicle": state.vehicle, "choices": dict(state.choices)},
        "share_code": share_code(catalog, state),
        "options": options,
        "price": base_price + sum(o["price"] for o in options.values()),
        "currency": catalog.currency,
        "camera": s.camera,
        "frame": [s.frame, s.turntable.frames] if s.turntable else None,
        "environment": s.env.label,
        "tone": s.tone,
        "exposure": s.exposure,
        "size": f"{s.size[0]}x{s.size[1]}",
        "supersample": s.supersample,
        "file": None if error else s.out,
        "video": result.get("video"),  # a turntable's MP4
        "shown_by": share_code(catalog, r.shown_by) if r.shown_by else None,
        "time": result.get("time"),
        "seconds": result.get("seconds"),
        "hash": result.get("hash"),
        "key": s.key,
        "error": error,
    }


def write(folder: Path, entries: Iterable[Mapping[str, Any]]) -> Path:
    text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries)
    return write_atomic(folder / NAME, text)


def read(folder: Path) -> list[dict[str, Any]]:
    """The manifest in ``folder`` (empty if there is none or it is unreadable)."""
    try:
        lines = (folder / NAME).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out
