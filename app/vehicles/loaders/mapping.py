"""Automatic slot mapping: from names first, then from the shape of the car.

Names are read the way modellers write them (``wheel-front-left``, ``WheelFL``,
``Tire_RR``, ``CarPaint``, ``Reifen_VL``, ``车身``): camelCase is split, separators become
spaces, and each rule is a regular expression over the result. A part is tried by its own
name, then its material, its mesh and its parent nodes, nearest first. Geometry fills what
the names leave open: four wheel-like parts at the corners become rims, the largest outer
shell becomes the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from livery.slots import Slot
from livery.vehicles.loaders.raw import RawPart
from livery.vehicles.model import vertex_box


@dataclass(frozen=True)
class Assignment:
    slot: Slot | None
    source: str  # "manifest", "name", "geometry" or ""
    reason: str  # e.g. "node name 'WheelFL'" or "manifest pattern 'wheel-*'"


UNMAPPED = Assignment(None, "", "")

# Order matters: the first rule that matches wins ("steering wheel" is interior, not a rim;
# "Bremsscheibe" is a disc, not glass).
_RULES: list[tuple[Slot | None, str]] = [
    (Slot.INTERIOR, r"steering|lenkrad|volant|方向盘"),
    (Slot.CALIPERS, r"cal+ip|bremssattel|[eé]trier|pinza|卡钳"),
    (
        Slot.DISCS,
        r"brake ?dis[ck]|\bdis[ck]s?\b|\brotors?\b|bremsscheibe|disque|\bdisco|刹车盘|制动盘",
    ),
    (Slot.TYRES, r"\btyres?\b|\btires?\b|reifen|\bpneus?\b|neum[aá]tico|\bgomm|轮胎"),
    (
        Slot.RIMS,
        r"\brims?\b|wheel|felge|\bjantes?\b|llanta|\bcerchi|\brad\b|räder|\broues?\b|rueda"
        r"|\bhub ?caps?\b|\bspokes?\b|轮毂|车轮",
    ),
    (
        Slot.GLASS,
        r"glass|window|wind ?(shield|screen)|\bglas|scheibe|fenster|vitre|pare ?brise"
        r"|vetro|cristal|vidrio|玻璃|车窗",
    ),
    (
        Slot.TAIL_LIGHTS,
        r"tail ?(light|lamp)|(rear|brake) ?(light|lamp)|r[uü]e?cklicht|heckleuchte"
        r"|feux? arri|尾灯",
    ),
    (
        Slot.LIGHTS,
        r"head ?(light|lamp)|\blights?\b|\blamps?\b|scheinwerfer|\bphares?\b|\bfaros?\b"
        r"|大灯|前灯|车灯",
    ),
    (Slot.UPHOLSTERY, r"\bseats?\b|upholster|leather|sitz|si[eè]ge|asiento|sedile|座椅"),
    (Slot.INTERIOR_TRIM, r"interior ?trim|dash ?trim|\bwood|zierleiste|饰条"),
    (
        Slot.INTERIOR,
        r"interior|dashboard|\bdash\b|cabin|cockpit|innenraum|armaturen|int[eé]rieur"
        r"|habitacle|\binterno|内饰|仪表",
    ),
    (Slot.DECAL, r"decal|sticker|livery|aufkleber|autocollant|贴花|拉花"),
    (Slot.BADGE_INLAY, r"badge ?inlay|logo ?inlay|emblem ?inlay"),
    (Slot.BADGE, r"badge|\blogo|emblem|车标"),
    (Slot.TRIM, r"\btrim\b|grill|mirror|diffuser|spiegel|r[eé]tro|exhaust|auspuff|格栅|后视镜"),
    (
        Slot.BODY,
        r"(?<!under)(?<!under )body|paint|\bshell\b|karosserie|\black\b|carrosserie|carrocer"
        r"|carrozzeria|peinture|pintura|vernice|\bhood\b|bonnet|\bfenders?\b|\bdoors?\b"
        r"|motorhaube|车身|车漆",
    ),
]
_COMPILED = [(slot, re.compile(rx)) for slot, rx in _RULES]
_FRONT = re.compile(r"\bfront|\b(f[lr]|[lr]f)\b|vorne|vorder|avant|delanter|anterior|前")
_REAR = re.compile(r"\brear|\bback|\b(r[lr]|[lr]r|bl|br)\b|hinten|hinter|arri[eè]re|traser|后")


def words(name: str) -> str:
    """``'WheelFL_01'`` -> ``' wheel fl 01 '``: camelCase split, lower case, spaced."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = re.sub(r"[^\w]+|_", " ", text.lower())
    return f" {' '.join(text.split())} "


def slot_from_name(name: str) -> Slot | None:
    text = words(name)
    for slot, rx in _COMPILED:
        if rx.search(text):
            return slot
    return None


def end_of_car(name: str) -> str | None:
    """ "front", "rear" or None, from a part name (used to find the nose direction)."""
    text = words(name)
    if _FRONT.search(text):
        return "front"
    if _REAR.search(text):
        return "rear"
    return None


def slot_from_convention(name: str) -> Slot | None:
    """Livery Studio's own naming, ``<slot>`` or ``<slot>.<detail>`` (``rims.fl``)."""
    try:
        return Slot(name.split(".")[0])
    except ValueError:
        return None


def map_by_name(part: RawPart) -> Assignment:
    if part.slot_hint is not None:
        try:
            return Assignment(Slot(part.slot_hint), "name", "node extras livery_slot")
        except ValueError:
            pass  # an unknown hint is ignored: the name rules below still apply
    slot = slot_from_convention(part.name)
    if slot is not None:
        return Assignment(slot, "name", f"part name {part.name!r} (slot.detail)")
    ancestors = part.path.split("/")[:-1][::-1]
    candidates = [("part name", part.name), ("material name", part.material.name)]
    candidates += [("mesh name", part.mesh_name)]
    candidates += [("parent node", a) for a in ancestors]
    for what, name in candidates:
        if not name:
            continue
        slot = slot_from_name(name)
        if slot is not None:
            return Assignment(slot, "name", f"{what} {name!r}")
    return UNMAPPED


def map_by_geometry(
    parts: list[RawPart], mapping: dict[str, Assignment], ignore: set[str]
) -> dict[str, Assignment]:
    """Slots for unmapped parts from their shape (parts in the common frame)."""
    out: dict[str, Assignment] = {}
    free = [p for p in parts if mapping[p.name].slot is None and p.name not in ignore]
    if not free:
        return out
    placed = [p for p in parts if p.name not in ignore] or parts
    placed_boxes = [vertex_box(p.vertices) for p in placed]
    lo = np.min([b[0] for b in placed_boxes], axis=0)
    hi = np.max([b[1] for b in placed_boxes], axis=0)
    length, width, height = (hi - lo).tolist()
    taken = {a.slot for a in mapping.values()}
    boxes = {p.name: vertex_box(p.vertices) for p in free}

    if not taken & {Slot.RIMS, Slot.TYRES}:
        corners: dict[tuple[bool, bool], list[RawPart]] = {}
        for p in free:
            plo, phi = boxes[p.name]
            dx, dy, dz = (phi - plo).tolist()
            centre = (plo + phi) / 2
            round_side = 0.7 <= dx / max(dz, 1e-12) <= 1.4
            thin = dy < 0.9 * max(dx, dz)
            sized = 0.08 * length <= dz <= 0.45 * length
            on_floor = plo[2] <= lo[2] + 0.08 * height
            outboard = abs(centre[1]) >= 0.2 * width
            at_end = abs(centre[0]) >= 0.15 * length
            if round_side and thin and sized and on_floor and outboard and at_end:
                corners.setdefault((centre[0] > 0, centre[1] > 0), []).append(p)
        if len(corners) == 4:
            for group in corners.values():
                for p in group:
                    out[p.name] = Assignment(Slot.RIMS, "geometry", "wheel-like part at a corner")

    if Slot.BODY not in taken:
        shells = [p for p in free if p.name not in out]

        def volume(p: RawPart) -> float:
            plo, phi = boxes[p.name]
            return float(np.prod(phi - plo))

        shells = [p for p in shells if (boxes[p.name][1][0] - boxes[p.name][0][0]) >= 0.6 * length]
        if shells:
            body = max(shells, key=volume)
            out[body.name] = Assignment(Slot.BODY, "geometry", "largest outer shell")
    return out
