"""The vehicle registry: catalog vehicles read from their catalog ``file``, once, and one
entry per opened vehicle file. Plain Python, no Qt, no GL."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from livery.catalog import load_catalog
from livery.vehicles.loaders import VehicleLoadError
from livery.vehicles.registry import (
    VEHICLE_FOLDER,
    VehicleRegistry,
    describe,
    file_key,
    read_file,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vehicle_files import car_parts, write_obj  # noqa: E402


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_catalog_vehicles_come_from_the_file_the_catalog_names(catalog, tmp_path):
    suv = catalog.vehicle("yu7-max")
    (tmp_path / "renamed.glb").symlink_to(VEHICLE_FOLDER / suv.file)
    # a vehicle whose id says sedan but whose file is the SUV's: the file decides
    odd = SimpleNamespace(id="su7-ultra", file="renamed.glb")
    model = VehicleRegistry(tmp_path).catalog_model(odd)
    registry = VehicleRegistry()
    assert model.id == "su7-ultra"
    assert model.triangle_count == registry.catalog_model(suv).triangle_count
    assert (
        model.triangle_count != registry.catalog_model(catalog.vehicle("su7-ultra")).triangle_count
    )


def test_catalog_vehicles_are_read_once(catalog):
    sedan = catalog.vehicle("su7-ultra")
    a, b = VehicleRegistry(), VehicleRegistry()
    assert a.catalog_model(sedan) is a.catalog_model(sedan) is b.catalog_model(sedan)
    assert a.catalog_model(sedan).id == "su7-ultra"


def test_a_catalog_vehicle_that_cannot_be_read_names_its_file(catalog, tmp_path):
    registry = VehicleRegistry(tmp_path)
    with pytest.raises(VehicleLoadError, match="no such file") as missing:
        registry.catalog_model(catalog.vehicle("yu7-max"))
    assert missing.value.path.name == "yu7-max.glb"
    (tmp_path / "yu7-max.glb").write_bytes(b"glTF not really")
    with pytest.raises(VehicleLoadError) as broken:
        registry.catalog_model(catalog.vehicle("yu7-max"))
    assert describe(broken.value).startswith("yu7-max.glb: ")


def test_opening_the_same_file_twice_keeps_one_entry(tmp_path, monkeypatch):
    path = write_obj(tmp_path / "boxcar.obj", car_parts())
    registry = VehicleRegistry()
    first = read_file(path)
    key = registry.add_file(first)
    assert key == f"file:{path.resolve()}" == file_key(path)
    (tmp_path / "sub").mkdir()
    again = read_file(tmp_path / "sub" / ".." / "boxcar.obj")  # other spellings of it
    monkeypatch.chdir(tmp_path)
    third = read_file("boxcar.obj")
    assert registry.add_file(again) == key and registry.add_file(third) == key
    assert list(registry.files) == [key]
    assert registry.files[key] is third  # the latest load (a new slot mapping) wins
    assert registry.key_of(third.model) == key
    assert registry.key_of(first.model) is None and registry.key_of(None) is None
    other = registry.add_file(read_file(write_obj(tmp_path / "other.obj", car_parts())))
    assert list(registry.files) == [key, other]


def test_read_file_turns_every_failure_into_a_load_error(tmp_path):
    junk = tmp_path / "notes.obj"
    junk.write_text("this is not a mesh\n")
    with pytest.raises(VehicleLoadError) as e:
        read_file(junk)
    assert describe(e.value, junk).startswith("notes.obj: ")
    with pytest.raises(VehicleLoadError, match="no such file"):
        read_file(tmp_path / "nope.glb")
    err = VehicleLoadError(tmp_path / "car.bin", "truncated")
    assert describe(err, tmp_path / "car.gltf") == "car.gltf (car.bin): truncated"
