"""A configured car as GLB: the catalog's finishes as glTF PBR materials on a vehicle.

Finishes map to core metallic-roughness plus ``KHR_materials_clearcoat``,
``KHR_materials_sheen`` and ``KHR_materials_emissive_strength``; optionally every option
of some groups is written as ``KHR_materials_variants`` so a web viewer (model-viewer
and the like) can switch them. The catalog and the vehicles know nothing of each other;
this module, above both, brings a build and a vehicle model together (``livery
export`` uses it). Plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livery.catalog import Build, Catalog, Family, Finish
from livery.fileio import write_atomic
from livery.slots import Slot
from livery.vehicles.glb import GlbWriter, source_material
from livery.vehicles.model import VehicleModel


@dataclass(frozen=True)
class Variant:
    """One switchable look: a name and the finishes it gives some slots (None hides)."""

    name: str
    finishes: Mapping[Slot, Finish | None]


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


def variants_for(catalog: Catalog, build: Build, groups: Sequence[str]) -> list[Variant]:
    """One variant per option offered on the build's vehicle, for each group in turn.

    An unknown group raises the catalog's KeyError (its message lists the valid ones).
    """
    out = []
    for group_id in groups:
        group = catalog.group(group_id)
        for option in catalog.options_for(build.vehicle.id, group_id):
            finishes = {slot: option.finishes.get(slot) for slot in group.slots}
            out.append(Variant(f"{group.name.en}: {option.name.en}", finishes))
    return out


def export_glb(
    model: VehicleModel,
    finishes: Mapping[Slot, Finish | None],
    path: Path,
    variants: Sequence[Variant] = (),
) -> None:
    """Write ``model`` dressed in ``finishes`` (slot -> finish, None = hidden) to ``path``.

    Parts without a slot keep their own material.
    """
    w = GlbWriter([v.name for v in variants])
    for part in model.parts:
        if part.slot is None:
            w.part(part, w.material(source_material(part)))
            continue
        material = w.material(finish_material(part.slot.value, finishes.get(part.slot)))
        mappings: dict[int, list[int]] = {}
        for index, variant in enumerate(variants):
            if part.slot in variant.finishes:
                name = f"{part.slot.value}: {variant.name}"
                m = w.material(finish_material(name, variant.finishes[part.slot]))
                mappings.setdefault(m, []).append(index)
        w.part(part, material, mappings)
    write_atomic(path, w.glb())
