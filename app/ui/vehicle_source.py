"""Where vehicles come from: the one seam between the window and the vehicle loaders.

Catalog vehicles are the generated stand-ins; files opened by the user go through
``read_vehicle_file`` (glTF/GLB, OBJ, STL, PLY, OFF), which is pure numpy and so may run
on a worker thread (``livery.ui.vehicle_loading``). Both raise ``VehicleLoadError`` with a
message for a person; nothing else escapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class VehicleLoadError(RuntimeError):
    """A vehicle that can't be loaded; the message is for a person."""


def load_catalog_vehicle(vehicle_id: str) -> Any:
    from livery.vehicles.standin import load_standin

    try:
        return load_standin(vehicle_id)
    except (KeyError, ValueError, OSError) as e:
        raise VehicleLoadError(f"{vehicle_id}: {e}") from e


def read_vehicle(path: str | Path) -> Any:
    """A ``LoadResult`` (model, slot mapping, warnings) for the vehicle file ``path``.

    Missing or undecodable textures are warnings (the part keeps its colour), not errors.
    Thread-safe: numpy and trimesh only.
    """
    from livery.vehicles import loaders

    path = Path(path)
    try:
        return loaders.read_vehicle_file(path, strict=False)
    except loaders.VehicleLoadError as e:
        where = path.name if e.path.name == path.name else f"{path.name} ({e.path.name})"
        raise VehicleLoadError(f"{where}: {e.problem}") from e
    except MemoryError as e:
        raise VehicleLoadError(f"{path.name}: not enough memory to load it") from e
    except Exception as e:  # noqa: BLE001 - file formats fail in many ways
        raise VehicleLoadError(f"{path.name}: {type(e).__name__}: {e}") from e


def load_vehicle_file(path: str | Path) -> Any:
    """The VehicleModel in ``path``; raises VehicleLoadError with a readable message."""
    return read_vehicle(path).model
