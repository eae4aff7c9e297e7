"""One entry for every vehicle file: read, normalise the frame, map parts to slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livery.fileio import InputFileError, check_regular, present
from livery.slugs import slugify
from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.frame import FrameInfo, normalise
from livery.vehicles.loaders.manifest import Manifest, manifest_path, manifest_text, read_manifest
from livery.vehicles.loaders.mapping import (
    UNMAPPED,
    Assignment,
    map_by_geometry,
    map_by_name,
    split_atlases,
    split_wheels,
)
from livery.vehicles.loaders.raw import RawPart, RawScene, TreeNode
from livery.vehicles.model import Part, VehicleModel

GLTF_SUFFIXES = (".gltf", ".glb")
MESH_SUFFIXES = (".obj", ".stl", ".ply", ".off")
SUFFIXES = GLTF_SUFFIXES + MESH_SUFFIXES
#: Limits every format shares (README "Hostile input"): the parts one file may hold, and
#: the size in metres a vehicle may have once its frame and scale are settled.
MAX_PARTS = 5000
SIZE_RANGE = (0.05, 1000.0)


@dataclass
class LoadResult:
    """A loaded vehicle and how it was understood (what ``livery inspect`` prints)."""

    model: VehicleModel
    path: Path
    format: str
    frame: FrameInfo
    tree: list[TreeNode]
    raw_parts: list[RawPart]  # same order and names as model.parts (ground parts left out)
    mapping: dict[str, Assignment]  # part name -> slot, source and reason
    manifest: Path | None  # the manifest used, if any
    warnings: list[str] = field(default_factory=list)

    def manifest_text(self) -> str:
        """The mapping and frame as a manifest to edit."""
        return manifest_text(self.path, self.raw_parts, self.mapping, self.frame)


def _read_raw(path: Path, strict: bool) -> RawScene:
    suffix = path.suffix.lower()
    if suffix in GLTF_SUFFIXES:
        from livery.vehicles.loaders.gltf import read_gltf

        return read_gltf(path, strict=strict)
    if suffix in MESH_SUFFIXES:
        from livery.vehicles.loaders.meshes import read_mesh_file

        return read_mesh_file(path, strict=strict)
    raise VehicleLoadError(
        path,
        f"unsupported file type {path.suffix or '(none)'!r}; Livery Studio reads "
        + ", ".join(SUFFIXES),
    )


def read_vehicle_file(
    path: str | Path, *, strict: bool = True, manifest: bool | Path = True
) -> LoadResult:
    """Load ``path`` with its mapping report.

    ``strict``: a missing or undecodable texture is an error (else a warning in the result).
    ``manifest``: True reads the sidecar ``<file>.livery.toml`` if present, False ignores it,
    a Path reads that manifest.
    """
    path = Path(path)
    try:
        check_regular(path, 1 << 62, what="vehicle file")  # each reader caps the size
    except InputFileError as e:
        raise VehicleLoadError(path, e.problem) from None
    man: Manifest | None = None
    if manifest is True:
        sidecar = manifest_path(path)
        man = read_manifest(sidecar) if present(sidecar) else None
    elif isinstance(manifest, Path):
        man = read_manifest(manifest)
    scene = _read_raw(path, strict)
    if len(scene.parts) > MAX_PARTS:
        raise VehicleLoadError(
            path, f"the file has {len(scene.parts):,} meshes; at most {MAX_PARTS:,} are read"
        )
    if not scene.parts:
        raise VehicleLoadError(path, "the file has no triangle meshes (empty scene or not a mesh)")
    frame = normalise(path, scene, man.frame if man else None)
    lo, hi = SIZE_RANGE
    if not lo <= max(frame.size) <= hi:
        raise VehicleLoadError(
            path,
            f"absurd size: the model is {max(frame.size):.4g} m long at scale ×{frame.scale:g}; "
            f"a vehicle is {lo:g} to {hi:g} m",
        )
    mapping = _map(scene, man, set(frame.ground_parts))
    _leave_out_ground(scene, frame, mapping)
    warnings = list(scene.warnings)
    if man is not None:
        used = {a.reason for a in mapping.values()}
        used |= {m.reason for m in map(man.match, scene.parts) if m is not None}
        for slot, pattern in man.rules:
            if f"manifest pattern {pattern!r}" not in used:
                warnings.append(
                    f"{man.path.name}: pattern {pattern!r} "
                    f"({slot.value if slot else 'none'}) matches no part"
                )
    parts = [
        Part(
            name=p.name,
            vertices=p.vertices,
            faces=p.faces,
            slot=mapping[p.name].slot,
            normals=p.normals,
            uvs=p.uvs,
            material=p.material,
            slot_source=mapping[p.name].source if mapping[p.name].slot is not None else "",
        )
        for p in scene.parts
    ]
    model = VehicleModel(id=slugify(path.stem, "vehicle"), name=path.stem, parts=parts, source=path)
    return LoadResult(
        model=model,
        path=path,
        format=scene.format,
        frame=frame,
        tree=scene.tree,
        raw_parts=scene.parts,
        mapping=mapping,
        manifest=man.path if man else None,
        warnings=warnings,
    )


def _leave_out_ground(scene: RawScene, frame: FrameInfo, mapping: dict[str, Assignment]) -> None:
    """Drop the floor, cloth or stand a file puts under its car (unless a manifest names it).

    The stage draws its own floor and computes the contact shadow from the vehicle's
    geometry: a display cloth kept as a part would lie on that floor as a dark rug, cast a
    shadow the shape of the cloth and widen the bounds the cameras frame.
    """
    drop = {n for n in frame.ground_parts if mapping[n].source != "manifest"}
    if not drop or all(p.name in drop for p in scene.parts):
        return
    scene.parts = [p for p in scene.parts if p.name not in drop]
    for node in scene.tree:
        node.parts = [n for n in node.parts if n not in drop]
    kept = [n for n in frame.ground_parts if n not in drop]
    if kept:
        frame.notes.append("kept all the same, as the manifest names them: " + ", ".join(kept))


def _map(scene: RawScene, man: Manifest | None, ground: set[str]) -> dict[str, Assignment]:
    """Slots for ``scene.parts``, after cutting wheel parts into their pieces."""
    by_name = {p.name: map_by_name(p) for p in scene.parts}
    parts = split_atlases(scene.parts, by_name, ground, scene.warnings)
    parts, wheel_verdicts = split_wheels(parts, by_name, ground)
    _replace_parts(scene, parts)
    mapping: dict[str, Assignment] = {}
    for p in scene.parts:
        hit = man.match(p) if man else None
        if hit is not None:
            mapping[p.name] = hit
        elif man is not None and not man.auto:
            mapping[p.name] = UNMAPPED
        else:
            mapping[p.name] = by_name.get(p.name) or wheel_verdicts[p.name]
    if man is None or man.auto:
        decided = {n for n, a in mapping.items() if a.source == "manifest"}
        mapping = map_by_geometry(scene.parts, mapping, ground | decided, wheel_verdicts)
    return mapping


def _replace_parts(scene: RawScene, parts: list[RawPart]) -> None:
    """Put split parts in place of the part they came from, in the parts and the tree."""
    if [p.name for p in parts] == [p.name for p in scene.parts]:
        return
    pieces: dict[str, list[str]] = {}
    before = {q.name for q in scene.parts}
    for p in parts:
        origin = p.name
        while origin not in before and "#" in origin:  # a piece, maybe of a piece
            origin = origin.rsplit("#", 1)[0]
        pieces.setdefault(origin, []).append(p.name)
    for node in scene.tree:
        node.parts = [n for old in node.parts for n in pieces.get(old, [])]
    scene.parts = parts


def load_vehicle_file(path: str | Path, *, strict: bool = True) -> VehicleModel:
    """The vehicle in ``path`` (glTF/GLB, OBJ, STL, PLY, OFF) in the common frame, mapped
    to slots by its sidecar manifest or automatically. Raises VehicleLoadError."""
    return read_vehicle_file(path, strict=strict).model
