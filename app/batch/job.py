"""A render job: which vehicles, builds, cameras, lights and sizes, read from TOML.

Every problem of a job is found before anything renders and reported as
``FILE:LINE: ITEM: problem``, one line each (``JobError.problems``). The files a job
names (vehicles, environments, builds) must be regular files inside the job's own
folder (README "Hostile input"). Plain Python: no VTK, no Qt.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livery import ASSETS
from livery.catalog import Build, BuildError, BuildState, Catalog, state_from_json
from livery.catalog.build import MAX_FILE_BYTES as MAX_BUILD_BYTES
from livery.catalog.sharecode import ShareCodeError
from livery.fileio import InputFileError, check_regular, inside_folder, read_text_capped
from livery.scene.looks import (
    CAMERAS,
    DEFAULT_CAMERA,
    DEFAULT_TONE,
    ENVIRONMENTS,
    TONES,
    check_render_size,
    parse_size,
)
from livery.scene.looks import ENVIRONMENT_SUFFIXES as ENV_SUFFIXES
from livery.vehicles.files import SUFFIXES, VehicleSpecError, load_vehicle

#: The most builds ``random`` and ``all`` may ask for per vehicle (a typo guard).
MAX_BUILDS = 100_000
#: Limits (README "Hostile input"): the job file, the entries of one list in it, and
#: any file it names (a vehicle file, a panorama, a build).
MAX_JOB_BYTES = 1 << 20
MAX_ENTRIES = 1000
MAX_NAMED_FILE_BYTES = 1 << 30

TOP_KEYS = {
    "name",
    "vehicles",
    "builds",
    "cameras",
    "environments",
    "tone",
    "exposure",
    "sizes",
    "supersample",
    "turntable",
    "prune",
}
BUILD_KEYS = {"code", "codes", "file", "files", "base", "set", "vary", "random", "seed", "all"}
TURNTABLE_KEYS = {"frames", "elevation"}


class JobError(ValueError):
    """A job that can't run: every problem found, one message each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class VehicleRef:
    """A vehicle to render: a catalog stand-in or a file, with the rules of a catalog car."""

    label: str  # catalog id or file stem: names the output folder
    spec: str  # what load_vehicle takes: a catalog id or an absolute path
    rules: str  # the catalog vehicle whose options and rules apply
    digest: str  # content hash of the geometry file


@dataclass(frozen=True)
class EnvRef:
    label: str  # a named environment, or the file's stem
    spec: str  # a name of skies.NAMES or an absolute path
    digest: str  # the name, or the file's content hash


@dataclass(frozen=True)
class Turntable:
    frames: int = 36
    elevation: float = 10.0  # degrees above the horizon


@dataclass(frozen=True)
class Job:
    path: Path
    name: str
    vehicles: tuple[VehicleRef, ...]
    #: Requested builds per vehicle label, in job order, without repeats.
    builds: Mapping[str, tuple[BuildState, ...]]
    cameras: tuple[str, ...]
    environments: tuple[EnvRef, ...]
    tones: tuple[str, ...]
    exposure: float
    sizes: tuple[tuple[int, int], ...]
    supersample: int
    turntable: Turntable | None
    prune: bool
    #: Combinations that ``vary``/``random``/``all`` skipped because the rules forbid them.
    forbidden_skipped: int = 0


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


class _Reader:
    """Collects problems with the line they are on (tomllib keeps no positions, so the
    line is the first one that holds the offending value or key)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[str] = []

    def line_of(self, *needles: str) -> int:
        for needle in needles:
            if not needle:
                continue
            for i, line in enumerate(self.lines, 1):
                code = line.split("#", 1)[0]
                if needle in code:
                    return i
        return 1

    def error(self, item: str, message: str, *needles: str) -> None:
        where = self.line_of(*needles, item.split("[")[0].split(".")[-1])
        self.problems.append(f"{self.path}:{where}: {item}: {message}")


def _as_list(value: Any) -> list[Any]:
    out = value if isinstance(value, list) else [value]
    if len(out) > MAX_ENTRIES:
        raise _TooMany(len(out))
    return out


class _TooMany(ValueError):
    """A list longer than MAX_ENTRIES in a job (a typo or a bomb, never a real job)."""


def _local(r: _Reader, item: str, base: Path, spec: str, limit: int, what: str) -> Path | None:
    """The file ``spec`` names relative to the job: inside its folder, a regular file of
    at most ``limit`` bytes; else a problem of ``item`` and None."""
    try:
        path = inside_folder(base, spec, owner=r.path)
        check_regular(path, limit, what=what)
    except InputFileError as e:
        if e.path == r.path:  # the reference itself is refused
            problem = e.problem.replace("its folder", "the job's folder")
        else:
            problem = f"cannot read {what} {spec}: {e.problem}"
        r.error(item, problem, f'"{spec}"', spec)
        return None
    return path


def load_job(path: str | Path, catalog: Catalog) -> Job:
    """Read and check the job at ``path``; raise JobError listing every problem."""
    path = Path(path)
    try:
        text = read_text_capped(path, MAX_JOB_BYTES, what="job")
    except InputFileError as e:
        raise JobError([f"{path}: cannot read the job: {e.problem}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise JobError([f"{path}: not valid TOML: {e}"]) from None
    except ValueError as e:  # an integer of thousands of digits
        raise JobError([f"{path}: an unreadable value: {e}"]) from None
    except RecursionError:
        raise JobError([f"{path}: nested too deeply"]) from None
    try:
        return _check(path, text, data, catalog)
    except JobError:
        raise
    except _TooMany as e:
        problem = f"a list of {e.args[0]:,} entries; at most {MAX_ENTRIES:,}"
        raise JobError([f"{path}: {problem}"]) from None
    except (TypeError, AttributeError, KeyError, ValueError) as e:  # a value no check foresaw
        raise JobError([f"{path}: a value of a wrong type ({e})"]) from None


def _check(path: Path, text: str, data: dict[str, Any], catalog: Catalog) -> Job:
    r = _Reader(path, text)
    base_dir = path.resolve().parent
    for key in data.keys() - TOP_KEYS:
        r.error(key, f"unknown key; valid: {', '.join(sorted(TOP_KEYS))}", f"{key} =", key)

    vehicles = _vehicles(r, data, catalog, base_dir)
    cameras = _choices(r, data, "cameras", CAMERAS, [DEFAULT_CAMERA])
    tones = _choices(r, data, "tone", TONES, [DEFAULT_TONE])
    environments = _environments(r, data, base_dir)
    sizes = _sizes(r, data)
    exposure = data.get("exposure", 1.0)
    if not isinstance(exposure, int | float) or not 0.01 <= exposure <= 100:
        r.error("exposure", f"must be a number 0.01..100; got {exposure!r}", "exposure")
        exposure = 1.0
    supersample = data.get("supersample", 2)
    if not isinstance(supersample, int) or not 1 <= supersample <= 4:
        r.error("supersample", f"must be 1..4; got {supersample!r}", "supersample")
        supersample = 1
    for size in sizes:
        try:
            check_render_size(size, supersample)
        except ValueError as e:
            r.error("sizes", str(e), "sizes")
    turntable = _turntable(r, data)
    prune = data.get("prune", True)
    if not isinstance(prune, bool):
        r.error("prune", f"must be true or false; got {prune!r}", "prune")
    builds, skipped = _builds(r, data, catalog, vehicles, base_dir)
    if not cameras and turntable is None:
        r.error("cameras", "no camera and no turntable: nothing to render", "cameras")
    if r.problems:
        raise JobError(r.problems)
    return Job(
        path=path,
        name=str(data.get("name", path.stem)),
        vehicles=tuple(vehicles),
        builds=builds,
        cameras=tuple(cameras),
        environments=tuple(environments),
        tones=tuple(tones),
        exposure=float(exposure),
        sizes=tuple(sizes),
        supersample=supersample,
        turntable=turntable,
        prune=bool(prune),
        forbidden_skipped=skipped,
    )


def _choices(
    r: _Reader, data: dict[str, Any], key: str, valid: tuple[str, ...], default: list[str]
) -> list[str]:
    out = []
    for i, value in enumerate(_as_list(data.get(key, default))):
        if value not in valid:
            what = key.rstrip("s")
            r.error(
                f"{key}[{i}]", f"unknown {what} {value!r}; valid: {', '.join(valid)}", f'"{value}"'
            )
        elif value not in out:
            out.append(value)
    return out


def _vehicles(r: _Reader, data: dict[str, Any], catalog: Catalog, base: Path) -> list[VehicleRef]:
    ids = [v.id for v in catalog.vehicles]
    out: list[VehicleRef] = []
    for i, entry in enumerate(_as_list(data.get("vehicles", ids))):
        item = f"vehicles[{i}]"
        rules = ids[0]
        if isinstance(entry, dict):  # { file = "car.glb", rules = "yu7-max" }
            spec, rules = entry.get("file"), entry.get("rules", rules)
            if rules not in ids:
                r.error(item, f"unknown rules vehicle {rules!r}; valid: {', '.join(ids)}", rules)
                continue
        else:
            spec = entry
        if not isinstance(spec, str) or not spec:
            r.error(item, "must be a catalog vehicle id or a vehicle file", str(spec))
            continue
        if spec in ids:
            glb = ASSETS / "vehicles" / catalog.vehicle(spec).file
            out.append(VehicleRef(spec, spec, spec, file_digest(glb) if glb.is_file() else spec))
            continue
        if not spec.lower().endswith(SUFFIXES):
            r.error(
                item,
                f"unknown vehicle {spec!r}; valid: {', '.join(ids)}, or a vehicle file "
                f"({', '.join(SUFFIXES)})",
                f'"{spec}"',
            )
            continue
        path = _local(r, item, base, spec, MAX_NAMED_FILE_BYTES, "vehicle file")
        if path is None:
            continue
        try:
            digest = file_digest(path)
        except OSError as e:
            r.error(item, f"cannot read vehicle file {spec}: {e.strerror or e}", f'"{spec}"')
            continue
        try:  # a broken file is a problem of the job, not of each of its renders
            load_vehicle(str(path), catalog.vehicles)
        except VehicleSpecError as e:
            r.error(item, str(e), f'"{spec}"')
            continue
        out.append(VehicleRef(path.stem, str(path), rules, digest))
    labels = [v.label for v in out]
    for label in {x for x in labels if labels.count(x) > 1}:
        r.error("vehicles", f"{label!r} is listed twice", f'"{label}')
    return out


def _environments(r: _Reader, data: dict[str, Any], base: Path) -> list[EnvRef]:
    out: list[EnvRef] = []
    for i, spec in enumerate(_as_list(data.get("environments", ["studio"]))):
        item = f"environments[{i}]"
        if spec in ENVIRONMENTS:
            out.append(EnvRef(spec, spec, spec))
            continue
        if not isinstance(spec, str) or not spec.lower().endswith(ENV_SUFFIXES):
            valid = ", ".join(ENVIRONMENTS)
            r.error(item, f"unknown environment {spec!r}; valid: {valid}, or a .hdr/.exr file")
            continue
        path = _local(r, item, base, spec, MAX_NAMED_FILE_BYTES, "environment file")
        if path is None:
            continue
        try:
            with path.open("rb") as f:
                head = f.read(16)
            digest = file_digest(path)
        except OSError as e:
            r.error(item, f"cannot read environment file {spec}: {e.strerror or e}", f'"{spec}"')
            continue
        magic = b"#?" if path.suffix.lower() == ".hdr" else b"\x76\x2f\x31\x01"
        if not head.startswith(magic):
            r.error(item, f"{spec} is not a {path.suffix.lower()} file", f'"{spec}"')
            continue
        out.append(EnvRef(path.stem, str(path), digest))
    return out


def _sizes(r: _Reader, data: dict[str, Any]) -> list[tuple[int, int]]:
    out = []
    for i, text in enumerate(_as_list(data.get("sizes", ["1600x900"]))):
        try:
            size = parse_size(text)
        except ValueError as e:
            r.error(f"sizes[{i}]", str(e), f'"{text}"')
            continue
        if size not in out:
            out.append(size)
    return out


def _turntable(r: _Reader, data: dict[str, Any]) -> Turntable | None:
    table = data.get("turntable")
    if table is None:
        return None
    if not isinstance(table, dict):
        r.error("turntable", "must be a table: [turntable] frames = 36", "turntable")
        return None
    for key in table.keys() - TURNTABLE_KEYS:
        r.error(f"turntable.{key}", f"unknown key; valid: {', '.join(sorted(TURNTABLE_KEYS))}")
    frames, elevation = table.get("frames", 36), table.get("elevation", 10.0)
    if not isinstance(frames, int) or not 2 <= frames <= 720:
        r.error("turntable.frames", f"must be 2..720; got {frames!r}", "frames")
        return None
    if not isinstance(elevation, int | float) or not -5 <= elevation <= 85:
        r.error("turntable.elevation", f"must be -5..85 degrees; got {elevation!r}", "elevation")
        return None
    return Turntable(frames, float(elevation))


# -- builds ------------------------------------------------------------------------------
def _read_state(
    r: _Reader, catalog: Catalog, item: str, spec: Any, base: Path
) -> BuildState | None:
    """A share code or a build file (relative to the job)."""
    if not isinstance(spec, str):
        r.error(item, f"must be a share code or a build file; got {spec!r}")
        return None
    if spec.lower().endswith(".json") or "/" in spec:
        path = _local(r, item, base, spec, MAX_BUILD_BYTES, "build file")
        if path is None:
            return None
        try:
            return state_from_json(catalog, read_text_capped(path, MAX_BUILD_BYTES))
        except InputFileError as e:
            r.error(item, f"cannot read build file {spec}: {e.problem}", spec)
        except BuildError as e:
            r.error(item, f"{spec}: {e}", spec)
        return None
    from livery.catalog import state_from_share_code

    try:
        return state_from_share_code(catalog, spec)
    except (ShareCodeError, BuildError) as e:
        r.error(item, f"bad share code {spec!r}: {e}", spec)
    return None


def _builds(
    r: _Reader,
    data: dict[str, Any],
    catalog: Catalog,
    vehicles: list[VehicleRef],
    base: Path,
) -> tuple[dict[str, tuple[BuildState, ...]], int]:
    per: dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], BuildState]] = {
        v.label: {} for v in vehicles
    }
    skipped = 0

    def add(v: VehicleRef, state: BuildState) -> None:
        key = (state.vehicle, tuple(sorted(state.choices.items())))
        per[v.label].setdefault(key, BuildState(state.vehicle, dict(state.choices)))

    entries = data.get("builds", [{}])
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        r.error("builds", "must be [[builds]] tables", "builds")
        return {}, 0
    for n, entry in enumerate(entries):
        item = f"builds[{n}]"
        for key in entry.keys() - BUILD_KEYS:
            r.error(f"{item}.{key}", f"unknown key; valid: {', '.join(sorted(BUILD_KEYS))}")
        explicit = _as_list(entry.get("code", [])) + _as_list(entry.get("codes", []))
        explicit += _as_list(entry.get("file", [])) + _as_list(entry.get("files", []))
        for i, spec in enumerate(explicit):
            state = _read_state(r, catalog, f"{item}[{i}]", spec, base)
            if state is None:
                continue
            targets = [v for v in vehicles if v.rules == state.vehicle]
            if not targets:
                r.error(
                    f"{item}[{i}]",
                    f"{spec} is a build of {state.vehicle}, which the job's vehicles do not list",
                    str(spec),
                )
            for v in targets:
                add(v, state)
        generators = [k for k in ("vary", "random", "all") if k in entry]
        if len(generators) > 1:
            r.error(item, f"one of vary, random, all per [[builds]]; got {', '.join(generators)}")
            continue
        if explicit and not generators:
            for key in {"base", "set"} & entry.keys():
                r.error(f"{item}.{key}", "applies to vary, random or all, not to codes and files")
            continue
        for v in vehicles:
            base_build = _base_build(r, catalog, item, entry, v, base)
            if base_build is None:
                break
            if not generators:
                add(v, base_build.state())
                continue
            states, forbidden = _generate(r, catalog, item, entry, generators[0], base_build)
            skipped += forbidden
            for state in states:
                add(v, state)
    return {label: tuple(states.values()) for label, states in per.items()}, skipped


def _base_build(
    r: _Reader, catalog: Catalog, item: str, entry: dict[str, Any], v: VehicleRef, base: Path
) -> Build | None:
    build = Build(catalog, v.rules)
    if "base" in entry:
        state = _read_state(r, catalog, f"{item}.base", entry["base"], base)
        if state is None:
            return None
        build = Build(catalog, state.vehicle, state.choices)
        if state.vehicle != v.rules:
            build.switch_vehicle(v.rules)
    sets = entry.get("set", {})
    if not isinstance(sets, dict):
        r.error(f"{item}.set", 'must be a table: set = { paint = "amethyst" }', "set")
        return None
    for group_id, option_id in sets.items():
        where = f"{item}.set.{group_id}"
        try:
            catalog.group(group_id)
            build.set(group_id, str(option_id))
        except KeyError as e:
            r.error(where, str(e.args[0]), f"{group_id} =", group_id)
            return None
        except BuildError as e:
            r.error(where, f"{e} (on {v.label})", f'"{option_id}"')
            return None
    return build


def _generate(
    r: _Reader, catalog: Catalog, item: str, entry: dict[str, Any], kind: str, base: Build
) -> tuple[list[BuildState], int]:
    vehicle = base.vehicle.id
    if kind == "vary":
        groups = _as_list(entry["vary"])
        known = [g.id for g in catalog.groups]
        bad = [g for g in groups if g not in known]
        for g in bad:
            r.error(f"{item}.vary", f"unknown option group {g!r}; valid: {', '.join(known)}", g)
        if bad:
            return [], 0
        return _product(catalog, vehicle, base.choices, groups)
    if kind == "all":
        if entry["all"] is not True:
            r.error(f"{item}.all", "must be true", "all")
            return [], 0
        return _product(catalog, vehicle, base.choices, [g.id for g in catalog.groups])
    count, seed = entry["random"], entry.get("seed", 0)
    if not isinstance(count, int) or not 1 <= count <= MAX_BUILDS:
        r.error(f"{item}.random", f"must be 1..{MAX_BUILDS}; got {count!r}", "random")
        return [], 0
    if not isinstance(seed, int):
        r.error(f"{item}.seed", f"must be an integer; got {seed!r}", "seed")
        return [], 0
    return _random(catalog, vehicle, count, seed), 0


def _product(
    catalog: Catalog, vehicle: str, base: Mapping[str, str], groups: list[str]
) -> tuple[list[BuildState], int]:
    """Every combination of ``groups``' options over ``base``; forbidden ones skipped."""
    options = [[o.id for o in catalog.options_for(vehicle, g)] for g in groups]
    out, forbidden = [], 0
    for combo in itertools.product(*options):
        choices = {**base, **dict(zip(groups, combo, strict=True))}
        if catalog.violations(vehicle, choices):
            forbidden += 1
            continue
        out.append(BuildState(vehicle, choices))
        if len(out) > MAX_BUILDS:
            break
    return out, forbidden


def _random(catalog: Catalog, vehicle: str, count: int, seed: int) -> list[BuildState]:
    """``count`` distinct valid builds (fewer if the vehicle has fewer), the same for a seed."""
    rng = random.Random(seed)
    seen: dict[tuple[str, ...], BuildState] = {}
    for _ in range(50 * count + 1000):
        choices = {
            g.id: rng.choice([o.id for o in catalog.options_for(vehicle, g.id)])
            for g in catalog.groups
        }
        if catalog.violations(vehicle, choices):
            continue
        seen.setdefault(tuple(choices.values()), BuildState(vehicle, choices))
        if len(seen) == count:
            break
    return list(seen.values())


def job_document(
    name: str,
    vehicle: str,
    base: str,
    *,
    vary: Sequence[str] = (),
    cameras: Sequence[str] = ("front34",),
    environment: str = "studio",
    tone: str = "neutral",
    exposure: float = 1.0,
    size: tuple[int, int] = (1600, 900),
    supersample: int = 2,
) -> str:
    """A job file (TOML) for one build (``base``: a share code) and every option of the
    groups in ``vary`` over it: what the app's File > Render set writes and runs."""
    import tomli_w

    builds: dict[str, Any] = {"base": base}
    if vary:
        builds["vary"] = list(vary)
    else:
        builds = {"codes": [base]}
    doc = {
        "name": name,
        "vehicles": [vehicle],
        "cameras": list(cameras),
        "environments": [environment],
        "tone": tone,
        "exposure": float(exposure),
        "sizes": [f"{size[0]}x{size[1]}"],
        "supersample": int(supersample),
        "builds": [builds],
    }
    return tomli_w.dumps(doc)
