"""The one seam through which the app turns a vehicle spec into a VehicleModel.

A spec is a catalog vehicle id (its shipped stand-in) or a path to a vehicle file
(glTF/GLB, OBJ, STL, PLY, OFF: ``livery.vehicles.loaders``). The CLI and the app call
``load_vehicle``; when real CAD replaces the stand-ins, only this function changes.
No catalog import here (catalog and vehicles never import each other; the import
contracts in pyproject.toml say so): callers pass the ids they know.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from livery.vehicles.model import VehicleModel

#: File name endings ``load_vehicle`` reads.
FILE_SUFFIXES = (".glb", ".gltf", ".obj", ".stl", ".ply", ".off")


class VehicleSpecError(ValueError):
    """An id nobody knows or a file that can't be read; the message is for a person."""


def looks_like_file(spec: str | Path) -> bool:
    text = str(spec)
    return text.lower().endswith(FILE_SUFFIXES) or "/" in text or "\\" in text


def load_vehicle(spec: str | Path, known_ids: Collection[str] = ()) -> VehicleModel:
    """The vehicle named by ``spec``: one of ``known_ids`` or a vehicle file."""
    text = str(spec)
    if text in known_ids and not Path(text).is_file():
        from livery.vehicles.standin import load_standin

        try:
            return load_standin(text)
        except (ValueError, OSError) as e:
            raise VehicleSpecError(f"cannot load vehicle {text!r}: {e}") from None
    if not looks_like_file(text):
        valid = ", ".join(sorted(known_ids))
        raise VehicleSpecError(
            f"unknown vehicle {text!r}; valid: {valid}, or a vehicle file "
            f"({', '.join(FILE_SUFFIXES)})"
        )
    path = Path(text)
    if not path.is_file():
        raise VehicleSpecError(f"vehicle file {path} does not exist")
    if not text.lower().endswith(FILE_SUFFIXES):
        raise VehicleSpecError(
            f"{path.name} is not a vehicle file; valid kinds: {', '.join(FILE_SUFFIXES)}"
        )
    from livery.vehicles.loaders import VehicleLoadError, load_vehicle_file

    try:
        return load_vehicle_file(path, strict=False)
    except VehicleLoadError as e:
        raise VehicleSpecError(f"cannot load {e.path}: {e.problem}") from None
