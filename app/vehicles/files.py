"""What the command line's ``--vehicle`` names: a catalog vehicle or a vehicle file.

A spec is a catalog vehicle id (read through the ``VehicleRegistry`` from the file its
catalog entry names, as the app reads it) or a path to a vehicle file (glTF/GLB, OBJ,
STL, PLY, OFF: ``livery.vehicles.loaders``). No catalog import here (catalog and vehicles
never import each other; the import contracts in pyproject.toml say so): callers pass
the catalog vehicles they know.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from livery.fileio import InputFileError, check_regular
from livery.vehicles.loaders import SUFFIXES
from livery.vehicles.model import VehicleModel
from livery.vehicles.registry import CatalogVehicle, VehicleRegistry


class VehicleSpecError(ValueError):
    """An id nobody knows or a file that can't be read; the message is for a person."""


def looks_like_file(spec: str | Path) -> bool:
    text = str(spec)
    return text.lower().endswith(SUFFIXES) or "/" in text or "\\" in text


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long to exist
        return False


def load_vehicle(spec: str | Path, catalog: Collection[CatalogVehicle] = ()) -> VehicleModel:
    """The vehicle named by ``spec``: the id of one of the ``catalog`` vehicles or a file."""
    text = str(spec)
    known = {v.id: v for v in catalog}
    if text in known and not _is_file(text):
        from livery.vehicles.loaders import VehicleLoadError

        try:
            return VehicleRegistry().catalog_model(known[text])
        except VehicleLoadError as e:
            raise VehicleSpecError(f"cannot load vehicle {text!r}: {e.problem}") from None
    if not looks_like_file(text):
        valid = ", ".join(sorted(known))
        raise VehicleSpecError(
            f"unknown vehicle {text!r}; valid: {valid}, or a vehicle file ({', '.join(SUFFIXES)})"
        )
    path = Path(text)
    try:
        check_regular(path, 1 << 62, what="vehicle file")  # the reader caps the size
    except InputFileError as e:
        problem = "does not exist" if e.problem == "no such file" else e.problem
        raise VehicleSpecError(f"vehicle file {path} {problem}") from None
    if not text.lower().endswith(SUFFIXES):
        raise VehicleSpecError(
            f"{path.name} is not a vehicle file; valid kinds: {', '.join(SUFFIXES)}"
        )
    from livery.vehicles.loaders import VehicleLoadError, load_vehicle_file

    try:
        return load_vehicle_file(path, strict=False)
    except VehicleLoadError as e:
        raise VehicleSpecError(f"cannot load {e.path}: {e.problem}") from None
