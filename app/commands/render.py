"""``livery render``: render one picture of a build, offscreen, with the app's Stage.

The vehicle is a catalog id (its stand-in) or a vehicle file; the build starts from
the vehicle's defaults, then ``--build`` (a share code or a build JSON file), then
each ``--set GROUP=OPTION`` in order. Every mistake names the valid choices and
exits with status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from app.catalog import (
    Build,
    BuildError,
    BuildState,
    Catalog,
    ShareCodeError,
    state_from_json,
    state_from_share_code,
)
from app.commands import UsageError
from app.commands.catalog import load_or_fail

PRESETS = ("front34", "side", "rear34", "top", "wheel", "interior")  # app.scene.cameras.PRESETS
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX]\s*(\d{1,5})\s*$")
MIN_SIDE, MAX_SIDE = 16, 8192


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render",
        help="render a build to a PNG (headless)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--vehicle",
        required=True,
        metavar="ID|FILE",
        help="catalog vehicle id (see `livery catalog`) or a vehicle file",
    )
    p.add_argument("--build", metavar="CODE|FILE.json", help="a share code or a build file")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP=OPTION",
        dest="sets",
        help="choose an option (repeatable; applied after --build)",
    )
    p.add_argument(
        "--camera",
        default="front34",
        metavar="PRESET",
        help=f"camera preset: {', '.join(PRESETS)} (default front34)",
    )
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


def parse_set(text: str) -> tuple[str, str]:
    group, sep, option = text.partition("=")
    if not sep or not group.strip() or not option.strip():
        raise UsageError(f"--set expects GROUP=OPTION, like paint=amethyst; got {text!r}")
    return group.strip(), option.strip()


def read_build(catalog: Catalog, spec: str) -> BuildState:
    """A build state from a share code or a build file (by its look)."""
    path = Path(spec)
    if spec.lower().endswith(".json") or path.is_file() or "/" in spec:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"build file {spec} does not exist") from None
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"cannot read build file {spec}: {e}") from None
        try:
            return state_from_json(catalog, text)
        except BuildError as e:
            raise UsageError(f"{spec}: {e}") from None
    try:
        return state_from_share_code(catalog, spec)
    except (ShareCodeError, BuildError) as e:
        raise UsageError(f"bad share code {spec!r}: {e}") from None


def make_build(catalog: Catalog, vehicle_id: str, build_spec: str | None, sets: list[str]) -> Build:
    """The build to render; every refusal becomes a UsageError naming the choices."""
    if build_spec:
        state = read_build(catalog, build_spec)
        build = Build(catalog, state.vehicle, state.choices)
        if state.vehicle != vehicle_id:
            _, dropped = build.switch_vehicle(vehicle_id)
            if dropped:
                print(
                    f"livery: note: back to defaults on {vehicle_id} for: {', '.join(dropped)}",
                    file=sys.stderr,
                )
    else:
        build = Build(catalog, vehicle_id)
    for text in sets:
        group_id, option_id = parse_set(text)
        try:
            group = catalog.group(group_id)
        except KeyError as e:
            raise UsageError(str(e.args[0])) from None
        offered = [o.id for o in catalog.options_for(vehicle_id, group_id)]
        if option_id not in offered:
            known = option_id in {o.id for o in group.options}
            why = f"is not offered on {vehicle_id}" if known else "is not an option"
            raise UsageError(f"{group_id} {option_id!r} {why}; valid: {', '.join(offered)}")
        try:
            build.set(group_id, option_id)
        except BuildError as e:
            raise UsageError(f"--set {text}: {e}") from None
    return build


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

    catalog = load_or_fail()
    from app.vehicles.files import VehicleSpecError, load_vehicle, looks_like_file

    ids = [v.id for v in catalog.vehicles]
    spec = args.vehicle
    if spec in ids:
        vehicle_id = spec
    elif looks_like_file(spec):
        # A file: the build (and its rules) belong to the build's vehicle, else the first.
        vehicle_id = read_build(catalog, args.build).vehicle if args.build else ids[0]
    else:
        raise UsageError(
            f"unknown vehicle {spec!r}; valid: {', '.join(ids)}, "
            "or a vehicle file (.glb, .gltf, .obj, .stl, .ply, .off)"
        )
    build = make_build(catalog, vehicle_id, args.build, args.sets)
    try:
        model = load_vehicle(spec, ids)
    except VehicleSpecError as e:
        raise UsageError(str(e)) from None

    from app.scene.stage import Stage

    stage = Stage(catalog, size=size)
    try:
        stage.show(build, model)
        stage.set_camera(args.camera)
        stage.save_png(out, supersample=args.supersample)
    finally:
        stage.close()
    print(f"wrote {out} ({size[0]}x{size[1]}, {model.id}, {args.camera}, {build.share_code()})")
    return 0
