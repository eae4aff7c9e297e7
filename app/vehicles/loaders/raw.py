"""What a format reader hands to the common pipeline: parts in the file's own frame."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from livery.vehicles.model import SourceMaterial


@dataclass
class RawPart:
    """One mesh (a glTF primitive, an OBJ object/material group, a whole STL) in file units."""

    name: str  # unique within the file
    path: str  # node path from the root, "parent/child" (== name for flat formats)
    vertices: np.ndarray  # (n, 3) float64, world transform applied
    faces: np.ndarray  # (m, 3) int32
    normals: np.ndarray | None = None  # (n, 3) float32
    uvs: np.ndarray | None = None  # (n, 2) float32
    material: SourceMaterial = field(default_factory=SourceMaterial)
    mesh_name: str = ""
    #: A slot the file itself names for this part (glTF node ``extras.livery_slot``,
    #: as Livery Studio's own exports write), trusted before any name rule.
    slot_hint: str | None = None


@dataclass
class TreeNode:
    """A node of the file's hierarchy, for ``livery inspect``."""

    name: str
    depth: int
    parts: list[str] = field(default_factory=list)  # names of the RawParts this node holds


@dataclass
class RawScene:
    parts: list[RawPart]
    tree: list[TreeNode]  # depth-first order
    #: What the format says about its frame: up axis ("y", "z" or None for unknown),
    #: forward axis ("+z" for glTF, None for unknown), unit scale to metres (None: unknown).
    up: str | None = None
    forward: str | None = None
    unit: float | None = None
    format: str = ""
    warnings: list[str] = field(default_factory=list)


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name.1``, ``name.2``... whichever is not taken yet; records it."""
    out, i = name, 1
    while out in taken:
        out = f"{name}.{i}"
        i += 1
    taken.add(out)
    return out


def apply_linear(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Rows of ``v`` mapped by the matrix ``m`` (``v @ m.T``), without BLAS.

    einsum is ~10x faster than ``@`` for (n, 3) x (3, 3) on some OpenBLAS builds.
    """
    return np.einsum("ij,kj->ik", v, m)
