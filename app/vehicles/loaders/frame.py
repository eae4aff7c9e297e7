"""Bring a RawScene to the common frame: metres, Z up, nose to +X, on the floor, centred.

Formats state a frame (glTF: Y up, +Z forward, metres), files often break it: cars
authored in centimetres or at 2 units a metre, lying along X with the nose at -X. So
the frame is read from the geometry, each decision with its evidence:

- up: the format's up axis; for formats without one, the shape (a car is longer than
  it is tall);
- length: the longest horizontal extent (a car is longer than it is wide);
- nose: a vote of names (head/front lamps and wheels against tail/rear), lamp colours
  (white head lamps, red tail lamps), the door mirrors (ahead of the middle) and the
  windscreen's slope, with the format's convention as one more vote;
- unit: the declared one when it gives a vehicle of plausible size, else the usual
  unit that does (cm, mm, in), else a typical car length, with a warning.

A manifest's [frame] table overrides each decision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.raw import RawPart, RawScene
from livery.vehicles.model import vertex_box

#: Plausible length of a vehicle in metres (a small motorbike to a long truck).
PLAUSIBLE_LENGTH = (1.0, 30.0)
TYPICAL_LENGTH = 4.5
MAX_WIDTH, MAX_HEIGHT = 3.2, 4.6
#: Unit names accepted in a manifest and the guesses tried for files without units.
UNITS = {"m": 1.0, "dm": 0.1, "cm": 0.01, "mm": 0.001, "in": 0.0254, "ft": 0.3048}
_GUESSES = {"mm": 0.001, "cm": 0.01, "in": 0.0254}
_AXES = {"x": 0, "y": 1, "z": 2}


@dataclass
class FrameOverride:
    """What a manifest says about the file's frame (None: detect)."""

    up: str | None = None  # "y" or "z" (or "x")
    forward: str | None = None  # "+x", "-x", "+y", "-y", "+z", "-z"
    scale: float | None = None  # file units -> metres


@dataclass
class FrameInfo:
    """How the file was brought to the common frame, for ``livery inspect``."""

    up: str  # the file's up axis, e.g. "+y"
    forward: str  # the file's nose direction, e.g. "+z"
    scale: float  # file units -> metres
    notes: list[str] = field(default_factory=list)
    ground_parts: list[str] = field(default_factory=list)  # left out of the vehicle
    size: tuple[float, float, float] = (0.0, 0.0, 0.0)  # length, width, height in metres


def check_finite(path: Path, parts: list[RawPart]) -> None:
    for p in parts:
        bad = ~np.isfinite(p.vertices).all(axis=1)
        if bad.any():
            raise VehicleLoadError(
                path,
                f"part {p.name!r} has {int(bad.sum())} vertices with NaN or infinite "
                "coordinates (corrupt file)",
            )


def _axis_vector(spec: str) -> np.ndarray:
    sign = -1.0 if spec.startswith("-") else 1.0
    v = np.zeros(3)
    v[_AXES[spec.lstrip("+-")]] = sign
    return v


Box = tuple[np.ndarray, np.ndarray]


def _box(v: np.ndarray) -> Box:
    return vertex_box(v)


def _permute(
    v: np.ndarray, rot: np.ndarray, scale: float = 1.0, shift: np.ndarray | None = None
) -> np.ndarray:
    """``scale * rot @ v + shift`` as float32 for a signed axis permutation ``rot``:
    column copies, several times faster than a matrix product on millions of rows."""
    out = np.empty(v.shape, np.float32)
    for i in range(3):
        j = int(np.argmax(np.abs(rot[i])))
        np.multiply(v[:, j], rot[i, j] * scale, out=out[:, i], casting="unsafe")
        if shift is not None:
            out[:, i] += np.float32(shift[i])
    return out


def _union(boxes: list[Box]) -> Box:
    return np.min([b[0] for b in boxes], axis=0), np.max([b[1] for b in boxes], axis=0)


def _rotate_box(box: Box, rot: np.ndarray) -> Box:
    """Exact for the signed axis permutations used here."""
    a, b = box[0] @ rot.T, box[1] @ rot.T
    return np.minimum(a, b), np.maximum(a, b)


def detect_up(scene: RawScene, extent: np.ndarray) -> tuple[str, str]:
    """The up axis ("y" or "z") and why."""
    if scene.up:
        return scene.up, f"{scene.format} is {scene.up.upper()} up by definition"
    longest = int(np.argmax(extent))
    if longest == 2:
        return "y", "the model is longest along Z, so Y is up"
    if longest == 1:
        return "z", "the model is longest along Y, so Z is up"
    y, z = extent[1], extent[2]
    if abs(y - z) <= 0.03 * max(y, z):
        default = "y" if scene.format == "OBJ" else "z"
        return (
            default,
            f"width and height are alike; {default.upper()} up, as {scene.format} usually is",
        )
    up = "y" if y < z else "z"
    return up, f"the model is lower along {up.upper()} than across, so {up.upper()} is up"


def _ends_by_name(part: RawPart) -> str | None:
    """ "front" or "rear" from the part's own, material or node names (lamps, wheels)."""
    from livery.vehicles.loaders.mapping import end_of_car

    for name in (part.name, part.material.name, part.path):
        end = end_of_car(name)
        if end is not None:
            return end
    return None


def _vote_from_positions(
    front: list[float], rear: list[float], centre: float, length: float
) -> float:
    """+1 when the front evidence lies toward + along the axis, -1 toward -, 0 unclear."""
    if front and rear:
        d = float(np.mean(front) - np.mean(rear))
    elif front:
        d = float(np.mean(front)) - centre
    elif rear:
        d = centre - float(np.mean(rear))
    else:
        return 0.0
    return float(np.sign(d)) if abs(d) > 0.1 * length else 0.0


def nose_votes(
    parts: list[RawPart], axis: int, up: int, lo: np.ndarray, hi: np.ndarray
) -> list[tuple[float, float, str]]:
    """Evidence for the nose direction along ``axis``: (sign, weight, what) for each clue."""
    from livery.slots import Slot
    from livery.vehicles.loaders import appearance
    from livery.vehicles.loaders.mapping import is_mirror, slot_from_name

    centre, length = float(lo[axis] + hi[axis]) / 2, float(hi[axis] - lo[axis])
    named: dict[str, list[float]] = {"front": [], "rear": []}
    lamps: dict[str, list[float]] = {"front": [], "rear": []}
    mirrors: list[float] = []
    glass = np.zeros(2)  # area-weighted along-axis component of upward glass normals
    for p in parts:
        where = float(p.vertices[:, axis].mean())
        at_one_end = float(np.ptp(p.vertices[:, axis])) < 0.5 * length  # not a pair at both
        end = _ends_by_name(p) if at_one_end else None
        if end is not None:
            named[end].append(where)
        lamp = appearance.lamp_end(p.material) if at_one_end else None
        if lamp is not None:
            lamps[lamp].append(where)
        if any(is_mirror(n) for n in (p.name, p.material.name)):
            mirrors.append(where)
        named_glass = slot_from_name(p.material.name) == Slot.GLASS
        if appearance.is_glass_like(p.material) or named_glass:
            n, area = appearance.triangle_normals(p.vertices, p.faces)
            flip = np.where(n[:, up] < 0, -1.0, 1.0)
            sloped = np.abs(n[:, up]) > 0.3
            glass += [float((n[:, axis] * flip * area)[sloped].sum()), float(area[sloped].sum())]
    votes = []
    sign = _vote_from_positions(named["front"], named["rear"], centre, length)
    if sign:
        votes.append((sign, 2.0, "names of front and rear parts (wheels, lamps)"))
    sign = _vote_from_positions(lamps["front"], lamps["rear"], centre, length)
    if sign:
        votes.append((sign, 2.0, "lamp colours (white or amber head lamps, red tail lamps)"))
    if not mirrors:
        mirrors = _mirrors_by_shape(parts, axis, up, lo, hi)
    sign = _vote_from_positions(mirrors, [], centre, 0.5 * length)
    if sign:
        votes.append(
            (sign, 1.0, "door mirrors (the widest points above the waist) ahead of the middle")
        )
    if glass[1] > 0 and abs(glass[0]) > 0.15 * glass[1]:
        votes.append((float(np.sign(glass[0])), 1.0, "the windscreen's slope"))
    return votes


def _mirrors_by_shape(
    parts: list[RawPart], axis: int, up: int, lo: np.ndarray, hi: np.ndarray
) -> list[float]:
    """Where along ``axis`` the car is widest above its waist: door mirrors stick out
    past the body at window height. Empty when nothing sticks out there."""
    side = 3 - axis - up
    mid, height = float(lo[side] + hi[side]) / 2, float(hi[up] - lo[up])
    waist = float(lo[up]) + 0.45 * height
    low_width = 0.0
    for p in parts:
        below = p.vertices[:, up] < waist
        if below.any():
            low_width = max(low_width, float(np.abs(p.vertices[below, side] - mid).max()))
    out: list[float] = []
    for p in parts:
        v = p.vertices
        band = (v[:, up] >= waist) & (v[:, up] <= float(lo[up]) + 0.9 * height)
        wide = band & (np.abs(v[:, side] - mid) > 1.03 * low_width)
        out += v[wide, axis].tolist()
    return [float(np.mean(out))] if out else []


def detect_forward(scene: RawScene, up: int, lo: np.ndarray, hi: np.ndarray) -> tuple[str, str]:
    """The nose direction as a signed file axis ("-x") and the evidence for it.

    The length runs along the longest horizontal extent (a car is longer than it is
    wide); the format's convention (glTF: +Z) decides only between extents within 5 %.
    The end is voted on: names, lamp colours, mirrors, the windscreen, and the
    convention as one vote of its own.
    """
    extent = hi - lo
    horiz = [i for i in range(3) if i != up]
    axis = max(horiz, key=lambda i: extent[i])
    why_axis = "the longest horizontal extent"
    conv = scene.forward.lstrip("+-") if scene.forward else None
    conv_i = _AXES[conv] if conv in _AXES and _AXES[conv] != up else None
    if conv_i is not None and conv_i != axis and extent[conv_i] >= 0.95 * extent[axis]:
        axis, why_axis = conv_i, f"{scene.format} convention (the extents are alike)"
    votes = nose_votes(scene.parts, axis, up, lo, hi)
    if conv_i == axis and scene.forward:
        sign = -1.0 if scene.forward.startswith("-") else 1.0
        votes.append((sign, 1.0, f"{scene.format} convention ({scene.forward.upper()})"))
    total = sum(s * w for s, w, _ in votes)
    sign = 1.0 if total >= 0 else -1.0
    name = "xyz"[axis]
    forward = f"{'+' if sign > 0 else '-'}{name}"
    for_ = [what for s, _, what in votes if s == sign]
    against = [what for s, _, what in votes if s != sign]
    reason = f"length along {name.upper()}, {why_axis}; "
    reason += "nose from " + (", ".join(for_) if for_ else "no evidence (+ by default)")
    if against:
        reason += "; outvoted: " + ", ".join(against)
    return forward, reason


def normalise(path: Path, scene: RawScene, override: FrameOverride | None = None) -> FrameInfo:
    """Rotate, scale and move ``scene.parts`` in place into the common frame."""
    override = override or FrameOverride()
    parts = scene.parts
    boxes = {p.name: _box(p.vertices) for p in parts}  # one pass over the vertices
    if not all(np.isfinite(b[0]).all() and np.isfinite(b[1]).all() for b in boxes.values()):
        check_finite(path, parts)
    lo, hi = _union(list(boxes.values()))
    extent = hi - lo
    notes: list[str] = []
    if not np.all(np.isfinite(extent)) or float(extent.max()) <= 0:
        raise VehicleLoadError(path, "the model has no extent (all vertices at one point)")

    if override.up:
        up_axis, why = override.up, "set in the manifest"
    else:
        up_axis, why = detect_up(scene, extent)
    notes.append(f"up axis {up_axis.upper()}: {why}")
    up_i = _AXES[up_axis]
    if override.forward:
        forward = override.forward
        notes.append(f"nose towards {forward.upper()}: set in the manifest")
    else:
        forward, reason = detect_forward(scene, up_i, lo, hi)
        notes.append(f"nose towards {forward.upper()}: {reason}")
    if forward.lstrip("+-") == up_axis:
        raise VehicleLoadError(path, f"the forward axis {forward} cannot also be the up axis")

    new_x = _axis_vector(forward)
    new_z = _axis_vector("+" + up_axis)
    rot = np.stack([new_x, np.cross(new_z, new_x), new_z])  # rows: the new axes
    boxes = {name: _rotate_box(b, rot) for name, b in boxes.items()}

    ground = _ground_parts(boxes)  # shape ratios only: the scale does not matter yet
    placed = [b for name, b in boxes.items() if name not in ground] or list(boxes.values())
    lo, hi = _union(placed)
    length, width, height = (hi - lo).tolist()
    if min(width, height) <= 1e-9 * length:
        raise VehicleLoadError(path, "the model is flat (no width or no height): not a vehicle")
    unit = 1.0 if scene.unit is None else scene.unit
    if override.scale:
        scale = override.scale
        notes.append(f"scale ×{scale:g} to metres: set in the manifest")
    else:
        scale = _guess_scale(path, scene, (length, width, height), unit, notes)
    lo, hi = lo * scale, hi * scale
    shift = np.array([-(lo[0] + hi[0]) / 2, -(lo[1] + hi[1]) / 2, -lo[2]])
    for p in parts:  # v' = s R v + shift
        p.vertices = _permute(p.vertices, rot, scale, shift)
        if p.normals is not None and not np.array_equal(rot, np.eye(3)):
            p.normals = _permute(p.normals, rot)
    if ground:
        notes.append(
            "ground or stand under the car, left out of the vehicle (the stage has its "
            "own floor): " + ", ".join(ground)
        )
    if not (override.up and override.forward and override.scale):
        notes.append(
            f"to override: [frame] up, forward and unit (or scale) in {path.name}.livery.toml "
            "(`livery inspect --write-manifest` writes one)"
        )
    size = tuple(float(v) for v in (hi - lo))
    return FrameInfo(
        up=f"+{up_axis}",
        forward=forward,
        scale=scale,
        notes=notes,
        ground_parts=ground,
        size=size,  # type: ignore[arg-type]
    )


def plausible(length: float, width: float, height: float) -> bool:
    """A vehicle's size in metres: a small motorbike to a long truck, no wider than a
    truck with its mirrors, no taller than a double-decker bus."""
    lo_ok, hi_ok = PLAUSIBLE_LENGTH
    return lo_ok <= length <= hi_ok and width <= MAX_WIDTH and height <= MAX_HEIGHT


def _guess_scale(
    path: Path, scene: RawScene, size: tuple[float, float, float], unit: float, notes: list[str]
) -> float:
    """File units -> metres: the declared unit when it gives a plausible vehicle, else the
    usual unit (cm, mm, in) that does, else a typical car length with a warning."""
    length = size[0]
    declared = "metres" if scene.unit is None else f"its declared unit (×{unit:g} to metres)"
    if plausible(*(s * unit for s in size)):
        if scene.unit is None:
            notes.append(f"units: metres (the model is {length * unit:.3g} long)")
        return unit
    fits = {name: f for name, f in _GUESSES.items() if plausible(*(s * f for s in size))}
    if fits:
        name = min(fits, key=lambda n: abs(math.log(length * fits[n] / TYPICAL_LENGTH)))
        notes.append(
            f"units: {name} (the model is {length:.4g} x {size[1]:.4g} x {size[2]:.4g} units; "
            f"at {declared} no vehicle is that size, as {name} it is a "
            f"{length * fits[name]:.3g} m vehicle)"
        )
        return fits[name]
    metres = length * unit
    if 0.01 <= metres <= 1000:
        factor = TYPICAL_LENGTH / length
        what = "a scale model" if metres < PLAUSIBLE_LENGTH[0] else "no known unit fits"
        notes.append(
            f"warning: unknown unit: at {declared} the model is {metres:.3g} x "
            f"{size[1] * unit:.3g} x {size[2] * unit:.3g} m ({what}); scaled ×{factor:.4g} to a "
            f"typical {TYPICAL_LENGTH} m car; set [frame] unit or scale in the manifest "
            f"{path.name}.livery.toml if it is not right"
        )
        return factor
    lo_ok, hi_ok = PLAUSIBLE_LENGTH
    raise VehicleLoadError(
        path,
        f"absurd size: the model is {length:.4g} units long, which no unit (m, cm, mm, in) turns "
        f"into a vehicle of {lo_ok:g} to {hi_ok:g} m; if it is right, set [frame] scale in "
        f"the manifest {path.name}.livery.toml",
    )


def _ground_parts(boxes: dict[str, Box]) -> list[str]:
    """Parts that look like a floor, cloth or stand under the car (flat, covering, below)."""
    if len(boxes) < 2:
        return []
    out = []
    # The box of all the other parts, for each part, from running minima and maxima from
    # both ends: linear in the number of parts (a file of 10,000 took minutes).
    lo = np.array([b[0] for b in boxes.values()])
    hi = np.array([b[1] for b in boxes.values()])
    big = np.full((1, 3), np.inf)
    lo_before = np.vstack([big, np.minimum.accumulate(lo)[:-1]])
    lo_after = np.vstack([np.minimum.accumulate(lo[::-1])[::-1][1:], big])
    hi_before = np.vstack([-big, np.maximum.accumulate(hi)[:-1]])
    hi_after = np.vstack([np.maximum.accumulate(hi[::-1])[::-1][1:], -big])
    for i, (name, (plo, phi)) in enumerate(boxes.items()):
        rlo = np.minimum(lo_before[i], lo_after[i])
        rhi = np.maximum(hi_before[i], hi_after[i])
        pe, re = phi - plo, rhi - rlo
        flat = pe[2] < 0.3 * min(pe[0], pe[1])
        covers = pe[0] >= 0.9 * re[0] and pe[1] >= 0.9 * re[1]
        below = phi[2] <= rlo[2] + 0.1 * re[2]
        if flat and covers and below:
            out.append(name)
    return out
