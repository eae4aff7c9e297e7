"""``livery render``: render one picture of a build, offscreen, with the app's Stage.

The vehicle and the build come from ``--vehicle``, ``--build`` and ``--set`` (see
``livery.commands.target``). Every mistake names the valid choices and exits with
status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livery import display
from livery.catalog import picture_camera
from livery.commands import UsageError, check_writable
from livery.commands.catalog import load_or_fail
from livery.commands.target import add_target_arguments, load_target
from livery.scene.looks import (
    CAMERAS,
    DEFAULT_CAMERA,
    DEFAULT_ENVIRONMENT,
    DEFAULT_EXPOSURE,
    DEFAULT_TONE,
    ENVIRONMENTS,
    EXPOSURE_RANGE,
    SUPERSAMPLE_RANGE,
    TONES,
    VIEW_ENVIRONMENTS,
    EnvironmentFileError,
    Lighting,
    check_environment,
    check_render_size,
)
from livery.scene.looks import parse_size as parse_looks_size


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
        metavar="PRESET",
        help=f"camera preset: {', '.join(CAMERAS)} (default: the camera of a --build "
        f"picture, else {DEFAULT_CAMERA})",
    )
    p.add_argument(
        "--env",
        default=DEFAULT_ENVIRONMENT,
        metavar="NAME|FILE",
        help=f"lighting: {', '.join(VIEW_ENVIRONMENTS)}, or a .hdr/.exr file",
    )
    p.add_argument(
        "--tone",
        default=DEFAULT_TONE,
        choices=TONES,
        help=f"tone mapping: {', '.join(TONES)} (default {DEFAULT_TONE}: Khronos PBR Neutral)",
    )
    p.add_argument(
        "--exposure",
        type=float,
        default=DEFAULT_EXPOSURE,
        help=f"exposure multiplier (default {DEFAULT_EXPOSURE:g})",
    )
    p.add_argument(
        "--env-rotation",
        type=float,
        default=0.0,
        metavar="DEG",
        help="turn the environment about the vertical by DEG degrees (default 0)",
    )
    p.add_argument(
        "--size", default="1600x900", metavar="WxH", help="image size (default 1600x900)"
    )
    lo, hi = SUPERSAMPLE_RANGE
    p.add_argument(
        "--supersample",
        type=int,
        default=2,
        metavar="K",
        help=f"render K times larger and average, for clean edges ({lo}-{hi}, default 2)",
    )
    p.add_argument(
        "--display",
        default="srgb",
        metavar="SPACE",
        help="encode for this display: srgb (default), display-p3, or a monitor's .icc file "
        "(the picture carries its ICC profile)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.png", help="where to write")


def parse_size(text: str) -> tuple[int, int]:
    """``--size``: ``looks.parse_size`` as a user mistake (exit status 2)."""
    try:
        return parse_looks_size(text)
    except ValueError as e:
        raise UsageError(f"--size {e}") from None


def environment_or_fail(spec: str) -> str:
    """``looks.check_environment`` and, for a file, its header (``hdri``), as a user
    mistake (exit status 2), before any rendering."""
    from livery.scene.hdri import check_panorama_file

    try:
        checked = check_environment(spec)
        if checked not in ENVIRONMENTS:
            check_panorama_file(checked)
        return checked
    except EnvironmentFileError as e:
        raise UsageError(str(e)) from None
    except OSError as e:  # a name too long to look up
        raise UsageError(f"environment file {spec[:80]}: {e.strerror or e}") from None


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    if args.camera is None:  # a picture's own view, else the default
        picture = args.build and args.build.lower().endswith(".png") and Path(args.build).is_file()
        args.camera = (picture and picture_camera(args.build)) or DEFAULT_CAMERA
    if args.camera not in CAMERAS:
        raise UsageError(f"unknown camera preset {args.camera!r}; valid: {', '.join(CAMERAS)}")
    lo, hi = SUPERSAMPLE_RANGE
    if not lo <= args.supersample <= hi:
        raise UsageError(f"--supersample must be {lo}..{hi}; got {args.supersample}")
    try:
        check_render_size(size, args.supersample)
    except ValueError as e:
        raise UsageError(f"--size: {e}") from None
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out must name a .png file; got {str(out)!r}")
    check_writable(out)

    try:
        display_space = display.check(args.display)
    except display.DisplayError as e:
        raise UsageError(f"--display: {e}") from None
    try:
        rotation = Lighting.rotation_of(args.env_rotation)
    except ValueError as e:
        raise UsageError(f"--env-rotation: {e}") from None
    lighting = Lighting(environment_or_fail(args.env), args.tone, args.exposure, rotation)
    lo, hi = EXPOSURE_RANGE
    if not lo <= args.exposure <= hi:
        raise UsageError(f"--exposure must be {lo:g}..{hi:g}; got {args.exposure}")
    catalog = load_or_fail()
    build, model = load_target(catalog, args.vehicle, args.build, args.sets)

    from livery.scene.stage import Stage

    stage = Stage(catalog, size=size)
    try:
        try:  # this machine's own limits (GL context, free memory), before the car loads
            stage.check_picture_size(size, args.supersample)
        except ValueError as e:
            raise UsageError(f"--size: {e}") from None
        stage.set_lighting(lighting)
        stage.show(build, model)
        stage.set_camera(args.camera)
        stage.set_display(display_space)
        stage.save_png(out, supersample=args.supersample)
    finally:
        stage.close()
    print(f"wrote {out} ({size[0]}x{size[1]}, {model.id}, {args.camera}, {build.share_code()})")
    return 0
