"""Cars textured from one atlas: which faces are the paint, read from the texels they sample.

Low-poly and toy cars (Kenney's trucks, the Khronos ToyCar) hold the whole car in one or
a few meshes sharing one material whose texture is a palette: each face samples a flat
swatch (red body, dark tyre, blue-grey window, white lamp). Painting such a mesh paints
everything. So the faces are sorted by the colour they sample (a few points on each face,
times the material's base colour factor):

- paint: chromatic texels near the car's dominant hue (the hue covering the most area);
- glass: a pale blue-grey tint above the car's waist (lower down it is metal);
- dark: near-black texels (tyres on a wheel, trim elsewhere);
- other: the rest (lamps, trim, cabin), and faces whose samples disagree (a decal).

Each class becomes a piece ``<part>#<class>``. A wheel part's dark faces are its tyre and
the rest its rim. An atlas whose faces do not sample flat colours (a photographic or baked
texture), or with no dominant paint hue, is not split: it is left unpainted, with a
warning that says so, rather than painted whole.
"""

from __future__ import annotations

import numpy as np

from livery.slots import Slot
from livery.vehicles.loaders import appearance, wheels
from livery.vehicles.loaders.raw import RawPart, unique_name
from livery.vehicles.model import SourceMaterial

#: Barycentric weights of the points sampled on each face (centre, near each corner).
_WEIGHTS = np.array(
    [[1 / 3, 1 / 3, 1 / 3], [0.7, 0.15, 0.15], [0.15, 0.7, 0.15], [0.15, 0.15, 0.7]]
)
PAINT, GLASS, DARK, OTHER = "paint", "glass", "dark", "other"
_HUE_SPAN = 10.0  # degrees either side of the paint hue that still count as paint
_WHEEL = (Slot.RIMS, Slot.TYRES, Slot.DISCS, Slot.CALIPERS)


def _hsv(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hue in degrees, saturation and value of RGB rows in 0..1."""
    v = rgb.max(axis=-1)
    c = v - rgb.min(axis=-1)
    s = np.where(v > 0, c / np.where(v > 0, v, 1), 0.0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    safe = np.where(c > 0, c, 1)
    h = np.where(
        v == r, ((g - b) / safe) % 6, np.where(v == g, (b - r) / safe + 2, (r - g) / safe + 4)
    )
    return np.where(c > 0, h * 60.0, 0.0), s, v


def face_colours(part: RawPart) -> np.ndarray:
    """(faces, samples, 3) colours in 0..1 that each face samples from its base colour."""
    tex = part.material.base_color_texture
    assert tex is not None and part.uvs is not None
    h, w = tex.shape[:2]
    uv = np.einsum("sk,mkd->msd", _WEIGHTS, part.uvs[part.faces])
    x = np.clip((np.mod(uv[..., 0], 1.0) * w).astype(np.int64), 0, w - 1)
    y = np.clip(((1.0 - np.mod(uv[..., 1], 1.0)) * h).astype(np.int64), 0, h - 1)  # V is flipped
    factor = np.asarray(part.material.base_color[:3], np.float32)
    return tex[y, x, :3].astype(np.float32) / 255.0 * factor


def _classes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sample: a class code (0 chromatic, 1 glass, 2 dark, 3 neutral) and its hue."""
    hue, s, v = _hsv(rgb)
    code = np.full(hue.shape, 3, np.int8)
    code[(s >= 0.25) & (v >= 0.3)] = 0
    glass = (hue >= 190) & (hue <= 250) & (s >= 0.08) & (s < 0.45) & (v >= 0.75)
    code[glass & (code == 3)] = 1
    code[v < 0.3] = 2
    return code, hue


def _hue_gap(hue: np.ndarray, centre: float) -> np.ndarray:
    d = np.abs(hue - centre) % 360.0
    return np.minimum(d, 360.0 - d)


def paint_hue(codes: np.ndarray, hues: np.ndarray, area: np.ndarray) -> float | None:
    """The chromatic hue covering the most area (faces whose samples are all chromatic):
    the peak of a hue histogram, refined to the area-weighted mean hue around it."""
    whole = (codes == 0).all(axis=1)
    if not whole.any():
        return None
    face_hue, weight = hues[whole, 0], area[whole]
    bins = np.bincount((face_hue // 10).astype(np.int64) % 36, weight, minlength=36)
    peak = float(np.argmax(bins + np.roll(bins, 1) + np.roll(bins, -1)) * 10 + 5)
    near = _hue_gap(face_hue, peak) <= 15.0
    offset = (face_hue[near] - peak + 180.0) % 360.0 - 180.0
    return float((peak + np.average(offset, weights=weight[near] + 1e-12)) % 360.0)


def label_faces(
    codes: np.ndarray, hues: np.ndarray, paint: float | None, upper: np.ndarray
) -> np.ndarray:
    """A class name per face: all its samples agree, else OTHER. Glass only where
    ``upper`` (windows sit above the waist; a blue-grey lower down is metal)."""
    out = np.full(len(codes), OTHER, dtype=object)
    if paint is not None:
        near = (codes == 0) & (_hue_gap(hues, paint) <= _HUE_SPAN)
        out[near.all(axis=1)] = PAINT
    out[(codes == 1).all(axis=1) & upper] = GLASS
    out[(codes == 2).all(axis=1)] = DARK
    return out


def _mixed(colours: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Faces whose samples fall in different classes and differ clearly (a decal's edge,
    a photographic texture), not one swatch's gentle gradient."""
    spread = np.linalg.norm(colours - colours[:, :1], axis=2).max(axis=1)
    return (codes != codes[:, :1]).any(axis=1) & (spread > 0.12)


def _is_atlas(material: SourceMaterial) -> bool:
    return material.base_color_texture is not None and not (
        appearance.is_glass_like(material) or appearance.is_overlay(material)
    )


def split(
    parts: list[RawPart],
    open_slot: dict[str, Slot | None],
    ignore: set[str],
    warnings: list[str],
) -> tuple[list[RawPart], dict[str, tuple[Slot | None, str]]]:
    """Split the parts of a texture atlas that covers most of the car by face colour.

    ``open_slot``: the parts the caller lets this decide (names leave them open, or name
    only the body or a wheel) and the slot their names gave; ``ignore``: parts that are
    not the car (a floor cloth). Returns the parts (pieces in place of the parts they
    came from) and a (slot, why) verdict per piece or part judged.
    """
    placed = [p for p in parts if p.name not in ignore]
    by_material: dict[str, list[RawPart]] = {}
    for p in parts:
        if p.name in open_slot and p.uvs is not None and _is_atlas(p.material):
            by_material.setdefault(p.material.name, []).append(p)
    triangles = sum(len(p.faces) for p in placed)
    if not any(sum(len(p.faces) for p in m) >= 0.1 * triangles for m in by_material.values()):
        return parts, {}  # no textured material holds much of the car: no atlas to read
    heights = np.concatenate([p.vertices[:, 2] for p in placed])
    waist = float(heights.min() + 0.55 * np.ptp(heights))
    areas = {p.name: appearance.triangle_normals(p.vertices, p.faces)[1] for p in placed}
    total = sum(float(a.sum()) for a in areas.values()) or 1.0
    verdicts: dict[str, tuple[Slot | None, str]] = {}
    pieces: dict[str, list[RawPart]] = {}
    taken = {p.name for p in parts}
    for material, members in by_material.items():
        if sum(float(areas[p.name].sum()) for p in members) < 0.5 * total:
            continue  # a textured part of a car, not the car's atlas
        judged = _judge(material, members, areas, open_slot, waist, warnings)
        for p in members:
            faces = judged.get(p.name)
            if faces is None:
                continue
            if isinstance(faces, tuple):  # the whole part, one verdict
                verdicts[p.name] = faces
                continue
            taken.discard(p.name)
            pieces[p.name] = []
            for label, (slot, why, sel) in faces.items():
                piece = wheels.sub_part(p, sel, label)
                piece.name = unique_name(piece.name, taken)
                verdicts[piece.name] = (slot, why)
                pieces[p.name].append(piece)
    out = [q for p in parts for q in pieces.get(p.name, [p])]
    return out, verdicts


def _judge(
    material: str,
    members: list[RawPart],
    areas: dict[str, np.ndarray],
    open_slot: dict[str, Slot | None],
    waist: float,
    warnings: list[str],
) -> dict[str, object]:
    """Face classes of one atlas's parts: {part: {label: (slot, why, faces)}}, or
    {part: (slot, why)} when the part keeps one verdict."""
    data = {}
    for p in members:
        colours = face_colours(p)
        codes, hues = _classes(colours)
        upper = p.vertices[p.faces, 2].mean(axis=1) > waist
        data[p.name] = (colours, codes, hues, upper)
    body = [p for p in members if open_slot[p.name] not in _WHEEL] or members
    codes = np.concatenate([data[p.name][1] for p in body])
    hues = np.concatenate([data[p.name][2] for p in body])
    area = np.concatenate([areas[p.name] for p in body])
    mixed = np.concatenate([_mixed(data[p.name][0], data[p.name][1]) for p in body])
    hue = paint_hue(codes, hues, area)
    upper = np.concatenate([data[p.name][3] for p in body])
    labels = label_faces(codes, hues, hue, upper)
    share = float(area[labels == PAINT].sum() / (area.sum() or 1.0))
    if float(area[mixed].sum() / (area.sum() or 1.0)) > 0.25 or share < 0.15:
        why = (
            f"one texture atlas ({material!r}) for the whole car whose faces do not sample "
            "flat colours: left unpainted, not painted whole (map it by hand)"
            if share >= 0.15
            else f"one texture atlas ({material!r}) for the whole car with no dominant paint "
            "colour: left unpainted, not painted whole (map it by hand)"
        )
        warnings.append(f"not painted: {why}")
        return {p.name: (None, why) for p in members}
    if share >= 0.97:
        return {}  # a textured paint, not an atlas: the usual rules apply
    colour = _hex(np.concatenate([data[p.name][0] for p in body])[labels == PAINT])
    out: dict[str, object] = {}
    for p in members:
        colours, codes, hues, upper = data[p.name]
        faces = label_faces(codes, hues, hue, upper)
        wheel = open_slot[p.name] in _WHEEL
        groups: dict[str, tuple[Slot | None, str, np.ndarray]] = {}
        if wheel:  # a wheel part: its dark tyre and its rim
            dark = faces == DARK
            for label, sel in ((Slot.TYRES.value, dark), (Slot.RIMS.value, ~dark)):
                if sel.any():
                    groups[label] = (*_verdict(label, material, colour, share), np.flatnonzero(sel))
        else:
            for label in (PAINT, GLASS, DARK, OTHER):
                sel = np.flatnonzero(faces == label)
                if len(sel):
                    groups[label] = (*_verdict(label, material, colour, share), sel)
        if len(groups) == 1:
            slot, why, _ = next(iter(groups.values()))
            out[p.name] = (slot, why)
        else:
            out[p.name] = groups
    return out


def _verdict(label: str, material: str, colour: str, share: float) -> tuple[Slot | None, str]:
    atlas = f"atlas {material!r}"
    return {
        Slot.TYRES.value: (Slot.TYRES, f"{atlas}: the wheel's dark faces (the tyre)"),
        Slot.RIMS.value: (Slot.RIMS, f"{atlas}: the wheel's lighter faces (the rim)"),
        PAINT: (Slot.BODY, f"{atlas}: faces sampling the body colour {colour} ({share:.0%})"),
        GLASS: (Slot.GLASS, f"{atlas}: faces sampling a pale blue-grey (glass)"),
        DARK: (None, f"{atlas}: dark faces (tyres or trim) keep their own material"),
        OTHER: (None, f"{atlas}: faces of other colours (trim, lamps) keep their own material"),
    }[label]


def _hex(colours: np.ndarray) -> str:
    rgb = np.clip(np.median(colours.reshape(-1, 3), axis=0) * 255 + 0.5, 0, 255).astype(int)
    return "#" + "".join(f"{c:02x}" for c in rgb)
