"""Write a configured vehicle as GLB with glTF PBR materials.

Each part becomes a node named after the part, carrying its slot in
``extras.livery_slot`` so that re-importing gives the same parts and slots. Finishes
map to core metallic-roughness plus ``KHR_materials_clearcoat``,
``KHR_materials_sheen``, ``KHR_materials_emissive_strength``; optionally every
option of some groups is written as ``KHR_materials_variants`` so a web viewer
(model-viewer and the like) can switch them.

Coordinates go to glTF's frame through ``GLTF_FROM_APP`` (see livery.vehicles.model).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from livery.catalog.finish import Family, Finish
from livery.vehicles.model import GLTF_FROM_APP, Part, SourceMaterial, VehicleModel
from livery.vehicles.slots import Slot

_FLOAT, _UINT = 5126, 5125
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963


@dataclass(frozen=True)
class Variant:
    """One switchable look: a name and the finishes it gives some slots (None hides)."""

    name: str
    finishes: Mapping[Slot, Finish | None]


def _to_gltf_frame(v: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(v @ GLTF_FROM_APP.T, dtype=np.float32)


def finish_material(name: str, finish: Finish | None) -> dict[str, Any]:
    """A glTF material for a finish; None gives an invisible material (hidden slot)."""
    if finish is None:
        return {
            "name": name,
            "alphaMode": "BLEND",
            "pbrMetallicRoughness": {"baseColorFactor": [0, 0, 0, 0]},
        }
    rgb = list(finish.color.linear)
    mat: dict[str, Any] = {
        "name": name,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*rgb, finish.opacity],
            "metallicFactor": finish.metallic,
            "roughnessFactor": finish.roughness,
        },
    }
    ext: dict[str, Any] = {}
    if finish.opacity < 1.0:
        mat["alphaMode"] = "BLEND"
    if finish.coat > 0:
        ext["KHR_materials_clearcoat"] = {
            "clearcoatFactor": finish.coat,
            "clearcoatRoughnessFactor": finish.coat_roughness,
        }
    if finish.sheen > 0:
        ext["KHR_materials_sheen"] = {
            "sheenColorFactor": [finish.sheen * c for c in rgb],
            "sheenRoughnessFactor": 0.5,
        }
    if finish.family is Family.LIGHT and finish.emission > 0:
        mat["emissiveFactor"] = rgb
        if finish.emission != 1.0:
            ext["KHR_materials_emissive_strength"] = {"emissiveStrength": finish.emission}
    if ext:
        mat["extensions"] = ext
    return mat


def source_material(name: str, m: SourceMaterial) -> dict[str, Any]:
    mat: dict[str, Any] = {
        "name": m.name or name,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*(float(x) for x in _linear(m.base_color[:3])), m.base_color[3]],
            "metallicFactor": m.metallic,
            "roughnessFactor": m.roughness,
        },
    }
    if any(m.emissive):
        mat["emissiveFactor"] = list(m.emissive)
    if m.base_color[3] < 1.0:
        mat["alphaMode"] = "BLEND"
    return mat


def _linear(srgb: Sequence[float]) -> np.ndarray:
    from livery.catalog.color import srgb_to_linear

    return srgb_to_linear(np.asarray(srgb, dtype=np.float64))


class _Writer:
    """Accumulates buffer views, accessors, materials (deduplicated) and meshes."""

    def __init__(self) -> None:
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
        key = json.dumps(mat, sort_keys=True)
        if key not in self._materials:
            self._materials[key] = len(self.doc["materials"])
            self.doc["materials"].append(mat)
            self.extensions.update(mat.get("extensions", {}))
        return self._materials[key]

    def part(self, part: Part, material: int, variant_mappings: list[dict[str, Any]]) -> None:
        attributes = {"POSITION": self.accessor(_to_gltf_frame(part.vertices), _ARRAY_BUFFER, True)}
        if part.normals is not None:
            attributes["NORMAL"] = self.accessor(_to_gltf_frame(part.normals), _ARRAY_BUFFER)
        if part.uvs is not None:
            attributes["TEXCOORD_0"] = self.accessor(
                np.ascontiguousarray(part.uvs, dtype=np.float32), _ARRAY_BUFFER
            )
        indices = self.accessor(
            np.ascontiguousarray(part.faces, dtype=np.uint32).ravel(), _ELEMENT_ARRAY_BUFFER
        )
        primitive: dict[str, Any] = {
            "attributes": attributes,
            "indices": indices,
            "material": material,
        }
        if variant_mappings:
            primitive["extensions"] = {"KHR_materials_variants": {"mappings": variant_mappings}}
        self.doc["meshes"].append({"name": part.name, "primitives": [primitive]})
        node: dict[str, Any] = {"name": part.name, "mesh": len(self.doc["meshes"]) - 1}
        if part.slot is not None:
            node["extras"] = {"livery_slot": part.slot.value}
        self.doc["nodes"].append(node)
        self.doc["scenes"][0]["nodes"].append(len(self.doc["nodes"]) - 1)

    def glb(self) -> bytes:
        while len(self.blob) % 4:
            self.blob.append(0)
        self.doc["buffers"] = [{"byteLength": len(self.blob)}]
        if self.extensions:
            self.doc["extensionsUsed"] = sorted(self.extensions)
        text = json.dumps(self.doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        text += b" " * (-len(text) % 4)
        header = struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(text) + 8 + len(self.blob))
        return (
            header
            + struct.pack("<II", len(text), 0x4E4F534A)
            + text
            + struct.pack("<II", len(self.blob), 0x004E4942)
            + bytes(self.blob)
        )


def export_glb(
    model: VehicleModel,
    finishes: Mapping[Slot, Finish | None],
    path: Path,
    variants: Sequence[Variant] = (),
) -> None:
    """Write ``model`` dressed in ``finishes`` (slot -> finish, None = hidden) to ``path``."""
    w = _Writer()
    if variants:
        w.doc["extensions"] = {
            "KHR_materials_variants": {"variants": [{"name": v.name} for v in variants]}
        }
        w.extensions.add("KHR_materials_variants")
    for part in model.parts:
        if part.slot is None:
            material = w.material(source_material(part.name, part.material))
        else:
            material = w.material(finish_material(part.slot.value, finishes.get(part.slot)))
        mappings: dict[int, list[int]] = {}
        for index, variant in enumerate(variants):
            if part.slot is not None and part.slot in variant.finishes:
                m = w.material(
                    finish_material(
                        f"{part.slot.value}: {variant.name}", variant.finishes[part.slot]
                    )
                )
                mappings.setdefault(m, []).append(index)
        w.part(part, material, [{"material": m, "variants": v} for m, v in mappings.items()])
    path.write_bytes(w.glb())
