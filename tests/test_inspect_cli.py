"""``livery inspect``: the report, --write-manifest, and clean failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from vehicle_files import TO_Y_UP, GltfBuilder, car_parts, write_obj

from livery.cli import main

MODELS = Path(__file__).resolve().parents[2] / "shared" / "models"
ROOT = Path(__file__).resolve().parents[1]


def test_inspect_prints_tree_mapping_and_unmapped(tmp_path, capsys):
    path = write_obj(tmp_path / "car.obj", car_parts(), TO_Y_UP)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "WheelFL" in out and "tris, material Rubber" in out
    assert "-> rims" in out and "(name: part name 'WheelFL')" in out
    assert "-> body" in out and "-> glass" in out
    assert "up axis Y" in out
    assert "unmapped (keep their own material):\n  none" in out


def test_write_manifest_then_inspect_uses_it(tmp_path, capsys):
    path = write_obj(tmp_path / "car.obj", car_parts(), TO_Y_UP)
    assert main(["inspect", str(path), "--write-manifest"]) == 0
    manifest = tmp_path / "car.obj.livery.toml"
    assert manifest.is_file() and "rims = [" in manifest.read_text()
    capsys.readouterr()
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(manifest: manifest pattern 'WheelFL')" in out
    assert f"manifest: {manifest}" in out
    assert main(["inspect", str(path), "--write-manifest"]) == 2  # no silent overwrite
    assert "--force" in capsys.readouterr().err


@pytest.mark.skipif(not MODELS.is_dir(), reason=f"the shared test models are not at {MODELS}")
def test_inspect_kenney_truck(capsys):
    truck = MODELS / "kenney-racing-trucks" / "vehicle-truck-red.glb"
    assert main(["inspect", str(truck)]) == 0
    out = capsys.readouterr().out
    assert "wheel-front-left#rims" in out and "-> rims" in out
    assert "body#paint" in out and "faces sampling the body colour #" in out
    assert "unmapped (keep their own material):\n  underside#dark" in out
    assert "underside -> underside#dark  [8 tris, material colormap; maps: base colour]" in out


@pytest.mark.skipif(not MODELS.is_dir(), reason=f"the shared test models are not at {MODELS}")
def test_inspect_lists_the_texture_maps_of_each_part(capsys):
    assert main(["inspect", str(MODELS / "khronos-toycar-meshopt" / "ToyCar.glb")]) == 0
    out = capsys.readouterr().out
    maps = "maps: base colour, metallic-roughness, normal, occlusion, emissive"
    assert f"material ToyCar; {maps}]" in out  # each piece of the atlas-split mesh
    assert "material Glass]" in out  # no maps, no list


def test_inspect_warnings_exit_1(tmp_path, capsys):
    b = GltfBuilder()
    b.add_car(
        material=b.material(
            {
                "name": "paint",
                "pbrMetallicRoughness": {"baseColorTexture": {"index": b.texture("gone.png")}},
            }
        )
    )
    path = b.write_gltf(tmp_path / "car.gltf")
    assert main(["inspect", str(path)]) == 1
    out = capsys.readouterr().out
    assert "warning: car.gltf: the texture file 'gone.png' is missing" in out


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"glTF\x02\x00\x00\x00\xff\xff\x00\x00", ".glb", "truncated GLB"),
        (b"\x00\x01garbage" * 50, ".stl", "no triangle meshes"),
        (b"", ".obj", "the file is empty"),
        (b"hello", ".txt", "unsupported file type"),
    ],
    ids=["truncated-glb", "garbage-stl", "empty-obj", "txt"],
)
def test_inspect_bad_files_exit_2_without_traceback(tmp_path, content, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    run = subprocess.run(
        [sys.executable, "-m", "livery.cli", "inspect", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert message in run.stderr and str(path) in run.stderr
    assert "Traceback" not in run.stderr


def test_inspect_bad_manifest_names_it(tmp_path, capsys):
    path = write_obj(tmp_path / "car.obj", car_parts())
    (tmp_path / "car.obj.livery.toml").write_text('[slots]\nwheels = "Wheel*"\n')
    assert main(["inspect", str(path)]) == 2
    err = capsys.readouterr().err
    assert "car.obj.livery.toml" in err and "unknown slot 'wheels'" in err
