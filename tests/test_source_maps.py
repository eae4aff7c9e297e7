"""Parts that keep their own material draw the texture maps their file gave them."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from vehicle_files import TO_Y_UP, WIDTH, GltfBuilder, to_file_frame
from vtkmodules.vtkRenderingCore import vtkActor

from app.catalog import Build, load_catalog
from app.scene import materials
from app.vehicles.loaders import load_vehicle_file
from app.vehicles.model import SourceMaterial, UVTransform

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


@pytest.fixture(scope="module")
def plaque_car(tmp_path_factory):
    """The test car plus an unnamed plaque on its left flank (+Y), facing out, whose
    material glows red on its front half (+X) through an emissive map, over a dark base
    colour, with metallic-roughness, occlusion and (flat) normal maps."""
    tmp = tmp_path_factory.mktemp("plaque")
    b = GltfBuilder()
    b.add_car()
    # image column 0 is u = 0, at the plaque's rear end (-X)
    emissive = b.texture(_png(tmp / "glow.png", _halves((0, 0, 0), (255, 0, 0))))
    mr = b.texture(_png(tmp / "mr.png", _halves((0, 60, 0), (0, 60, 0))))
    occ = b.texture(_png(tmp / "ao.png", _halves((255, 255, 255), (255, 255, 255))))
    nrm = b.texture(_png(tmp / "n.png", _halves((128, 128, 255), (128, 128, 255))))
    mat = b.material(
        {
            "name": "Material_12",
            "pbrMetallicRoughness": {
                "baseColorFactor": [0.02, 0.02, 0.02, 1],
                "metallicFactor": 0.0,
                "metallicRoughnessTexture": {"index": mr},
            },
            "emissiveFactor": [1.0, 1.0, 1.0],
            "emissiveTexture": {"index": emissive},
            "occlusionTexture": {"index": occ},
            "normalTexture": {"index": nrm},
        }
    )
    y = WIDTH / 2 + 0.01
    quad = np.array([[-1.0, y, 0.45], [1.0, y, 0.45], [1.0, y, 1.05], [-1.0, y, 1.05]])
    uvs = np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]])  # glTF: v down
    mesh = b.mesh("Object_7", to_file_frame(quad, TO_Y_UP), [[0, 1, 2], [0, 2, 3]], mat, uvs)
    b.node(name="Object_7", mesh=mesh)
    return load_vehicle_file(b.write_glb(tmp / "plaque.glb"))


def test_unmapped_part_draws_its_emissive_orm_and_normal_maps(plaque_car):
    from app.scene.stage import Stage

    catalog = load_catalog()
    plaque = next(p for p in plaque_car.parts if p.name == "Object_7")
    assert plaque.slot is None  # keeps its own material
    stage = Stage(catalog, size=SIZE, fxaa=False)
    try:
        stage.show(Build(catalog, catalog.vehicles[0].id), plaque_car)
        view = next(v for v in stage.views if v.part is plaque)
        prop = view.actor.GetProperty()
        for name in ("materialTex", "normalTex", "emissiveTex"):
            assert prop.GetTexture(name) is not None, name
        assert view.polydata.GetPointData().GetTangents() is not None  # for the normal map
        stage.set_camera("side")
        pose = stage.camera_pose("side")
        img = stage.snapshot().astype(float)
        ids = stage.part_ids()
        mask = ids == stage.views.index(view)
        assert mask.sum() > 200, "the plaque is not in view"
        cols = np.nonzero(mask.any(axis=0))[0]
        mid = (cols.min() + cols.max()) / 2
        xs = np.arange(mask.shape[1])[None, :].repeat(mask.shape[0], 0)
        # is the car's front (+X) on the right of the screen? ask the camera
        eye, at = np.array(pose.position), np.array(pose.focal_point)
        front_right = np.cross(at - eye, pose.view_up)[0] > 0
        front = mask & ((xs > mid + 5) if front_right else (xs < mid - 5))
        rear = mask & ((xs < mid - 5) if front_right else (xs > mid + 5))
        glow, dark = img[front].mean(axis=0), img[rear].mean(axis=0)
        assert glow[0] > 150 and glow[0] > 2 * glow[1], glow  # red light from the map
        assert dark.max() < 90, dark  # no glow where the map is black
    finally:
        stage.close()


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
    drawn = materials.install_source_maps(vtkActor(), material, tangents=True)
    assert drawn == ["base", "orm", "emissive"]  # the shifted normal map would lie wrong
    assert materials.install_source_maps(vtkActor(), material, tangents=False) == [
        "base",
        "orm",
        "emissive",
    ]
    plain = SourceMaterial(normal_texture=rgb)
    assert materials.install_source_maps(vtkActor(), plain, tangents=False) == []  # no tangents


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
