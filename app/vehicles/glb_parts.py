"""Read a glTF/GLB file into named parts in the app frame.

Small on purpose: one Part per scene node that carries a mesh, with the node's
world transform applied, its slot taken from the name prefix (``<slot>.<detail>``)
and its normals and UVs kept. A fuller loader (manifests, slot guessing, textures)
builds on this.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh

from app.vehicles.model import Part, SourceMaterial
from app.vehicles.slots import Slot

#: glTF is Y up with the asset's front toward +Z; the app is Z up with the nose
#: toward +X and Y to the left. Rows map app axes to glTF axes: gltf = R @ app.
GLTF_FROM_APP = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])


def slot_from_name(name: str) -> Slot | None:
    """The slot named by the part name's prefix, or None when it names none."""
    try:
        return Slot(name.split(".")[0])
    except ValueError:
        return None


def read_named_parts(path: Path | str) -> list[Part]:
    """Parts of the file at ``path``, in node order, converted to the app frame."""
    scene = trimesh.load(str(path), force="scene", process=False)
    to_app = np.eye(4)
    to_app[:3, :3] = GLTF_FROM_APP.T
    parts = []
    for node in scene.graph.nodes_geometry:
        world, geom_name = scene.graph[node]
        mesh = scene.geometry[geom_name]
        if not isinstance(mesh, trimesh.Trimesh):
            continue
        m = to_app @ world
        lin = m[:3, :3]
        verts = mesh.vertices @ lin.T + m[:3, 3]
        normals = mesh.vertex_normals @ np.linalg.inv(lin)
        normals /= np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
        faces = mesh.faces if np.linalg.det(lin) > 0 else mesh.faces[:, ::-1]
        uv = getattr(mesh.visual, "uv", None)
        slot = slot_from_name(node)
        parts.append(
            Part(
                name=node,
                vertices=verts.astype(np.float32),
                faces=np.ascontiguousarray(faces, dtype=np.int32),
                slot=slot,
                normals=normals.astype(np.float32),
                uvs=None if uv is None else np.asarray(uv, dtype=np.float32),
                material=_material(mesh, node),
                slot_source="name" if slot is not None else "",
            )
        )
    return parts


def _material(mesh: trimesh.Trimesh, name: str) -> SourceMaterial:
    """The PBR factors of the mesh's material, when it has one."""
    mat = getattr(mesh.visual, "material", None)
    if mat is None or not hasattr(mat, "baseColorFactor"):
        return SourceMaterial(name=name)
    base = mat.baseColorFactor
    colour = (0.7, 0.7, 0.7, 1.0) if base is None else tuple(float(c) / 255 for c in base)
    return SourceMaterial(
        name=str(mat.name or name),
        base_color=colour,  # type: ignore[arg-type]
        metallic=float(1.0 if mat.metallicFactor is None else mat.metallicFactor),
        roughness=float(1.0 if mat.roughnessFactor is None else mat.roughnessFactor),
    )
