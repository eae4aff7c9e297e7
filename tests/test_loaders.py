"""Vehicle file loaders: formats, frame normalisation, slot mapping, manifests, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh
from vehicle_files import (
    HEIGHT,
    LENGTH,
    TO_Y_UP,
    TO_Z_UP_Y_FORWARD,
    WHEEL_X,
    WHEEL_Y,
    WIDTH,
    GltfBuilder,
    car_parts,
    merged,
    oct_encode_snorm8,
    png_bytes,
    to_file_frame,
    write_obj,
)

from livery.slots import Slot
from livery.vehicles.loaders import (
    VehicleLoadError,
    load_vehicle_file,
    manifest_path,
    read_vehicle_file,
)
from livery.vehicles.loaders.gltf import decoder_available, read_gltf
from livery.vehicles.loaders.mapping import slot_from_name

MODELS = Path(__file__).resolve().parents[2] / "shared" / "models"
KENNEY = MODELS / "kenney-racing-trucks"
TOYCAR = MODELS / "khronos-toycar-meshopt" / "ToyCar.glb"
needs_models = pytest.mark.skipif(
    not MODELS.is_dir(), reason=f"the shared test models are not at {MODELS}"
)


def slots_of(model) -> dict[str, Slot | None]:
    return {p.name: p.slot for p in model.parts}


def assert_standard_car(model, tol=0.02) -> None:
    """The generated car, in the common frame: nose +X, left +Y, on the floor, centred."""
    lo, hi = model.bounds()
    assert lo[2] == pytest.approx(0, abs=tol)
    assert hi[0] - lo[0] == pytest.approx(LENGTH, rel=tol)
    assert hi[1] - lo[1] == pytest.approx(WIDTH + 0.05, rel=tol)  # the tyres stick out
    assert hi[2] - lo[2] == pytest.approx(HEIGHT, rel=0.1)
    assert (lo[:2] + hi[:2]) == pytest.approx([0, 0], abs=tol)
    fl = next(p for p in model.parts if p.name.startswith("WheelFL"))
    centre = fl.vertices.mean(axis=0)
    assert centre[0] == pytest.approx(WHEEL_X, abs=0.05)
    assert centre[1] == pytest.approx(WHEEL_Y, abs=0.05)


# -- the shared third-party models -------------------------------------------------------------


@needs_models
@pytest.mark.parametrize("name", ["red", "green", "purple", "yellow"])
def test_kenney_truck_maps_by_name(name):
    """One palette atlas for the whole truck: the body is cut by the colour each face
    samples (paint, glass, the rest), each wheel into its dark tyre and its rim."""
    result = read_vehicle_file(KENNEY / f"vehicle-truck-{name}.glb")
    model = result.model
    wheels = ("wheel-front-left", "wheel-front-right", "wheel-back-left", "wheel-back-right")
    expected = {"body#paint": Slot.BODY, "body#glass": Slot.GLASS, "body#dark": None}
    expected |= {"body#other": None, "underside#dark": None, "underside#other": None}
    expected |= {f"{w}#tyres": Slot.TYRES for w in wheels} | {
        f"{w}#rims": Slot.RIMS for w in wheels
    }
    assert slots_of(model) == expected
    assert {p.slot_source for p in model.parts if p.slot} == {"geometry"}
    fl = next(p for p in model.parts if p.name == "wheel-front-left#rims").vertices.mean(axis=0)
    assert fl[0] > 0.3 and fl[1] > 0.3  # glTF +Z nose, +X left -> our +X, +Y
    lo, hi = model.bounds()
    assert lo[2] == pytest.approx(0, abs=1e-5) and hi[0] - lo[0] == pytest.approx(2.8, abs=0.15)
    tex = model.parts[0].material.base_color_texture
    assert tex is not None and tex.shape[2] in (3, 4)  # Textures/colormap.png, outside the GLB
    assert model.parts[0].uvs is not None


@needs_models
def test_toycar_meshopt_decoded_or_refused():
    if not decoder_available("EXT_meshopt_compression"):
        with pytest.raises(VehicleLoadError, match="EXT_meshopt_compression"):
            load_vehicle_file(TOYCAR)
        return
    result = read_vehicle_file(TOYCAR)
    model = result.model
    # The display cloth under the car is found and left out: the stage has its own floor
    # (kept, it lay on that floor as a dark rug and cast a cloth-shaped contact shadow).
    assert result.frame.ground_parts == ["Fabric"]
    # One mesh with one atlas for body, cabin and wheels: cut by the colour each face
    # samples, the green faces are the paint; the dark ones, cut again at the wheels,
    # tyres and rims; the rest keeps its own material.
    assert slots_of(model) == {
        "ToyCar#paint": Slot.BODY,
        "ToyCar#dark#tyres": Slot.TYRES,
        "ToyCar#dark#rims": Slot.RIMS,
        "ToyCar#other": None,
        "Glass": Slot.GLASS,
    }
    assert model.parts_for(Slot.BODY)[0].triangle_count < 0.5 * 61657
    assert not any(n.parts for n in result.tree if n.name == "Fabric")
    assert result.frame.size[0] == pytest.approx(4.5)  # a scale model, scaled to car size
    lo, hi = model.bounds()
    assert hi - lo == pytest.approx(result.frame.size, rel=1e-4)  # bounds: the car, no cloth
    assert model.triangle_count == 61657 + 1874  # split, nothing lost
    body = model.parts_for(Slot.BODY)[0].material
    assert body.clearcoat == 1.0 and body.base_color_texture is not None  # WebP decoded
    assert body.normal_texture is not None and body.occlusion_texture is not None
    glass = model.parts_for(Slot.GLASS)[0].material
    assert glass.transmission == 1.0 and glass.roughness == 0.0
    fabric = next(p for p in read_gltf(TOYCAR).parts if p.name == "Fabric").material
    assert fabric.uv_transform is not None and fabric.uv_transform.scale == (3.0, 3.0)
    assert fabric.texture_transforms["normal"].scale == (3.0, 3.0)
    for p in model.parts:
        assert p.vertices.dtype == np.float32 and np.isfinite(p.vertices).all()
        assert p.normals is not None and np.allclose(np.linalg.norm(p.normals, axis=1), 1, 1e-3)


def mesh_health(vertices: np.ndarray, faces: np.ndarray, normals: np.ndarray) -> dict:
    """Scale-free signs of a sound surface (a scrambled index buffer fails every one)."""
    v = np.asarray(vertices, dtype=np.float64)
    diag = float(np.linalg.norm(v.max(axis=0) - v.min(axis=0)))
    edges = np.linalg.norm(v[faces[:, [1, 2, 0]]] - v[faces], axis=2)  # (m, 3)
    cross = np.cross(v[faces[:, 1]] - v[faces[:, 0]], v[faces[:, 2]] - v[faces[:, 0]])
    area = np.linalg.norm(cross, axis=1)
    # Weld the UV-seam copies of a vertex, then count the faces on each edge.
    _, weld = np.unique(np.round(v / (1e-5 * diag)).astype(np.int64), axis=0, return_inverse=True)
    welded = weld.ravel()[faces]
    pairs = np.sort(welded[:, [[0, 1], [1, 2], [2, 0]]].reshape(-1, 2), axis=1)
    _, per_edge = np.unique(pairs, axis=0, return_counts=True)
    solid = area > 1e-9 * diag**2
    face_n = cross[solid] / area[solid, None]
    vert_n = np.asarray(normals, dtype=np.float64)[faces[solid]].mean(axis=1)
    return {
        "median_edge": float(np.median(edges)) / diag,
        "longest_edge": float(edges.max()) / diag,
        "degenerate": float(1.0 - solid.mean()),
        "two_face_edges": float((per_edge == 2).mean()),
        "normals_agree": float((np.einsum("ij,ij->i", vert_n, face_n) > 0).mean()),
    }


@needs_models
@pytest.mark.skipif(
    not decoder_available("EXT_meshopt_compression"), reason="no meshoptimizer package"
)
def test_toycar_meshopt_geometry_is_a_car():
    """Decoded meshopt indices/normals/UVs make a sound car (they once came out scrambled:
    the 16-bit index views were read as every other packed pair, a crumpled spiky mess)."""
    scene = read_gltf(TOYCAR)
    parts = {p.name: p for p in scene.parts}
    assert set(parts) == {"ToyCar", "Fabric", "Glass"}
    for p in parts.values():
        health = mesh_health(p.vertices, p.faces, p.normals)
        assert health["degenerate"] < 0.01, (p.name, health)
        assert health["median_edge"] < 0.03, (p.name, health)
        assert health["longest_edge"] < 0.5, (p.name, health)  # nothing spans the car
        assert health["two_face_edges"] > 0.9, (p.name, health)  # mostly a closed skin
        assert health["normals_agree"] > 0.97, (p.name, health)  # OCTAHEDRAL filter
        assert np.allclose(np.linalg.norm(p.normals, axis=1), 1.0, atol=1e-3)
    # A car's proportions (glTF frame: X across, Y up, Z along), on its 4 wheels.
    car = parts["ToyCar"].vertices
    width, height, length = car.max(axis=0) - car.min(axis=0)
    assert 0.35 < width / length < 0.6 and 0.2 < height / length < 0.45
    # UVs (KHR_mesh_quantization: normalised uint16) land on the base colour texture the
    # right way up: the upward faces (roof, bonnet, boot) read the green of the paint.
    body = parts["ToyCar"]
    assert body.uvs.min() >= 0.0 and body.uvs.max() <= 1.0
    tex = body.material.base_color_texture
    uv = body.uvs[body.faces].mean(axis=1)
    rows = np.clip(((1.0 - uv[:, 1]) * tex.shape[0]).astype(int), 0, tex.shape[0] - 1)
    cols = np.clip((uv[:, 0] * tex.shape[1]).astype(int), 0, tex.shape[1] - 1)
    colour = tex[rows, cols, :3].astype(int)
    up = body.normals[body.faces].mean(axis=1)[:, 1] > 0.9
    r, g, b = np.median(colour[up], axis=0)
    assert g > r + 40 and g > b + 40, (r, g, b)


# -- glTF ----------------------------------------------------------------------------------------


def test_gltf_hierarchy_transforms_and_materials(tmp_path):
    (tmp_path / "paint.png").write_bytes(png_bytes((10, 200, 30, 255)))
    b = GltfBuilder()
    tex = b.texture("paint.png")
    paint = b.material(
        {
            "name": "CarPaint_Red",
            "pbrMetallicRoughness": {
                "baseColorFactor": [0.5, 0.2, 0.2, 1.0],
                "metallicFactor": 0.7,
                "roughnessFactor": 0.3,
                "baseColorTexture": {
                    "index": tex,
                    "extensions": {
                        "KHR_texture_transform": {
                            "offset": [0.5, 0.0],
                            "scale": [2.0, 2.0],
                            "rotation": 0.0,
                        }
                    },
                },
            },
            "emissiveFactor": [0.1, 0.0, 0.0],
            "extensions": {
                "KHR_materials_clearcoat": {
                    "clearcoatFactor": 0.8,
                    "clearcoatRoughnessFactor": 0.05,
                }
            },
        }
    )
    parts = car_parts()
    # The body sits under a parent node that shifts the car 10 m along glTF X and scales by
    # 0.5: the child is built at twice the size and must come out at the right size anyway.
    body = parts.pop("Body")
    uvs = np.zeros((len(body.vertices), 2))
    uvs[:, 0] = 0.25
    uvs[:, 1] = 0.1
    mesh = b.mesh("BodyMesh", (body.vertices @ TO_Y_UP) * 2.0, body.faces, paint, uvs)
    child = b.node(root=False, name="Body", mesh=mesh)
    b.node(name="Car", children=[child], translation=[10.0, 0, 0], scale=[0.5, 0.5, 0.5])
    for name, m in parts.items():
        index = b.mesh(name, m.vertices @ TO_Y_UP, m.faces)
        # rotate the wheel node 180 degrees about its own axle: same shape, exercises rotation
        local = (m.vertices @ TO_Y_UP).mean(axis=0)
        verts = (m.vertices @ TO_Y_UP) - local
        b.doc["meshes"][index] = {
            "name": name,
            "primitives": [
                {
                    "attributes": {"POSITION": b.accessor(np.asarray(verts, "<f4"), "VEC3")},
                    "indices": b.accessor(np.asarray(m.faces, "<u4").ravel(), "SCALAR"),
                }
            ],
        }
        b.node(
            name=name,
            mesh=index,
            translation=(local + [10.0, 0, 0]).tolist(),
            rotation=[1.0, 0, 0, 0.0],
        )
    path = b.write_gltf(tmp_path / "car.gltf")
    result = read_vehicle_file(path)
    model = result.model
    assert_standard_car(model)
    assert [n.name for n in result.tree][:2] == ["Car", "Body"]
    assert result.tree[1].depth == 1
    assert slots_of(model)["Body"] == Slot.BODY and slots_of(model)["WheelRR"] == Slot.RIMS
    mat = model.parts_for(Slot.BODY)[0].material
    assert mat.name == "CarPaint_Red"
    assert mat.base_color[:3] == pytest.approx((0.7353, 0.4845, 0.4845), abs=1e-3)  # sRGB
    assert (mat.metallic, mat.roughness) == (0.7, 0.3)
    assert (mat.clearcoat, mat.clearcoat_roughness) == (0.8, 0.05)
    assert mat.emissive == (0.1, 0.0, 0.0)
    assert mat.uv_transform.offset == (0.5, 0.0) and mat.uv_transform.scale == (2.0, 2.0)
    assert mat.base_color_texture.shape == (2, 4, 4)
    assert tuple(mat.base_color_texture[0, 0]) == (10, 200, 30, 255)
    body_part = model.parts_for(Slot.BODY)[0]
    # transform applied (u*2+0.5, v*2), then V flipped to the OpenGL convention
    assert body_part.uvs[0] == pytest.approx([1.0, 0.8])


def test_glb_roundtrip_and_strip_fan(tmp_path):
    b = GltfBuilder()
    b.add_car()
    quad = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]], float) * 0.1 + [0, 0.8, 0]
    strip = b.mesh("badge", quad, np.array([0, 1, 2, 3]), mode=5)
    fan = b.mesh("logo", quad, np.array([0, 1, 3, 2]), mode=6)
    b.node(name="Badge", mesh=strip)
    b.node(name="Logo", mesh=fan)
    model = load_vehicle_file(b.write_glb(tmp_path / "car.glb"))
    assert_standard_car(model)
    counts = {p.name: p.triangle_count for p in model.parts}
    assert counts["Badge"] == 2 and counts["Logo"] == 2
    assert slots_of(model)["Badge"] == Slot.BADGE


def draco_car(b: GltfBuilder, *, lie: int = 0) -> None:
    """The generated car, every part a Draco stream; ``lie`` is added to the vertex counts
    its POSITION accessors declare (a correct file declares the decoded count)."""
    import DracoPy

    for name, m in car_parts().items():
        data = DracoPy.encode(
            (m.vertices @ TO_Y_UP).astype(np.float32), m.faces, quantization_bits=16
        )
        view = b.view(data)
        count = len(DracoPy.decode(data).points) + lie
        b.doc.setdefault("accessors", []).append(
            {"componentType": 5126, "count": count, "type": "VEC3"}
        )
        accessor = len(b.doc["accessors"]) - 1
        b.doc["meshes"].append(
            {
                "name": name,
                "primitives": [
                    {
                        "attributes": {"POSITION": accessor},
                        "extensions": {
                            "KHR_draco_mesh_compression": {
                                "bufferView": view,
                                "attributes": {"POSITION": 0},
                            }
                        },
                    }
                ],
            }
        )
        b.node(name=name, mesh=len(b.doc["meshes"]) - 1)
    b.doc["extensionsUsed"] = b.doc["extensionsRequired"] = ["KHR_draco_mesh_compression"]


needs_draco = pytest.mark.skipif(
    not decoder_available("KHR_draco_mesh_compression"), reason="no DracoPy"
)


@needs_draco
def test_gltf_draco(tmp_path):
    b = GltfBuilder()
    draco_car(b)
    model = load_vehicle_file(b.write_glb(tmp_path / "draco.glb"))
    assert_standard_car(model)


@needs_draco
def test_gltf_draco_count_that_lies_is_refused(tmp_path):
    b = GltfBuilder()
    draco_car(b, lie=1)
    with pytest.raises(
        VehicleLoadError, match="decodes to .* vertices, its POSITION accessor declares"
    ):
        load_vehicle_file(b.write_glb(tmp_path / "draco.glb"))


def meshopt_car(b: GltfBuilder) -> dict[str, dict[str, np.ndarray]]:
    """The generated car, meshopt-compressed as gltfpack writes it; the expected glTF data.

    One TRIANGLES-mode view holds the 16-bit indices of five parts (an accessor each, at a
    byte offset), the sixth part has its own 32-bit INDICES-mode view; normals are int8
    through the OCTAHEDRAL filter; the wheels' positions are normalised int16
    (KHR_mesh_quantization) whose scale and offset ride on the node.
    """
    quantized = {"WheelFL", "WheelFR", "WheelRL", "WheelRR"}
    meshes = car_parts()
    short = [n for n in meshes if n != "WheelRR"]
    shared = b.meshopt_view(
        np.concatenate([meshes[n].faces.ravel() for n in short]), mode="TRIANGLES", stride=2
    )
    sizes = [meshes[n].faces.size * 2 for n in short[:-1]]
    offsets = dict(zip(short, np.cumsum([0, *sizes]), strict=True))
    expected = {}

    def accessor(**acc) -> int:
        b.doc["accessors"].append(acc)
        return len(b.doc["accessors"]) - 1

    for name, mesh in meshes.items():
        v = to_file_frame(mesh.vertices, TO_Y_UP)
        node: dict = {"name": name}
        if name in quantized:
            # One scale for all axes, as gltfpack does: the normals keep their directions.
            centre, half = (v.max(axis=0) + v.min(axis=0)) / 2, np.ptp(v, axis=0).max() / 2
            q = np.round((v - centre) / half * 32767).astype("<i2")
            records = np.zeros((len(v), 4), dtype="<i2")  # padded to 8 bytes, as required
            records[:, :3] = q
            pos = accessor(
                bufferView=b.meshopt_view(records),
                componentType=5122,
                normalized=True,
                count=len(v),
                type="VEC3",
                min=q.min(axis=0).tolist(),
                max=q.max(axis=0).tolist(),
            )
            node.update(translation=centre.tolist(), scale=[half] * 3)
            v = q / 32767.0 * half + centre
        else:
            v = v.astype("<f4")
            pos = accessor(
                bufferView=b.meshopt_view(v),
                componentType=5126,
                count=len(v),
                type="VEC3",
                min=v.min(axis=0).tolist(),
                max=v.max(axis=0).tolist(),
            )
        normals = mesh.vertex_normals @ TO_Y_UP
        nrm = accessor(
            bufferView=b.meshopt_view(oct_encode_snorm8(normals), filter="OCTAHEDRAL"),
            componentType=5120,
            normalized=True,
            count=len(v),
            type="VEC3",
        )
        if name in short:
            idx = accessor(
                bufferView=shared,
                byteOffset=int(offsets[name]),
                componentType=5123,
                count=int(mesh.faces.size),
                type="SCALAR",
            )
        else:
            idx = accessor(
                bufferView=b.meshopt_view(mesh.faces.ravel(), mode="INDICES", stride=4),
                componentType=5125,
                count=int(mesh.faces.size),
                type="SCALAR",
            )
        prim = {"attributes": {"POSITION": pos, "NORMAL": nrm}, "indices": idx}
        b.doc["meshes"].append({"name": name, "primitives": [prim]})
        b.node(mesh=len(b.doc["meshes"]) - 1, **node)
        expected[name] = {"vertices": v, "faces": mesh.faces, "normals": normals}
    b.doc["extensionsUsed"].append("KHR_mesh_quantization")
    b.doc["extensionsRequired"].append("KHR_mesh_quantization")
    return expected


def rotate_smallest_first(faces: np.ndarray) -> np.ndarray:
    """Each triangle's corners rotated (winding kept) to start at its smallest index."""
    faces = np.asarray(faces)
    shift = np.argmin(faces, axis=1)[:, None]
    return np.take_along_axis(faces, (np.arange(3)[None, :] + shift) % 3, axis=1)


@pytest.mark.skipif(
    not decoder_available("EXT_meshopt_compression"), reason="no meshoptimizer package"
)
def test_gltf_meshopt_round_trip(tmp_path):
    """Every meshopt mode decodes to exactly the data encoded (16-bit TRIANGLES indices
    shared by several accessors were once scrambled: read as packed pairs)."""
    b = GltfBuilder()
    expected = meshopt_car(b)
    path = b.write_glb(tmp_path / "meshopt.glb")
    scene = read_gltf(path)
    assert {p.name for p in scene.parts} == set(expected)
    for p in scene.parts:
        want = expected[p.name]
        # The index codec may rotate a triangle's corners (never its winding or order).
        assert np.array_equal(rotate_smallest_first(p.faces), rotate_smallest_first(want["faces"]))
        if p.name in ("Body", "Glass"):  # float32 positions: bit-exact
            assert np.array_equal(p.vertices, want["vertices"].astype(np.float64)), p.name
        else:  # dequantised on the node's scale and offset
            assert np.allclose(p.vertices, want["vertices"], atol=1e-6), p.name
        unit = want["normals"] / np.linalg.norm(want["normals"], axis=1, keepdims=True)
        assert np.allclose(np.linalg.norm(p.normals, axis=1), 1.0, atol=1e-5)
        assert np.einsum("ij,ij->i", p.normals, unit).min() > 0.999, p.name  # 8-bit oct
    model = load_vehicle_file(path)
    assert_standard_car(model)
    assert model.triangle_count == sum(len(w["faces"]) for w in expected.values())


def test_large_glb_loads_fast(tmp_path):
    """2 million triangles: the reader is vectorised (the figure goes to the benchmark)."""
    side = 708  # two grids of 708 x 708 quads, two triangles each: 2.005 M triangles
    u, v = np.meshgrid(np.linspace(0, 1, side + 1), np.linspace(0, 1, side + 1))
    grid = np.stack([u.ravel(), v.ravel()], axis=1)
    i = np.arange(side)[:, None] * (side + 1) + np.arange(side)[None, :]
    quads = np.stack([i, i + 1, i + side + 2, i + side + 1], axis=-1).reshape(-1, 4)
    faces = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    b = GltfBuilder()
    for k, name in enumerate(["body_top", "body_side"]):
        # glTF frame: X across (1.8 m), Y up, Z along (4.5 m)
        verts = np.column_stack(
            [
                grid[:, 0] * 1.8,
                grid[:, 1] * 1.4 * k + 0.3 * (1 - k),
                grid[:, 1] * 4.5 if k == 0 else np.full(len(grid), 2.25),
            ]
        )
        b.node(name=name, mesh=b.mesh(name, verts, faces))
    path = b.write_glb(tmp_path / "big.glb")
    t = time.perf_counter()
    model = load_vehicle_file(path)
    elapsed = time.perf_counter() - t
    assert model.triangle_count == 2 * len(faces) >= 2_000_000
    assert elapsed < 10.0, f"2M triangles took {elapsed:.1f} s"


# -- OBJ / STL / PLY / OFF and frame detection -------------------------------------------------


@pytest.mark.parametrize("frame", ["z-up", "y-up", "z-up-y-forward"])
def test_obj_frames_and_names(tmp_path, frame):
    m = {"z-up": None, "y-up": TO_Y_UP, "z-up-y-forward": TO_Z_UP_Y_FORWARD}[frame]
    result = read_vehicle_file(write_obj(tmp_path / "car.obj", car_parts(), m))
    model = result.model
    assert_standard_car(model)
    slots = slots_of(model)
    assert slots["Body"] == Slot.BODY and slots["Glass"] == Slot.GLASS
    assert {slots[f"Wheel{c}"] for c in ("FL", "FR", "RL", "RR")} == {Slot.RIMS}
    body = model.parts_for(Slot.BODY)[0].material
    assert body.name == "CarPaint" and body.base_color[:3] == pytest.approx(
        (0.8, 0.1, 0.1), abs=0.01
    )


def test_nose_from_wheel_names(tmp_path):
    """Front wheels named front but lying at -X: the car is turned round."""
    flipped = np.diag([-1.0, -1.0, 1.0])  # rotate 180 degrees about Z
    model = load_vehicle_file(write_obj(tmp_path / "car.obj", car_parts(), flipped))
    assert_standard_car(model)


@pytest.mark.parametrize("suffix", [".stl", ".ply", ".off"])
def test_single_mesh_formats_in_mm(tmp_path, suffix):
    path = tmp_path / f"car{suffix}"
    merged(car_parts(), unit=0.001).export(path)
    result = read_vehicle_file(path)
    lo, hi = result.model.bounds()
    assert hi[0] - lo[0] == pytest.approx(LENGTH, rel=0.01)  # millimetres detected
    assert lo[2] == pytest.approx(0, abs=1e-3)
    assert any("mm" in n for n in result.frame.notes)
    # one mesh, no names: the whole car is the largest shell
    assert [(p.slot, p.slot_source) for p in result.model.parts] == [(Slot.BODY, "geometry")]


def test_geometry_mapping_of_unnamed_parts(tmp_path):
    parts = car_parts()
    anonymous = {f"Object{i:03d}": m for i, m in enumerate(parts.values())}
    model = load_vehicle_file(write_obj(tmp_path / "anon.obj", anonymous, TO_Y_UP, mtl=False))
    by_source = {p.name: (p.slot, p.slot_source) for p in model.parts}
    assert by_source["Object000"] == (Slot.BODY, "geometry")
    assert [by_source[f"Object{i:03d}"] for i in range(2, 6)] == [(Slot.RIMS, "geometry")] * 4
    assert by_source["Object001"] == (None, "")


@pytest.mark.parametrize(
    ("name", "slot"),
    [
        ("wheel-front-left", Slot.RIMS),
        ("WheelFL", Slot.RIMS),
        ("Rim_RR", Slot.RIMS),
        ("Tyre_FL", Slot.TYRES),
        ("FrontTire", Slot.TYRES),
        ("Reifen_VL", Slot.TYRES),
        ("BrakeCaliper_FL", Slot.CALIPERS),
        ("brake_disc", Slot.DISCS),
        ("Bremsscheibe", Slot.DISCS),
        ("SteeringWheel", Slot.INTERIOR),
        ("carpaint", Slot.BODY),
        ("CarPaint", Slot.BODY),
        ("Karosserie", Slot.BODY),
        ("车身", Slot.BODY),
        ("Windshield", Slot.GLASS),
        ("window_glass", Slot.GLASS),
        ("Seat_Driver", Slot.UPHOLSTERY),
        ("Interior", Slot.INTERIOR),
        ("HeadLight_L", Slot.LIGHTS),
        ("TailLight", Slot.TAIL_LIGHTS),
        ("underside", None),
        ("Object001", None),
        ("trim", Slot.TRIM),
        ("primary", None),
    ],
)
def test_name_rules(name, slot):
    assert slot_from_name(name) == slot


# -- manifests -----------------------------------------------------------------------------------


def test_manifest_maps_and_overrides(tmp_path):
    path = write_obj(tmp_path / "car.obj", car_parts(), TO_Y_UP)
    manifest_path(path).write_text(
        'auto = false\n[frame]\nup = "y"\nforward = "+z"\nunit = "m"\n'
        '[slots]\ntrim = ["material:rubber"]\ndecal = "glass*"\n'
    )
    result = read_vehicle_file(path)
    slots = slots_of(result.model)
    assert slots["Glass"] == Slot.DECAL and slots["WheelFL"] == Slot.TRIM
    assert slots["Body"] is None  # auto = false: not listed, not mapped
    assert {p.slot_source for p in result.model.parts if p.slot} == {"manifest"}
    assert any("set in the manifest" in n for n in result.frame.notes)
    assert_standard_car(result.model)


def test_written_manifest_reproduces_the_mapping(tmp_path):
    path = write_obj(tmp_path / "car.obj", car_parts(), TO_Y_UP)
    guessed = read_vehicle_file(path)
    manifest_path(path).write_text(guessed.manifest_text())
    again = read_vehicle_file(path)
    assert slots_of(again.model) == slots_of(guessed.model)
    assert {p.slot_source for p in again.model.parts if p.slot} == {"manifest"}
    assert again.warnings == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[slots]\nwheels = ["Wheel*"]\n', "unknown slot 'wheels'"),
        ('[slots]\nrims = ["Wheel["]\n', "'\\[' with no '\\]'"),
        ('[slots]\nrims = ["colour:red"]\n', "unknown prefix 'colour:'"),
        ("[slots]\nrims = [1]\n", "non-empty string"),
        ("[slots\nrims = 1\n", "not valid TOML"),
        ("colour = 1\n", "unknown key"),
        ('[frame]\nup = "w"\n', "\\[frame\\] up"),
        ('[frame]\nunit = "furlong"\n', "\\[frame\\] unit"),
        ("[frame]\nscale = -1\n", "\\[frame\\] scale"),
    ],
)
def test_bad_manifest(tmp_path, text, message):
    path = write_obj(tmp_path / "car.obj", car_parts())
    manifest_path(path).write_text(text)
    with pytest.raises(VehicleLoadError, match=message) as err:
        load_vehicle_file(path)
    assert err.value.path == manifest_path(path)


def test_manifest_pattern_matching_nothing_is_a_warning(tmp_path):
    path = write_obj(tmp_path / "car.obj", car_parts())
    manifest_path(path).write_text('auto = true\n[slots]\ncalipers = ["Caliper*"]\n')
    result = read_vehicle_file(path)
    assert any("'Caliper*'" in w and "matches no part" in w for w in result.warnings)
    assert slots_of(result.model)["Body"] == Slot.BODY  # auto fills the rest


# -- bad input -----------------------------------------------------------------------------------


def _car_glb() -> bytes:
    b = GltfBuilder()
    b.add_car()
    return b.glb_bytes()


def test_truncated_glb(tmp_path):
    path = tmp_path / "cut.glb"
    path.write_bytes(_car_glb()[:500])
    with pytest.raises(VehicleLoadError, match="truncated") as err:
        load_vehicle_file(path)
    assert err.value.path == path and "cut.glb" in str(err.value)


@pytest.mark.parametrize("suffix", [".glb", ".gltf", ".obj", ".stl", ".ply", ".off"])
def test_garbage_bytes(tmp_path, suffix):
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 3000, dtype=np.uint8).tobytes())
    with pytest.raises(VehicleLoadError) as err:
        load_vehicle_file(path)
    assert err.value.path == path and err.value.problem


@pytest.mark.parametrize("suffix", [".glb", ".obj", ".stl"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(VehicleLoadError, match="empty"):
        load_vehicle_file(path)


def test_not_a_mesh(tmp_path):
    path = tmp_path / "notes.obj"
    path.write_text("These are my notes about the car.\nNothing to see.\n")
    with pytest.raises(VehicleLoadError, match="no triangle meshes"):
        load_vehicle_file(path)
    with pytest.raises(VehicleLoadError, match="unsupported file type '.txt'"):
        load_vehicle_file(path.rename(tmp_path / "notes.txt"))


def test_empty_scene(tmp_path):
    b = GltfBuilder()
    b.node(name="EmptyGroup")
    with pytest.raises(VehicleLoadError, match="no triangle meshes"):
        load_vehicle_file(b.write_gltf(tmp_path / "empty.gltf"))


def test_nan_vertices(tmp_path):
    parts = car_parts()
    parts["Body"].vertices[3] = [np.nan, 0, 0]
    b = GltfBuilder()
    for name, m in parts.items():
        b.node(name=name, mesh=b.mesh(name, m.vertices @ TO_Y_UP, m.faces))
    with pytest.raises(VehicleLoadError, match="'Body' has 1 vertices with NaN or infinite"):
        load_vehicle_file(b.write_glb(tmp_path / "nan.glb"))


@pytest.mark.parametrize("unit", [1e-7, 1e6])
def test_absurd_scale(tmp_path, unit):
    path = tmp_path / "huge.stl"
    merged(car_parts(), unit=unit).export(path)
    with pytest.raises(VehicleLoadError, match="absurd size"):
        load_vehicle_file(path)
    manifest_path(path).write_text(f"[frame]\nscale = {unit}\n")  # the user says it is right
    assert load_vehicle_file(path).triangle_count > 0


def test_missing_texture_and_buffer(tmp_path):
    b = GltfBuilder()
    b.add_car(
        material=b.material(
            {
                "name": "paint",
                "pbrMetallicRoughness": {
                    "baseColorTexture": {"index": b.texture("Textures/gone.png")}
                },
            }
        )
    )
    path = b.write_gltf(tmp_path / "car.gltf")
    with pytest.raises(VehicleLoadError, match="texture file 'Textures/gone.png' is missing"):
        load_vehicle_file(path)
    lenient = read_vehicle_file(path, strict=False)
    assert lenient.model.parts[0].material.base_color_texture is None
    assert any("gone.png" in w for w in lenient.warnings)
    path.with_suffix(".bin").unlink()
    with pytest.raises(VehicleLoadError, match="buffer file 'car.bin' that car.gltf needs"):
        read_vehicle_file(path, strict=False)


def test_truncated_bin_and_bad_indices(tmp_path):
    b = GltfBuilder()
    b.add_car()
    path = b.write_gltf(tmp_path / "car.gltf")
    data = path.with_suffix(".bin").read_bytes()
    path.with_suffix(".bin").write_bytes(data[: len(data) // 2])
    with pytest.raises(VehicleLoadError, match="truncated"):
        load_vehicle_file(path)
    doc = json.loads(path.read_text())
    path.with_suffix(".bin").write_bytes(data)
    doc["accessors"][0]["count"] = 3  # positions shrink under the indices
    path.write_text(json.dumps(doc))
    with pytest.raises(VehicleLoadError, match="indices past"):
        load_vehicle_file(path)


def test_unsupported_required_extension(tmp_path):
    b = GltfBuilder()
    b.add_car()
    b.doc["extensionsRequired"] = ["KHR_texture_basisu"]
    with pytest.raises(VehicleLoadError, match="KHR_texture_basisu"):
        load_vehicle_file(b.write_glb(tmp_path / "ktx.glb"))
    b.doc["extensionsRequired"] = ["EXT_future_thing"]
    with pytest.raises(VehicleLoadError, match="EXT_future_thing"):
        load_vehicle_file(b.write_glb(tmp_path / "future.glb"))


def test_meshopt_refused_without_decoder(tmp_path, monkeypatch):
    from livery.vehicles.loaders import gltf

    monkeypatch.setitem(gltf._DECODERS, "EXT_meshopt_compression", lambda: None)
    b = GltfBuilder()
    b.add_car()
    b.doc["extensionsRequired"] = ["EXT_meshopt_compression"]
    with pytest.raises(
        VehicleLoadError, match="EXT_meshopt_compression .*pip install meshoptimizer"
    ):
        load_vehicle_file(b.write_glb(tmp_path / "mo.glb"))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(VehicleLoadError, match="no such file"):
        load_vehicle_file(tmp_path / "nope.glb")
    with pytest.raises(VehicleLoadError, match="folder"):
        load_vehicle_file(tmp_path)


def test_loaders_import_no_gl_or_qt():
    code = (
        "import sys, livery.vehicles.loaders, livery.vehicles.loaders.gltf, "
        "livery.vehicles.loaders.meshes\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('vtk', 'vtkmodules', 'pyvista', 'PySide6', 'pyvistaqt'))\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_generated_geometry_is_sane():
    for mesh in car_parts().values():
        assert isinstance(mesh, trimesh.Trimesh) and mesh.is_watertight
