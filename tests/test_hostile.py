"""Hostile input, one class at a time (issue 12): files reaching outside their folder and
special files (security), small files that ask for minutes or gigabytes (bombs), values
of the wrong type or size (types), garbage that must not pass in silence (silently
wrong), and the command line's own mistakes (uncaught errors). Every file is crafted
here; each must be refused with the project's own error naming the file and the
problem, or read with a warning that counts what was left out."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from fuzz_targets import draco_stream, leb128
from vehicle_files import GltfBuilder, car_parts, merged, png_bytes, write_obj

from livery import ASSETS
from livery.batch.job import JobError, load_job
from livery.catalog import BuildError, CatalogError, ShareCodeError, load_catalog
from livery.catalog.build import read_build_file, state_from_json
from livery.catalog.loader import DEFAULT_CATALOG
from livery.catalog.sharecode import decode
from livery.cli import main
from livery.fileio import InputFileError, inside_folder, read_capped
from livery.scene import skies
from livery.scene.looks import EnvironmentFileError
from livery.vehicles.loaders import VehicleLoadError, manifest_path, read_vehicle_file
from livery.vehicles.loaders import gltf as gltf_reader


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def car_gltf(tmp_path: Path, name: str = "car.gltf", **changes) -> tuple[Path, dict]:
    """The test car as .gltf + .bin in ``tmp_path``, its JSON changed by ``changes``
    (a function of the document)."""
    b = GltfBuilder()
    b.add_car()
    path = b.write_gltf(tmp_path / name)
    doc = json.loads(path.read_text())
    for change in changes.values():
        change(doc)
    path.write_text(json.dumps(doc))
    return path, doc


def refused(path: Path, *needles: str) -> str:
    """Read ``path`` (quickly), expect a VehicleLoadError naming it and ``needles``."""
    start = time.perf_counter()
    with pytest.raises(VehicleLoadError) as err:
        read_vehicle_file(path, strict=False)
    assert time.perf_counter() - start < 10
    message = str(err.value)
    assert str(err.value.path).endswith(path.name) or path.name in message, message
    for needle in needles:
        assert needle in message, message
    return message


# -- the shared helper -----------------------------------------------------------------
def test_read_capped_takes_regular_files_of_at_most_the_cap(tmp_path):
    f = tmp_path / "a.bin"
    f.write_bytes(b"x" * 10)
    assert read_capped(f, 10) == b"x" * 10
    for path, problem in [
        (f, "at most 9 bytes"),
        (Path("/dev/zero"), "not a regular file"),
        (tmp_path, "is a folder"),
        (tmp_path / "gone", "no such file"),
        (tmp_path / ("n" * 300), "too long"),
    ]:
        with pytest.raises(InputFileError, match=problem):
            read_capped(path, 9)


def test_inside_folder_keeps_references_in(tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "out").symlink_to("/etc")
    assert inside_folder(tmp_path, "a.png", owner=tmp_path / "car.gltf") == tmp_path / "a.png"
    assert inside_folder(tmp_path, "sub/../a.png", owner=tmp_path / "x") == tmp_path / "a.png"
    for ref in ["../a.png", "/etc/passwd", "C:/x.png", "..\\..\\x", "out/passwd", ""]:
        with pytest.raises(InputFileError, match="outside its folder|empty"):
            inside_folder(tmp_path, ref, owner=tmp_path / "car.gltf")


# -- security ----------------------------------------------------------------------------
def test_a_buffer_uri_outside_the_folder_is_refused_by_name(tmp_path):
    secret = tmp_path / "secret.bin"
    secret.write_bytes(b"\0" * 100_000)
    folder = tmp_path / "car"
    folder.mkdir()
    for uri in ["../secret.bin", str(secret), "file:///etc/passwd"]:

        def point(doc, uri=uri):
            doc["buffers"][0]["uri"] = uri

        path, _ = car_gltf(folder, point=point)
        refused(path, uri, "outside its folder")


def test_a_texture_outside_the_folder_is_refused_and_the_part_left_untextured(tmp_path):
    (tmp_path / "stolen.png").write_bytes(png_bytes((0, 255, 0, 255)))
    folder = tmp_path / "car"
    folder.mkdir()
    b = GltfBuilder()
    b.add_car(
        material=b.material(
            {"pbrMetallicRoughness": {"baseColorTexture": {"index": b.texture("../stolen.png")}}}
        )
    )
    result = read_vehicle_file(b.write_gltf(folder / "car.gltf"), strict=True)
    assert all(p.material.base_color_texture is None for p in result.raw_parts)
    assert any("'../stolen.png'" in w and "outside its folder" in w for w in result.warnings)


def test_obj_material_libraries_and_maps_outside_the_folder_are_refused(tmp_path):
    folder = tmp_path / "car"
    folder.mkdir()
    (tmp_path / "lib.mtl").write_text("newmtl CarPaint\nKd 0 1 0\n")
    path = write_obj(folder / "car.obj", car_parts())
    text = path.read_text()
    path.write_text(text.replace("mtllib car.mtl", "mtllib ../lib.mtl"))
    result = read_vehicle_file(path, strict=True)
    assert any("'../lib.mtl'" in w and "outside its folder" in w for w in result.warnings)
    (folder / "car.mtl").write_text("newmtl CarPaint\nmap_Kd /etc/hostname\n")
    path.write_text(text)
    result = read_vehicle_file(path, strict=True)
    assert any("'/etc/hostname'" in w and "refused" in w for w in result.warnings)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "car.bin").write_bytes(b"\0" * 100_000)
    folder = tmp_path / "car"
    folder.mkdir()
    path, _ = car_gltf(folder)
    (folder / "car.bin").unlink()
    (folder / "car.bin").symlink_to(tmp_path / "elsewhere" / "car.bin")
    refused(path, "'car.bin'", "outside its folder")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "folder"])
def test_special_files_are_refused_without_blocking(tmp_path, kind):
    path = tmp_path / "car.glb"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero-link":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    refused(path, "not a regular file" if kind != "folder" else "folder")
    stl = tmp_path / "car.stl"
    os.mkfifo(stl)
    refused(stl, "not a regular file")


def test_a_job_may_name_files_only_in_its_folder(tmp_path, catalog):
    merged(car_parts()).export(tmp_path / "car.stl")
    (tmp_path / "jobs").mkdir()
    job = tmp_path / "jobs" / "job.toml"
    job.write_text(
        'vehicles = ["../car.stl"]\nenvironments = ["/etc/env.hdr"]\ncameras = ["side"]\n'
        '[[builds]]\nfile = "../../b.json"\n'
    )
    with pytest.raises(JobError) as err:
        load_job(job, catalog)
    problems = "\n".join(err.value.problems)
    for ref in ["'../car.stl'", "'/etc/env.hdr'", "'../../b.json'"]:
        assert f"{ref} outside the job's folder" in problems, problems


# -- resource bombs ----------------------------------------------------------------------
def test_an_accessor_with_a_huge_count_and_no_data_is_refused_at_once(tmp_path):
    def bomb(doc):
        acc = doc["accessors"][doc["meshes"][0]["primitives"][0]["attributes"]["POSITION"]]
        del acc["bufferView"]
        acc["count"] = 2**31

    path, _ = car_gltf(tmp_path, bomb=bomb)
    refused(path, "count of accessor", f"{gltf_reader.MAX_ACCESSOR_COUNT:,}")


def test_an_image_declared_30000_pixels_wide_is_not_decoded(tmp_path):
    from PIL import Image

    big = tmp_path / "big.png"
    Image.new("L", (30000, 4)).save(big)
    b = GltfBuilder()
    b.add_car(
        material=b.material(
            {"pbrMetallicRoughness": {"baseColorTexture": {"index": b.texture("big.png")}}}
        )
    )
    path = b.write_gltf(tmp_path / "car.gltf")
    result = read_vehicle_file(path, strict=False)
    assert any("30000x4 pixels" in w for w in result.warnings), result.warnings
    assert all(p.material.base_color_texture is None for p in result.raw_parts)


def test_too_many_nodes_are_refused_before_the_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(gltf_reader, "MAX_NODES", 50)

    def many(doc):
        doc["nodes"] += [{"name": f"n{i}"} for i in range(60)]

    path, _ = car_gltf(tmp_path, many=many)
    refused(path, "nodes; at most 50")


def test_ten_thousand_mesh_nodes_are_refused_not_ground_for_minutes(tmp_path):
    b = GltfBuilder()
    tri = b.mesh("t", np.array([[0, 0, 0], [1, 0, 0], [0, 1, 1]], "<f4"), np.array([[0, 1, 2]]))
    for i in range(10_000):
        b.node(name=f"n{i}", mesh=tri, translation=[i % 100 * 0.05, i // 100 * 0.02, 0.0])
    refused(b.write_glb(tmp_path / "many.glb"), "10,000 meshes; at most 5,000")


def test_an_hdr_header_with_a_huge_resolution_is_refused_before_allocating(tmp_path):
    path = tmp_path / "huge.hdr"
    path.write_bytes(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 200000 +X 400000\n" + b"\0" * 64)
    with pytest.raises(EnvironmentFileError, match="400000x200000 pixels; at most"):
        skies.load_pixels(str(path))


def test_a_huge_obj_polygon_is_refused(tmp_path):
    path = tmp_path / "fan.obj"
    corners = " ".join(str(i % 3 + 1) for i in range(20_000))
    path.write_text(f"v 0 0 0\nv 4 0 0\nv 0 1.5 1\nf {corners}\n")
    refused(path, "20,000 corners")


def test_manifest_pattern_counts_and_nesting_are_bounded(tmp_path):
    path = tmp_path / "car.stl"
    merged(car_parts()).export(path)
    patterns = ", ".join(f'"p{i}*"' for i in range(20_000))
    for text, needle in [
        (f"[slots]\nbody = [{patterns}]\n", "more than 1,000 patterns"),
        ("a = " + "[" * 3000, "nested too deeply"),
        ("a = 1" + "0" * 5000, "unreadable value"),
    ]:
        manifest_path(path).write_text(text)
        refused(path, needle)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"version": 1' + "0" * 5000 + "}", "not a build file"),
    ],
)
def test_deep_and_huge_json_builds_are_refused(catalog, text, needle):
    with pytest.raises(BuildError, match=needle):
        state_from_json(catalog, text)


def test_over_long_share_codes_are_refused_before_any_work(catalog):
    with pytest.raises(ShareCodeError, match="5,000 characters"):
        decode(catalog, "A" * 5000)


# -- unchecked types and values ----------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["nodes"][0].update(matrix=[1.0] * 15), "'matrix' must be 16 numbers"),
        (lambda d: d["nodes"][0].update(children=5), "'children' is not a list"),
        (lambda d: d["buffers"][0].pop("byteLength"), "has no byteLength"),
        (lambda d: d["nodes"][0].update(translation=[0, "x", 0]), "'translation' must be 3"),
        (lambda d: d["accessors"][0].update(count=-1), "count of accessor 0"),
        (lambda d: d["bufferViews"][0].update(byteStride=3), "byteStride of 3"),
        (lambda d: d["meshes"][0].update(primitives={}), "'primitives' is not a list"),
        (lambda d: d["accessors"][0].update(componentType=[5126]), "accessor 0"),
    ],
)
def test_gltf_values_of_the_wrong_type_are_refused(tmp_path, change, needle):
    path, _ = car_gltf(tmp_path, change=change)
    refused(path, needle)


def test_a_zero_scale_node_is_skipped_with_a_warning(tmp_path):
    path, _ = car_gltf(tmp_path, zero=lambda d: d["nodes"][1].update(scale=[0, 0, 0]))
    result = read_vehicle_file(path, strict=False)
    assert "1 meshes under a zero-scale (singular) transform skipped" in result.warnings
    assert len(result.model.parts) >= 4


def test_translations_of_1e30_are_refused(tmp_path):
    path, _ = car_gltf(tmp_path, far=lambda d: d["nodes"][1].update(translation=[1e30, 0, 0]))
    message = refused(path)
    assert "absurd size" in message or "flat" in message, message  # float32 loses the rest


@pytest.mark.parametrize(
    ("frame", "needle"),
    [
        ('unit = ["mm"]', "[frame] unit"),
        ("scale = 1e9", "absurd size"),
        ("scale = 1e-300", "[frame] scale"),
    ],
)
def test_manifest_frame_values_are_checked(tmp_path, frame, needle):
    path = tmp_path / "car.stl"
    merged(car_parts()).export(path)
    manifest_path(path).write_text(f"[frame]\n{frame}\n")
    refused(path, needle)


@pytest.fixture
def catalog_copy(tmp_path):
    return Path(shutil.copytree(DEFAULT_CATALOG, tmp_path / "catalog"))


@pytest.mark.parametrize(
    ("pattern", "new", "needle"),
    [
        (r'color = "#[0-9a-fA-F]{6}"', "color = { lab = [50.0, nan, 0.0] }", "finite numbers"),
        (r'color = "#[0-9a-fA-F]{6}"', "color = { lab = [50.0, inf, 0.0] }", "finite numbers"),
        (r'group = "paint"', 'group = ["paint"]', "'group' must name a declared group"),
    ],
)
def test_catalog_values_of_the_wrong_type_or_not_finite_are_refused(
    catalog_copy, pattern, new, needle
):
    paint = catalog_copy / "options" / "paint.toml"
    text, n = re.subn(pattern, new, paint.read_text(), count=1)
    assert n == 1
    paint.write_text(text)
    with pytest.raises(CatalogError, match=needle):
        load_catalog(catalog_copy)


@pytest.mark.parametrize(
    ("raw", "needle"),
    [(b"\xff\xfe\x00group", "not UTF-8"), (b"a = " + b"[" * 3000, "nested too deeply")],
)
def test_catalog_files_that_are_not_utf8_or_too_deep_are_refused(catalog_copy, raw, needle):
    (catalog_copy / "options" / "paint.toml").write_bytes(raw)
    with pytest.raises(CatalogError, match=needle):
        load_catalog(catalog_copy)


# -- silently wrong ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["obj", "stl", "ply", "off"])
def test_non_finite_vertices_drop_faces_with_a_counted_warning(tmp_path, fmt):
    parts = car_parts()
    if fmt == "obj":
        path = write_obj(tmp_path / "car.obj", parts, mtl=False)
        lines = path.read_text().splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("v "))
        lines[first] = "v nan 0 0"
        path.write_text("\n".join(lines) + "\n")
    else:
        mesh = merged(parts)
        mesh.vertices[0] = [np.nan, 0, 0]
        path = tmp_path / f"car.{fmt}"
        data = mesh.export(file_type=fmt)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    result = read_vehicle_file(path, strict=False)
    assert any(w.endswith("faces with non-finite vertices skipped") for w in result.warnings), (
        result.warnings
    )


@pytest.mark.parametrize("fmt", ["ply", "off"])
def test_lying_counts_are_refused(tmp_path, fmt):
    path = tmp_path / f"car.{fmt}"
    text = (
        merged(car_parts()).export(file_type=fmt, encoding="ascii")
        if fmt == "ply"
        else merged(car_parts()).export(file_type=fmt)
    )
    text = text.decode() if isinstance(text, bytes) else text
    if fmt == "ply":
        text = text.replace("element face ", "element face 9", 1)
    else:
        head, counts, rest = text.split("\n", 2)
        nv, nf, ne = counts.split()
        text = f"{head}\n{nv} {int(nf) + 5} {ne}\n{rest}"
    path.write_text(text)
    refused(path, "declares")


def test_unknown_primitive_modes_are_counted(tmp_path):
    path, _ = car_gltf(tmp_path, mode=lambda d: d["meshes"][1]["primitives"][0].update(mode=9))
    result = read_vehicle_file(path, strict=False)
    assert "1 primitives of an unknown mode skipped" in result.warnings


def test_an_all_nan_exr_is_refused_not_black_light(tmp_path):
    import OpenEXR

    px = np.full((8, 16), np.nan, np.float32)
    path = tmp_path / "nan.exr"
    with OpenEXR.File({"type": OpenEXR.scanlineimage}, {"R": px, "G": px, "B": px}) as f:
        f.write(str(path))
    with pytest.raises(EnvironmentFileError, match="has no light"):
        skies.load_pixels(str(path))


@pytest.mark.parametrize("version", ["1.0", "true", '"1"'])
def test_a_build_version_must_be_the_integer_1(catalog, version):
    text = f'{{"format": "livery-build", "version": {version}, "vehicle": "su7-ultra", "choices": {{}}}}'
    with pytest.raises(BuildError, match="version"):
        state_from_json(catalog, text)


def test_build_files_must_be_regular(catalog, tmp_path):
    os.mkfifo(tmp_path / "b.json")
    with pytest.raises(BuildError, match="not a regular file"):
        read_build_file(catalog, tmp_path / "b.json")


# -- errors the commands never caught ------------------------------------------------------
def one_line_exit_2(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_every_command_refuses_hostile_input_in_one_line(capsys, tmp_path):
    bad_hdr = tmp_path / "bad.hdr"
    bad_hdr.write_bytes(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y x +X 8\n")
    fifo = tmp_path / "car.glb"
    os.mkfifo(fifo)
    long_name = str(tmp_path / ("n" * 300 + ".glb"))
    (tmp_path / "folder.png").mkdir()
    out = str(tmp_path / "out.png")
    cases = [
        (("render", "--env", str(bad_hdr), "--out", out), "bad.hdr"),
        (("render", "--vehicle", str(fifo), "--out", out), "not a regular file"),
        (("render", "--vehicle", long_name, "--out", out), "too long"),
        (("render", "--build", "", "--out", out), "--build is empty"),
        (("render", "--out", str(tmp_path / "folder.png")), "it is a folder"),
        (("render", "--out", "/proc/livery.png"), "cannot write"),
        (("render", "--out", str(tmp_path / ("n" * 300 + ".png"))), "at most 255"),
        (("render", "--size", "8192x8192", "--supersample", "4", "--out", out), "the largest"),
        (
            ("export", "--vehicle", str(fifo), "--out", str(tmp_path / "a.glb")),
            "not a regular file",
        ),
        (("export", "--out", "/proc/a.glb"), "cannot write"),
        (("swatch", "paint=amethyst", "--env", str(bad_hdr), "--out", out), "bad.hdr"),
        (("swatch", "paint=amethyst", "--out", "/proc/a.png"), "cannot write"),
        (("inspect", "/dev/zero"), "not a regular file"),
        (("inspect", str(fifo)), "not a regular file"),
        (("inspect", long_name), "too long"),
        (("sheet", "--build", "", "--out", str(tmp_path / "s.pdf")), "--build"),
        (("sheet", "--build", "1101-0000-0000-0MNQ", "--out", "/proc/s.pdf"), "cannot write"),
        (("batch", str(fifo), "--out", str(tmp_path / "o")), "not a regular file"),
    ]
    for argv, needle in cases:
        assert needle in one_line_exit_2(capsys, *argv), argv
    assert not (tmp_path / "out.png").exists()


def test_a_broken_catalog_library_is_one_line(capsys, tmp_path, monkeypatch):
    library = tmp_path / "library"
    library.mkdir()
    (library / "bad.toml").write_bytes(b"\xff\xfe")
    monkeypatch.setenv("LIVERY_LIBRARY", str(library))
    assert main(["catalog"]) in (0, 2)
    assert "Traceback" not in capsys.readouterr().err


def with_varint(data: bytes, at: int, value: int) -> bytes:
    """``data`` with the one-byte varint at ``at`` replaced by ``value``."""
    return data[:at] + leb128(value) + data[at + 1 :]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: b"DRACX" + d[5:], "not a Draco stream"),
        (lambda d: d[:5] + bytes([9, 9]) + d[7:], "version 9.9 is not supported"),
        (lambda d: d[:7] + b"\x00" + d[8:], "point cloud, not a mesh"),
        (lambda d: d[:8] + b"\x07" + d[9:], "unknown Draco encoding method 7"),
        (lambda d: d[:12], "ends inside its header"),
        (lambda d: with_varint(d, 12, 2**40), "declares 1,099,511,627,776 vertices"),
        (lambda d: with_varint(d, 13, 2**31), "at most 33,554,432 of each are read"),
    ],
)
def test_draco_headers_are_checked_before_the_decoder_allocates(tmp_path, change, needle):
    pytest.importorskip("DracoPy")
    stream = draco_stream()
    assert stream[5:9] == bytes([2, 2, 1, 1]), "an edgebreaker 2.2 mesh, the layout tested"
    b = GltfBuilder()
    b.add_car()
    view = b.view(change(stream))
    prim = b.doc["meshes"][0]["primitives"][0]
    prim["extensions"] = {"KHR_draco_mesh_compression": {"bufferView": view, "attributes": {}}}
    b.doc["extensionsUsed"] = ["KHR_draco_mesh_compression"]
    refused(b.write_glb(tmp_path / "draco.glb"), needle)


def test_candidate_files_found_by_the_fuzzer_are_refused_by_line(tmp_path):
    """Two defects the candidates fuzz target found: an integer too big for a float in a
    JSON colour (OverflowError) and a CxF3 file declaring an unknown encoding
    (LookupError). Each is now the row's error or the file's, never a traceback."""
    from livery.catalog.candidate_import import read_candidates

    huge = tmp_path / "huge.json"
    huge.write_text(
        '[{"code": "X-1", "name": {"en": "Huge"}, "color": {"lab": [50, 1' + "0" * 400 + ", 0]}}]"
    )
    result = read_candidates(huge)
    assert not result.candidates and "must be a number" in result.errors[0]
    example = (ASSETS / "examples" / "candidates.cxf").read_bytes()
    bad = tmp_path / "bad.cxf"
    bad.write_bytes(example.replace(b'encoding="UTF-8"', b'encoding="UTF-T8"', 1))
    with pytest.raises(InputFileError, match="not a CxF3 file"):
        read_candidates(bad)
