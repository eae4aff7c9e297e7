"""Where vehicles come from: the one seam between the window and the vehicle loaders.

Catalog vehicles are the generated stand-ins for now; files opened by the user go
through ``load_vehicle_file`` (a background loader for glTF/OBJ comes later and
replaces its body, nothing else).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class VehicleLoadError(RuntimeError):
    """A vehicle that can't be loaded; the message is for a person."""


def load_catalog_vehicle(vehicle_id: str) -> Any:
    from app.vehicles.standin import load_standin

    try:
        return load_standin(vehicle_id)
    except (KeyError, ValueError, OSError) as e:
        raise VehicleLoadError(f"{vehicle_id}: {e}") from e


def load_vehicle_file(path: str | Path) -> Any:
    """A VehicleModel from a glTF/OBJ file; raises with a readable message."""
    path = Path(path)
    if not path.is_file():
        raise VehicleLoadError(f"{path} does not exist")
    try:
        from app.vehicles import loaders  # type: ignore[attr-defined]
    except ImportError:
        loaders = None
    load = getattr(loaders, "load_vehicle", None) if loaders is not None else None
    if load is None:
        raise VehicleLoadError("opening vehicle files is not available in this version")
    try:
        return load(path)
    except Exception as e:  # noqa: BLE001 - file formats fail in many ways
        raise VehicleLoadError(f"{path.name}: {e}") from e
