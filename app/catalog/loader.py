"""Read and validate the catalog from TOML files.

Layout (see README "Catalog"):

- ``catalog.toml``: version (the edition, e.g. "2026.11"), currency, ``[[vehicle]]``,
  ``[[group]]`` (display order, which is also share-code order: append new groups at
  the end), ``[preset.NAME]`` finish presets, ``[fixed.SLOT]`` finishes of slots no
  option drives, ``[[rule]]``;
- ``options/**/*.toml``: ``group = "ID"`` and ``[[option]]`` entries. A paint supplier
  adds a file here; nothing else changes.

A paint library (``library``: the user's or the studio's folder, ``livery.userdirs``)
holds more option files of the same form, layered over the shipped catalog: its options
join their groups after the shipped ones, and an id or code that is already taken is an
error naming the library file, so a library can add but never replace or shadow.

Every error names the file, the option (or vehicle, group, rule) and what is wrong: a
file that is not a capped regular UTF-8 TOML file, a value of the wrong type, a table
nested too deeply (README "Hostile input").
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from livery import ASSETS, userdirs
from livery.catalog.finish import Finish, parse_finish
from livery.catalog.model import Catalog, Option, OptionGroup, Rule, Text, Vehicle
from livery.fileio import InputFileError, read_text_capped
from livery.slots import Slot, parse_slot

DEFAULT_CATALOG = ASSETS / "catalog"
log = logging.getLogger(__name__)
MAX_OPTION_CODE = 1023  # two base-32 characters in a share code
MAX_VEHICLE_CODE = 31  # one base-32 character
#: Limits (README "Hostile input"): one catalog or option file, and how many option
#: files a catalog and its library may hold.
MAX_FILE_BYTES = 4 << 20
MAX_OPTION_FILES = 10_000
#: What a value of an unforeseen type raises in the checks below: a CatalogError too.
_BAD_VALUE = (ValueError, TypeError, AttributeError, KeyError)


class CatalogError(ValueError):
    """A catalog file is malformed; the message says where and what."""

    def __init__(self, file: Path, where: str, problem: str) -> None:
        self.file, self.where, self.problem = file, where, problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text_capped(path, MAX_FILE_BYTES, what="catalog file"))
    except InputFileError as e:
        raise CatalogError(path, "", e.problem) from None
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(path, "", f"not valid TOML ({e})") from None
    except ValueError as e:  # an integer of thousands of digits
        raise CatalogError(path, "", f"has an unreadable value ({e})") from None
    except RecursionError:
        raise CatalogError(path, "", "is nested too deeply") from None


def _short(value: object) -> str:
    """A value for a one-line message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _tables(path: Path, doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """``doc[key]``: an array of tables (``[[key]]``), else a CatalogError."""
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise CatalogError(path, key, f"must be an array of tables ([[{key}]])")
    return value


def _table(path: Path, doc: dict[str, Any], key: str) -> dict[str, Any]:
    """``doc[key]``: a table (``[key.NAME]``), else a CatalogError."""
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise CatalogError(path, key, f"must be a table ([{key}.NAME])")
    return value


def _text(value: Any, what: str) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and isinstance(value.get("zh"), str)
    ):
        return Text(value["en"], value["zh"])
    raise ValueError(f'{what} must be {{ en = "...", zh = "..." }}')


def _require(table: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in table:
        raise ValueError(f"missing '{key}'")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValueError(f"'{key}' has the wrong type ({type(value).__name__})")
    return value


def _finish(data: Any, presets: Mapping[str, dict[str, Any]]) -> Finish:
    if not isinstance(data, dict):
        raise ValueError("a finish must be a table")
    if "preset" in data:
        name = data["preset"]
        if not isinstance(name, str) or name not in presets:
            raise ValueError(f"unknown finish preset {_short(name)}; valid: {', '.join(presets)}")
        if not isinstance(presets[name], dict):
            raise ValueError(f"finish preset {name!r} must be a table")
        data = {**presets[name], **{k: v for k, v in data.items() if k != "preset"}}
    return parse_finish(data)


def _patterns(table: Any, what: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict) or not table:
        raise ValueError(f"'{what}' must be a table of group = pattern(s)")
    out = {}
    for g, pats in table.items():
        pats = [pats] if isinstance(pats, str) else pats
        if not isinstance(pats, list) or not all(isinstance(p, str) for p in pats):
            raise ValueError(f"'{what}.{g}' must be an option id pattern or a list of them")
        out[g] = tuple(pats)
    return out


def load_app_catalog(warn: Callable[[str], None] | None = None) -> Catalog:
    """The catalog the app and the commands use: the shipped one and the user's library.

    The library is shared and edited by people (a colleague's half-written paint, a
    file from an old version): a library file that can't be used is left out, and
    ``warn`` (and the log) names it and the problem; the rest loads. The shipped
    catalog's own errors still raise CatalogError.
    """
    library = userdirs.library_dir()
    left_out: set[Path] = set()
    while True:
        try:
            return load_catalog(DEFAULT_CATALOG, library=library, exclude=frozenset(left_out))
        except CatalogError as e:
            if not e.file.is_relative_to(library) or e.file in left_out:
                raise
            left_out.add(e.file)
            message = f"paint library file left out: {e}"
            log.warning(message)
            if warn is not None:
                warn(message)


def option_files(
    root: Path, library: Path | None = None, exclude: frozenset[Path] = frozenset()
) -> list[Path]:
    """The option files a catalog reads, shipped first, in a stable order."""
    files = sorted((root / "options").rglob("*.toml"))
    if library is not None and library.is_dir():
        files += sorted(p for p in library.rglob("*.toml") if p not in exclude)
    return files


def load_catalog(
    root: Path = DEFAULT_CATALOG,
    *,
    library: Path | None = None,
    exclude: frozenset[Path] = frozenset(),
) -> Catalog:
    """Load ``root/catalog.toml``, every ``root/options/**/*.toml`` and ``library/**/*.toml``
    (less the library files in ``exclude``)."""
    main = root / "catalog.toml"
    doc = _read(main)
    presets = _table(main, doc, "preset")

    def where(kind: str, table: Any, index: int) -> str:
        ident = table.get("id") if isinstance(table, dict) else None
        return f"{kind} {ident!r}" if ident else f"{kind} #{index + 1}"

    vehicles: list[Vehicle] = []
    for i, t in enumerate(_tables(main, doc, "vehicle")):
        try:
            vehicles.append(
                Vehicle(
                    id=_require(t, "id", str),
                    name=_text(t.get("name"), "name"),
                    code=_require(t, "code", int),
                    file=_require(t, "file", str),
                    base_price=_require(t, "base_price", int),
                    defaults=dict(_require(t, "defaults", dict)),
                )
            )
            if not 0 <= vehicles[-1].code <= MAX_VEHICLE_CODE:
                raise ValueError(f"code must be in 0..{MAX_VEHICLE_CODE}")
            if not all(isinstance(k, str) for k in vehicles[-1].defaults.values()):
                raise ValueError("'defaults' must map group ids to option ids")
        except _BAD_VALUE as e:
            raise CatalogError(main, where("vehicle", t, i), str(e)) from None
    if not vehicles:
        raise CatalogError(main, "", "no [[vehicle]] declared")
    _unique(main, "vehicle", [v.id for v in vehicles], [v.code for v in vehicles])

    group_decl: dict[str, tuple[Text, tuple[Slot, ...]]] = {}
    for i, t in enumerate(_tables(main, doc, "group")):
        try:
            gid = _require(t, "id", str)
            slots = tuple(parse_slot(s) for s in _require(t, "slots", list))
            if gid in group_decl:
                raise ValueError("declared twice")
            group_decl[gid] = (_text(t.get("name"), "name"), slots)
        except _BAD_VALUE as e:
            raise CatalogError(main, where("group", t, i), str(e)) from None
    owners: dict[Slot, str] = {}
    for gid, (_, slots) in group_decl.items():
        for s in slots:
            if s in owners:
                raise CatalogError(
                    main, f"group {gid!r}", f"slot {s} is already driven by {owners[s]!r}"
                )
            owners[s] = gid

    fixed: dict[Slot, Finish] = {}
    for name, t in _table(main, doc, "fixed").items():
        try:
            slot = parse_slot(name)
            if slot in owners:
                raise ValueError(f"slot is driven by group {owners[slot]!r}, it cannot be fixed")
            fixed[slot] = _finish(t, presets)
        except _BAD_VALUE as e:
            raise CatalogError(main, f"fixed.{name}", str(e)) from None
    missing = [s.value for s in Slot if s not in owners and s not in fixed]
    if missing:
        raise CatalogError(
            main, "", f"slots without a group or a fixed finish: {', '.join(missing)}"
        )

    options: dict[str, list[Option]] = {g: [] for g in group_decl}
    taken: dict[tuple[str, str, object], Path] = {}  # (group, "id"/"code", value) -> file
    vehicle_ids = {v.id for v in vehicles}
    files = option_files(root, library, exclude)
    if len(files) > MAX_OPTION_FILES:
        raise CatalogError(
            library or root, "", f"{len(files):,} option files; at most {MAX_OPTION_FILES:,}"
        )
    for path in files:
        odoc = _read(path)
        gid = odoc.get("group")
        if not isinstance(gid, str) or gid not in group_decl:
            raise CatalogError(
                path,
                "",
                f"'group' must name a declared group ({', '.join(group_decl)}), got {_short(gid)}",
            )
        for i, t in enumerate(_tables(path, odoc, "option")):
            try:
                option = _option(t, gid, group_decl[gid][1], presets, vehicle_ids)
                keys = {(gid, "id", option.id), (gid, "code", option.code)}
                clash = sorted(keys & taken.keys(), key=str)
                if clash:
                    _, what, value = clash[0]
                    raise ValueError(f"duplicate {what} {value!r} (also in {taken[clash[0]]})")
                taken.update(dict.fromkeys(keys, path))
                options[gid].append(option)
            except _BAD_VALUE as e:
                raise CatalogError(path, where("option", t, i), str(e)) from None
    for gid, opts in options.items():
        if not opts:
            raise CatalogError(root / "options", f"group {gid!r}", "has no options")

    groups = tuple(
        OptionGroup(gid, name, slots, tuple(options[gid]))
        for gid, (name, slots) in group_decl.items()
    )
    rules: list[Rule] = []
    for i, t in enumerate(_tables(main, doc, "rule")):
        try:
            rule = Rule(
                id=_require(t, "id", str),
                when=_patterns(t.get("when"), "when"),
                forbid=_patterns(t.get("forbid"), "forbid"),
                reason=_text(t.get("reason"), "reason"),
                vehicles=tuple(_require(t, "vehicles", list)) if "vehicles" in t else None,
            )
            for g in (*rule.when, *rule.forbid):
                if g not in group_decl:
                    raise ValueError(f"unknown group {g!r}")
        except _BAD_VALUE as e:
            raise CatalogError(main, where("rule", t, i), str(e)) from None
        rules.append(rule)

    version = doc.get("version", "")
    if not isinstance(version, str):
        raise CatalogError(main, "version", f"must be a string, got {_short(version)}")
    if not isinstance(doc.get("currency", "CNY"), str):
        raise CatalogError(main, "currency", "must be a string")
    catalog = Catalog(
        tuple(vehicles), groups, fixed, tuple(rules), doc.get("currency", "CNY"), version
    )
    for v in vehicles:
        _check_defaults(main, catalog, v)
    return catalog


def _option(
    t: dict[str, Any],
    gid: str,
    slots: tuple[Slot, ...],
    presets: Mapping[str, dict[str, Any]],
    vehicle_ids: set[str],
) -> Option:
    raw = t.get("finish", {})
    if not isinstance(raw, dict):
        raise ValueError("'finish' must be a table")
    if "family" in raw or "preset" in raw:  # shorthand for a one-slot group
        if len(slots) != 1:
            raise ValueError(f"group {gid!r} drives {len(slots)} slots: give one finish per slot")
        raw = {slots[0].value: raw}
    finishes: dict[Slot, Finish] = {}
    for name, data in raw.items():
        slot = parse_slot(name)
        if slot not in slots:
            raise ValueError(f"slot {slot} is not driven by group {gid!r} ({', '.join(slots)})")
        try:
            finishes[slot] = _finish(data, presets)
        except ValueError as e:
            raise ValueError(f"finish.{name}: {e}") from None
    code = _require(t, "code", int)
    if not 0 <= code <= MAX_OPTION_CODE:
        raise ValueError(f"code must be in 0..{MAX_OPTION_CODE}")
    price = _require(t, "price", int)
    if price < 0:
        raise ValueError("price must not be negative")
    vehicles = t.get("vehicles")
    if vehicles is not None:
        if not isinstance(vehicles, list) or not all(isinstance(v, str) for v in vehicles):
            raise ValueError("'vehicles' must be a list of vehicle ids")
        unknown = set(vehicles) - vehicle_ids
        if unknown:
            raise ValueError(f"unknown vehicle(s) {', '.join(sorted(unknown))}")
        vehicles = tuple(vehicles)
    unknown_keys = set(t) - {
        "id",
        "name",
        "code",
        "price",
        "custom",
        "finish",
        "vehicles",
        "description",
    }
    if unknown_keys:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown_keys))}")
    return Option(
        id=_require(t, "id", str),
        group=gid,
        name=_text(t.get("name"), "name"),
        code=code,
        price=price,
        custom=bool(t.get("custom", False)),
        finishes=finishes,
        vehicles=vehicles,
        description=_text(t["description"], "description") if "description" in t else None,
    )


def _unique(file: Path, kind: str, ids: list[str], codes: list[int]) -> None:
    for values, what in ((ids, "id"), (codes, "code")):
        seen: set[object] = set()
        for v in values:
            if v in seen:
                raise CatalogError(
                    file, f"{kind} {v!r}" if what == "id" else kind, f"duplicate {what} {v!r}"
                )
            seen.add(v)


def _check_defaults(file: Path, catalog: Catalog, v: Vehicle) -> None:
    where = f"vehicle {v.id!r}"
    for g in catalog.groups:
        oid = v.defaults.get(g.id)
        if oid is None:
            raise CatalogError(file, where, f"no default for group {g.id!r}")
        try:
            option = g.option(oid)
        except KeyError as e:
            raise CatalogError(file, where, str(e.args[0])) from None
        if not option.offered_on(v.id):
            raise CatalogError(file, where, f"default {g.id} {oid!r} is not offered on it")
    extra = set(v.defaults) - {g.id for g in catalog.groups}
    if extra:
        raise CatalogError(file, where, f"defaults for unknown group(s) {', '.join(sorted(extra))}")
    broken = catalog.violations(v.id, v.defaults)
    if broken:
        raise CatalogError(file, where, f"defaults break rule {broken[0].id!r}")
