"""Orbit the camera round a real-world car: Livery Studio against F3D, offscreen, warm.

python bench/orbit.py [--size 1920x1080] [--frames 120] [--model FILE.glb]

The car: by default the shared Lamborghini Countach (Lexyc16, CC-BY-4.0; see
../shared/models/lamborghini-countach/ATTRIBUTION.md) with every triangle split in
three (at its centroid) and written as a plain GLB, so both viewers read the same
file: about 780 000 triangles under 40 materials, ten of them textured. ``--model``
takes another GLB instead. Both use assets/environments/studio.hdr as image-based
lighting, both are warm (HDR caches filled by a first run, the model loaded and a
few frames drawn before timing). Each frame turns the camera 360/frames degrees round
the car and is read back, so it is timed to the finished image. The last line is
``orbit ratio livery/f3d: X``, the median frame time of Livery over F3D's (target
X <= 1.0).
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fresh import run_json  # noqa: E402

HDR = ROOT / "assets" / "environments" / "studio.hdr"
COUNTACH = ROOT.parent / "shared" / "models" / "lamborghini-countach" / "lamborghini-countach.glb"

_LIVERY = """
import json, math, statistics, sys, time
from livery.catalog import Build, load_catalog
from livery.scene.cameras import CameraPose
from livery.scene.stage import Stage
from livery.vehicles.loaders import load_vehicle_file
path, size, frames = sys.argv[1], sys.argv[2], int(sys.argv[3])
catalog = load_catalog()
w, h = map(int, size.split("x"))
model = load_vehicle_file(path, strict=False)
stage = Stage(catalog, size=(w, h))
stage.show(Build(catalog, catalog.vehicles[0].id), model)
stage.set_camera("side")
start = stage.current_pose()
fx, fy, fz = start.focal_point
dx, dy, dz = (p - f for p, f in zip(start.position, start.focal_point))
radius = math.hypot(dx, dy)
times = []
for i in range(frames + 5):
    a = 2 * math.pi * i / frames
    pos = (fx + radius * math.cos(a), fy + radius * math.sin(a), fz + dz)
    t = time.perf_counter()
    stage.set_camera_pose(CameraPose(pos, start.focal_point, (0, 0, 1), start.view_angle))
    stage.snapshot()
    if i >= 5:
        times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "triangles": model.triangle_count}))
"""

_F3D = """
import json, statistics, sys, time
import f3d
path, size, frames, hdr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
w, h = map(int, size.split("x"))
engine = f3d.Engine.create(True)
engine.window.set_use_hdri_cache(True)
engine.window.size = (w, h)
engine.options["render.hdri.file"] = hdr
engine.options["render.hdri.ambient"] = True
engine.scene.add(path)
camera = engine.window.camera
camera.reset_to_bounds()
times = []
for i in range(frames + 5):
    t = time.perf_counter()
    camera.azimuth(360.0 / frames)
    engine.window.render_to_image()
    if i >= 5:
        times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times)}))
"""


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def dense_glb(source: Path, out: Path) -> int:
    """``source`` with every triangle split in three, written as a plain GLB (no
    compression) with its base colour, metallic-roughness and normal textures.
    Returns the triangle count."""
    from PIL import Image

    from livery.vehicles.loaders.gltf import read_gltf

    scene = read_gltf(source, strict=False)
    doc: dict = {
        "asset": {"version": "2.0", "generator": "livery bench/orbit.py"},
        "scene": 0,
        "scenes": [{"nodes": []}],
        "nodes": [],
        "meshes": [],
        "materials": [],
        "textures": [],
        "images": [],
        "accessors": [],
        "bufferViews": [],
    }
    blob = bytearray()

    def view(data: bytes) -> int:
        blob.extend(b"\0" * (-len(blob) % 4))
        doc["bufferViews"].append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(data)})
        blob.extend(data)
        return len(doc["bufferViews"]) - 1

    def accessor(a: np.ndarray, kind: str, comp: int, bounds: bool = False) -> int:
        acc = {"bufferView": view(a.tobytes()), "componentType": comp, "count": len(a)}
        acc["type"] = kind
        if bounds:
            acc["min"], acc["max"] = a.min(axis=0).tolist(), a.max(axis=0).tolist()
        doc["accessors"].append(acc)
        return len(doc["accessors"]) - 1

    images: dict[int, int] = {}

    def texture(image: np.ndarray) -> int:
        if id(image) not in images:
            import io

            buf = io.BytesIO()
            Image.fromarray(image).save(buf, format="PNG", compress_level=1)
            doc["images"].append({"bufferView": view(buf.getvalue()), "mimeType": "image/png"})
            doc["textures"].append({"source": len(doc["images"]) - 1})
            images[id(image)] = len(doc["textures"]) - 1
        return images[id(image)]

    materials: dict[int, int] = {}
    triangles = 0
    for part in scene.parts:
        m = part.material
        if id(m) not in materials:
            pbr: dict = {
                "baseColorFactor": [*(_linear(c) for c in m.base_color[:3]), m.base_color[3]],
                "metallicFactor": m.metallic,
                "roughnessFactor": m.roughness,
            }
            mat: dict = {"name": m.name, "pbrMetallicRoughness": pbr, "alphaMode": m.alpha_mode}
            if m.base_color_texture is not None and part.uvs is not None:
                pbr["baseColorTexture"] = {"index": texture(m.base_color_texture)}
            if m.metallic_roughness_texture is not None and part.uvs is not None:
                pbr["metallicRoughnessTexture"] = {"index": texture(m.metallic_roughness_texture)}
            if m.normal_texture is not None and part.uvs is not None:
                mat["normalTexture"] = {"index": texture(m.normal_texture)}
            if any(m.emissive):
                mat["emissiveFactor"] = [min(1.0, e) for e in m.emissive]
            doc["materials"].append(mat)
            materials[id(m)] = len(doc["materials"]) - 1
        v, f = np.asarray(part.vertices, np.float32), part.faces
        centre = v[f].mean(axis=1)
        n0 = len(v)
        mid = np.arange(n0, n0 + len(f), dtype=np.uint32)
        a, b, c = (f[:, k].astype(np.uint32) for k in range(3))
        faces = np.concatenate(
            [np.stack(t, axis=1) for t in ((a, b, mid), (b, c, mid), (c, a, mid))]
        )
        attrs = {
            "POSITION": accessor(np.concatenate([v, centre]).astype("<f4"), "VEC3", 5126, True)
        }
        if part.normals is not None:
            n = np.concatenate([part.normals, part.normals[f].mean(axis=1)])
            n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
            attrs["NORMAL"] = accessor(n.astype("<f4"), "VEC3", 5126)
        if part.uvs is not None:
            uv = np.concatenate([part.uvs, part.uvs[f].mean(axis=1)])
            uv[:, 1] = 1.0 - uv[:, 1]  # back to glTF's top-left origin
            attrs["TEXCOORD_0"] = accessor(uv.astype("<f4"), "VEC2", 5126)
        prim = {
            "attributes": attrs,
            "indices": accessor(faces.astype("<u4").ravel(), "SCALAR", 5125),
            "material": materials[id(m)],
        }
        doc["meshes"].append({"name": part.name, "primitives": [prim]})
        doc["nodes"].append({"name": part.name, "mesh": len(doc["meshes"]) - 1})
        doc["scenes"][0]["nodes"].append(len(doc["nodes"]) - 1)
        triangles += len(faces)
    blob.extend(b"\0" * (-len(blob) % 4))
    doc["buffers"] = [{"byteLength": len(blob)}]
    js = json.dumps(doc).encode()
    js += b" " * (-len(js) % 4)
    out.write_bytes(
        struct.pack("<4sII", b"glTF", 2, 28 + len(js) + len(blob))
        + struct.pack("<II", len(js), 0x4E4F534A)
        + js
        + struct.pack("<II", len(blob), 0x004E4942)
        + bytes(blob)
    )
    return triangles


def measure(script: str, path: Path, size: str, frames: int, env: dict[str, str]) -> dict:
    return run_json(script, path, size, frames, HDR, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--model", type=Path, help="a GLB to orbit (default: the dense Countach)")
    args = parser.parse_args()
    try:
        import f3d  # noqa: F401
    except ImportError:
        sys.exit("bench/orbit.py needs F3D's Python package: pip install f3d")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.model
        if path is None:
            if not COUNTACH.is_file():
                sys.exit(f"no model: pass --model FILE.glb (the shared {COUNTACH} is missing)")
            path = Path(tmp) / "countach-dense.glb"
            print(f"{dense_glb(COUNTACH, path):,} triangles written to a plain GLB")
        env = {**os.environ, "LIVERY_CACHE_DIR": str(Path(tmp) / "livery-cache")}
        measure(_LIVERY, path, args.size, 3, env)  # fill both HDR caches
        measure(_F3D, path, args.size, 3, env)
        ours = measure(_LIVERY, path, args.size, args.frames, env)
        theirs = measure(_F3D, path, args.size, args.frames, env)
    print(
        f"{ours['triangles']:,} triangles at {args.size}, {args.frames} frames round the car:"
        f" livery median {ours['median'] * 1000:.1f} ms,"
        f" f3d median {theirs['median'] * 1000:.1f} ms"
    )
    print(f"orbit ratio livery/f3d: {ours['median'] / theirs['median']:.2f}")


if __name__ == "__main__":
    main()
