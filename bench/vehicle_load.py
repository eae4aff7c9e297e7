"""Time ``load_vehicle_file`` on a generated 2-million-triangle GLB (written to a temp dir).

python bench/vehicle_load.py [--triangles 2000000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from livery.vehicles.glb import pack_glb  # noqa: E402
from livery.vehicles.loaders import load_vehicle_file  # noqa: E402


def grid_glb(path: Path, triangles: int) -> None:
    """Two curved sheets (body-like, 4.5 x 1.8 x 1.4 m in glTF's Y-up frame) with normals."""
    side = int(np.ceil(np.sqrt(triangles / 4)))
    u, v = np.meshgrid(np.linspace(0, 1, side + 1), np.linspace(0, 1, side + 1))
    i = np.arange(side)[:, None] * (side + 1) + np.arange(side)[None, :]
    quads = np.stack([i, i + 1, i + side + 2, i + side + 1], axis=-1).reshape(-1, 4)
    faces = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]).astype("<u4")
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0, 1]}],
        "nodes": [],
        "meshes": [],
        "accessors": [],
        "bufferViews": [],
        "buffers": [],
    }
    blob = bytearray()

    def accessor(a: np.ndarray, kind: str, comp: int) -> int:
        doc["bufferViews"].append({"buffer": 0, "byteOffset": len(blob), "byteLength": a.nbytes})
        blob.extend(a.tobytes())
        doc["accessors"].append(
            {
                "bufferView": len(doc["bufferViews"]) - 1,
                "componentType": comp,
                "count": len(a),
                "type": kind,
            }
        )
        return len(doc["accessors"]) - 1

    for k in range(2):
        x = (u.ravel() - 0.5) * 1.8
        y = 0.3 + np.sin(np.pi * u.ravel()) * 1.1 * (1 - 0.5 * k)
        z = (v.ravel() - 0.5) * 4.5
        pos = np.column_stack([x, y, z]).astype("<f4")
        nrm = np.tile(np.array([0, 1, 0], "<f4"), (len(pos), 1))
        attrs = {"POSITION": accessor(pos, "VEC3", 5126), "NORMAL": accessor(nrm, "VEC3", 5126)}
        prim = {"attributes": attrs, "indices": accessor(faces.ravel(), "SCALAR", 5125)}
        doc["meshes"].append({"name": f"sheet{k}", "primitives": [prim]})
        doc["nodes"].append({"name": ["body", "interior"][k], "mesh": k})
    doc["buffers"] = [{"byteLength": len(blob)}]
    path.write_bytes(pack_glb(doc, blob))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triangles", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.glb"
        grid_glb(path, args.triangles)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            model = load_vehicle_file(path)
            times.append(time.perf_counter() - t)
        size = path.stat().st_size / 1e6
    print(
        f"{model.triangle_count:,} triangles, {size:.0f} MB GLB: "
        f"load_vehicle_file best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s"
    )


if __name__ == "__main__":
    main()
