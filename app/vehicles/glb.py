"""Writing a VehicleModel as GLB (binary glTF 2.0); the one place that packs the container.

Each part becomes a node named after the part, carrying its slot in
``extras.livery_slot`` so that re-importing gives the same parts and slots. What
material a part gets is the caller's choice (a glTF material dict): the stand-in
generator writes each part's own ``SourceMaterial``; ``livery.glb_export`` writes the
catalog's finishes and their variants. Coordinates go to glTF's frame through
``GLTF_FROM_APP`` and UVs back to glTF's top-left origin (see livery.vehicles.model and
the reader, livery.vehicles.loaders.gltf).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

from livery.fileio import write_atomic
from livery.srgb import srgb_to_linear
from livery.vehicles.model import GLTF_FROM_APP, Part, SourceMaterial, VehicleModel

GLB_MAGIC = b"glTF"
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942

_FLOAT, _UINT = 5126, 5125
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963


def pack_glb(doc: dict[str, Any], blob: bytes | bytearray) -> bytes:
    """The GLB container: header, JSON chunk (space-padded), BIN chunk (zero-padded).

    ``doc["buffers"]`` is the caller's: buffer 0 is this BIN chunk.
    """
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 4)
    data = bytes(blob) + b"\0" * (-len(blob) % 4)
    return (
        struct.pack("<4sII", GLB_MAGIC, 2, 12 + 8 + len(text) + 8 + len(data))
        + struct.pack("<II", len(text), CHUNK_JSON)
        + text
        + struct.pack("<II", len(data), CHUNK_BIN)
        + data
    )


def source_material(part: Part) -> dict[str, Any]:
    """A glTF material for the part's own material (factors only, no textures)."""
    m: SourceMaterial = part.material
    rgb = srgb_to_linear(np.asarray(m.base_color[:3], dtype=np.float64))
    mat: dict[str, Any] = {
        "name": m.name or part.name,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*(float(x) for x in rgb), m.base_color[3]],
            "metallicFactor": m.metallic,
            "roughnessFactor": m.roughness,
        },
    }
    if any(m.emissive):
        mat["emissiveFactor"] = list(m.emissive)
    if m.base_color[3] < 1.0:
        mat["alphaMode"] = "BLEND"
    if m.double_sided:
        mat["doubleSided"] = True
    return mat


def _to_gltf_frame(v: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(v @ GLTF_FROM_APP.T, dtype=np.float32)


class GlbWriter:
    """Accumulates buffer views, accessors, materials (deduplicated) and one node a part."""

    def __init__(self, variants: list[str] | None = None) -> None:
        """``variants``: names of the KHR_materials_variants that ``part`` may map."""
        self.blob = bytearray()
        self.doc: dict[str, Any] = {
            "asset": {"version": "2.0", "generator": "Livery Studio"},
            "scene": 0,
            "scenes": [{"name": "vehicle", "nodes": []}],
            "nodes": [],
            "meshes": [],
            "materials": [],
            "accessors": [],
            "bufferViews": [],
            "buffers": [],
        }
        self._materials: dict[str, int] = {}
        self.extensions: set[str] = set()
        if variants:
            self.doc["extensions"] = {
                "KHR_materials_variants": {"variants": [{"name": v} for v in variants]}
            }
            self.extensions.add("KHR_materials_variants")

    def accessor(self, data: np.ndarray, target: int, with_bounds: bool = False) -> int:
        while len(self.blob) % 4:
            self.blob.append(0)
        offset = len(self.blob)
        self.blob += data.tobytes()
        self.doc["bufferViews"].append(
            {"buffer": 0, "byteOffset": offset, "byteLength": data.nbytes, "target": target}
        )
        flat = data.ndim == 1
        acc: dict[str, Any] = {
            "bufferView": len(self.doc["bufferViews"]) - 1,
            "componentType": _UINT if data.dtype == np.uint32 else _FLOAT,
            "count": int(data.shape[0]),
            "type": "SCALAR" if flat else f"VEC{data.shape[1]}",
        }
        if with_bounds:
            acc["min"] = [float(x) for x in data.min(axis=0)]
            acc["max"] = [float(x) for x in data.max(axis=0)]
        self.doc["accessors"].append(acc)
        return len(self.doc["accessors"]) - 1

    def material(self, mat: dict[str, Any]) -> int:
        """The index of ``mat``, added unless an equal material is there already."""
        key = json.dumps(mat, sort_keys=True)
        if key not in self._materials:
            self._materials[key] = len(self.doc["materials"])
            self.doc["materials"].append(mat)
            self.extensions.update(mat.get("extensions", {}))
        return self._materials[key]

    def part(self, part: Part, material: int, variants: dict[int, list[int]] | None = None) -> None:
        """Add ``part`` as a mesh and a node; ``variants`` maps a material to variant indices."""
        attributes = {"POSITION": self.accessor(_to_gltf_frame(part.vertices), _ARRAY_BUFFER, True)}
        if part.normals is not None:
            attributes["NORMAL"] = self.accessor(_to_gltf_frame(part.normals), _ARRAY_BUFFER)
        if part.uvs is not None:
            uvs = np.column_stack([part.uvs[:, 0], 1.0 - part.uvs[:, 1]]).astype(np.float32)
            attributes["TEXCOORD_0"] = self.accessor(uvs, _ARRAY_BUFFER)
        indices = self.accessor(
            np.ascontiguousarray(part.faces, dtype=np.uint32).ravel(), _ELEMENT_ARRAY_BUFFER
        )
        primitive: dict[str, Any] = {
            "attributes": attributes,
            "indices": indices,
            "material": material,
        }
        if variants:
            mappings = [{"material": m, "variants": v} for m, v in variants.items()]
            primitive["extensions"] = {"KHR_materials_variants": {"mappings": mappings}}
        self.doc["meshes"].append({"name": part.name, "primitives": [primitive]})
        node: dict[str, Any] = {"name": part.name, "mesh": len(self.doc["meshes"]) - 1}
        if part.slot is not None:
            node["extras"] = {"livery_slot": part.slot.value}
        self.doc["nodes"].append(node)
        self.doc["scenes"][0]["nodes"].append(len(self.doc["nodes"]) - 1)

    def glb(self) -> bytes:
        self.doc["buffers"] = [{"byteLength": len(self.blob) + (-len(self.blob) % 4)}]
        if self.extensions:
            self.doc["extensionsUsed"] = sorted(self.extensions)
        return pack_glb(self.doc, self.blob)


def write_glb(model: VehicleModel, path: Path) -> None:
    """Write ``model`` with each part in its own material (the stand-in generator's output)."""
    w = GlbWriter()
    for part in model.parts:
        w.part(part, w.material(source_material(part)))
    write_atomic(path, w.glb())
