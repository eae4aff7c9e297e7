"""GLB export: materials, extensions, variants and a re-import with the same parts."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import trimesh

from livery.catalog import Build, load_catalog
from livery.glb_export import Variant, export_glb, finish_material
from livery.slots import Slot
from livery.vehicles.glb import write_glb
from livery.vehicles.loaders import load_vehicle_file
from livery.vehicles.model import Part, SourceMaterial, VehicleModel


def _read_glb_json(path) -> dict:
    data = path.read_bytes()
    assert data[:4] == b"glTF"
    (length,) = struct.unpack("<I", data[12:16])
    return json.loads(data[20 : 20 + length])


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def model() -> VehicleModel:
    box = trimesh.creation.box((4.0, 2.0, 1.4))
    v = (box.vertices + [0, 0, 0.7]).astype(np.float32)
    f = box.faces.astype(np.int32)
    n = box.vertex_normals.astype(np.float32)
    return VehicleModel(
        "boxcar",
        "Box car",
        [
            Part("body", v, f, Slot.BODY, normals=n),
            Part("decal.left", v * 0.5, f, Slot.DECAL, uvs=np.zeros((len(v), 2), np.float32)),
            Part("glass.house", v * 0.6, f, Slot.GLASS),
            Part("mystery", v * 0.2, f),
        ],
    )


def test_export_writes_pbr_materials_and_slots(tmp_path, catalog, model):
    build = Build(catalog, "su7-ultra", {"paint": "amethyst"})
    out = tmp_path / "car.glb"
    export_glb(model, build.finishes(), out)
    doc = _read_glb_json(out)
    nodes = {n["name"]: n for n in doc["nodes"]}
    assert set(nodes) == {"body", "decal.left", "glass.house", "mystery"}
    assert nodes["body"]["extras"] == {"livery_slot": "body"}
    assert "extras" not in nodes["mystery"]
    body_mat = doc["materials"][doc["meshes"][nodes["body"]["mesh"]]["primitives"][0]["material"]]
    amethyst = catalog.option("paint", "amethyst").finishes[Slot.BODY]
    assert body_mat["pbrMetallicRoughness"]["baseColorFactor"][:3] == pytest.approx(
        amethyst.color.linear
    )
    assert body_mat["extensions"]["KHR_materials_clearcoat"]["clearcoatFactor"] == 1.0
    assert "KHR_materials_clearcoat" in doc["extensionsUsed"]
    glass = doc["materials"][
        doc["meshes"][nodes["glass.house"]["mesh"]]["primitives"][0]["material"]
    ]
    assert glass["alphaMode"] == "BLEND"
    # The decal is hidden in this build: an invisible material keeps the part.
    decal = doc["materials"][
        doc["meshes"][nodes["decal.left"]["mesh"]]["primitives"][0]["material"]
    ]
    assert decal["pbrMetallicRoughness"]["baseColorFactor"][3] == 0


def test_export_converts_to_gltf_frame(tmp_path, catalog, model):
    out = tmp_path / "car.glb"
    export_glb(model, Build(catalog, "su7-ultra").finishes(), out)
    scene = trimesh.load(out)
    body = scene.geometry["body"]
    extent = body.bounds[1] - body.bounds[0]
    # Our X (length 4) becomes glTF Z, our Z (height 1.4) glTF Y.
    assert extent == pytest.approx([2.0, 1.4, 4.0], abs=1e-5)
    assert body.bounds[0][1] == pytest.approx(0.0, abs=1e-5)


def test_variants_switch_the_body_paint(tmp_path, catalog, model):
    paints = catalog.group("paint").options
    variants = [Variant(o.name.en, {Slot.BODY: o.finishes[Slot.BODY]}) for o in paints]
    out = tmp_path / "car.glb"
    export_glb(model, Build(catalog, "su7-ultra").finishes(), out, variants)
    doc = _read_glb_json(out)
    names = [v["name"] for v in doc["extensions"]["KHR_materials_variants"]["variants"]]
    assert names == [o.name.en for o in paints]
    nodes = {n["name"]: n for n in doc["nodes"]}
    prim = doc["meshes"][nodes["body"]["mesh"]]["primitives"][0]
    mappings = prim["extensions"]["KHR_materials_variants"]["mappings"]
    assert sorted(i for m in mappings for i in m["variants"]) == list(range(len(paints)))
    glass_prim = doc["meshes"][nodes["glass.house"]["mesh"]]["primitives"][0]
    assert "extensions" not in glass_prim


def test_hidden_finish_material_is_transparent():
    mat = finish_material("decal", None)
    assert mat["alphaMode"] == "BLEND"
    assert mat["pbrMetallicRoughness"]["baseColorFactor"] == [0, 0, 0, 0]


def test_vehicle_writer_round_trips_parts_uvs_and_own_materials(tmp_path, model):
    """The writer the stand-in generator uses: what the loader reads back is what was written."""
    rng = np.random.default_rng(1)
    decal = model.parts[1]
    decal.uvs = rng.random((len(decal.vertices), 2)).astype(np.float32)
    own = SourceMaterial("lacquer", (0.9, 0.75, 0.3, 1.0), 0.2, 0.4, double_sided=True)
    model.parts[3].material = own
    write_glb(model, tmp_path / "car.glb")
    again = load_vehicle_file(tmp_path / "car.glb")
    assert [(p.name, p.slot) for p in again.parts] == [(p.name, p.slot) for p in model.parts]
    assert np.allclose(again.parts[1].uvs, decal.uvs, atol=1e-6)  # glTF's top-left origin
    back = again.parts[3].material
    assert back.base_color == pytest.approx(own.base_color, abs=1e-6)  # sRGB, stored linear
    assert (back.metallic, back.roughness, back.double_sided) == (0.2, 0.4, True)


# -- the stand-in through `livery export` and back through the loader --------------


def test_export_of_the_stand_in_reimports_with_the_same_parts_and_slots(tmp_path, capsys):
    from livery.cli import main
    from livery.vehicles.standin import load_standin

    out = tmp_path / "car.glb"
    assert (
        main(
            [
                "export",
                "--vehicle",
                "su7-ultra",
                "--set",
                "paint=amethyst",
                "--variants",
                "paint,wheels",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().out
    original = load_standin("su7-ultra")
    again = load_vehicle_file(out)
    assert [(p.name, p.slot) for p in again.parts] == [(p.name, p.slot) for p in original.parts]
    body0, body1 = original.parts_for(Slot.BODY)[0], again.parts_for(Slot.BODY)[0]
    shift = body1.vertices[0] - body0.vertices[0]  # the loader may re-centre the car
    assert np.abs(shift).max() < 0.01
    assert np.allclose(body0.vertices + shift, body1.vertices, atol=1e-4)
    doc = _read_glb_json(out)
    variants = doc["extensions"]["KHR_materials_variants"]["variants"]
    catalog = load_catalog()
    offered = catalog.options_for("su7-ultra", "paint") + catalog.options_for("su7-ultra", "wheels")
    assert len(variants) == len(offered)
    assert any(v["name"] == "Paint: Amethyst" for v in variants)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--variants", "roof"], "unknown option group 'roof'"),
        (["--set", "paint=purple"], "valid: amethyst"),
        (["--vehicle", "su9"], "unknown vehicle 'su9'"),
        (["--build", "ZZZZ"], "bad share code"),
    ],
)
def test_export_refuses_bad_input(tmp_path, capsys, argv, message):
    from livery.cli import main

    out = tmp_path / "car.glb"
    assert main(["export", "--out", str(out), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_export_needs_a_glb_name(tmp_path, capsys):
    from livery.cli import main

    assert main(["export", "--out", str(tmp_path / "car.gltf")]) == 2
    assert ".glb" in capsys.readouterr().err
