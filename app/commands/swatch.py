"""``livery swatch``: render one option's finish as a preview, offscreen.

The same renderer as the app's option tiles (``livery.scene.swatch``), with the car's
finish mapping. ``--env furnace --shape flat`` shows the finish under uniform white
light of radiance 1, exposure 1, no tone mapping, written as exact sRGB: a rough
dielectric's pixel is its catalog colour plus its small Fresnel reflection.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import livery
from livery import pngfile
from livery.commands import UsageError, check_writable
from livery.commands.catalog import load_or_fail
from livery.commands.render import environment_or_fail, parse_size
from livery.scene.looks import (
    DEFAULT_ENVIRONMENT,
    ENVIRONMENTS,
    SWATCH_SHAPES,
    EnvironmentFileError,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "swatch",
        help="render a finish preview to a PNG (headless)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("choice", metavar="GROUP=OPTION", help="the option, e.g. paint=amethyst")
    p.add_argument("--slot", help="for options with several finishes (interior, badge): which slot")
    p.add_argument(
        "--env",
        default=DEFAULT_ENVIRONMENT,
        metavar="NAME|FILE",
        help=f"environment: {', '.join(ENVIRONMENTS)}, or a .hdr/.exr file "
        f"(default {DEFAULT_ENVIRONMENT})",
    )
    p.add_argument(
        "--shape",
        default=SWATCH_SHAPES[0],
        metavar="SHAPE",
        help=f"{', '.join(SWATCH_SHAPES)} (default {SWATCH_SHAPES[0]})",
    )
    p.add_argument("--size", default="256x256", metavar="WxH", help="pixels (default 256x256)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.png", help="where to write")


def run(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    if args.shape not in SWATCH_SHAPES:
        raise UsageError(f"unknown shape {args.shape!r}; valid: {', '.join(SWATCH_SHAPES)}")
    env = environment_or_fail(args.env)
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out must name a .png file; got {str(out)!r}")
    check_writable(out)
    catalog = load_or_fail()
    group_id, sep, option_id = args.choice.partition("=")
    if not sep:
        raise UsageError(f"expected GROUP=OPTION, like paint=amethyst; got {args.choice!r}")
    groups = [g.id for g in catalog.groups]
    if group_id not in groups:
        raise UsageError(f"unknown option group {group_id!r}; valid: {', '.join(groups)}")
    group = catalog.group(group_id)
    options = [o.id for o in group.options]
    if option_id not in options:
        raise UsageError(f"unknown option {option_id!r} in {group_id}; valid: {', '.join(options)}")
    finishes = group.option(option_id).finishes
    if not finishes:
        raise UsageError(f"{group_id}={option_id} has no finish (it hides its slots)")
    slots = [s.value for s in finishes]
    slot = args.slot or slots[0]
    if slot not in slots:
        raise UsageError(f"unknown slot {slot!r} for {args.choice}; valid: {', '.join(slots)}")
    finish = next(f for s, f in finishes.items() if s.value == slot)

    from livery.scene.swatch import render_swatch

    try:
        rgba = render_swatch(finish, size, shape=args.shape, env=env)
    except EnvironmentFileError as e:  # a file that turns out unreadable
        raise UsageError(str(e)) from None
    text = {"option": args.choice, "slot": slot, "shape": args.shape, "environment": env}
    try:
        pngfile.write_png(out, rgba, text | {"version": livery.__version__})
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror or e}") from None
    print(f"wrote {out} ({size[0]}x{size[1]}, {args.choice} {slot}, {args.shape}, {env})")
    return 0
