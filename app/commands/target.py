"""What a headless command works on: a vehicle and a build, from the command line.

The vehicle is a catalog id (its stand-in) or a vehicle file; the build starts from
the vehicle's defaults, then ``--build`` (a share code or a build JSON file), then
each ``--set GROUP=OPTION`` in order. Every refusal is a UsageError that names the
valid choices.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from livery.catalog import (
    Build,
    BuildError,
    BuildState,
    Catalog,
    ShareCodeError,
    state_from_share_code,
)
from livery.catalog.build import read_build_file
from livery.commands import UsageError
from livery.vehicles.model import VehicleModel


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """``--vehicle``, ``--build`` and ``--set``, as every command that renders or exports."""
    parser.add_argument(
        "--vehicle",
        metavar="ID|FILE",
        help="catalog vehicle id (see `livery catalog`) or a vehicle file "
        "(default: the build's vehicle, else the first in the catalog)",
    )
    parser.add_argument(
        "--build",
        metavar="CODE|FILE.json|IMAGE.png",
        help="a share code, a build file, or a picture Livery Studio made (it carries its build)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP=OPTION",
        dest="sets",
        help="choose an option (repeatable; applied after --build)",
    )


def parse_set(text: str) -> tuple[str, str]:
    group, sep, option = text.partition("=")
    if not sep or not group.strip() or not option.strip():
        raise UsageError(f"--set expects GROUP=OPTION, like paint=amethyst; got {text!r}")
    return group.strip(), option.strip()


def read_build(catalog: Catalog, spec: str) -> BuildState:
    """A build state from a share code or a build file (by its look)."""
    if not spec.strip():
        raise UsageError("--build is empty; give a share code, a build file or a picture")
    if spec.lower().endswith(".png"):
        return read_image_build(catalog, spec)
    if spec.lower().endswith(".json") or _is_file(spec) or "/" in spec or "\\" in spec:
        if not _present(spec):
            raise UsageError(f"build file {spec} does not exist")
        try:
            return read_build_file(catalog, spec)
        except BuildError as e:
            raise UsageError(str(e)) from None
        except UnicodeDecodeError:
            raise UsageError(f"{spec}: not a build file (not UTF-8 text)") from None
    try:
        return state_from_share_code(catalog, spec)
    except (ShareCodeError, BuildError) as e:
        shown = spec if len(spec) <= 40 else spec[:37] + "..."
        raise UsageError(f"bad share code {shown!r}: {e}") from None


def read_image_build(catalog: Catalog, spec: str) -> BuildState:
    """The build a picture made by Livery Studio carries in its PNG text."""
    if not _present(spec):
        raise UsageError(f"image {spec} does not exist")
    try:
        return read_build_file(catalog, spec)
    except BuildError as e:
        raise UsageError(str(e)) from None


def _is_file(spec: str) -> bool:
    """``Path.is_file`` that is False (not OSError) for a name too long to exist."""
    try:
        return Path(spec).is_file()
    except (OSError, ValueError):
        return False


def _present(spec: str) -> bool:
    """Whether anything (a file, a pipe, a broken link) is at ``spec``: what is there but
    cannot be read gets read_build_file's message, what is not gets "does not exist"."""
    try:
        return Path(spec).exists() or Path(spec).is_symlink()
    except (OSError, ValueError):
        return True  # a name too long: read_build_file says so


def make_build(catalog: Catalog, vehicle_id: str, build_spec: str | None, sets: list[str]) -> Build:
    """The build to render; every refusal becomes a UsageError naming the choices."""
    if build_spec is not None:
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


def load_target(
    catalog: Catalog, spec: str | None, build_spec: str | None, sets: list[str]
) -> tuple[Build, VehicleModel]:
    """The build and the vehicle model to work on; ``spec`` None: the build's vehicle."""
    from livery.vehicles.files import VehicleSpecError, load_vehicle, looks_like_file

    ids = [v.id for v in catalog.vehicles]
    if spec is None:
        spec = read_build(catalog, build_spec).vehicle if build_spec is not None else ids[0]
    if spec in ids:
        vehicle_id = spec
    elif looks_like_file(spec):
        # A file: the build (and its rules) belong to the build's vehicle, else the first.
        vehicle_id = read_build(catalog, build_spec).vehicle if build_spec is not None else ids[0]
    else:
        raise UsageError(
            f"unknown vehicle {spec!r}; valid: {', '.join(ids)}, "
            "or a vehicle file (.glb, .gltf, .obj, .stl, .ply, .off)"
        )
    build = make_build(catalog, vehicle_id, build_spec, sets)
    try:
        model = load_vehicle(spec, catalog.vehicles)
    except VehicleSpecError as e:
        raise UsageError(str(e)) from None

    return build, model
