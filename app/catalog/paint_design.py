"""Designing a paint: colour entry, candidate finishes, catalog option files, ΔE.

The paint editor edits a *candidate*: a Finish shown on the body through
``Build.set_override`` (the Stage's normal change path, no recompile) while the
catalog stays untouched. "Save as paint" turns the candidate into an option file
(``group = "paint"`` and one ``[[option]]``) that ``load_catalog`` accepts; it is
checked by loading a temporary copy of the catalog with the file in it first.

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tomli_w

from livery.catalog.color import Color, delta_e_2000
from livery.catalog.finish import Family, Finish, finish_table
from livery.catalog.loader import MAX_OPTION_CODE, CatalogError, load_catalog
from livery.catalog.model import Catalog, Option
from livery.fileio import write_atomic
from livery.slots import Slot
from livery.slugs import slugify

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_LAB = re.compile(
    rf"^\s*(?:(?:cie)?lab\s*\(?\s*)?({_NUM})\s*[,\s]\s*({_NUM})\s*[,\s]\s*({_NUM})\s*\)?\s*$",
    re.IGNORECASE,
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEADER = "# A paint saved by Livery Studio's paint editor (see README, 'Catalog')."


def parse_color_entry(text: str) -> Color:
    """A colour typed by a person: ``#1d5a4b``, ``1d5a4b``, or CIELAB ``L a b``
    (``"35.2, -22.1, 3.4"``, ``"lab(35.2 -22.1 3.4)"``). ValueError says what is wrong."""
    t = text.strip()
    if re.fullmatch(r"#?[0-9a-fA-F]{6}", t):
        return Color.parse(t if t.startswith("#") else "#" + t)
    m = _LAB.match(t)
    if m:
        return Color.parse({"lab": [float(g) for g in m.groups()]})
    raise ValueError(f"{text!r} is neither an sRGB hex colour (#1d5a4b) nor CIELAB (L, a, b)")


def lab_text(color: Color) -> str:
    L, a, b = color.to_lab()
    return f"{L:.1f}, {a:.1f}, {b:.1f}"


def delta_e(a: Color, b: Color) -> float:
    """CIEDE2000 between two specified colours (their CIELAB as given, else from sRGB)."""
    return float(delta_e_2000(np.array(a.to_lab()), np.array(b.to_lab())))


# -- what the editor may change on a slot --------------------------------------------
def editable_families(catalog: Catalog, slot: Slot) -> list[Family]:
    """The families a candidate on ``slot`` may take: those its part's program holds.

    A part's shader carries the code of every family its slot can receive (see the
    README, "Finishes"); a family outside that set would need a new program.
    """
    present = {f.family for f in catalog.finishes_for_slot(slot)}
    return [f for f in Family if f in present]


def locked_params(catalog: Catalog, slot: Slot) -> set[str]:
    """Parameters a candidate on ``slot`` can't change without a new shader program.

    Mirrors the part's fixed switches (``livery.scene.materials.Switches``): clear coat,
    translucency, emission and anisotropy are on only if some catalog finish of the
    slot uses them.
    """
    fs = catalog.finishes_for_slot(slot)
    locked = set()
    if not any(f.coat > 0 for f in fs):
        locked |= {"coat", "coat_roughness"}
    if not any(f.opacity < 1 for f in fs):
        locked.add("opacity")
    if not any(f.emission > 0 for f in fs):
        locked.add("emission")
    if not any(f.anisotropy > 0 for f in fs):
        locked.add("anisotropy")
    if not any(f.texture for f in fs):
        locked.add("texture_scale")
    return locked


# -- option files ----------------------------------------------------------------------
@dataclass(frozen=True)
class PaintOption:
    """What "Save as paint" writes: one option of a one-slot group."""

    id: str
    name_en: str
    name_zh: str
    code: int
    price: int
    finish: Finish
    custom: bool = True
    group: str = "paint"
    description_en: str = ""
    description_zh: str = ""

    def problems(self) -> list[str]:
        """What is wrong before even trying the catalog (empty: nothing)."""
        out = []
        if not _ID.match(self.id):
            out.append(f"id {self.id!r} must be lower-case letters, digits and hyphens")
        if not self.name_en.strip() or not self.name_zh.strip():
            out.append("the paint needs a name in English and in Chinese")
        if not 0 <= self.code <= MAX_OPTION_CODE:
            out.append(f"code must be in 0..{MAX_OPTION_CODE}")
        if self.price < 0:
            out.append("price must not be negative")
        return out

    def toml(self) -> str:
        option: dict[str, object] = {
            "id": self.id,
            "name": {"en": self.name_en.strip(), "zh": self.name_zh.strip()},
            "code": self.code,
            "price": self.price,
            "custom": self.custom,
        }
        if self.description_en.strip() or self.description_zh.strip():
            option["description"] = {
                "en": self.description_en.strip() or self.description_zh.strip(),
                "zh": self.description_zh.strip() or self.description_en.strip(),
            }
        option["finish"] = finish_table(self.finish)
        return HEADER + "\n" + tomli_w.dumps({"group": self.group, "option": [option]})


def free_id(catalog: Catalog, group_id: str, base: str) -> str:
    taken = {o.id for o in catalog.group(group_id).options}
    base = slugify(base, "candidate")
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def free_code(catalog: Catalog, group_id: str) -> int:
    """A share-code number no option of the group uses (after the highest, if there's room)."""
    taken = {o.code for o in catalog.group(group_id).options}
    top = max(taken, default=-1) + 1
    if top <= MAX_OPTION_CODE:
        return top
    return next(c for c in range(MAX_OPTION_CODE + 1) if c not in taken)


def option_file_name(option: PaintOption) -> str:
    return f"{option.group}-{option.id}.toml"


def check_option_file(
    catalog_root: Path, path: Path, text: str, *, library: Path | None = None
) -> Option:
    """Load a temporary copy of the catalog (and library) with ``path`` = ``text``.

    ``path`` inside the catalog's ``options/`` is checked there; anywhere else, as a file of
    the library. Returns the new option as the catalog loaded it; raises CatalogError whose
    message names the file (as it would be in the real catalog) and the problem.
    """
    catalog_root, path = Path(catalog_root), Path(path)
    with tempfile.TemporaryDirectory(prefix="livery-catalog-") as tmp:
        copy, lib_copy = Path(tmp) / "catalog", Path(tmp) / "library"
        shutil.copytree(catalog_root, copy)
        if library is not None and library.is_dir():
            shutil.copytree(library, lib_copy)
        options = catalog_root / "options"
        if path.is_relative_to(options):
            target = copy / path.relative_to(catalog_root)
        else:
            target = lib_copy / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not target.read_text(encoding="utf-8").startswith(HEADER):
            raise CatalogError(
                path, "", "already holds catalog options; save the paint under another file name"
            )
        write_atomic(target, text)
        try:
            loaded = load_catalog(copy, library=lib_copy)
        except CatalogError as e:
            real = e.file
            if e.file == target:
                real = path
            elif e.file.is_relative_to(copy):
                real = catalog_root / e.file.relative_to(copy)
            elif library is not None and e.file.is_relative_to(lib_copy):
                real = library / e.file.relative_to(lib_copy)
            raise CatalogError(real, e.where, e.problem) from None
    doc = tomllib.loads(text)
    option_id = doc["option"][0]["id"]
    return loaded.option(doc["group"], option_id)


def save_option(
    catalog_root: Path,
    option: PaintOption,
    path: Path | None = None,
    *,
    library: Path | None = None,
) -> Path:
    """Check ``option`` against the catalog and library, then write it (default: into the
    library, else the catalog's options/; never into an installed package by default).

    Raises ValueError (CatalogError included) naming the problem; nothing is written then.
    """
    problems = option.problems()
    if problems:
        raise ValueError("; ".join(problems))
    text = option.toml()
    if path is None:
        folder = library if library is not None else Path(catalog_root) / "options"
        path = folder / option_file_name(option)
    path = Path(path)
    check_option_file(Path(catalog_root), path, text, library=library)
    write_atomic(path, text)
    return path
