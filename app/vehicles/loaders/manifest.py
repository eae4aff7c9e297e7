"""The sidecar manifest: ``car.glb.livery.toml`` next to ``car.glb``.

It maps parts to slots with glob patterns and may pin the file's frame::

    auto = false          # true: parts not listed here are mapped from names and geometry

    [frame]               # optional; each key overrides detection
    up = "y"              # x, y or z
    forward = "+z"        # the nose direction: +x, -x, +y, -y, +z, -z
    unit = "mm"           # m, dm, cm, mm, in, ft; or scale = 0.001 (file units -> metres)

    [slots]               # slot = pattern or [patterns]; the first matching slot wins
    body = ["Body*", "material:CarPaint*"]
    rims = "wheel-*"
    none = ["underside"]  # keep the file's own material

A pattern matches a part's name or node path ("parent/child"), case-insensitively;
``material:`` and ``mesh:`` prefixes match material and mesh names instead.
"""

from __future__ import annotations

import fnmatch
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from livery.fileio import InputFileError, read_text_capped
from livery.slots import Slot
from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.frame import UNITS, FrameInfo, FrameOverride
from livery.vehicles.loaders.mapping import Assignment
from livery.vehicles.loaders.raw import RawPart

SUFFIX = ".livery.toml"
#: Limits (README "Hostile input"): a manifest is small text; 20,000 patterns against
#: thousands of parts would take minutes.
MAX_BYTES = 1 << 20
MAX_PATTERNS = 1000
MAX_PATTERN_LENGTH = 256
#: [frame] scale: file units to metres (the vehicle must come out 0.05 to 1000 m long,
#: load.SIZE_RANGE, which is what keeps 1e9 or 1e-300 from the renderer).
SCALE_RANGE = (1e-12, 1e12)
NONE_KEY = "none"
_PREFIXES = ("material:", "mesh:")
_FORWARDS = {f"{s}{a}" for s in "+-" for a in "xyz"}


@dataclass
class Manifest:
    path: Path
    rules: list[tuple[Slot | None, str]] = field(default_factory=list)  # (slot, pattern)
    auto: bool = False
    frame: FrameOverride = field(default_factory=FrameOverride)

    def match(self, part: RawPart) -> Assignment | None:
        for slot, pattern in self.rules:
            if _matches(pattern, part):
                return Assignment(slot, "manifest", f"manifest pattern {pattern!r}")
        return None


def _show(value: object) -> str:
    """A value for a one-line message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def manifest_path(vehicle_file: Path) -> Path:
    return vehicle_file.with_name(vehicle_file.name + SUFFIX)


def _matches(pattern: str, part: RawPart) -> bool:
    pat = pattern.lower()
    if pat.startswith("material:"):
        return fnmatch.fnmatchcase(part.material.name.lower(), pat[len("material:") :])
    if pat.startswith("mesh:"):
        return fnmatch.fnmatchcase(part.mesh_name.lower(), pat[len("mesh:") :])
    return fnmatch.fnmatchcase(part.name.lower(), pat) or fnmatch.fnmatchcase(
        part.path.lower(), pat
    )


def _check_pattern(path: Path, key: str, pattern: object) -> str:
    where = f"[slots] {key}"
    if not isinstance(pattern, str) or not pattern.strip():
        raise VehicleLoadError(
            path, f"{where}: each pattern must be a non-empty string, got {str(pattern)[:60]}"
        )
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise VehicleLoadError(
            path, f"{where}: a pattern of {len(pattern):,} characters; at most {MAX_PATTERN_LENGTH}"
        )
    body = pattern
    for prefix in _PREFIXES:
        if pattern.lower().startswith(prefix):
            body = pattern[len(prefix) :]
            if not body:
                raise VehicleLoadError(
                    path, f"{where}: pattern {pattern!r} has nothing after {prefix!r}"
                )
    if ":" in body.split("/")[0] and not body.startswith("["):
        head = body.split(":", 1)[0]
        raise VehicleLoadError(
            path,
            f"{where}: pattern {pattern!r} has an unknown prefix {head + ':'!r} "
            "(use material: or mesh:, or none)",
        )
    depth = 0
    for ch in body:
        if ch == "[":
            if depth:
                raise VehicleLoadError(path, f"{where}: pattern {pattern!r} has a '[' inside [...]")
            depth = 1
        elif ch == "]" and depth:
            depth = 0
    if depth:
        raise VehicleLoadError(path, f"{where}: pattern {pattern!r} has a '[' with no ']'")
    return pattern


def read_manifest(path: Path) -> Manifest:
    """Parse and validate a manifest; every error names the file and the key."""
    try:
        text = read_text_capped(path, MAX_BYTES, what="manifest")
    except InputFileError as e:
        raise VehicleLoadError(path, e.problem) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise VehicleLoadError(path, f"the manifest is not valid TOML: {e}") from None
    except ValueError as e:  # an integer of thousands of digits
        raise VehicleLoadError(path, f"the manifest has an unreadable value: {e}") from None
    except RecursionError:
        raise VehicleLoadError(path, "the manifest is nested too deeply") from None
    unknown = set(doc) - {"auto", "frame", "slots"}
    if unknown:
        raise VehicleLoadError(
            path,
            f"unknown key(s) {', '.join(sorted(unknown))}; a manifest has auto, "
            "[frame] and [slots]",
        )
    out = Manifest(path)
    auto = doc.get("auto", False)
    if not isinstance(auto, bool):
        raise VehicleLoadError(path, f"auto must be true or false, got {_show(auto)}")
    out.auto = auto
    out.frame = _read_frame(path, doc.get("frame", {}))
    slots = doc.get("slots", {})
    if not isinstance(slots, dict):
        raise VehicleLoadError(path, "[slots] must be a table of slot = [patterns]")
    valid = ", ".join([s.value for s in Slot] + [NONE_KEY])
    for key, value in slots.items():
        if key == NONE_KEY:
            slot = None
        else:
            try:
                slot = Slot(key)
            except ValueError:
                raise VehicleLoadError(
                    path, f"[slots] {_show(key)}: unknown slot {_show(key)}; valid slots: {valid}"
                ) from None
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, list):
            raise VehicleLoadError(
                path,
                f"[slots] {_show(key)}: expected a pattern or a list of them, got {_show(value)}",
            )
        out.rules += [(slot, _check_pattern(path, key, p)) for p in patterns]
        if len(out.rules) > MAX_PATTERNS:
            raise VehicleLoadError(
                path, f"[slots]: more than {MAX_PATTERNS:,} patterns; at most that many are read"
            )
    return out


def _read_frame(path: Path, frame: object) -> FrameOverride:
    if not isinstance(frame, dict):
        raise VehicleLoadError(path, "[frame] must be a table")
    unknown = set(frame) - {"up", "forward", "unit", "scale"}
    if unknown:
        raise VehicleLoadError(
            path,
            f"[frame]: unknown key(s) {', '.join(sorted(unknown))}; use up, forward, unit or scale",
        )
    out = FrameOverride()
    up = frame.get("up")
    if up is not None:
        if not isinstance(up, str) or up.lower().lstrip("+") not in ("x", "y", "z"):
            raise VehicleLoadError(path, f"[frame] up: expected x, y or z, got {str(up)[:40]}")
        out.up = up.lower().lstrip("+")
    fwd = frame.get("forward")
    if fwd is not None:
        text = fwd.lower() if isinstance(fwd, str) else ""
        text = text if text[:1] in "+-" else "+" + text
        if text not in _FORWARDS:
            raise VehicleLoadError(
                path, f"[frame] forward: expected +x, -x, +y, -y, +z or -z, got {str(fwd)[:40]}"
            )
        out.forward = text
    if out.up and out.forward and out.forward[1] == out.up:
        raise VehicleLoadError(path, "[frame]: forward and up cannot be the same axis")
    if "unit" in frame and "scale" in frame:
        raise VehicleLoadError(path, "[frame]: give unit or scale, not both")
    if "unit" in frame:
        unit = frame["unit"]
        if not isinstance(unit, str) or unit not in UNITS:
            raise VehicleLoadError(
                path, f"[frame] unit: expected one of {', '.join(UNITS)}, got {str(unit)[:40]}"
            )
        out.scale = UNITS[unit]
    if "scale" in frame:
        scale = frame["scale"]
        lo, hi = SCALE_RANGE
        if isinstance(scale, bool) or not isinstance(scale, int | float) or not lo <= scale <= hi:
            raise VehicleLoadError(
                path, f"[frame] scale: expected a number {lo:g}..{hi:g}, got {str(scale)[:40]}"
            )
        out.scale = float(scale)
    return out


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _literal(name: str) -> str:
    """A glob pattern that matches exactly ``name``."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def manifest_text(
    vehicle_file: Path, parts: list[RawPart], mapping: dict[str, Assignment], frame: FrameInfo
) -> str:
    """A manifest that reproduces ``mapping`` and ``frame``, for the user to edit."""
    lines = [
        f"# Livery Studio slot mapping for {vehicle_file.name}, written by `livery inspect "
        "--write-manifest`.",
        "# Patterns are globs matched against part names or node paths (case-insensitive);",
        "# prefix material: or mesh: to match material or mesh names. The first slot that",
        "# matches a part wins. none keeps the file's own material. Slots:",
        "#   " + ", ".join(s.value for s in list(Slot)[:8]) + ",",
        "#   " + ", ".join(s.value for s in list(Slot)[8:]) + ".",
        "",
        "auto = false  # true: parts not listed below are mapped from names and geometry",
        "",
        "[frame]",
        f"up = {_quote(frame.up.lstrip('+'))}",
        f"forward = {_quote(frame.forward)}",
        f"scale = {frame.scale!r}  # file units -> metres",
        "",
        "[slots]",
    ]
    by_slot: dict[Slot | None, list[tuple[str, str]]] = {}
    for p in parts:
        a = mapping[p.name]
        by_slot.setdefault(a.slot, []).append((p.name, a.source or "unmapped"))
    for slot in [*Slot, None]:
        entries = by_slot.get(slot)
        if not entries:
            continue
        key = slot.value if slot is not None else NONE_KEY
        if "-" in key:
            key = _quote(key)
        lines.append(f"{key} = [")
        for name, source in entries:
            lines.append(f"    {_quote(_literal(name))},  # {source}")
        lines.append("]")
    return "\n".join(lines) + "\n"
