"""Test helpers: a little car made of boxes and cylinders, written as glTF, OBJ, STL, PLY, OFF.

Everything is generated into tmp_path by the tests; no vehicle file is committed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import trimesh

from livery.vehicles.glb import pack_glb

LENGTH, WIDTH, HEIGHT = 4.5, 1.8, 1.4
WHEEL_R, WHEEL_W = 0.33, 0.25
WHEEL_X, WHEEL_Y = 1.4, 0.8

#: Wheel names in the common frame: (x sign, y sign); +x nose, +y the car's left.
WHEELS = {"WheelFL": (1, 1), "WheelFR": (1, -1), "WheelRL": (-1, 1), "WheelRR": (-1, -1)}


def car_parts() -> dict[str, trimesh.Trimesh]:
    """Body, glass and four wheels in the common frame (metres, Z up, nose +X, on the floor)."""
    body = trimesh.creation.box(extents=(LENGTH, WIDTH, 0.9))
    body.apply_translation((0, 0, 0.3 + 0.45))
    glass = trimesh.creation.box(extents=(2.0, 1.6, 0.25))
    glass.apply_translation((-0.2, 0, 1.2 + 0.125 - 0.1))
    out = {"Body": body, "Glass": glass}
    for name, (sx, sy) in WHEELS.items():
        w = trimesh.creation.cylinder(radius=WHEEL_R, height=WHEEL_W, sections=24)
        w.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, (1, 0, 0)))
        w.apply_translation((sx * WHEEL_X, sy * WHEEL_Y, WHEEL_R))
        out[name] = w
    return out


# Common frame -> file frame, as row-vector maps: file = common @ M.
TO_Y_UP = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]], dtype=float)  # glTF: x->z, y->x, z->y
TO_Z_UP_Y_FORWARD = np.array([[0, 1, 0], [-1, 0, 0], [0, 0, 1]], dtype=float)


def oct_encode_snorm8(normals: np.ndarray) -> np.ndarray:
    """Unit vectors as meshopt OCTAHEDRAL-filtered int8 records (x, y, 127, 0), as
    meshopt_encodeFilterOct writes them with 8 bits (the Python package has no encoder)."""
    n = np.asarray(normals, dtype=np.float64)
    n = n / np.abs(n).sum(axis=1, keepdims=True)
    x, y, z = n[:, 0], n[:, 1], n[:, 2]
    sx, sy = np.where(x >= 0, 1.0, -1.0), np.where(y >= 0, 1.0, -1.0)
    u = np.where(z >= 0, x, (1 - np.abs(y)) * sx)
    v = np.where(z >= 0, y, (1 - np.abs(x)) * sy)

    def snorm(a: np.ndarray) -> np.ndarray:
        return np.trunc(a * 127 + np.where(a >= 0, 0.5, -0.5)).astype(np.int8)

    out = np.zeros((len(n), 4), dtype=np.int8)
    out[:, 0], out[:, 1], out[:, 2] = snorm(u), snorm(v), 127
    return out


def to_file_frame(v: np.ndarray, m: np.ndarray | None, unit: float = 1.0) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return (v if m is None else v @ m) / unit


def write_obj(path: Path, parts: dict[str, trimesh.Trimesh], m=None, unit=1.0, mtl=True) -> Path:
    lines = []
    if mtl:
        lines.append(f"mtllib {path.stem}.mtl")
    base = 1
    colors = {}
    for name, mesh in parts.items():
        lines.append(f"o {name}")
        for v in to_file_frame(mesh.vertices, m, unit):
            lines.append(f"v {v[0]:.6f} {v[1]:.6f} {v[2]:.6f}")
        mat = {"Body": "CarPaint", "Glass": "Glass"}.get(name, "Rubber")
        colors[mat] = {"CarPaint": (0.8, 0.1, 0.1), "Glass": (0.2, 0.3, 0.3)}.get(
            mat, (0.05, 0.05, 0.05)
        )
        if mtl:
            lines.append(f"usemtl {mat}")
        for f in mesh.faces + base:
            lines.append(f"f {f[0]} {f[1]} {f[2]}")
        base += len(mesh.vertices)
    path.write_text("\n".join(lines) + "\n")
    if mtl:
        mtl_lines = []
        for mat, c in colors.items():
            mtl_lines += [f"newmtl {mat}", f"Kd {c[0]} {c[1]} {c[2]}", "Ns 250", "d 1", ""]
        path.with_suffix(".mtl").write_text("\n".join(mtl_lines))
    return path


def merged(parts: dict[str, trimesh.Trimesh], m=None, unit=1.0) -> trimesh.Trimesh:
    mesh = trimesh.util.concatenate(list(parts.values()))
    return trimesh.Trimesh(to_file_frame(mesh.vertices, m, unit), mesh.faces, process=False)


def png_bytes(color=(255, 0, 0, 255), size=(4, 2)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", size, color).save(buf, format="PNG")
    return buf.getvalue()


class GltfBuilder:
    """Builds a small glTF document with one binary buffer."""

    def __init__(self) -> None:
        self.doc: dict = {
            "asset": {"version": "2.0", "generator": "livery tests"},
            "scene": 0,
            "scenes": [{"nodes": []}],
            "nodes": [],
            "meshes": [],
            "accessors": [],
            "bufferViews": [],
            "buffers": [],
        }
        self.bin = bytearray()
        self.fallback_length = 0  # bytes of the data-less meshopt fallback buffer (buffer 1)

    def view(self, data: bytes) -> int:
        while len(self.bin) % 4:
            self.bin.append(0)
        self.doc["bufferViews"].append(
            {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        )
        self.bin += data
        return len(self.doc["bufferViews"]) - 1

    def accessor(self, array: np.ndarray, kind: str) -> int:
        comp = {np.dtype("<f4"): 5126, np.dtype("<u4"): 5125, np.dtype("<u2"): 5123}[array.dtype]
        acc = {
            "bufferView": self.view(array.tobytes()),
            "componentType": comp,
            "count": int(len(array)),
            "type": kind,
        }
        if kind == "VEC3" and comp == 5126:
            acc["min"] = array.min(axis=0).tolist()
            acc["max"] = array.max(axis=0).tolist()
        self.doc["accessors"].append(acc)
        return len(self.doc["accessors"]) - 1

    def mesh(self, name, vertices, faces, material=None, uvs=None, mode=None) -> int:
        attrs = {"POSITION": self.accessor(np.asarray(vertices, "<f4"), "VEC3")}
        if uvs is not None:
            attrs["TEXCOORD_0"] = self.accessor(np.asarray(uvs, "<f4"), "VEC2")
        prim = {
            "attributes": attrs,
            "indices": self.accessor(np.asarray(faces, "<u4").ravel(), "SCALAR"),
        }
        if material is not None:
            prim["material"] = material
        if mode is not None:
            prim["mode"] = mode
        self.doc["meshes"].append({"name": name, "primitives": [prim]})
        return len(self.doc["meshes"]) - 1

    def mesh_prims(self, name, prims) -> int:
        """A mesh of several primitives: ``prims`` is a list of (vertices, faces, material)."""
        out = []
        for vertices, faces, material in prims:
            prim = {
                "attributes": {"POSITION": self.accessor(np.asarray(vertices, "<f4"), "VEC3")},
                "indices": self.accessor(np.asarray(faces, "<u4").ravel(), "SCALAR"),
            }
            if material is not None:
                prim["material"] = material
            out.append(prim)
        self.doc["meshes"].append({"name": name, "primitives": out})
        return len(self.doc["meshes"]) - 1

    def node(self, root=True, **node) -> int:
        self.doc["nodes"].append(node)
        index = len(self.doc["nodes"]) - 1
        if root:
            self.doc["scenes"][0]["nodes"].append(index)
        return index

    def material(self, material: dict) -> int:
        self.doc.setdefault("materials", []).append(material)
        return len(self.doc["materials"]) - 1

    def texture(self, uri: str) -> int:
        self.doc.setdefault("images", []).append({"uri": uri})
        self.doc.setdefault("textures", []).append({"source": len(self.doc["images"]) - 1})
        return len(self.doc["textures"]) - 1

    def add_car(self, m=TO_Y_UP, unit=1.0, material=None) -> None:
        for name, mesh in car_parts().items():
            index = self.mesh(name, to_file_frame(mesh.vertices, m, unit), mesh.faces, material)
            self.node(name=name, mesh=index)

    def meshopt_view(
        self,
        data: np.ndarray,
        *,
        mode: str = "ATTRIBUTES",
        stride: int | None = None,
        filter: str | None = None,
    ) -> int:
        """A buffer view compressed with EXT_meshopt_compression (meshoptimizer package).

        ``data``: (count, ...) vertex records for ATTRIBUTES (stride: bytes per record), or
        the indices for TRIANGLES/INDICES, written ``stride`` (2 or 4) bytes wide. The view
        lives in a fallback buffer without data, as gltfpack writes it.
        """
        import meshoptimizer

        if mode == "ATTRIBUTES":
            records = np.ascontiguousarray(data).view(np.uint8).reshape(len(data), -1)
            count, stride = records.shape
            packed = meshoptimizer.encode_vertex_buffer(records)
        else:
            indices = np.asarray(data, dtype=np.uint32).ravel()
            count, stride = len(indices), stride or 4
            encode = (
                meshoptimizer.encode_index_buffer
                if mode == "TRIANGLES"
                else meshoptimizer.encode_index_sequence
            )
            packed = encode(indices, len(indices), int(indices.max()) + 1)
        compressed = self.doc["bufferViews"][self.view(packed)]
        ext = {
            "buffer": 0,
            "byteOffset": compressed["byteOffset"],
            "byteLength": compressed["byteLength"],
            "byteStride": stride,
            "count": count,
            "mode": mode,
        }
        if filter:
            ext["filter"] = filter
        self.fallback_length += -self.fallback_length % 4
        view = {
            "buffer": 1,
            "byteOffset": self.fallback_length,
            "byteLength": count * stride,
            "extensions": {"EXT_meshopt_compression": ext},
        }
        if mode == "ATTRIBUTES":
            view["byteStride"] = stride
        self.fallback_length += count * stride
        self.doc["bufferViews"][-1] = view  # the compressed bytes stay in buffer 0
        used = self.doc.setdefault("extensionsUsed", [])
        required = self.doc.setdefault("extensionsRequired", [])
        for names in (used, required):
            if "EXT_meshopt_compression" not in names:
                names.append("EXT_meshopt_compression")
        return len(self.doc["bufferViews"]) - 1

    def _buffers(self, main: dict) -> list[dict]:
        if not self.fallback_length:
            return [main]
        fallback = {"EXT_meshopt_compression": {"fallback": True}}
        return [main, {"byteLength": self.fallback_length, "extensions": fallback}]

    def write_gltf(self, path: Path) -> Path:
        bin_name = path.with_suffix(".bin").name
        self.doc["buffers"] = self._buffers({"uri": bin_name, "byteLength": len(self.bin)})
        path.with_suffix(".bin").write_bytes(bytes(self.bin))
        path.write_text(json.dumps(self.doc))
        return path

    def glb_bytes(self) -> bytes:
        self.doc["buffers"] = self._buffers({"byteLength": len(self.bin)})
        return pack_glb(self.doc, self.bin)

    def write_glb(self, path: Path) -> Path:
        path.write_bytes(self.glb_bytes())
        return path


def on_axle(mesh: trimesh.Trimesh, x: float, y: float, z: float = WHEEL_R) -> trimesh.Trimesh:
    """``mesh`` (built around the Z axis) turned to an axle along Y and moved to (x, y, z)."""
    out = mesh.copy()
    out.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, (1, 0, 0)))
    out.apply_translation((x, y, z))
    return out


def wheel_pieces(sx: int, sy: int) -> dict[str, trimesh.Trimesh]:
    """One wheel in the common frame: tyre, rim barrel, brake disc (inboard of the rim
    face) and a caliper above the axle beside the disc, keyed by what they are."""
    x, y = sx * WHEEL_X, sy * WHEEL_Y
    inboard = -sy * 0.06
    caliper = trimesh.creation.box(extents=(0.1, 0.06, 0.07))
    caliper.apply_translation((x - 0.02, y + inboard, WHEEL_R + 0.14))
    return {
        "tyre": on_axle(trimesh.creation.annulus(0.22, WHEEL_R, WHEEL_W, sections=32), x, y),
        "rim": on_axle(trimesh.creation.annulus(0.2, 0.22, 0.2, sections=32), x, y),
        "disc": on_axle(trimesh.creation.annulus(0.05, 0.15, 0.02, sections=32), x, y + inboard),
        "caliper": caliper,
    }


def concat(meshes: list[trimesh.Trimesh]) -> trimesh.Trimesh:
    return trimesh.util.concatenate(meshes)
