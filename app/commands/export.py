"""``livery export``: write the configured car as GLB with glTF PBR materials.

``--variants paint,wheels`` also writes every option of those groups as
KHR_materials_variants, so a web viewer (model-viewer and the like) can switch them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livery.commands import UsageError, check_writable
from livery.commands.catalog import load_or_fail
from livery.commands.target import add_target_arguments, load_target
from livery.glb_export import export_glb, variants_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export the configured car as GLB",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_target_arguments(p)
    p.add_argument(
        "--variants",
        metavar="GROUP[,GROUP...]",
        default="",
        help="write every option of these groups as switchable material variants",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.glb", help="where to write")


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".glb":
        raise UsageError(f"--out must name a .glb file; got {str(out)!r}")
    check_writable(out)
    catalog = load_or_fail()
    build, model = load_target(catalog, args.vehicle, args.build, args.sets)
    groups = [g.strip() for g in args.variants.split(",") if g.strip()]
    try:
        variants = variants_for(catalog, build, groups)
    except KeyError as e:
        raise UsageError(str(e.args[0])) from None
    try:
        export_glb(model, build.finishes(), out, variants)
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror}") from None
    size_mb = out.stat().st_size / 1e6
    extra = f", {len(variants)} variants" if variants else ""
    print(f"wrote {out} ({model.id}, {len(model.parts)} parts, {size_mb:.1f} MB{extra})")
    return 0
