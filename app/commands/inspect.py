"""``livery inspect FILE``: the part tree of a vehicle file, its frame and its slot mapping.

Prints each node with its parts' triangle counts and materials, how the file was brought
to the common frame, which slot each part got and where that came from (manifest, name or
geometry), and what stayed unmapped. ``--write-manifest`` writes the mapping as a sidecar
manifest (``FILE.livery.toml``) to edit; ``--json`` prints the same report as one JSON
object (frame decisions and evidence, size in metres, every part with its node path,
material, triangles, slot and where the slot came from). Exit status: 0 fine, 1 loaded with warnings
(missing textures, patterns that match nothing), 2 the file cannot be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from livery.commands import UsageError

if TYPE_CHECKING:
    from livery.vehicles.loaders import LoadResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "inspect",
        help="show a vehicle file's parts and slot mapping",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, help="a .glb, .gltf, .obj, .stl, .ply or .off file")
    p.add_argument(
        "--write-manifest",
        action="store_true",
        help="write the mapping to FILE.livery.toml (refuses to overwrite without --force)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing manifest")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--no-manifest",
        action="store_true",
        help="ignore the sidecar manifest and show the automatic mapping",
    )


def _fmt_count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def run(args: argparse.Namespace) -> int:
    from livery.fileio import write_atomic
    from livery.vehicles.loaders import VehicleLoadError, manifest_path, read_vehicle_file

    try:
        result = read_vehicle_file(args.file, strict=False, manifest=not args.no_manifest)
    except VehicleLoadError as e:
        raise UsageError(f"cannot load {e.path}: {e.problem}") from None
    if args.json:
        print(json.dumps(report(result), indent=2, ensure_ascii=False))
    else:
        _print_report(result)
    if args.write_manifest:
        target = manifest_path(result.path)
        if target.exists() and not args.force:
            raise UsageError(f"{target} exists; pass --force to overwrite it")
        try:
            write_atomic(target, result.manifest_text())  # replaces, never writes into a pipe
        except OSError as e:
            raise UsageError(f"cannot write {target}: {e.strerror or e}") from None
        print(f"\nwrote {target}", file=sys.stderr if args.json else sys.stdout)
    return 1 if result.warnings else 0


def _size(result: LoadResult) -> list[float]:
    """Length, width and height of the loaded car in metres (after normalisation)."""
    lo, hi = result.model.bounds()
    return [round(float(v), 4) for v in hi - lo]


def report(result: LoadResult) -> dict:
    """The inspection as plain data: what ``--json`` prints."""
    model = result.model
    raw = {p.name: p for p in result.raw_parts}
    frame = result.frame
    return {
        "file": str(result.path),
        "format": result.format,
        "frame": {
            "up": frame.up,
            "forward": frame.forward,
            "scale": frame.scale,
            "evidence": frame.notes,
            "ground_parts": frame.ground_parts,
        },
        "size_m": _size(result),
        "triangles": model.triangle_count,
        "parts": [
            {
                "name": p.name,
                "node_path": raw[p.name].path,
                "material": p.material.name,
                "triangles": p.triangle_count,
                "slot": p.slot.value if p.slot is not None else None,
                "slot_source": result.mapping[p.name].source,
                "reason": result.mapping[p.name].reason,
            }
            for p in model.parts
        ],
        "unmapped": [p.name for p in model.parts if p.slot is None],
        "manifest": str(result.manifest) if result.manifest else None,
        "warnings": result.warnings,
    }


def _print_report(result: LoadResult) -> None:
    model = result.model
    parts = {p.name: p for p in model.parts}
    print(f"{result.path}  ({result.format})")
    print(f"  {len(model.parts)} parts, {_fmt_count(model.triangle_count)} triangles")
    length, width, height = _size(result)
    print(f"  car {length:.2f} x {width:.2f} x {height:.2f} m (length x width x height)")
    print("\nframe:")
    for note in result.frame.notes:
        print(f"  {note}")
    print("\nparts:")
    for node in result.tree:
        indent = "  " * (node.depth + 1)
        if not node.parts:
            print(f"{indent}{node.name}")
        for name in node.parts:
            p = parts[name]
            label = name if name == node.name else f"{node.name} -> {name}"
            mat = p.material.name or "(no material)"
            maps = p.material.texture_maps()
            mat += f"; maps: {', '.join(maps)}" if maps else ""
            print(f"{indent}{label}  [{_fmt_count(p.triangle_count)} tris, material {mat}]")
    print("\nmapping:")
    for p in model.parts:
        a = result.mapping[p.name]
        if a.slot is not None:
            print(f"  {p.name:32} -> {a.slot.value:14} ({a.source}: {a.reason})")
    unmapped = [p.name for p in model.parts if p.slot is None]
    print("\nunmapped (keep their own material):")
    print("  " + (", ".join(unmapped) if unmapped else "none"))
    if result.manifest is not None:
        print(f"\nmanifest: {result.manifest}")
    for w in result.warnings:
        print(f"warning: {result.path.name}: {w}")
