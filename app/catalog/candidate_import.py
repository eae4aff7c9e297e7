"""Reading a supplier's candidates from CSV, JSON or CxF3 files.

Suppliers send measurement data, not option files: one paint per CSV row or JSON
object, or per CxF3 ``Object`` (ISO 17972, the colour exchange XML their instruments
write; read with ``colour-cxf``). Each candidate's colour is, in order of preference,
its measured spectral reflectance (converted to CIELAB D65 with colour-science under
the standard observer the file names, 2° unless it says 10°), its CIELAB (D65; a CxF
Lab under another illuminant is adapted to D65 with the Bradford transform), or its
sRGB hex. Finish parameters come from the row (``family``, ``metallic``, ... as in the
catalog's finish table) over the catalog's preset for the family.

A row that can't be used is reported as ``FILE: line N: problem`` and skipped; the rest
import. A file that can't be read at all (not CSV/JSON/XML, no usable column, too large)
raises ``InputFileError`` naming the file and, where known, the line.

CSV columns (a header row; case and surrounding spaces don't matter):
``code, supplier, name_en, name_zh``; the colour as ``hex``, or ``L, a, b``, or spectral
``r380 .. r730`` (reflectance factors 0..1, any regular wavelengths covering 420-680 nm)
with an optional ``observer`` (2 or 10); finish ``family`` and parameters; supplier
multi-angle CIELAB as ``L15, a15, b15, L45, ...`` (aspecular degrees); ``note``.

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from livery.catalog.candidate_store import CandidateStore, free_option_code, now
from livery.catalog.candidates import (
    DEFAULT_OBSERVER,
    OBSERVERS,
    PAINT_GROUP,
    Candidate,
    Note,
    Spectrum,
)
from livery.catalog.color import Color, _colour
from livery.catalog.finish import Family, Finish, parse_finish
from livery.catalog.light_booth import illuminant_name, spectrum_lab
from livery.catalog.loader import DEFAULT_CATALOG
from livery.catalog.model import Catalog, Text
from livery.fileio import InputFileError, read_capped

MAX_FILE_BYTES = 16 * 1024 * 1024
FORMATS = {".csv": "csv", ".json": "json", ".cxf": "cxf", ".xml": "cxf"}
_FINISH_KEYS = {*Finish.params(), "family", "flake_color", "flop_color"}
_TEXT_KEYS = {"code", "supplier", "name_en", "name_zh", "hex", "observer", "note"}
_ANGLE_COL = re.compile(r"^([lab])(\d{1,3})$")
_SPECTRAL_COL = re.compile(r"^r(\d{3})$")
#: The catalog's finish preset a candidate of each paint family starts from.
_FAMILY_PRESETS = {f: f"{f}-paint" for f in ("solid", "metallic", "pearl", "matte")}


@dataclass(frozen=True)
class ReadResult:
    """What a file holds: the candidates it could read and a message per row it could not."""

    candidates: tuple[Candidate, ...]
    errors: tuple[str, ...]


# -- one paint, whatever the format ------------------------------------------------------
def observer_name(value: object) -> str:
    text = str(value or "").strip()
    if text in OBSERVERS:
        return text
    if re.fullmatch(r"(?i)(cie\s*1931\s*)?2(\s*°|_?deg(ree)?)?", text) or not text:
        return DEFAULT_OBSERVER
    if re.fullmatch(r"(?i)(cie\s*1964\s*)?10(\s*°|_?deg(ree)?)?", text):
        return OBSERVERS[1]
    raise ValueError(f"unknown observer {text!r}; valid: 2 or 10 (degrees)")


@cache
def _presets(root: Path) -> dict[str, dict[str, Any]]:
    with (root / "catalog.toml").open("rb") as f:
        return tomllib.load(f).get("preset", {})


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value!r}")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not np.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return x


def _lab(values: Iterable[object], what: str) -> tuple[float, float, float]:
    v = [_number(x, what) for x in values]
    if len(v) != 3:
        raise ValueError(f"{what} must be three numbers L, a, b")
    if not 0 <= v[0] <= 100:
        raise ValueError(f"{what}: lightness {v[0]:g} is outside 0..100")
    return (v[0], v[1], v[2])


def make_candidate(
    fields: Mapping[str, Any],
    *,
    source: str,
    families: Iterable[Family] | None = None,
    catalog_root: Path = DEFAULT_CATALOG,
) -> Candidate:
    """A candidate (option code 0, assigned on import) from a format's fields:

    ``code, supplier, name_en, name_zh`` (str), one of ``hex`` (str), ``lab`` (3 numbers),
    ``spectrum`` (Spectrum); ``finish`` (dict of finish parameters), ``angles``
    ({degrees: Lab}), ``note`` (str). ValueError says what is wrong.
    """
    code = str(fields.get("code") or "").strip()
    if not code:
        raise ValueError("no code")
    name_en = str(fields.get("name_en") or "").strip()
    name_zh = str(fields.get("name_zh") or "").strip()
    if not name_en and not name_zh:
        raise ValueError(f"{code}: no name (name_en or name_zh)")
    spectrum: Spectrum | None = fields.get("spectrum")
    if spectrum is not None:
        color = Color.parse({"lab": [round(x, 4) for x in spectrum_lab(spectrum, "D65")]})
        given = "spectrum"
    elif fields.get("lab") is not None:
        color, given = Color.parse({"lab": list(_lab(fields["lab"], "Lab"))}), "lab"
    elif str(fields.get("hex") or "").strip():
        color, given = Color.parse(str(fields["hex"]).strip()), "hex"
    else:
        raise ValueError(f"{code}: no colour (hex, L a b or a spectrum)")
    params = dict(fields.get("finish") or {})
    family = str(params.get("family") or "solid").strip()
    allowed = [f.value for f in families] if families is not None else [f.value for f in Family]
    if family not in allowed:
        raise ValueError(f"{code}: family {family!r} can't be a body paint; valid: {allowed}")
    preset = _presets(catalog_root).get(_FAMILY_PRESETS.get(family, ""), {})
    data = {**preset, **params, "family": family, "color": color.hex}
    try:
        finish = parse_finish(data)
    except ValueError as e:
        raise ValueError(f"{code}: {e}") from None
    finish = replace(finish, color=color)
    angles = {int(a): _lab(v, f"angle {a}") for a, v in (fields.get("angles") or {}).items()}
    note = str(fields.get("note") or "").strip()
    notes = (Note(note, str(fields.get("supplier") or "supplier"), now()),) if note else ()
    return Candidate(
        code=code,
        supplier=str(fields.get("supplier") or "").strip(),
        name=Text(name_en or name_zh, name_zh or name_en),
        finish=finish,
        given=given,  # type: ignore[arg-type]
        option_code=0,
        spectrum=spectrum,
        angles=angles,
        notes=notes,
        source=source,
    )


# -- CSV ---------------------------------------------------------------------------------
def _csv_fields(row: Mapping[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"finish": {}, "angles": {}}
    spectral: dict[float, float] = {}
    angle_parts: dict[int, dict[str, str]] = {}
    for key, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue
        if key in _TEXT_KEYS:
            fields[key] = value
        elif key in ("l", "a", "b"):
            fields.setdefault("_lab", {})[key] = value
        elif m := _SPECTRAL_COL.match(key):
            spectral[float(m.group(1))] = _number(value, f"r{m.group(1)}")
        elif m := _ANGLE_COL.match(key):
            angle_parts.setdefault(int(m.group(2)), {})[m.group(1)] = value
        elif key in ("family", "flake_color", "flop_color"):
            fields["finish"][key] = value
        else:  # a numeric finish parameter (the header was checked)
            fields["finish"][key] = _number(value, key)
    lab = fields.pop("_lab", None)
    if lab is not None:
        if set(lab) != {"l", "a", "b"}:
            raise ValueError("L, a and b must all be given")
        fields["lab"] = [lab["l"], lab["a"], lab["b"]]
    for angle, parts in angle_parts.items():
        if set(parts) != {"l", "a", "b"}:
            raise ValueError(f"angle {angle}: L{angle}, a{angle} and b{angle} must all be given")
        fields["angles"][angle] = [parts["l"], parts["a"], parts["b"]]
    if spectral:
        w = sorted(spectral)
        fields["spectrum"] = Spectrum(
            tuple(w), tuple(spectral[x] for x in w), observer_name(fields.get("observer"))
        )
    return fields


def _known_column(key: str) -> bool:
    return bool(
        key in _TEXT_KEYS
        or key in _FINISH_KEYS
        or key in ("l", "a", "b")
        or _SPECTRAL_COL.match(key)
        or _ANGLE_COL.match(key)
    )


def read_csv(path: Path, text: str, **options: Any) -> ReadResult:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as e:
        raise InputFileError(path, f"line 1: not CSV ({e})") from None
    if not header:
        raise InputFileError(path, "line 1: no header row")
    reader.fieldnames = [h.strip().lower() for h in header]
    unknown = [h for h in reader.fieldnames if not _known_column(h)]
    if unknown:
        raise InputFileError(path, f"line 1: unknown column(s) {', '.join(unknown)}")
    if "code" not in reader.fieldnames:
        raise InputFileError(path, "line 1: no 'code' column")
    found, errors = [], []
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            errors.append(f"{path}: line {reader.line_num}: not CSV ({e})")
            break
        line = reader.line_num
        if None in row:
            errors.append(f"{path}: line {line}: more values than columns")
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            fields = _csv_fields(row)
            found.append(make_candidate(fields, source=f"{path.name}:{line}", **options))
        except ValueError as e:
            errors.append(f"{path}: line {line}: {e}")
    return ReadResult(tuple(found), tuple(errors))


# -- JSON --------------------------------------------------------------------------------
def _json_items(path: Path, text: str) -> list[tuple[int, Any]]:
    """The candidate objects with the line each starts on (a list, or {"candidates": [...]})."""
    decoder = json.JSONDecoder()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputFileError(path, f"line {e.lineno}: not valid JSON ({e.msg})") from None
    if isinstance(doc, dict) and isinstance(doc.get("candidates"), list):
        m = re.search(r'"candidates"\s*:\s*\[', text)
        start = m.end() if m else 0
    elif isinstance(doc, list):
        start = text.index("[") + 1
    else:
        raise InputFileError(path, 'line 1: expected a list of candidates or {"candidates": [...]}')
    items, i = [], start
    for _ in doc if isinstance(doc, list) else doc["candidates"]:
        while text[i] in " \t\r\n,":
            i += 1
        value, end = decoder.raw_decode(text, i)
        items.append((text.count("\n", 0, i) + 1, value))
        i = end
    return items


def _json_fields(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("a candidate must be an object")
    fields = {k: item.get(k) for k in ("code", "supplier", "name_en", "name_zh", "hex", "note")}
    name = item.get("name")
    if isinstance(name, dict):
        fields["name_en"] = fields["name_en"] or name.get("en")
        fields["name_zh"] = fields["name_zh"] or name.get("zh")
    color = item.get("color", item.get("colour"))
    if isinstance(color, str):
        fields["hex"] = color
    elif isinstance(color, dict) and "lab" in color:
        fields["lab"] = color["lab"]
    elif color is not None:
        raise ValueError('color must be "#rrggbb" or {"lab": [L, a, b]}')
    if "lab" in item:
        fields["lab"] = item["lab"]
    spectrum = item.get("spectrum")
    if spectrum is not None:
        if not isinstance(spectrum, dict):
            raise ValueError("spectrum must be an object")
        values = spectrum.get("reflectance") or spectrum.get("values") or []
        if "wavelengths" in spectrum:
            w = [_number(x, "wavelength") for x in spectrum["wavelengths"]]
        else:
            start = _number(spectrum.get("start", 380), "spectrum start")
            step = _number(spectrum.get("step", 10), "spectrum step")
            w = [start + step * i for i in range(len(values))]
        fields["spectrum"] = Spectrum(
            tuple(w),
            tuple(_number(x, "reflectance") for x in values),
            observer_name(spectrum.get("observer")),
        )
    finish = item.get("finish", {})
    if not isinstance(finish, dict):
        raise ValueError("finish must be an object")
    fields["finish"] = finish
    angles = item.get("angles", {})
    if not isinstance(angles, dict):
        raise ValueError('angles must be an object {"15": [L, a, b], ...}')
    try:
        fields["angles"] = {int(a): v for a, v in angles.items()}
    except ValueError:
        raise ValueError("angles must be keyed by aspecular degrees") from None
    return fields


def read_json(path: Path, text: str, **options: Any) -> ReadResult:
    found, errors = [], []
    for line, item in _json_items(path, text):
        try:
            found.append(
                make_candidate(_json_fields(item), source=f"{path.name}:{line}", **options)
            )
        except (ValueError, TypeError) as e:
            errors.append(f"{path}: line {line}: {e}")
    return ReadResult(tuple(found), tuple(errors))


# -- CxF3 --------------------------------------------------------------------------------
def _lab_to_d65(lab: tuple[float, float, float], illuminant: str, observer: str) -> list[float]:
    colour = _colour()
    if illuminant == "D65":
        return list(lab)
    name = illuminant_name(illuminant)
    src = colour.CCS_ILLUMINANTS[observer][name]
    dst = colour.CCS_ILLUMINANTS[observer]["D65"]
    xyz = colour.Lab_to_XYZ(np.array(lab), src)
    adapted = colour.chromatic_adaptation(
        xyz, colour.xy_to_XYZ(src), colour.xy_to_XYZ(dst), method="Von Kries", transform="Bradford"
    )
    return [float(x) for x in colour.XYZ_to_Lab(adapted, dst)]


def _cxf_specs(doc: Any) -> dict[str, dict[str, Any]]:
    """ColorSpecification id -> illuminant, observer, start/increment, aspecular angle."""
    out: dict[str, dict[str, Any]] = {}
    coll = doc.resources.color_specification_collection if doc.resources else None
    for spec in coll.color_specification if coll else []:
        info: dict[str, Any] = {"illuminant": "D65", "observer": DEFAULT_OBSERVER}
        tri = spec.tristimulus_spec
        if tri is not None:
            ill = tri.illuminant_or_custom_illuminant
            if ill is not None and getattr(ill, "value", None) is not None:
                info["illuminant"] = str(getattr(ill.value, "value", ill.value))
            if tri.observer is not None and tri.observer.value is not None:
                info["observer"] = observer_name(getattr(tri.observer.value, "value", ""))
        ms = spec.measurement_spec
        if ms is not None:
            if ms.wavelength_range is not None:
                info["start"] = ms.wavelength_range.start_wl
                info["step"] = ms.wavelength_range.increment
            geometry = ms.geometry_choice.choice if ms.geometry_choice else None
            angles = getattr(geometry, "brdfangle", None)
            if angles and angles[0].aspecular is not None:
                info["aspecular"] = int(round(angles[0].aspecular))
        out[spec.id or ""] = info
    return out


def _cxf_fields(obj: Any, specs: dict[str, dict[str, Any]], creator: str) -> dict[str, Any]:
    import colour_cxf.cxf3 as cxf

    tags = {
        t.name.strip().lower(): (t.value or "").strip()
        for coll in obj.tag_collection
        for t in coll.tag
        if t.name
    }
    fields: dict[str, Any] = {
        "code": tags.get("code") or obj.id or obj.name,
        "supplier": tags.get("supplier") or creator,
        "name_en": tags.get("name_en") or obj.name,
        "name_zh": tags.get("name_zh"),
        "note": tags.get("note") or obj.comment,
        "finish": {},
        "angles": {},
    }
    for key, value in tags.items():
        if key in ("family", "flake_color", "flop_color"):
            fields["finish"][key] = value
        elif key in Finish.params():
            fields["finish"][key] = _number(value, key)
    for value in obj.color_values.choice if obj.color_values else []:
        spec = specs.get(value.color_specification or "", {})
        observer = spec.get("observer", DEFAULT_OBSERVER)
        if isinstance(value, cxf.ReflectanceSpectrum) and "aspecular" not in spec:
            start = value.start_wl or spec.get("start") or 380
            step = spec.get("step") or 10
            fields["spectrum"] = Spectrum(
                tuple(float(start + step * i) for i in range(len(value.value))),
                tuple(float(r) for r in value.value),
                observer,
            )
        elif isinstance(value, cxf.ColorCielab):
            lab = _lab((value.l, value.a, value.b), "CIELab")
            d65 = _lab_to_d65(lab, spec.get("illuminant", "D65"), observer)
            if "aspecular" in spec:
                fields["angles"][spec["aspecular"]] = d65
            else:
                fields["lab"] = d65
    return fields


def read_cxf(path: Path, data: bytes, **options: Any) -> ReadResult:
    import colour_cxf
    from xsdata.exceptions import ParserError

    dtd = re.search(rb"<!(DOCTYPE|ENTITY)", data)
    if dtd:  # CxF3 needs none; refused before any parser could expand or fetch entities
        line = data.count(b"\n", 0, dtd.start()) + 1
        raise InputFileError(path, f"line {line}: a DTD or entity declaration (CxF3 has none)")
    try:
        doc = colour_cxf.read_cxf(data)
    except (ParserError, ValueError, TypeError, LookupError) as e:  # LookupError: encoding=
        message = str(e).splitlines()[0] if str(e) else type(e).__name__
        m = re.search(r"line (\d+)", message)
        where = f"line {m.group(1)}: " if m else ""
        raise InputFileError(path, f"{where}not a CxF3 file ({message})") from None
    objects = doc.resources.object_collection if doc.resources else None
    if objects is None or not objects.object_value:
        raise InputFileError(path, "holds no CxF3 Object (no colours)")
    text = data.decode("utf-8", errors="replace")
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<(?:\w+:)?Object\b", text)]
    specs = _cxf_specs(doc)
    creator = (doc.file_information.creator if doc.file_information else None) or ""
    found, errors = [], []
    for i, obj in enumerate(objects.object_value):
        line = lines[i] if i < len(lines) else 0
        try:
            fields = _cxf_fields(obj, specs, creator)
            found.append(make_candidate(fields, source=f"{path.name}:{line}", **options))
        except (ValueError, TypeError, KeyError) as e:
            errors.append(f"{path}: line {line}: {e}")
    return ReadResult(tuple(found), tuple(errors))


# -- files -------------------------------------------------------------------------------
def read_candidates(path: str | Path, catalog: Catalog | None = None) -> ReadResult:
    """Read a CSV, JSON or CxF3 (.cxf/.xml) file; InputFileError if the file can't be read."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(path, f"unknown format; valid: {', '.join(FORMATS)}")
    data = read_capped(path, MAX_FILE_BYTES, what=f"{kind.upper()} file")
    options: dict[str, Any] = {}
    if catalog is not None:
        from livery.catalog.paint_design import editable_families

        options["families"] = editable_families(catalog, catalog.group(PAINT_GROUP).slots[0])
    if kind == "cxf":
        return read_cxf(path, data, **options)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputFileError(path, f"line {line}: not UTF-8 text") from None
    return (read_csv if kind == "csv" else read_json)(path, text, **options)


def import_candidates(
    path: str | Path, store: CandidateStore, catalog: Catalog, by: str | None = None
) -> ReadResult:
    """Read a file and add its candidates to the library, each with a free share-code
    number; a code already in the library is reported and skipped."""
    result = read_candidates(path, catalog)
    taken = {o.code for o in catalog.group(PAINT_GROUP).options}
    taken |= {c.option_code for c in store.load().candidates}
    added, errors = [], list(result.errors)
    for c in result.candidates:
        code = free_option_code(c.code, taken)
        try:
            added.append(store.add(c.with_(option_code=code), by=by))
        except ValueError as e:
            errors.append(f"{path}: line {c.source.rsplit(':', 1)[-1]}: {e}")
            continue
        taken.add(code)
    return ReadResult(tuple(added), tuple(errors))
