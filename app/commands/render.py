"""``livery render``: render one picture of a build, offscreen, with the app's Stage.

The vehicle and the build come from ``--vehicle``, ``--build`` and ``--set`` (see
``livery.commands.target``). Every mistake names the valid choices and exits with
status 2.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from livery.commands import UsageError
from livery.commands.catalog import load_or_fail
from livery.commands.target import add_target_arguments, load_target

PRESETS = ("front34", "side", "rear34", "top", "wheel", "interior")  # livery.scene.cameras.PRESETS
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX]\s*(\d{1,5})\s*$")
MIN_SIDE, MAX_SIDE = 16, 8192
TONES = ("neutral", "aces", "off")
ENV_SUFFIXES = (".hdr", ".exr")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render",
        help="render a build to a PNG (headless)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_target_arguments(p)
    p.add_argument(
        "--camera",
        default="front34",
        metavar="PRESET",
        help=f"camera preset: {', '.join(PRESETS)} (default front34)",
    )
    p.add_argument(
        "--env",
        default="studio",
        metavar="NAME|FILE",
        help="lighting: studio, showroom, overcast, sunset, night, or a .hdr/.exr file",
    )
    p.add_argument(
        "--tone",
        default="neutral",
        choices=TONES,
        help="tone mapping: neutral (Khronos PBR Neutral, default), aces, off",
    )
    p.add_argument("--exposure", type=float, default=1.0, help="exposure multiplier (default 1)")
    p.add_argument(
        "--size", default="1600x900", metavar="WxH", help="image size (default 1600x900)"
    )
    p.add_argument(
        "--supersample",
        type=int,
        default=2,
        metavar="K",
        help="render K times larger and average, for clean edges (1-4, default 2)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.png", help="where to write")


def parse_size(text: str) -> tuple[int, int]:
    m = _SIZE.match(text)
    if not m:
        raise UsageError(f"--size must be WxH in pixels, like 1600x900; got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise UsageError(f"--size sides must be {MIN_SIDE}..{MAX_SIDE} pixels; got {w}x{h}")
    return w, h


def check_environment(spec: str) -> str:
    """A named environment or an existing .hdr/.exr file; else a UsageError."""
    from livery.scene.skies import NAMES

    if spec in NAMES:
        return spec
    if spec.lower().endswith(ENV_SUFFIXES):
        if not Path(spec).is_file():
            raise UsageError(f"environment file {spec} does not exist")
        return spec
    raise UsageError(
        f"unknown environment {spec!r}; valid: {', '.join(NAMES)}, or a .hdr/.exr file"
    )


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    if args.camera not in PRESETS:
        raise UsageError(f"unknown camera preset {args.camera!r}; valid: {', '.join(PRESETS)}")
    if not 1 <= args.supersample <= 4:
        raise UsageError(f"--supersample must be 1..4; got {args.supersample}")
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out must name a .png file; got {str(out)!r}")
    if not out.parent.resolve().is_dir():
        raise UsageError(f"output directory {out.parent} does not exist")

    env = check_environment(args.env)
    if not 0.01 <= args.exposure <= 100:
        raise UsageError(f"--exposure must be 0.01..100; got {args.exposure}")
    catalog = load_or_fail()
    build, model = load_target(catalog, args.vehicle, args.build, args.sets)

    from livery.scene.stage import Stage

    stage = Stage(catalog, size=size)
    try:
        if env != "studio":
            stage.set_environment(env)
        stage.set_tone_mapping(args.tone, args.exposure)
        stage.show(build, model)
        stage.set_camera(args.camera)
        stage.save_png(out, supersample=args.supersample)
    finally:
        stage.close()
    print(f"wrote {out} ({size[0]}x{size[1]}, {model.id}, {args.camera}, {build.share_code()})")
    return 0
