"""The in-memory vehicle: named triangle-mesh parts, each mapped to a slot.

Frame convention (every loader normalises to it): metres, Z up, X forward (the
nose points to +X), Y to the car's left; the car stands on the floor (min z = 0)
and is centred on the origin in X and Y.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from livery.slots import Slot

#: glTF is Y up with the asset's front toward +Z; ours is Z up, nose +X, Y to the left.
#: Rows map our axes to glTF's (gltf = GLTF_FROM_APP @ ours): a rotation, handedness kept.
GLTF_FROM_APP = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])


def vertex_box(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) corners of (n, 3) points, float64; one column at a time, which numpy
    reduces far faster than ``v.min(axis=0)`` over millions of rows."""
    cols = range(v.shape[1])
    return (
        np.array([v[:, i].min() for i in cols], np.float64),
        np.array([v[:, i].max() for i in cols], np.float64),
    )


@dataclass(frozen=True)
class SourceMaterial:
    """The material a part brought from its file, used while it has no slot."""

    name: str = ""
    base_color: tuple[float, float, float, float] = (0.7, 0.7, 0.7, 1.0)  # sRGB + alpha
    metallic: float = 0.0
    roughness: float = 0.6
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    clearcoat: float = 0.0
    clearcoat_roughness: float = 0.0
    #: Base colour texture as an (h, w, 3|4) uint8 array, or None.
    base_color_texture: np.ndarray | None = field(default=None, repr=False, compare=False)
    # Optional extras read from real files (glTF); the defaults mean "absent".
    #: glTF metallic-roughness texture (B = metallic, G = roughness), (h, w, 3|4) uint8.
    metallic_roughness_texture: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: Tangent-space normal map, (h, w, 3|4) uint8, and its scale.
    normal_texture: np.ndarray | None = field(default=None, repr=False, compare=False)
    normal_scale: float = 1.0
    #: Ambient occlusion in the R channel, (h, w, 3|4) uint8, and its strength.
    occlusion_texture: np.ndarray | None = field(default=None, repr=False, compare=False)
    occlusion_strength: float = 1.0
    #: Emissive texture, (h, w, 3|4) uint8, multiplied by ``emissive``.
    emissive_texture: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: KHR_texture_transform of the base colour texture (None: identity).
    uv_transform: UVTransform | None = None
    #: Transforms of the other textures, keyed "metallic_roughness", "normal", "occlusion",
    #: "emissive" (a key is present only when the file gave one).
    texture_transforms: dict[str, UVTransform] = field(default_factory=dict, compare=False)
    transmission: float = 0.0  # KHR_materials_transmission
    alpha_mode: str = "OPAQUE"  # glTF: OPAQUE, MASK or BLEND
    double_sided: bool = False

    def texture_maps(self) -> list[str]:
        """The texture maps the file gave this material, in glTF's order."""
        maps = (
            ("base colour", self.base_color_texture),
            ("metallic-roughness", self.metallic_roughness_texture),
            ("normal", self.normal_texture),
            ("occlusion", self.occlusion_texture),
            ("emissive", self.emissive_texture),
        )
        return [name for name, image in maps if image is not None]


@dataclass(frozen=True)
class UVTransform:
    """A KHR_texture_transform: uv' = T(offset) * R(rotation) * S(scale) * uv."""

    offset: tuple[float, float] = (0.0, 0.0)
    rotation: float = 0.0  # radians, counter-clockwise in UV space
    scale: tuple[float, float] = (1.0, 1.0)
    tex_coord: int = 0  # which UV set the texture reads

    def matrix(self) -> np.ndarray:
        """The 3x3 matrix of the glTF extension, applied to column vectors (u, v, 1)."""
        c, s = np.cos(self.rotation), np.sin(self.rotation)
        t = np.array([[1, 0, self.offset[0]], [0, 1, self.offset[1]], [0, 0, 1]], dtype=float)
        r = np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]], dtype=float)
        sc = np.diag([self.scale[0], self.scale[1], 1.0])
        return t @ r @ sc

    def apply(self, uv: np.ndarray) -> np.ndarray:
        """Transformed copies of (n, 2) UVs."""
        m = self.matrix()
        return (np.einsum("ij,kj->ik", uv, m[:2, :2]) + m[:2, 2]).astype(np.float32)


@dataclass
class Part:
    """One named mesh of a vehicle."""

    name: str
    vertices: np.ndarray  # (n, 3) float32, metres
    faces: np.ndarray  # (m, 3) int32 triangle indices
    slot: Slot | None = None
    normals: np.ndarray | None = None  # (n, 3) float32, unit length
    uvs: np.ndarray | None = None  # (n, 2) float32
    material: SourceMaterial = field(default_factory=SourceMaterial)
    #: Where the slot came from: "manifest", "name", "geometry" or "" when unmapped.
    slot_source: str = ""

    @property
    def triangle_count(self) -> int:
        return int(len(self.faces))


@dataclass
class VehicleModel:
    """A vehicle ready for the stage: parts in the common frame."""

    id: str
    name: str
    parts: list[Part]
    source: Path | None = None

    def parts_for(self, slot: Slot) -> list[Part]:
        return [p for p in self.parts if p.slot == slot]

    def slots(self) -> set[Slot]:
        return {p.slot for p in self.parts if p.slot is not None}

    def unmapped(self) -> list[Part]:
        return [p for p in self.parts if p.slot is None]

    def __iter__(self) -> Iterator[Part]:
        return iter(self.parts)

    @property
    def triangle_count(self) -> int:
        return sum(p.triangle_count for p in self.parts)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Axis-aligned (min, max) corners over all parts."""
        boxes = [vertex_box(p.vertices) for p in self.parts]
        return np.min([b[0] for b in boxes], axis=0), np.max([b[1] for b in boxes], axis=0)
