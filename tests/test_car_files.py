"""Real car files as they come: the frame read from the geometry, slots per material.

Each case of issue 10 is rebuilt as a small glTF file: a car in centimetres, a car along
the file's X axis with its nose at -X, an overlay layer on the paint, a node holding
several materials, wheels merged per axle. The shared realistic cars are checked too.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import trimesh
from vehicle_files import (
    LENGTH,
    TO_Y_UP,
    WHEELS,
    GltfBuilder,
    car_parts,
    concat,
    png_bytes,
    to_file_frame,
    wheel_pieces,
)

from livery.cli import main
from livery.slots import Slot
from livery.vehicles.loaders import read_vehicle_file
from livery.vehicles.loaders.manifest import manifest_path

MODELS = Path(__file__).resolve().parents[2] / "shared" / "models"
needs_models = pytest.mark.skipif(
    not MODELS.is_dir(), reason=f"the shared test models are not at {MODELS}"
)
#: Common frame -> a file that is Y up with the car's length along X and its nose at -X.
NOSE_MINUS_X = np.array([[-1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=float)


def material(b: GltfBuilder, name: str, color, **extra) -> int:
    pbr = {"baseColorFactor": list(color), "metallicFactor": 0.0, "roughnessFactor": 0.5}
    pbr.update(extra.pop("pbr", {}))
    return b.material({"name": name, "pbrMetallicRoughness": pbr, **extra})


def add(b: GltfBuilder, name: str, mesh: trimesh.Trimesh, mat=None, m=TO_Y_UP, unit=1.0):
    b.node(name=name, mesh=b.mesh(name, to_file_frame(mesh.vertices, m, unit), mesh.faces, mat))


def lamp(x: float) -> trimesh.Trimesh:
    """A pair of lamps at the end ``x`` of the car (common frame)."""
    boxes = []
    for y in (-0.6, 0.6):
        box = trimesh.creation.box(extents=(0.06, 0.3, 0.12))
        box.apply_translation((x, y, 0.8))
        boxes.append(box)
    return concat(boxes)


def slots(result) -> dict[str, Slot | None]:
    return {p.name: p.slot for p in result.model.parts}


def size(result) -> np.ndarray:
    lo, hi = result.model.bounds()
    return hi - lo


# -- frame --------------------------------------------------------------------------------------


def test_centimetre_gltf_is_read_in_centimetres(tmp_path):
    b = GltfBuilder()
    b.add_car(unit=0.01)  # 450 units long: as declared metres no car is that big
    result = read_vehicle_file(b.write_glb(tmp_path / "cm.glb"))
    assert result.frame.scale == pytest.approx(0.01)
    assert size(result)[0] == pytest.approx(LENGTH, rel=0.01)
    assert any(n.startswith("units: cm") for n in result.frame.notes)
    fl = next(p for p in result.model.parts if p.name == "WheelFL").vertices.mean(axis=0)
    assert fl[0] > 1 and fl[1] > 0.5  # nose +X, left +Y


@pytest.mark.parametrize("evidence", ["lamp colours", "names", "door mirrors"])
def test_car_along_x_with_its_nose_at_minus_x(tmp_path, evidence):
    """About 18 units long at 4 units a metre, length along X, nose at -X: no unit fits,
    so it is scaled to a typical car; lamp colours, names or the mirrors put the nose at
    -X although glTF says +Z."""
    b = GltfBuilder()
    unit = 0.25
    anonymous = evidence != "names"
    for i, (name, mesh) in enumerate(car_parts().items()):
        add(b, f"Object_{i}" if anonymous else name, mesh, m=NOSE_MINUS_X, unit=unit)
    white = {"emissiveFactor": [1, 1, 1]}
    red = {"emissiveFactor": [1, 0, 0]}
    head = material(b, "Material.003" if anonymous else "chrome", (1, 1, 1, 1), **white)
    tail = material(b, "Material.004" if anonymous else "chrome.001", (1, 0, 0, 1), **red)
    if evidence != "lamp colours":  # lamps that do not glow
        b.doc["materials"][head].pop("emissiveFactor")
        b.doc["materials"][tail].pop("emissiveFactor")
    names = ("Object_8", "Object_9") if anonymous else ("Headlights", "Taillights")
    add(b, names[0], lamp(LENGTH / 2), head, m=NOSE_MINUS_X, unit=unit)
    add(b, names[1], lamp(-LENGTH / 2), tail, m=NOSE_MINUS_X, unit=unit)
    if evidence == "door mirrors":
        mirrors = concat(
            [
                trimesh.creation.box(extents=(0.1, 0.2, 0.1)).apply_translation((0.6, s, 1.0))
                for s in (-1.0, 1.0)
            ]
        )
        add(b, "Object_10", mirrors, m=NOSE_MINUS_X, unit=unit)
    path = b.write_glb(tmp_path / "coupe.glb")
    result = read_vehicle_file(path)
    assert result.frame.forward == "-x"
    assert size(result)[0] == pytest.approx(LENGTH, rel=0.02)
    assert size(result)[1] < size(result)[0] / 2
    head_part = next(p for p in result.model.parts if p.name in ("Object_8", "Headlights"))
    assert head_part.vertices[:, 0].mean() > 2.0  # the head lamps at our nose, +X
    notes = " ".join(result.frame.notes)
    assert evidence in notes and "unknown unit" in notes and "scaled" in notes
    # The manifest still decides when it says so.
    manifest_path(path).write_text('[frame]\nforward = "+x"\nscale = 0.25\n')
    pinned = read_vehicle_file(path)
    assert pinned.frame.forward == "+x"
    head_part = next(p for p in pinned.model.parts if p.name in ("Object_8", "Headlights"))
    assert head_part.vertices[:, 0].mean() < -2.0


# -- slots per material -------------------------------------------------------------------------


def _wheels(b: GltfBuilder, rubber_name: str = "rubber", grouping: str = "axle") -> None:
    """Wheels merged per axle (or all four in one node), one primitive per material:
    ``silver`` holds rim and disc together, ``Material.001`` the calipers."""
    silver = material(b, "silver", (0.8, 0.8, 0.8, 1), pbr={"metallicFactor": 1.0})
    rubber = material(b, rubber_name, (0.03, 0.03, 0.03, 1), pbr={"roughnessFactor": 0.9})
    caliper = material(b, "Material.001", (0.9, 0.75, 0.1, 1))
    groups = {"axle": [[k for k in WHEELS if k[5] == end] for end in "FR"], "one": [list(WHEELS)]}
    for i, names in enumerate(groups[grouping]):
        pieces = [wheel_pieces(*WHEELS[n]) for n in names]
        prims = []
        for keys, mat in ((("rim", "disc"), silver), (("tyre",), rubber), (("caliper",), caliper)):
            mesh = concat([w[k] for w in pieces for k in keys])
            prims.append((to_file_frame(mesh.vertices, TO_Y_UP), mesh.faces, mat))
        b.node(name=f"Object_{5 + i}", mesh=b.mesh_prims(f"Object_{5 + i}", prims))


def _body(b: GltfBuilder) -> None:
    paint = material(b, "Material.012", (0.8, 0.05, 0.05, 1))
    body = car_parts()["Body"].subdivide().subdivide()
    add(b, "Object_1", body, paint)
    glass = material(
        b,
        "Material.002",
        (1, 1, 1, 1),
        extensions={"KHR_materials_transmission": {"transmissionFactor": 1.0}},
    )
    add(b, "Object_2", car_parts()["Glass"], glass)


@pytest.mark.parametrize(
    ("rubber_name", "grouping"), [("rubber", "axle"), ("WheelMaterial", "axle"), ("rubber", "one")]
)
def test_merged_wheels_split_into_rims_tyres_discs_calipers(tmp_path, rubber_name, grouping):
    b = GltfBuilder()
    _body(b)
    _wheels(b, rubber_name, grouping)
    result = read_vehicle_file(b.write_glb(tmp_path / "wheels.glb"))
    by_material: dict[str, set] = {}
    for p in result.model.parts:
        by_material.setdefault(p.material.name, set()).add(p.slot)
    assert by_material[rubber_name] == {Slot.TYRES}  # also when named like the wheels
    assert by_material["Material.001"] == {Slot.CALIPERS}
    assert by_material["silver"] == {Slot.RIMS, Slot.DISCS}  # one material, split
    assert by_material["Material.012"] == {Slot.BODY}
    assert by_material["Material.002"] == {Slot.GLASS}
    discs = result.model.parts_for(Slot.DISCS)
    rims = result.model.parts_for(Slot.RIMS)
    assert all(p.name.endswith("#discs") for p in discs)
    assert sum(p.triangle_count for p in discs) == 4 * 32 * 8  # four annuli of 32 sections
    reach = {
        s: max(float(np.abs(p.vertices[:, 2] - 0.33).max()) for p in got)
        for s, got in (("discs", discs), ("rims", rims))
    }
    assert reach["discs"] == pytest.approx(0.15, abs=0.01)
    assert reach["rims"] == pytest.approx(0.22, abs=0.01)
    for p in result.model.parts:
        assert result.mapping[p.name].source == "geometry"
    # The pieces keep their node in the tree and the mapping report.
    listed = [n for node in result.tree for n in node.parts]
    assert sorted(listed) == sorted(p.name for p in result.model.parts)


def test_written_manifest_keeps_the_wheel_pieces(tmp_path):
    """The pieces are cut on every load, so a written manifest (auto = false) names them
    and gives the same mapping back; a material pattern covers all pieces of a part."""
    b = GltfBuilder()
    _body(b)
    _wheels(b)
    path = b.write_glb(tmp_path / "wheels.glb")
    first = read_vehicle_file(path)
    manifest_path(path).write_text(first.manifest_text())
    again = read_vehicle_file(path)
    assert again.manifest is not None and not again.warnings
    assert slots(again) == slots(first)
    assert {a.source for a in again.mapping.values()} == {"manifest"}
    manifest_path(path).write_text('auto = true\n[slots]\nrims = "material:silver"\n')
    pinned = read_vehicle_file(path)
    assert {p.slot for p in pinned.model.parts if p.material.name == "silver"} == {Slot.RIMS}
    assert {p.slot for p in pinned.model.parts if p.material.name == "rubber"} == {Slot.TYRES}


def test_node_with_several_materials_paints_only_the_paint(tmp_path):
    """A node named Body holding paint, trim, mirrors, cabin and lamps: only the paint
    takes the body slot."""
    b = GltfBuilder()
    paint = material(b, "red", (0.8, 0.05, 0.05, 1))
    black = material(b, "black", (0.02, 0.02, 0.02, 1))
    grey = material(b, "grey", (0.4, 0.4, 0.4, 1))
    brown = material(b, "brown", (0.3, 0.15, 0.05, 1))
    lamps = material(b, "lamp", (1, 1, 1, 1), emissiveFactor=[1, 1, 1])
    body = car_parts()["Body"]
    bumper = trimesh.creation.box(extents=(0.2, 1.82, 0.25))
    bumper.apply_translation((2.2, 0, 0.4))
    mirrors = concat(
        [
            trimesh.creation.box(extents=(0.1, 0.2, 0.1)).apply_translation((0.6, s, 1.0))
            for s in (-1.0, 1.0)
        ]
    )
    cabin = trimesh.creation.box(extents=(1.5, 1.5, 0.4))
    cabin.apply_translation((0, 0, 0.9))
    prims = [
        (to_file_frame(m.vertices, TO_Y_UP), m.faces, mat)
        for m, mat in (
            (body, paint),
            (bumper, black),
            (mirrors, grey),
            (cabin, brown),
            (lamp(2.26), lamps),
        )
    ]
    b.node(name="Body", mesh=b.mesh_prims("Body", prims))
    for name, mesh in car_parts().items():
        if name.startswith("Wheel"):
            add(b, name, mesh)
    result = read_vehicle_file(b.write_glb(tmp_path / "lowpoly.glb"))
    body_parts = [p.material.name for p in result.model.parts_for(Slot.BODY)]
    assert body_parts == ["red"]
    for name in ("black", "grey", "brown"):
        part = next(p for p in result.model.parts if p.material.name == name)
        assert part.slot is None, name
        assert "not paint" in result.mapping[part.name].reason
    assert slots(result)["Body/lamp"] == Slot.LIGHTS  # by its material's name


def test_overlay_layers_on_the_paint_are_never_painted(tmp_path):
    """An alpha-blended shell over the paint (alpha 0, a texture) and an opaque wrap lying
    on it keep their own materials; the paint takes the body slot."""
    b = GltfBuilder()
    paint = material(b, "carpaint", (0.8, 0.05, 0.05, 1))
    uri = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    overlay = material(
        b,
        "Material.017",
        (1, 1, 1, 0),
        alphaMode="BLEND",
        pbr={"baseColorTexture": {"index": b.texture(uri)}},
    )
    wrap = material(b, "carpaint_wrap", (0.1, 0.1, 0.8, 1))
    body = car_parts()["Body"].subdivide().subdivide()
    shell = car_parts()["Body"].copy()
    shell.vertices *= [1.001, 1.002, 1.002]
    prims = [
        (to_file_frame(m.vertices, TO_Y_UP), m.faces, mat)
        for m, mat in ((body, paint), (shell, overlay))
    ]
    b.node(name="Body", mesh=b.mesh_prims("Body", prims))
    add(b, "Wrap", shell, wrap)
    for name, mesh in car_parts().items():
        if name.startswith("Wheel"):
            add(b, name, mesh)
    result = read_vehicle_file(b.write_glb(tmp_path / "overlay.glb"))
    got = {p.material.name: p.slot for p in result.model.parts}
    assert got["carpaint"] == Slot.BODY
    assert got["Material.017"] is None and got["carpaint_wrap"] is None
    reasons = {p.material.name: result.mapping[p.name].reason for p in result.model.parts}
    assert "overlay" in reasons["Material.017"]
    assert "lying on the paint" in reasons["carpaint_wrap"]


def test_parts_named_slot_detail_are_never_second_guessed(tmp_path):
    """Our own ``slot.detail`` names (as the stand-ins and the exports carry them) are as
    good as a manifest: a second body part close to the paint stays paint (mirror caps),
    where the same geometry under other names is taken for a wrap."""

    def build(names: tuple[str, str]) -> dict[str, Slot | None]:
        b = GltfBuilder()
        body = car_parts()["Body"].subdivide()
        caps = car_parts()["Body"].copy()
        caps.vertices *= [1.001, 1.002, 1.002]
        add(b, names[0], body, material(b, "paint", (0.8, 0.05, 0.05, 1)))
        add(b, names[1], caps, material(b, "caps", (0.1, 0.1, 0.8, 1)))
        for name, mesh in car_parts().items():
            if name.startswith("Wheel"):
                add(b, name, mesh)
        result = read_vehicle_file(b.write_glb(tmp_path / f"{names[1]}.glb"))
        return {p.name: p.slot for p in result.model.parts}

    assert build(("body", "body.mirror-caps"))["body.mirror-caps"] == Slot.BODY
    assert build(("Body", "Body_wrap"))["Body_wrap"] is None  # the control: a wrap


def test_glass_by_transmission_and_alpha(tmp_path):
    b = GltfBuilder()
    _body(b)
    see_through = material(b, "Material.020", (0.2, 0.2, 0.2, 0.3), alphaMode="BLEND")
    window = car_parts()["Glass"].copy()
    window.apply_translation((0, 0, 0.01))
    add(b, "Object_3", window, see_through)
    result = read_vehicle_file(b.write_glb(tmp_path / "glass.glb"))
    got = {p.name: p.slot for p in result.model.parts}
    assert got["Object_2"] == Slot.GLASS and got["Object_3"] == Slot.GLASS


# -- livery inspect --json ----------------------------------------------------------------------


def test_inspect_json_reports_frame_size_and_parts(tmp_path, capsys):
    b = GltfBuilder()
    b.add_car(unit=0.01, m=NOSE_MINUS_X)
    for name in ("Headlights", "Taillights"):
        x = LENGTH / 2 if name.startswith("Head") else -LENGTH / 2
        add(b, name, lamp(x), m=NOSE_MINUS_X, unit=0.01)
    path = b.write_glb(tmp_path / "car.glb")
    assert main(["inspect", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["frame"]["up"] == "+y" and report["frame"]["forward"] == "-x"
    assert report["frame"]["scale"] == pytest.approx(0.01)
    assert any("nose towards -X" in e for e in report["frame"]["evidence"])
    assert report["size_m"] == pytest.approx([LENGTH + 0.06, 1.85, 1.35], abs=0.02)
    fl = next(p for p in report["parts"] if p["name"] == "WheelFL")
    assert fl == {
        "name": "WheelFL",
        "node_path": "WheelFL",
        "material": "",
        "triangles": 96,
        "slot": "rims",
        "slot_source": "name",
        "reason": "part name 'WheelFL'",
    }
    assert main(["inspect", str(path)]) == 0
    assert f"car {LENGTH + 0.06:.2f} x 1.85 x 1.35 m" in capsys.readouterr().out


# -- the shared realistic cars ------------------------------------------------------------------


@needs_models
def test_countach_from_geometry_and_appearance():
    """Generic names only, about 2 units a metre, nose at -Z: all from the file's looks."""
    result = read_vehicle_file(MODELS / "lamborghini-countach" / "lamborghini-countach.glb")
    assert result.frame.forward == "-z"
    length, width, height = size(result)
    assert length == pytest.approx(4.5, rel=0.01) and 1.8 < width < 2.3 and 0.9 < height < 1.3
    by_material: dict[str, set] = {}
    for p in result.model.parts:
        by_material.setdefault(p.material.name, set()).add(p.slot)
    assert by_material["Material.012"] == {Slot.BODY}  # the paint, in six parts
    assert by_material["Material.011"] == {Slot.RIMS}
    assert by_material["Material.025"] == {Slot.TYRES}
    assert by_material["Material.020"] == {Slot.DISCS}
    assert by_material["Material.042"] == {Slot.CALIPERS}
    assert by_material["Material.004"] == {Slot.GLASS}
    assert result.model.parts_for(Slot.BODY)  # and nothing else is body
    assert {p.material.name for p in result.model.parts_for(Slot.BODY)} == {"Material.012"}


@needs_models
def test_spitfire_keeps_its_names_and_paints_only_the_paint():
    result = read_vehicle_file(MODELS / "triumph-spitfire" / "triumph-spitfire-mkiii.glb")
    assert result.frame.forward == "+z"
    assert size(result)[0] == pytest.approx(4.26, abs=0.05)  # declared metres are plausible
    assert {p.material.name for p in result.model.parts_for(Slot.BODY)} == {"carbody"}
    assert {p.material.name for p in result.model.parts_for(Slot.TYRES)} == {"tire"}
    assert "headglass" in {p.material.name for p in result.model.parts_for(Slot.GLASS)}
    assert slots(result)["Object_37"] is None  # gauges under the body's node are not paint
    assert slots(result)["Object_25"] is None  # the aerial has the wheels' material


# -- one texture atlas for the whole car ---------------------------------------------------------

#: A palette atlas, one texel per swatch: red paint, black rubber, pale blue glass, white.
ATLAS = [(200, 30, 30, 255), (20, 20, 22, 255), (200, 215, 240, 255), (250, 250, 250, 255)]


def atlas_png(path: Path, texels: np.ndarray) -> None:
    from PIL import Image

    Image.fromarray(np.asarray(texels, np.uint8)).save(path)


def atlas_car(tmp_path: Path, texels: np.ndarray, uv_of) -> Path:
    """The test car as one mesh under one textured material; ``uv_of(name, n)`` gives the
    UVs of the ``n`` vertices of each piece (body, glass, wheels, a lamp)."""
    atlas_png(tmp_path / "atlas.png", texels)
    b = GltfBuilder()
    mat = material(
        b, "atlas", (1, 1, 1, 1), pbr={"baseColorTexture": {"index": b.texture("atlas.png")}}
    )
    pieces = car_parts() | {"Lamp": lamp(2.26)}
    mesh = concat(list(pieces.values()))
    uvs = np.concatenate([uv_of(name, len(m.vertices)) for name, m in pieces.items()])
    verts = to_file_frame(mesh.vertices, TO_Y_UP)
    b.node(name="Car", mesh=b.mesh("Car", verts, mesh.faces, mat, uvs=uvs))
    return b.write_glb(tmp_path / "atlas-car.glb")


def palette_uv(name: str, n: int) -> np.ndarray:
    swatch = {"Body": 0, "Glass": 2, "Lamp": 3}.get(name, 1)  # wheels: the black rubber
    return np.tile([(swatch + 0.5) / 4, 0.5], (n, 1))


def test_single_atlas_car_is_painted_only_where_it_samples_the_paint(tmp_path):
    """Issue 10: a car whose every part is one mesh with one palette atlas was painted all
    over. Split by the texel each face samples: the red faces are the paint, the pale blue
    ones above the waist the glass, the black ones go to the wheels, white keeps its own."""
    result = read_vehicle_file(atlas_car(tmp_path, [ATLAS], palette_uv))
    model = result.model
    body = model.parts_for(Slot.BODY)
    assert [p.name for p in body] == ["Car#paint"]
    assert body[0].triangle_count == len(car_parts()["Body"].faces)
    assert "faces sampling the body colour #c81e1e" in result.mapping["Car#paint"].reason
    assert [p.name for p in model.parts_for(Slot.GLASS)] == ["Car#glass"]
    wheel_slots = (Slot.TYRES, Slot.RIMS)  # solid dark drums: the wheel split judges them
    assert sum(p.triangle_count for p in model.parts if p.slot in wheel_slots) == sum(
        len(m.faces) for n, m in car_parts().items() if n.startswith("Wheel")
    )
    assert slots(result)["Car#other"] is None  # the white lamps keep their own material
    assert model.triangle_count == sum(len(m.faces) for m in car_parts().values()) + len(
        lamp(2.26).faces
    )
    assert not result.warnings


def test_photographic_atlas_is_left_unpainted_and_says_so(tmp_path, capsys):
    """Negative control: an atlas whose faces sample no flat colours (noise) can't be split
    honestly: nothing is painted (not the whole car) and inspect says why."""
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 255, (64, 64, 4), dtype=np.uint8)
    noise[..., 3] = 255
    path = atlas_car(tmp_path, noise, lambda _name, n: rng.random((n, 2)))
    result = read_vehicle_file(path)
    assert result.model.parts_for(Slot.BODY) == []
    assert [p.name for p in result.model.parts] == ["Car"]
    assert "left unpainted, not painted whole" in result.mapping["Car"].reason
    assert any(w.startswith("not painted:") for w in result.warnings)
    assert main(["inspect", str(path)]) == 1  # loaded with a warning
    assert "left unpainted" in capsys.readouterr().out


def test_a_textured_paint_of_one_colour_is_not_cut(tmp_path):
    """Negative control: a texture that is one colour everywhere (a paint with a texture,
    not an atlas) leaves the mesh whole and painted as before."""
    result = read_vehicle_file(atlas_car(tmp_path, [[ATLAS[0]] * 4], palette_uv))
    assert [p.name for p in result.model.parts] == ["Car"]
    assert slots(result)["Car"] == Slot.BODY
