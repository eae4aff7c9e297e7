"""Paint candidates: a supplier's proposed paint under review, as data.

A designer receives each candidate as measurement data (sRGB hex, CIELAB D65, or a
measured spectral reflectance, perhaps with the supplier's multi-angle CIELAB), looks
at it on the car, and records a decision. This module is the record; the store
(``livery.catalog.candidate_store``) reads and writes it, ``candidate_import`` makes it
from supplier files, ``candidate_judge`` and ``light_booth`` hold the numbers.

Model API (stable; the review UI builds on it)::

    Candidate        code, supplier, name (Text: en/zh), finish (Finish: the colour on the
                     car and every finish parameter), given ("hex" | "lab" | "spectrum"),
                     spectrum (Spectrum | None), angles ({aspecular degrees: (L, a, b)}),
                     status (Status), notes (tuple[Note]), decided_by / decided_at,
                     option_id / option_code (the paint option it is offered as),
                     paint_id (the library paint it became, once approved), source
                     (the file, and line, it was imported from), revision / saved_by /
                     saved_at (the store's concurrency record), path (its file).
    Candidate.lab    its CIELAB D65 (from the spectrum, else as given, else from sRGB).
    Candidate.hex    its sRGB hex.
    Candidate.pinned_notes(vehicle)  (number, note) of its notes pinned on that vehicle.
    Status           NEW, SHORTLISTED, APPROVED, REJECTED.
    Note             text, author, when (aware datetime, UTC), point ((x, y, z) on the
                     car in the vehicle's frame, metres, or None), part (the part the
                     point lies on) and vehicle (the vehicle id it was pinned on).
    Note.pinned      whether it has a point (its marker is drawn on the car).
    Spectrum         wavelengths (nm), reflectance (factor 0..1), observer (colour-science
                     name of the standard observer).
    candidate_from_toml(text, path) / candidate_toml(candidate)
    candidate_option_id(code)

A candidate file is an ordinary paint option file (``group = "paint"``, one
``[[option]]`` with id ``candidate-CODE``, price 0, custom) plus a ``[candidate]`` table
the catalog loader does not read. So while it is under review a candidate is a paint
option like any other (the app's paint panel, ``livery render --build``, share codes and
``livery catalog --json`` show it with no extra path), and a broken candidate file is
left out by name like any broken library file. Once approved, the file keeps its record
but no ``[[option]]``: the paint it became lives in a library paint file of its own.

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from numbers import Real
from pathlib import Path
from typing import Any, Literal

import numpy as np
import tomli_w

from livery.catalog.color import Color, srgb_to_lab
from livery.catalog.finish import Finish, catalog_color, finish_table, parse_finish
from livery.catalog.light_booth import spectrum_lab
from livery.catalog.model import Text
from livery.slugs import slugify

PAINT_GROUP = "paint"
HEADER = "# A paint candidate under review in Livery Studio (see README, 'Paint review')."
#: The standard aspecular angles of multi-angle spectrophotometers (degrees from the
#: specular direction), the angles ``livery angles`` renders.
ASPECULAR_ANGLES = (15, 25, 45, 75, 110)
DEFAULT_OBSERVER = "CIE 1931 2 Degree Standard Observer"
OBSERVERS = (DEFAULT_OBSERVER, "CIE 1964 10 Degree Standard Observer")

Lab = tuple[float, float, float]
Given = Literal["hex", "lab", "spectrum"]


class Status(StrEnum):
    NEW = "new"
    SHORTLISTED = "shortlisted"
    APPROVED = "approved"
    REJECTED = "rejected"


Point = tuple[float, float, float]


@dataclass(frozen=True)
class Note:
    """A remark by a person, optionally pinned to a point on the car.

    The point is in the vehicle's own frame (metres, as its parts' vertices), so it
    stays on the car whatever the camera does and after the vehicle is loaded again;
    ``part`` and ``vehicle`` say what it was pinned on (a note pinned on one car is not
    drawn on another)."""

    text: str
    author: str
    when: datetime
    point: Point | None = None
    part: str | None = None
    vehicle: str | None = None

    def __post_init__(self) -> None:
        if self.point is not None:
            object.__setattr__(self, "point", note_point(self.point))
        elif self.part is not None:
            raise ValueError("a note's part needs its point")

    @property
    def pinned(self) -> bool:
        return self.point is not None


def note_point(value: Any) -> Point:
    """Three finite numbers (metres), else ValueError naming the point."""
    numbers = (
        isinstance(value, list | tuple | np.ndarray)
        and len(value) == 3
        and all(isinstance(v, Real) and not isinstance(v, bool) for v in value)
    )
    if not numbers or not np.all(np.isfinite(np.asarray(value, dtype=float))):
        raise ValueError(f"note point {value!r}: not three finite numbers X, Y, Z (metres)")
    return (float(value[0]), float(value[1]), float(value[2]))


@dataclass(frozen=True)
class Spectrum:
    """Measured spectral reflectance: factors 0..1 at wavelengths in nm, ascending."""

    wavelengths: tuple[float, ...]
    reflectance: tuple[float, ...]
    observer: str = DEFAULT_OBSERVER

    def __post_init__(self) -> None:
        w = np.asarray(self.wavelengths, dtype=float)
        r = np.asarray(self.reflectance, dtype=float)
        if len(w) != len(r):
            raise ValueError(f"{len(w)} wavelengths but {len(r)} reflectance values")
        if len(w) < 8:
            raise ValueError("a spectrum needs at least 8 wavelengths")
        if not np.all(np.isfinite(w)) or not np.all(np.isfinite(r)):
            raise ValueError("a spectrum holds a value that is not a number")
        if np.any(np.diff(w) <= 0):
            raise ValueError("wavelengths must rise")
        if w[0] > 420 or w[-1] < 680:
            raise ValueError(f"wavelengths {w[0]:g}..{w[-1]:g} nm do not cover 420..680 nm")
        if np.any(r < 0) or np.any(r > 2):
            raise ValueError("reflectance must be a factor in 0..2 (percent? divide by 100)")
        if self.observer not in OBSERVERS:
            raise ValueError(f"unknown observer {self.observer!r}; valid: {', '.join(OBSERVERS)}")


def candidate_option_id(code: str) -> str:
    """The paint option id a candidate is offered as: ``candidate-`` and its code."""
    return "candidate-" + slugify(code, "x")


@dataclass(frozen=True)
class Candidate:
    code: str  # the supplier's code, unique in the library
    supplier: str
    name: Text
    finish: Finish  # the colour on the car and every finish parameter
    given: Given
    option_code: int  # share-code number of its paint option
    spectrum: Spectrum | None = None
    angles: Mapping[int, Lab] = field(default_factory=dict)
    status: Status = Status.NEW
    notes: tuple[Note, ...] = ()
    decided_by: str | None = None
    decided_at: datetime | None = None
    paint_id: str | None = None  # the library paint it became (approved)
    source: str = ""  # "FILE:LINE" it was imported from
    revision: int = 0  # bumped by every save (the store's conflict check)
    saved_by: str | None = None
    saved_at: datetime | None = None
    path: Path | None = field(default=None, compare=False)

    @property
    def option_id(self) -> str:
        """The option to show it on the car: the paint it became, else its candidate option."""
        return self.paint_id or candidate_option_id(self.code)

    @cached_property
    def lab(self) -> Lab:
        """CIELAB D65 as measured: from the spectrum where there is one (computed once)."""
        if self.spectrum is not None:
            return spectrum_lab(self.spectrum, "D65")
        c: Color = self.finish.color
        return c.lab if c.lab is not None else tuple(float(x) for x in srgb_to_lab(c.srgb))  # type: ignore[return-value]

    @property
    def hex(self) -> str:
        return self.finish.color.hex

    def pinned_notes(self, vehicle: str) -> list[tuple[int, Note]]:
        """(number in the notes, 1-based; note) of each note pinned on ``vehicle`` (or on
        an unnamed one): the markers drawn on that car."""
        return [
            (n, note)
            for n, note in enumerate(self.notes, 1)
            if note.pinned and note.vehicle in (None, vehicle)
        ]

    def with_(self, **changes: Any) -> Candidate:
        return replace(self, **changes)


# -- the file ----------------------------------------------------------------------------
def _when(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def candidate_toml(c: Candidate) -> str:
    """The candidate's file: a paint option file with a ``[candidate]`` table."""
    record: dict[str, Any] = {
        "code": c.code,
        "supplier": c.supplier,
        "given": c.given,
        "status": c.status.value,
        "option_code": c.option_code,
        "revision": c.revision,
        "source": c.source,
    }
    for key in ("decided_by", "saved_by", "paint_id"):
        if getattr(c, key) is not None:
            record[key] = getattr(c, key)
    for key in ("decided_at", "saved_at"):
        if getattr(c, key) is not None:
            record[key] = _when(getattr(c, key))
    if c.spectrum is not None:
        record["spectrum"] = {
            "observer": c.spectrum.observer,
            "wavelengths": [float(w) for w in c.spectrum.wavelengths],
            "reflectance": [round(float(r), 6) for r in c.spectrum.reflectance],
        }
    if c.angles:
        record["angles"] = {str(a): [round(float(x), 4) for x in v] for a, v in c.angles.items()}
    notes = []
    for n in c.notes:
        note: dict[str, Any] = {"text": n.text, "author": n.author, "when": _when(n.when)}
        if n.point is not None:
            note["point"] = [float(x) for x in n.point]
        for key in ("part", "vehicle"):
            if getattr(n, key) is not None:
                note[key] = getattr(n, key)
        notes.append(note)
    if notes:
        record["note"] = notes
    doc: dict[str, Any] = {"group": PAINT_GROUP}
    if c.paint_id is None:
        doc["option"] = [
            {
                "id": candidate_option_id(c.code),
                "name": {"en": c.name.en, "zh": c.name.zh},
                "code": c.option_code,
                "price": 0,
                "custom": True,
                "description": {
                    "en": f"Candidate {c.code} from {c.supplier} ({c.status.value})",
                    "zh": f"候选色 {c.code}，供应商 {c.supplier}",
                },
                "finish": finish_table(c.finish, color=catalog_color),
            }
        ]
    else:  # approved: the paint file holds the option; the record keeps what was reviewed
        record["name"] = {"en": c.name.en, "zh": c.name.zh}
        record["finish"] = finish_table(c.finish, color=catalog_color)
    doc["candidate"] = record
    return HEADER + "\n" + tomli_w.dumps(doc)


def _lab3(value: Any, what: str) -> Lab:
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
    ):
        raise ValueError(f"{what} must be three numbers [L, a, b]")
    return (float(value[0]), float(value[1]), float(value[2]))


def _aware(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a date and time")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def candidate_from_toml(text: str, path: Path | None = None) -> Candidate:
    """Read a candidate file; ValueError says what is wrong."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"not valid TOML ({e})") from None
    try:
        return _candidate(doc, path)
    except (AttributeError, KeyError, TypeError) as e:  # a value of the wrong shape
        raise ValueError(f"malformed [candidate] record ({type(e).__name__}: {e})") from None


def _note(number: int, n: dict[str, Any]) -> Note:
    try:
        return Note(
            text=str(n.get("text", "")),
            author=str(n.get("author", "")),
            when=_aware(n.get("when"), "note time") or datetime.fromtimestamp(0, UTC),
            point=n.get("point"),
            part=str(n["part"]) if "part" in n else None,
            vehicle=str(n["vehicle"]) if "vehicle" in n else None,
        )
    except ValueError as e:
        raise ValueError(f"note {number}: {e}") from None


def _candidate(doc: dict[str, Any], path: Path | None) -> Candidate:
    rec = doc.get("candidate")
    if not isinstance(rec, dict):
        raise ValueError("no [candidate] table")
    try:
        status = Status(rec.get("status", "new"))
    except ValueError:
        raise ValueError(f"unknown status {rec.get('status')!r}") from None
    options = doc.get("option") or []
    paint_id = rec.get("paint_id")
    if paint_id is None and len(options) != 1:
        raise ValueError("a candidate under review needs exactly one [[option]]")
    if options:
        opt = options[0]
        name = opt.get("name", {})
        finish = parse_finish(opt.get("finish", {}))
    else:  # approved: the finish lives in the paint file; keep the record's own copy
        name = rec.get("name", {})
        finish = parse_finish(rec.get("finish", {}))
    spectrum = None
    if "spectrum" in rec:
        s = rec["spectrum"]
        spectrum = Spectrum(
            tuple(float(w) for w in s.get("wavelengths", [])),
            tuple(float(r) for r in s.get("reflectance", [])),
            s.get("observer", DEFAULT_OBSERVER),
        )
    angles = {int(a): _lab3(v, f"angle {a}") for a, v in rec.get("angles", {}).items()}
    notes = tuple(_note(i, n) for i, n in enumerate(rec.get("note", []), 1))
    given = rec.get("given", "hex")
    if given not in ("hex", "lab", "spectrum"):
        raise ValueError(f"unknown 'given' {given!r}")
    return Candidate(
        code=str(rec["code"]),
        supplier=str(rec.get("supplier", "")),
        name=Text(str(name.get("en", "")), str(name.get("zh", ""))),
        finish=finish,
        given=given,
        option_code=int(rec.get("option_code", 0)),
        spectrum=spectrum,
        angles=angles,
        status=status,
        notes=notes,
        decided_by=rec.get("decided_by"),
        decided_at=_aware(rec.get("decided_at"), "decided_at"),
        paint_id=paint_id,
        source=str(rec.get("source", "")),
        revision=int(rec.get("revision", 0)),
        saved_by=rec.get("saved_by"),
        saved_at=_aware(rec.get("saved_at"), "saved_at"),
        path=path,
    )
