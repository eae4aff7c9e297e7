"""OBJ (with MTL), STL, PLY and OFF through trimesh.

These formats carry no frame and no units; frame.py guesses both. OBJ keeps its object
and group names (``o``/``g``) and MTL materials: a part is one object with one material,
named ``Object`` or ``Object/Material`` when the object uses several.

Hostile input: the file is read once, capped (``MAX_FILE_BYTES``), and handed to trimesh
as bytes; material libraries and textures come through ``_FolderResolver``, which reads
only regular files inside the file's folder; PLY and OFF counts are checked against the
bytes present before trimesh allocates; faces with NaN or infinite vertices are dropped
and counted in a warning.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import numpy as np
from trimesh.resolvers import FilePathResolver

from livery.fileio import InputFileError, inside_folder, present, read_capped
from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.gltf import MAX_FILE_BYTES, MAX_TEXTURE_PIXELS, MAX_TEXTURE_SIDE
from livery.vehicles.loaders.raw import RawPart, RawScene, TreeNode, apply_linear, unique_name
from livery.vehicles.model import SourceMaterial

FORMATS = {".obj": "OBJ", ".stl": "STL", ".ply": "PLY", ".off": "OFF"}
#: The most corners one OBJ polygon may have (a fan of 20,000 triangles round one vertex
#: stalls the normals filter); real models stay far below.
MAX_POLYGON_SIDES = 1024
#: An MTL file (text) is read up to this size.
MAX_MTL_BYTES = 16 << 20


class _FolderResolver(FilePathResolver):
    """trimesh's resolver held to the vehicle file's folder: capped regular files only.

    Refusals are not errors here (trimesh would swallow them): ``_check_references``
    has already told the user which reference was refused and why.
    """

    def get(self, name: str) -> bytes:
        try:
            file = inside_folder(self.parent, name.strip(), owner=self.file_path)
            return read_capped(file, MAX_FILE_BYTES, what="material or texture file")
        except InputFileError as e:
            raise FileNotFoundError(e.problem) from None


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
    w, h = image.size
    if max(w, h) > MAX_TEXTURE_SIDE or w * h > MAX_TEXTURE_PIXELS:
        return None  # _check_references has said so
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return np.asarray(image, dtype=np.uint8).copy()


def _check_references(path: Path, text: str, missing: list[str], refused: list[str]) -> None:
    """trimesh skips MTL files and textures it cannot find without a word: say which are
    ``missing``; and which are ``refused`` (outside the file's folder, not a regular file,
    too large), which are never read."""
    for mtllib in re.findall(r"^\s*mtllib\s+(.+?)\s*$", text, flags=re.M):
        try:
            mtl = inside_folder(path.parent, mtllib, owner=path)
        except InputFileError as e:
            refused.append(f"material library {e.problem}: refused, drawn untextured")
            continue
        if not present(mtl):
            missing.append(f"the material library {mtllib!r} is missing (looked for {mtl})")
            continue
        try:
            mtl_text = read_capped(mtl, MAX_MTL_BYTES, what="material library").decode(
                "utf-8", "replace"
            )
        except InputFileError as e:
            refused.append(f"material library {mtllib!r}: {e.problem}; drawn untextured")
            continue
        for tex in re.findall(r"^\s*map_\w+\s+(?:-\S+\s+\S+\s+)*(.+?)\s*$", mtl_text, flags=re.M):
            try:
                file = inside_folder(mtl.parent, tex, owner=mtl)
            except InputFileError as e:
                refused.append(f"texture in {mtllib} {e.problem}: refused, drawn untextured")
                continue
            if not present(file):
                missing.append(
                    f"the texture file {tex!r} named in {mtllib} is missing (looked for {file})"
                )
                continue
            try:
                _texture_size(file)
            except InputFileError as e:
                refused.append(f"texture {tex!r} named in {mtllib}: {e.problem}; drawn untextured")


def _texture_size(file: Path) -> None:
    """Refuse a texture that is not a capped regular file or declares too many pixels."""
    from PIL import Image

    data = read_capped(file, MAX_FILE_BYTES, what="texture")
    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
    except Exception:  # undecodable: trimesh skips it, as before
        return
    if max(w, h) > MAX_TEXTURE_SIDE or w * h > MAX_TEXTURE_PIXELS:
        raise InputFileError(
            file,
            f"is {w}x{h} pixels; textures may be at most {MAX_TEXTURE_SIDE} a side "
            f"and {MAX_TEXTURE_PIXELS:,} pixels",
        )


def _check_polygons(path: Path, data: bytes) -> None:
    """Refuse an OBJ polygon with more than MAX_POLYGON_SIDES corners (only long lines
    can have that many, so the scan is cheap)."""
    for m in re.finditer(rb"^[ \t]*f[ \t]([^\n]{%d,})" % (2 * MAX_POLYGON_SIDES), data, re.M):
        sides = len(m.group(1).split())
        if sides > MAX_POLYGON_SIDES:
            line = data.count(b"\n", 0, m.start()) + 1
            raise VehicleLoadError(
                path,
                f"line {line}: a polygon of {sides:,} corners; at most {MAX_POLYGON_SIDES} "
                "are read",
            )


_PLY_SIZES = {
    "char": 1, "uchar": 1, "int8": 1, "uint8": 1, "short": 2, "ushort": 2, "int16": 2,
    "uint16": 2, "int": 4, "uint": 4, "int32": 4, "uint32": 4, "float": 4, "float32": 4,
    "double": 8, "float64": 8,
}  # fmt: skip


def declared_counts(fmt: str, data: bytes) -> dict[str, int]:
    """The element counts a PLY or OFF header declares, checked against the bytes present
    (VehicleLoadError's problem as ValueError): a header cannot make the reader allocate
    more than the file holds."""
    if fmt == "OFF":
        words = re.sub(rb"#[^\n]*", b"", data[:4096]).split()
        if not words or not words[0].endswith(b"OFF"):
            return {}
        words = words[1:] if words[0] != b"OFF" or len(words) < 3 else words[1:]
        try:
            nv, nf = int(words[0]), int(words[1])
        except (IndexError, ValueError):
            raise ValueError("the OFF header has no vertex and face counts") from None
        if nv < 0 or nf < 0 or 6 * nv + 8 * nf > len(data):
            raise ValueError(
                f"the OFF header declares {nv:,} vertices and {nf:,} faces, more than the "
                f"{len(data):,} bytes of the file can hold"
            )
        return {"vertex": nv, "face": nf}
    if fmt != "PLY":
        return {}
    end = data.find(b"end_header")
    if not data.startswith(b"ply") or end < 0:
        return {}
    lines = data[:end].decode("ascii", "replace").splitlines()
    binary = any(ln.startswith("format binary") for ln in lines)
    counts: dict[str, int] = {}
    need, element = 0, None
    sizes: dict[str, int] = {}
    for ln in lines:
        w = ln.split()
        if w[:1] == ["element"] and len(w) == 3:
            try:
                element, counts[w[1]] = w[1], int(w[2])
            except ValueError:
                raise ValueError(f"the PLY header has a bad count {w[2][:20]!r}") from None
            if counts[w[1]] < 0:
                raise ValueError(f"the PLY header has a negative count {w[2]}")
            sizes[w[1]] = 0
        elif w[:1] == ["property"] and element is not None and len(w) >= 3:
            # a list costs at least its length field; ASCII at least 2 bytes a value
            size = _PLY_SIZES.get(w[2] if w[1] == "list" else w[1], 1)
            sizes[element] += size if binary else 2
    need = sum(counts[e] * max(sizes[e], 1) for e in counts)
    body = len(data) - end - len("end_header")
    if need > body + 1:
        listed = ", ".join(f"{n:,} {e}" for e, n in counts.items())
        raise ValueError(
            f"the PLY header declares {listed}, more than the {body:,} bytes after it can hold"
        )
    return counts


def read_mesh_file(path: Path, *, strict: bool = True) -> RawScene:
    """Read an OBJ, STL, PLY or OFF file into a RawScene in the file's own units and axes."""
    import trimesh

    fmt = FORMATS[path.suffix.lower()]
    try:
        data = read_capped(path, MAX_FILE_BYTES, what=f"{fmt} file")
    except InputFileError as e:
        raise VehicleLoadError(path, e.problem) from None
    if not data:
        raise VehicleLoadError(path, "the file is empty")
    warnings: list[str] = []
    try:
        declared = declared_counts(fmt, data)
    except ValueError as e:
        raise VehicleLoadError(path, str(e)) from None
    if fmt == "OBJ":
        _check_polygons(path, data)
        missing: list[str] = []
        _check_references(path, data.decode("utf-8", "replace"), missing, warnings)
        if missing and strict:
            raise VehicleLoadError(path, missing[0])
        warnings += missing
    kwargs = {"split_objects": True, "split_groups": True} if fmt == "OBJ" else {}
    logging.getLogger("trimesh").setLevel(logging.ERROR)
    try:
        scene = trimesh.load_scene(
            io.BytesIO(data),
            file_type=path.suffix.lower()[1:],
            resolver=_FolderResolver(str(path)),
            process=False,  # processed below, once the garbage it would drop is counted
            **kwargs,
        )
    except Exception as e:  # trimesh raises many types for broken input
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise VehicleLoadError(
            path, f"cannot read as {fmt} (corrupt or not a mesh): {detail}"
        ) from None
    _check_declared(path, scene, declared)
    bad_faces = bad_indices = 0
    for geom in scene.geometry.values():
        faces = getattr(geom, "faces", None)
        if faces is not None and len(faces):
            if geom.vertices.ndim != 2 or geom.vertices.shape[1] != 3:
                raise VehicleLoadError(path, "the vertices are not 3-D points (corrupt file)")
            in_range = ((faces >= 0) & (faces < len(geom.vertices))).all(axis=1)
            if not in_range.all():
                bad_indices += int((~in_range).sum())
                geom.update_faces(in_range)
            finite = np.isfinite(geom.vertices).all(axis=1)
            bad_faces += int((~finite[geom.faces].all(axis=1)).sum())
            geom.process()  # what process=True would have done: drops those faces too
    if bad_indices:
        warnings.append(f"{bad_indices:,} faces with vertex numbers out of range skipped")
    if bad_faces:
        warnings.append(f"{bad_faces:,} faces with non-finite vertices skipped")
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


def _check_declared(path: Path, scene, declared: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """A PLY or OFF file that holds fewer vertices or faces than its header says is
    truncated or lies: refuse it rather than draw what happens to be there."""
    if not declared:
        return
    geoms = [g for g in scene.geometry.values() if hasattr(g, "vertices")]
    vertices = sum(len(g.vertices) for g in geoms)
    faces = sum(len(getattr(g, "faces", None) if g.faces is not None else ()) for g in geoms)
    nv, nf = declared.get("vertex", 0), declared.get("face", 0)
    if vertices < nv or faces < nf:
        raise VehicleLoadError(
            path,
            f"the header declares {nv:,} vertices and {nf:,} faces, the file holds {vertices:,} "
            f"and {faces:,} (truncated or corrupt)",
        )
