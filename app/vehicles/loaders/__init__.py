"""Real vehicle files: glTF/GLB, OBJ, STL, PLY and OFF, brought to the common frame and
mapped onto the customization slots.

numpy + trimesh only: importing this package pulls in no Qt and no VTK (a test checks).

    >>> from livery.vehicles.loaders import load_vehicle_file
    >>> model = load_vehicle_file("car.glb")          # doctest: +SKIP
"""

from __future__ import annotations

from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.load import (
    SUFFIXES,
    LoadResult,
    load_vehicle_file,
    read_vehicle_file,
)
from livery.vehicles.loaders.manifest import manifest_path, read_manifest

__all__ = [
    "SUFFIXES",
    "LoadResult",
    "VehicleLoadError",
    "load_vehicle_file",
    "manifest_path",
    "read_manifest",
    "read_vehicle_file",
]
