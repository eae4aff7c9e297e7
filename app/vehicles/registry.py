"""Every vehicle the app can show, each loaded once: the catalog's and the files opened.

A catalog vehicle is read from the file its catalog entry names (``Vehicle.file``, under
``assets/vehicles/``) the first time it is asked for. A vehicle file a person opens is
read by ``read_file`` (on a worker thread in the app) and handed in as its
``LoadResult``: one entry per file, so opening a file again (or reloading it with a new
slot mapping) replaces its entry. Both go through the same loader, and every failure is
a ``VehicleLoadError`` naming the file; ``describe`` words it for a person.

Plain Python (numpy and trimesh through the loaders): no Qt, no VTK, and no catalog
import (the catalog depends on this package): a catalog vehicle is anything with an
``id`` and a ``file``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

import livery
from livery.vehicles.loaders import LoadResult, VehicleLoadError, read_vehicle_file
from livery.vehicles.model import VehicleModel

#: Where the catalog's vehicle files are.
VEHICLE_FOLDER = livery.ASSETS / "vehicles"


class CatalogVehicle(Protocol):
    """What the registry needs of a catalog vehicle (``livery.catalog.Vehicle``)."""

    @property
    def id(self) -> str: ...

    @property
    def file(self) -> str: ...


def file_key(path: str | Path) -> str:
    """The key of an opened vehicle file: one per file, however its path was spelt."""
    return f"file:{Path(path).resolve()}"


def read_file(path: str | Path) -> LoadResult:
    """The vehicle in ``path`` with its mapping report; any failure is a VehicleLoadError.

    Missing or undecodable textures are warnings in the result, not errors. Thread-safe:
    numpy and trimesh only.
    """
    path = Path(path)
    try:
        return read_vehicle_file(path, strict=False)
    except VehicleLoadError:
        raise
    except MemoryError as e:
        raise VehicleLoadError(path, "not enough memory to load it") from e
    except Exception as e:  # file formats fail in many ways
        raise VehicleLoadError(path, f"{type(e).__name__}: {e}") from e


def describe(error: VehicleLoadError, opened: str | Path | None = None) -> str:
    """One line for a person: the file opened (and the one at fault, if another: a
    ``.bin``, a texture, the manifest) and the problem."""
    name = Path(opened).name if opened is not None else error.path.name
    where = name if error.path.name == name else f"{name} ({error.path.name})"
    return f"{where}: {error.problem}"


class VehicleRegistry:
    """The catalog's vehicles (loaded on first use) and the vehicle files opened."""

    def __init__(self, folder: Path = VEHICLE_FOLDER) -> None:
        self.folder = Path(folder)
        self._files: dict[str, LoadResult] = {}

    # -- catalog vehicles ------------------------------------------------------------
    def catalog_model(self, vehicle: CatalogVehicle) -> VehicleModel:
        """The model of a catalog vehicle, read from its ``file``; VehicleLoadError."""
        path = (self.folder / vehicle.file).resolve()
        try:
            stamp = path.stat()
        except OSError as e:
            raise VehicleLoadError(path, "no such file" if not path.exists() else str(e)) from e
        return _catalog_model(vehicle.id, path, (stamp.st_mtime_ns, stamp.st_size))

    # -- opened files ----------------------------------------------------------------
    def add_file(self, result: LoadResult) -> str:
        """Keep an opened file's vehicle; returns its key. A file seen before keeps its
        one entry, which now holds ``result``."""
        key = file_key(result.path)
        self._files[key] = result
        return key

    @property
    def files(self) -> Mapping[str, LoadResult]:
        """The opened files by key, in the order they were first opened."""
        return MappingProxyType(self._files)

    def key_of(self, model: VehicleModel | None) -> str | None:
        """The key of the opened file whose vehicle ``model`` is (None: not an opened file)."""
        return next((k for k, r in self._files.items() if r.model is model), None)


@functools.lru_cache(maxsize=8)
def _catalog_model(vehicle_id: str, path: Path, _stamp: tuple[int, int]) -> VehicleModel:
    """Catalog vehicles are shipped files: each is read once per process (every registry
    shares it) until the file changes (``_stamp``: its time and size)."""
    return replace(read_file(path).model, id=vehicle_id)
