"""Wheels from geometry: where the four wheels are, and which piece of each is the rim, the
tyre, the brake disc or the caliper.

Real files merge wheels freely: one node per wheel, per axle or for all four, one material
for rim and disc together, a tyre under a material named like the wheel. So the wheels are
found as places, not as parts: the four corner boxes where round, floor-standing shapes
sit (the tyres). Every part inside them is then cut into its connected pieces (vertices
welded by position), and each piece is judged by where it lies around the axle:

- tyre: dark rough rubber, or a ring out at the wheel's full radius;
- disc: a thin centred ring well inside the rim's radius;
- caliper: a thick piece off the axle, inside the rim (beside the disc);
- rim: a centred piece out to the rim's radius (or a whole wheel in one piece).

Pieces too small to judge (bolts, valves) go with the part's main piece.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livery.slots import Slot
from livery.vehicles.loaders import appearance
from livery.vehicles.loaders.raw import RawPart
from livery.vehicles.model import vertex_box

WHEEL_SLOTS = (Slot.TYRES, Slot.RIMS, Slot.DISCS, Slot.CALIPERS)


@dataclass(frozen=True)
class WheelZone:
    """One wheel's box in the common frame; the axle runs along Y."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def centre(self) -> np.ndarray:
        return (self.lo + self.hi) / 2

    @property
    def radius(self) -> float:
        d = self.hi - self.lo
        return float(max(d[0], d[2])) / 2

    def contains(self, v: np.ndarray) -> np.ndarray:
        margin = 0.08 * self.radius
        return np.all((v >= self.lo - margin) & (v <= self.hi + margin), axis=1)


def _quadrant_boxes(v: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Boxes of the part's vertices in each corner quadrant (x and y signs); None when
    some vertices lie in no quadrant box worth the name."""
    keys = (v[:, 0] > 0).astype(np.int8) * 2 + (v[:, 1] > 0)
    boxes = []
    for q in range(4):
        sel = v[keys == q]
        if len(sel) >= max(3, 0.02 * len(v)):
            boxes.append(vertex_box(sel))
        elif len(sel):
            return None
    return boxes


def find_zones(parts: list[RawPart], size: np.ndarray) -> list[WheelZone]:
    """The four wheel boxes, from parts whose every corner piece is wheel-shaped."""
    length, width, height = (float(s) for s in size)
    found: dict[tuple[bool, bool], list[tuple[np.ndarray, np.ndarray]]] = {}
    for p in parts:
        boxes = _quadrant_boxes(p.vertices)
        if not boxes:
            continue
        ok = []
        for lo, hi in boxes:
            dx, dy, dz = (hi - lo).tolist()
            c = (lo + hi) / 2
            if not (
                0.7 <= dx / max(dz, 1e-12) <= 1.4
                and dy < 0.9 * max(dx, dz)
                and 0.08 * length <= dz <= 0.45 * length
                and lo[2] <= 0.08 * height
                and hi[2] <= 0.8 * height
                and abs(c[1]) >= 0.2 * width
                and abs(c[0]) >= 0.15 * length
            ):
                break
            ok.append((lo, hi))
        else:
            for lo, hi in ok:
                c = (lo + hi) / 2
                found.setdefault((bool(c[0] > 0), bool(c[1] > 0)), []).append((lo, hi))
    if len(found) < 4:
        return []
    zones = []
    for boxes in found.values():
        lo = np.min([b[0] for b in boxes], axis=0)
        hi = np.max([b[1] for b in boxes], axis=0)
        zones.append(WheelZone(lo, hi))
    return zones


def in_zones(part: RawPart, zones: list[WheelZone]) -> bool:
    inside = np.zeros(len(part.vertices), dtype=bool)
    for z in zones:
        inside |= z.contains(part.vertices)
    return bool(inside.mean() >= 0.97)


def components(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """A component label per face: faces sharing a vertex position belong together."""
    span = float(np.ptp(vertices, axis=0).max()) or 1.0
    q = np.round(np.asarray(vertices, np.float64) / (span * 1e-6)).astype(np.int64)
    q -= q.min(axis=0)
    dims = q.max(axis=0) + 1  # at most 10**6 + 1 each: the flat key fits in int64
    _, weld = np.unique((q[:, 0] * dims[1] + q[:, 1]) * dims[2] + q[:, 2], return_inverse=True)
    f = weld.reshape(-1)[faces]
    label = np.arange(int(weld.max()) + 1 if len(weld) else 0)
    while True:  # min-label propagation with pointer jumping: a few numpy passes
        low = np.minimum(np.minimum(label[f[:, 0]], label[f[:, 1]]), label[f[:, 2]])
        before = label.copy()
        for k in range(3):
            np.minimum.at(label, f[:, k], low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            break
    return label[f[:, 0]]


@dataclass
class _Piece:
    faces: np.ndarray  # face indices into the part
    zone: int
    r: np.ndarray  # vertex distances from the axle, in wheel radii
    size: np.ndarray  # box extent in wheel radii (x, y along the axle, z)
    offset: float  # box centre's distance from the axle, in wheel radii


def _pieces(part: RawPart, zones: list[WheelZone]) -> list[_Piece]:
    labels = components(part.vertices, part.faces)
    order = np.argsort(labels, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    out = []
    for faces in np.split(order, starts[1:]):
        v = part.vertices[np.unique(part.faces[faces])]
        lo, hi = vertex_box(v)
        centre = (lo + hi) / 2
        k = min(range(len(zones)), key=lambda i: float(np.linalg.norm(zones[i].centre - centre)))
        c, radius = zones[k].centre, zones[k].radius
        rel = v - c
        out.append(
            _Piece(
                faces=faces,
                zone=k,
                r=np.hypot(rel[:, 0], rel[:, 2]) / radius,
                size=(hi - lo) / radius,
                offset=float(np.hypot(*(centre - c)[[0, 2]])) / radius,
            )
        )
    return out


def _tyre(piece: _Piece, rubber: bool) -> str:
    if piece.r.max() >= 0.8 and rubber:
        return "dark rough rubber at the wheel's full radius"
    if piece.r.max() >= 0.88 and piece.r.min() >= 0.45:
        return "a ring at the wheel's full radius"
    return ""


def _judge(piece: _Piece, rubber: bool, bead: float) -> tuple[Slot | None, str]:
    """The wheel slot of one piece and why; ``bead``: the tyre's inner radius (where the
    rim ends), in wheel radii. None when the piece is too small to tell."""
    why = _tyre(piece, rubber)
    if why:
        return Slot.TYRES, why
    rmax, d = float(piece.r.max()), piece.size
    if piece.offset >= 0.25 and 0.2 <= max(d[0], d[2]) <= 1.2 and rmax <= bead and d[1] >= 0.08:
        return Slot.CALIPERS, "a piece off the axle inside the rim, beside the disc"
    if piece.offset < 0.15 and 0.3 <= rmax <= 0.9 * bead and d[1] <= 0.25:
        return Slot.DISCS, "a thin centred ring well inside the rim"
    if piece.offset < 0.2 and rmax > 0.9 * bead:
        return Slot.RIMS, "a centred piece out to the tyre's inner edge"
    return None, ""


def classify_parts(
    parts: list[RawPart], zones: list[WheelZone]
) -> dict[str, list[tuple[Slot | None, str, np.ndarray]]]:
    """For each part inside the wheel zones: (slot, why, face indices) per slot found.

    First the tyres, whose inner edge tells each wheel's rim radius; then the rest.
    Pieces too small to tell, and off-axle pieces repeated more than a caliper would be
    (spokes, bolts), go with the part's largest piece.
    """
    pieces = {p.name: _pieces(p, zones) for p in parts}
    rubber = {p.name: appearance.is_rubber(p.material) for p in parts}
    beads = [1.0] * len(zones)
    for name, found in pieces.items():
        for piece in found:
            if _tyre(piece, rubber[name]):
                beads[piece.zone] = min(beads[piece.zone], float(piece.r.min()))
    beads = [b if b < 1.0 else 0.75 for b in beads]
    out = {}
    for p in parts:
        judged: dict[Slot | None, tuple[str, list[np.ndarray]]] = {}
        small: list[np.ndarray] = []
        per_zone: dict[int, int] = {}
        verdicts = [_judge(x, rubber[p.name], beads[x.zone]) for x in pieces[p.name]]
        for x, (slot, _) in zip(pieces[p.name], verdicts, strict=True):
            if slot == Slot.CALIPERS:
                per_zone[x.zone] = per_zone.get(x.zone, 0) + 1
        for x, (slot, why) in zip(pieces[p.name], verdicts, strict=True):
            if slot is None or (slot == Slot.CALIPERS and per_zone[x.zone] > 4):
                small.append(x.faces)
                continue
            judged.setdefault(slot, (why, []))[1].append(x.faces)
        if not judged:
            out[p.name] = [(None, "", np.arange(len(p.faces)))]
            continue
        main = max(judged, key=lambda s: sum(len(f) for f in judged[s][1]))
        judged[main][1].extend(small)
        out[p.name] = [(s, why, np.sort(np.concatenate(f))) for s, (why, f) in judged.items()]
    return out


def sub_part(part: RawPart, faces: np.ndarray, label: str) -> RawPart:
    """The faces ``faces`` of ``part`` as a part of their own, named ``<part>#<label>``."""
    used, inverse = np.unique(part.faces[faces], return_inverse=True)
    return RawPart(
        name=f"{part.name}#{label}",
        path=part.path,
        vertices=part.vertices[used],
        faces=inverse.reshape(-1, 3).astype(np.int32),
        normals=None if part.normals is None else part.normals[used],
        uvs=None if part.uvs is None else part.uvs[used],
        material=part.material,
        mesh_name=part.mesh_name,
        slot_hint=part.slot_hint,
    )
