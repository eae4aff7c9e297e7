"""Parts that keep their own material draw the texture maps their file gave them."""

from __future__ import annotations

import io
import json

import numpy as np
from PIL import Image
from vehicle_files import TO_Y_UP, WIDTH, GltfBuilder, to_file_frame
from vtkmodules.vtkRenderingCore import vtkActor

from livery.catalog import Build, load_catalog
from livery.scene import materials
from livery.vehicles.loaders import load_vehicle_file
from livery.vehicles.model import SourceMaterial, UVTransform

SIZE = (320, 180)


def _png(path, rgb: np.ndarray) -> str:
    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgb, np.uint8)).save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return path.name


def _halves(left, right, h=8, w=16) -> np.ndarray:
    img = np.zeros((h, w, 3), np.uint8)
    img[:, : w // 2] = left
    img[:, w // 2 :] = right
    return img


def _car_with_plaque(tmp, name: str, material: dict, textures: dict[str, np.ndarray]):
    """The test car plus a plaque ``name`` on its left flank (+Y), facing out. Texture
    ``textures[key]`` is written and referenced as ``material``'s ``{key}`` index;
    image column 0 is u = 0, at the plaque's rear end (-X)."""
    b = GltfBuilder()
    b.add_car()
    index = {k: b.texture(_png(tmp / f"{k}.png", img)) for k, img in textures.items()}
    text = json.dumps(material)
    for k, i in index.items():
        text = text.replace(f'"{{{k}}}"', str(i))
    mat = b.material(json.loads(text))
    y = WIDTH / 2 + 0.01
    quad = np.array([[-1.0, y, 0.45], [1.0, y, 0.45], [1.0, y, 1.05], [-1.0, y, 1.05]])
    uvs = np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]])  # glTF: v down
    mesh = b.mesh(name, to_file_frame(quad, TO_Y_UP), [[0, 1, 2], [0, 2, 3]], mat, uvs)
    b.node(name=name, mesh=mesh)
    return load_vehicle_file(b.write_glb(tmp / "plaque.glb"))


def _front_and_rear(model, name: str, paint: str = "gem-green"):
    """Render ``model`` from the side; mean colours of plaque ``name``'s front (+X) and
    rear halves, and the plaque's view."""
    from livery.scene.stage import Stage

    catalog = load_catalog()
    stage = Stage(catalog, size=SIZE, fxaa=False)
    try:
        build = Build(catalog, catalog.vehicles[0].id)
        build.set("paint", paint)
        stage.show(build, model)
        view = next(v for v in stage.views if v.part.name == name)
        stage.set_camera("side")
        pose = stage.camera_pose("side")
        img = stage.snapshot().astype(float)
        mask = stage.part_ids() == stage.views.index(view)
        assert mask.sum() > 200, "the plaque is not in view"
        cols = np.nonzero(mask.any(axis=0))[0]
        mid = (cols.min() + cols.max()) / 2
        xs = np.arange(mask.shape[1])[None, :].repeat(mask.shape[0], 0)
        # is the car's front (+X) on the right of the screen? ask the camera
        eye, at = np.array(pose.position), np.array(pose.focal_point)
        front_right = np.cross(at - eye, pose.view_up)[0] > 0
        front = mask & ((xs > mid + 5) if front_right else (xs < mid - 5))
        rear = mask & ((xs < mid - 5) if front_right else (xs > mid + 5))
        return img[front].mean(axis=0), img[rear].mean(axis=0), view
    finally:
        stage.close()


def test_unmapped_part_draws_its_emissive_orm_and_normal_maps(tmp_path):
    """An unnamed plaque glows red on its front half through an emissive map, over a
    dark base colour, with metallic-roughness, occlusion and (flat) normal maps."""
    white = _halves((255, 255, 255), (255, 255, 255))
    model = _car_with_plaque(
        tmp_path,
        "Object_7",
        {
            "name": "Material_12",
            "pbrMetallicRoughness": {
                "baseColorFactor": [0.02, 0.02, 0.02, 1],
                "metallicFactor": 0.0,
                "metallicRoughnessTexture": {"index": "{mr}"},
            },
            "emissiveFactor": [1.0, 1.0, 1.0],
            "emissiveTexture": {"index": "{glow}"},
            "occlusionTexture": {"index": "{ao}"},
            "normalTexture": {"index": "{n}"},
        },
        {
            "glow": _halves((0, 0, 0), (255, 0, 0)),
            "mr": _halves((0, 60, 0), (0, 60, 0)),
            "ao": white,
            "n": _halves((128, 128, 255), (128, 128, 255)),
        },
    )
    plaque = next(p for p in model.parts if p.name == "Object_7")
    assert plaque.slot is None  # keeps its own material
    glow, dark, view = _front_and_rear(model, "Object_7")
    prop = view.actor.GetProperty()
    for name in ("materialTex", "normalTex", "emissiveTex"):
        assert prop.GetTexture(name) is not None, name
    assert view.polydata.GetPointData().GetTangents() is not None  # for the normal map
    assert glow[0] > 150 and glow[0] > 2 * glow[1], glow  # red light from the map
    assert dark.max() < 90, dark  # no glow where the map is black


def test_baked_occlusion_darkens_a_painted_part_without_shifting_its_colour(tmp_path):
    """A body panel under the catalog's clear-coated red keeps its file's occlusion: its
    occluded half is dark and still red. The finish shaders' clear-coat terms were once
    added unoccluded: occluded crevices kept a coat reflection, and where the base term
    they subtract outweighed it, red went below zero (cyan specks on the ToyCar)."""
    model = _car_with_plaque(
        tmp_path,
        "BodyPanel",
        {"name": "Paint", "occlusionTexture": {"index": "{ao}"}},
        {"ao": _halves((0, 0, 0), (255, 255, 255))},  # rear half fully occluded
    )
    assert next(p for p in model.parts if p.name == "BodyPanel").slot is not None
    lit, occluded, _ = _front_and_rear(model, "BodyPanel", paint="racing-red")
    # fully occluded: no image light at all, the clear coat's reflection included
    assert occluded.sum() < 0.2 * lit.sum(), (occluded, lit)
    assert occluded[0] >= occluded[1] and occluded[0] >= occluded[2], occluded  # not cyan


def test_a_map_with_another_uv_transform_is_left_out():
    rgb = np.full((4, 4, 3), 200, np.uint8)
    shifted = UVTransform(offset=(0.5, 0.0))
    material = SourceMaterial(
        base_color_texture=rgb,
        metallic_roughness_texture=rgb,
        normal_texture=rgb,
        emissive_texture=rgb,
        emissive=(1.0, 1.0, 1.0),
        texture_transforms={"normal": shifted},
    )
    drawn = materials.install_file_maps(vtkActor(), material, tangents=True, own=True)
    assert drawn == ["base", "orm", "emissive"]  # the shifted normal map would lie wrong
    assert materials.install_file_maps(vtkActor(), material, tangents=False, own=True) == [
        "base",
        "orm",
        "emissive",
    ]
    plain = SourceMaterial(normal_texture=rgb)
    assert (
        materials.install_file_maps(vtkActor(), plain, tangents=False, own=True) == []
    )  # no tangents


def test_orm_combines_occlusion_with_metallic_roughness():
    occ = np.zeros((2, 2, 3), np.uint8)
    occ[..., 0] = [[10, 20], [30, 40]]
    mr = np.zeros((4, 4, 3), np.uint8)
    mr[..., 1], mr[..., 2] = 77, 99
    orm = materials._orm_pixels(occ, mr)
    assert orm.shape == (4, 4, 3)
    assert (orm[..., 1] == 77).all() and (orm[..., 2] == 99).all()
    assert orm[0, 0, 0] == 10 and orm[3, 3, 0] == 40  # occlusion resampled onto the grid
    assert (materials._orm_pixels(None, mr)[..., 0] == 255).all()  # no occlusion: none


def test_a_part_on_a_slot_keeps_only_its_shapes_maps():
    rgb = np.full((4, 4, 3), 200, np.uint8)
    material = SourceMaterial(
        base_color_texture=rgb,
        metallic_roughness_texture=rgb,
        occlusion_texture=rgb,
        normal_texture=rgb,
        emissive_texture=rgb,
        emissive=(1.0, 1.0, 1.0),
    )
    actor = vtkActor()
    drawn = materials.install_file_maps(actor, material, tangents=True, own=False)
    assert drawn == ["orm", "normal"]  # the paint brings colour, metal, roughness, glow
    assert actor.GetProperty().GetTexture("albedoTex") is None
    orm = materials._orm_pixels(rgb, None)
    assert (orm[..., 1:] == 255).all()  # the finish's roughness and metallic pass as they are


def test_tangents_are_made_perpendicular_to_the_normals():
    """vtkPolyDataTangents can leave a tangent along its normal; VTK's shader would then
    normalise a zero vector under a normal map (black and cyan pixels)."""
    from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
    from vtkmodules.vtkCommonDataModel import vtkPolyData

    from livery.scene.stage import _orthonormalise_tangents

    normals = np.array([[0.0, 0.0, 1.0]] * 3)
    tangents = np.array([[1.0, 0.0, 0.5], [0.0, 0.0, 1.0], [0.6, 0.8, 0.0]])
    pd = vtkPolyData()
    pd.GetPointData().SetNormals(numpy_to_vtk(normals))
    pd.GetPointData().SetTangents(numpy_to_vtk(tangents))
    _orthonormalise_tangents(pd)
    t = vtk_to_numpy(pd.GetPointData().GetTangents())
    np.testing.assert_allclose(np.linalg.norm(t, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(t @ [0.0, 0.0, 1.0], 0.0, atol=1e-6)
    np.testing.assert_allclose(t[0], [1.0, 0.0, 0.0], atol=1e-6)  # only projected
    np.testing.assert_allclose(t[2], [0.6, 0.8, 0.0], atol=1e-6)
