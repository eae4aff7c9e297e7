"""OBJ (with MTL), STL, PLY and OFF through trimesh.

These formats carry no frame and no units; frame.py guesses both. OBJ keeps its object
and group names (``o``/``g``) and MTL materials: a part is one object with one material,
named ``Object`` or ``Object/Material`` when the object uses several.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np

from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.raw import RawPart, RawScene, TreeNode, apply_linear, unique_name
from livery.vehicles.model import SourceMaterial

FORMATS = {".obj": "OBJ", ".stl": "STL", ".ply": "PLY", ".off": "OFF"}


def _material(visual, warnings: list[str]) -> SourceMaterial:  # type: ignore[no-untyped-def]
    """A SourceMaterial from a trimesh visual (MTL material or vertex/face colours)."""
    from trimesh.visual.material import PBRMaterial, SimpleMaterial

    if visual is None:
        return SourceMaterial()
    kind = getattr(visual, "kind", None)
    if kind in ("vertex", "face"):
        colors = visual.vertex_colors if kind == "vertex" else visual.face_colors
        mean = np.asarray(colors, dtype=float).reshape(-1, 4).mean(axis=0) / 255.0
        return SourceMaterial(name="", base_color=tuple(float(c) for c in mean))  # type: ignore[arg-type]
    mat = getattr(visual, "material", None)
    if isinstance(mat, SimpleMaterial):
        diffuse = np.asarray(mat.diffuse, dtype=float) / 255.0
        gloss = float(getattr(mat, "glossiness", None) or 0.0)  # MTL Ns, 0..1000
        roughness = float(np.clip(np.sqrt(2.0 / (gloss + 2.0)), 0.05, 1.0)) if gloss else 0.6
        return SourceMaterial(
            name=str(mat.name or ""),
            base_color=tuple(float(c) for c in diffuse[:4]),  # type: ignore[arg-type]
            roughness=roughness,
            base_color_texture=_image(mat.image),
        )
    if isinstance(mat, PBRMaterial):
        base = (
            np.asarray(
                mat.baseColorFactor if mat.baseColorFactor is not None else [255, 255, 255, 255],
                dtype=float,
            )
            / 255.0
        )
        return SourceMaterial(
            name=str(mat.name or ""),
            base_color=tuple(float(c) for c in base[:4]),  # type: ignore[arg-type]
            metallic=float(mat.metallicFactor if mat.metallicFactor is not None else 0.0),
            roughness=float(mat.roughnessFactor if mat.roughnessFactor is not None else 0.6),
            base_color_texture=_image(mat.baseColorTexture),
        )
    return SourceMaterial()


def _image(image) -> np.ndarray | None:  # type: ignore[no-untyped-def]
    if image is None:
        return None
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return np.asarray(image, dtype=np.uint8).copy()


def _missing_textures(path: Path, warnings: list[str]) -> None:
    """trimesh skips MTL textures it cannot find without a word: say which ones."""
    text = path.read_text(errors="replace")
    for mtllib in re.findall(r"^\s*mtllib\s+(.+?)\s*$", text, flags=re.M):
        mtl = path.parent / mtllib
        if not mtl.is_file():
            warnings.append(f"the material library {mtllib!r} is missing (looked for {mtl})")
            continue
        for tex in re.findall(
            r"^\s*map_\w+\s+(?:-\S+\s+\S+\s+)*(.+?)\s*$",
            mtl.read_text(errors="replace"),
            flags=re.M,
        ):
            if not (mtl.parent / tex).is_file():
                warnings.append(
                    f"the texture file {tex!r} named in {mtllib} is missing "
                    f"(looked for {mtl.parent / tex})"
                )


def read_mesh_file(path: Path, *, strict: bool = True) -> RawScene:
    """Read an OBJ, STL, PLY or OFF file into a RawScene in the file's own units and axes."""
    import trimesh

    fmt = FORMATS[path.suffix.lower()]
    try:
        size = path.stat().st_size
    except OSError as e:
        raise VehicleLoadError(path, f"cannot read the file: {e.strerror or e}") from None
    if size == 0:
        raise VehicleLoadError(path, "the file is empty")
    warnings: list[str] = []
    if fmt == "OBJ":
        _missing_textures(path, warnings)
        if warnings and strict:
            raise VehicleLoadError(path, warnings[0])
    kwargs = {"split_objects": True, "split_groups": True} if fmt == "OBJ" else {}
    logging.getLogger("trimesh").setLevel(logging.ERROR)
    try:
        scene = trimesh.load_scene(str(path), file_type=path.suffix.lower()[1:], **kwargs)
    except Exception as e:  # trimesh raises many types for broken input
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise VehicleLoadError(
            path, f"cannot read as {fmt} (corrupt or not a mesh): {detail}"
        ) from None
    entries = []
    for node in scene.graph.nodes_geometry:
        transform, geom_name = scene.graph[node]
        geom = scene.geometry[geom_name]
        faces = getattr(geom, "faces", None)
        if faces is None or len(faces) == 0:
            continue  # point clouds and lines have no surface
        material = _material(getattr(geom, "visual", None), warnings)
        obj, mat = str(node), material.name
        if fmt != "OBJ":
            obj = path.stem
        elif mat and obj.endswith("_" + mat):  # trimesh names split objects "<object>_<mtl>"
            obj = obj[: -len(mat) - 1] or mat
        entries.append((obj, mat, transform, geom_name, geom, material))
    per_object: dict[str, int] = {}
    for obj, *_ in entries:
        per_object[obj] = per_object.get(obj, 0) + 1
    parts: list[RawPart] = []
    tree: list[TreeNode] = []
    taken: set[str] = set()
    objects: dict[str, TreeNode] = {}
    for obj, mat, transform, geom_name, geom, material in entries:
        name = f"{obj}/{mat or geom_name}" if per_object[obj] > 1 else obj
        if obj not in objects:
            objects[obj] = TreeNode(obj, 0)
            tree.append(objects[obj])
        vertices = np.asarray(geom.vertices, dtype=np.float64)
        if not np.allclose(transform, np.eye(4)):
            vertices = apply_linear(vertices, transform[:3, :3]) + transform[:3, 3]
        uv = getattr(geom.visual, "uv", None) if hasattr(geom, "visual") else None
        normals = None
        if "vertex_normals" in geom._cache.cache:  # only when the file had them
            normals = np.asarray(geom.vertex_normals, dtype=np.float32)
        part = RawPart(
            name=unique_name(name, taken),
            path=name,
            vertices=vertices,
            faces=np.asarray(geom.faces, dtype=np.int32),
            normals=normals,
            uvs=None if uv is None or len(uv) != len(vertices) else np.asarray(uv, np.float32),
            material=material,
            mesh_name=str(geom_name),
        )
        objects[obj].parts.append(part.name)
        parts.append(part)
    return RawScene(parts=parts, tree=tree, format=fmt, warnings=warnings)
