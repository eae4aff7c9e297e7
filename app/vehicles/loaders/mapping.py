"""Automatic slot mapping: from names first, then from the shape of the car.

Names are read the way modellers write them (``wheel-front-left``, ``WheelFL``,
``Tire_RR``, ``CarPaint``, ``Reifen_VL``, ``车身``): camelCase is split, separators become
spaces, and each rule is a regular expression over the result. A part is tried by its own
name, then its material, its mesh and its parent nodes, nearest first.

Slots go per material, not per node: a name shared by many parts (a node called Body, a
material called like the wheels) is only a first guess that appearance and geometry
correct. Glass is what transmits or is see-through; alpha-blended overlays keep their own
material; the wheels are found as places and their pieces become rims, tyres, discs and
calipers (wheels.py); the body takes the paint, the material that covers the most of the
outside (paint.py), never a layer lying on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from livery.slots import Slot
from livery.vehicles.loaders import appearance, atlas, paint, wheels
from livery.vehicles.loaders.raw import RawPart, unique_name
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
_FRONT = re.compile(
    r"\bfront|\b(f[lr]|[lr]f)\b|vorne|vorder|avant|delanter|anterior|前"
    r"|head ?(light|lamp)|scheinwerfer|\bfari\b|\bfaros?\b|\bphares?\b|大灯"
)
_REAR = re.compile(
    r"\brear|\bback|\b(r[lr]|[lr]r|bl|br)\b|hinten|hinter|arri[eè]re|traser|后"
    r"|\btail|heckleuchte|r[uü]e?cklicht|\bstop ?(light|lamp)|posterior|尾灯"
)
_MIRROR = re.compile(r"mirror|spiegel|retrovis|r[eé]tro|specchi|espejo|后视镜")


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


def is_mirror(name: str) -> bool:
    return bool(_MIRROR.search(words(name)))


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
    # "Body/red" is the primitive of node Body with material red: the node's name is a
    # parent's, shared by every material under it.
    own = part.name.rsplit("/", 1)[-1]
    candidates = [("part name", own)] if own != part.material.name else []
    candidates += [("material name", part.material.name)]
    candidates += [("mesh name", part.mesh_name)]
    candidates += [("parent node", a) for a in ancestors]
    for what, name in candidates:
        if not name:
            continue
        slot = slot_from_name(name)
        if slot is not None:
            return Assignment(slot, "name", f"{what} {name!r}")
    return UNMAPPED


def _shared(a: Assignment) -> bool:
    """A slot read from a name the part shares with others (its material, mesh or a parent
    node), which appearance and geometry may correct."""
    return a.source == "name" and a.reason.startswith(("material name", "mesh name", "parent node"))


def _declared(a: Assignment) -> bool:
    """A slot the file states outright: a manifest, the node's ``livery_slot`` extras or
    our own ``slot.detail`` part names. Geometry never second-guesses these."""
    return (
        a.source == "manifest"
        or a.reason == "node extras livery_slot"
        or (a.source == "name" and a.reason.endswith("(slot.detail)"))
    )


def _inherited(a: Assignment) -> bool:
    """A slot read from the mesh or a parent node: every material under it gets it."""
    return a.source == "name" and a.reason.startswith(("mesh name", "parent node"))


def map_by_geometry(
    parts: list[RawPart],
    mapping: dict[str, Assignment],
    ignore: set[str],
    wheel_verdicts: dict[str, Assignment],
) -> dict[str, Assignment]:
    """Slots from appearance and shape (parts in the common frame), where names leave them
    open or shared names would paint too much; ``wheel_verdicts`` from split_wheels."""
    out = dict(mapping)

    def open_(p: RawPart) -> bool:
        a = out[p.name]
        return p.name not in ignore and (
            a.slot is None or (a.slot == Slot.BODY and a.source == "name")
        )

    for p in parts:
        if not open_(p):
            continue
        if appearance.is_glass_like(p.material):
            why = "transmission" if p.material.transmission > 0.3 else "see-through alpha"
            out[p.name] = Assignment(Slot.GLASS, "geometry", f"material {why}")
        elif appearance.is_overlay(p.material):
            out[p.name] = Assignment(
                None, "geometry", "alpha-blended overlay layer: keeps its own material"
            )
    for name, verdict in wheel_verdicts.items():
        if name not in ignore and out[name].source != "manifest":
            out[name] = verdict
    _map_paint(parts, out, ignore)
    return out


def _open_wheel(a: Assignment) -> bool:
    return a.slot is None or (_shared(a) and a.slot in wheels.WHEEL_SLOTS)


def split_atlases(
    parts: list[RawPart], by_name: dict[str, Assignment], ignore: set[str], warnings: list[str]
) -> list[RawPart]:
    """Cut a texture atlas covering most of the car into paint, glass, tyre, rim and other
    faces by the colour each face samples (atlas.py), so the paint goes only on paint.

    Only parts that names leave open, or name only the body or a wheel, are cut. Adds the
    verdict of each piece (and of each part judged whole) to ``by_name``."""
    paintable = (None, Slot.BODY, *wheels.WHEEL_SLOTS)
    open_slot = {
        p.name: by_name[p.name].slot
        for p in parts
        if p.name not in ignore
        and p.slot_hint is None
        and by_name[p.name].source in ("", "name")
        and by_name[p.name].slot in paintable
    }
    if not open_slot:
        return parts
    out, verdicts = atlas.split(parts, open_slot, ignore, warnings)
    for name, (slot, why) in verdicts.items():
        by_name[name] = Assignment(slot, "geometry", why)
    return out


def split_wheels(
    parts: list[RawPart], by_name: dict[str, Assignment], ignore: set[str]
) -> tuple[list[RawPart], dict[str, Assignment]]:
    """Find the wheels and cut the parts inside them that names leave open (or name only
    by a shared material, mesh or node) into rim, tyre, disc and caliper pieces.

    Runs whatever the manifest says, so the pieces (``<part>#<slot>``) are the same on
    every load and a manifest can name them. Returns the parts, pieces in place of the
    part they came from, and a verdict for each piece and each whole part judged."""
    placed = [p for p in parts if p.name not in ignore] or parts
    boxes = [vertex_box(p.vertices) for p in placed]
    size = np.max([b[1] for b in boxes], axis=0) - np.min([b[0] for b in boxes], axis=0)
    zones = wheels.find_zones(placed, size)
    if not zones:
        return parts, {}
    verdicts: dict[str, Assignment] = {}
    candidates = [p for p in placed if _open_wheel(by_name[p.name])]
    inside = [p for p in candidates if wheels.in_zones(p, zones)]
    names = {p.name for p in inside}
    for p in candidates:
        if p.name not in names and by_name[p.name].slot is not None:  # a wheel material elsewhere
            why = f"{by_name[p.name].reason} names a wheel part, but it lies away from the wheels"
            verdicts[p.name] = Assignment(None, "geometry", why)
    judged = wheels.classify_parts(inside, zones)
    result: list[RawPart] = []
    taken = {p.name for p in parts}
    for p in parts:
        pieces = judged.get(p.name)
        if pieces is None:
            result.append(p)
        elif len(pieces) == 1:
            slot, why, _ = pieces[0]
            if slot is not None:
                verdicts[p.name] = Assignment(slot, "geometry", f"wheel: {why}")
            result.append(p)
        else:
            taken.discard(p.name)
            for slot, why, faces in pieces:
                piece = wheels.sub_part(p, faces, slot.value)
                piece.name = unique_name(piece.name, taken)
                reason = f"wheel: {why} (a piece of {p.name})"
                verdicts[piece.name] = Assignment(slot, "geometry", reason)
                result.append(piece)
    return result, verdicts


def _map_paint(parts: list[RawPart], out: dict[str, Assignment], ignore: set[str]) -> None:
    """The body slot for the paint material(s) only: not the trim, lamps or cabin that
    share a node called Body, not an overlay lying on the paint."""
    body = [p for p in parts if out[p.name].slot == Slot.BODY]
    strong = {p.material.name for p in body if not _inherited(out[p.name])}
    weak = [p for p in body if _inherited(out[p.name])]
    coverage: dict[str, float] | None = None

    def cover() -> dict[str, float]:
        nonlocal coverage
        if coverage is None:
            coverage = paint.outer_coverage([p for p in parts if p.name not in ignore])
        return coverage

    groups: dict[str, list[RawPart]] = {}
    for p in weak:
        groups.setdefault(out[p.name].reason, []).append(p)
    for group in groups.values():
        if strong:
            paints = strong  # the file names its paint: what only shares a node is not it
        elif len({p.material.name for p in group}) > 1:
            paints = {_best_paint(group, cover())[0].material.name}
        else:
            continue
        for p in group:
            if p.material.name not in paints:
                why = f"shares {out[p.name].reason} with the paint, but is not paint"
                out[p.name] = Assignment(None, "geometry", why)
    if not any(a.slot == Slot.BODY for a in out.values()):
        _paint_by_coverage(parts, out, ignore, cover())
    _drop_layers_on_paint(parts, out)


def _paint_by_coverage(
    parts: list[RawPart], out: dict[str, Assignment], ignore: set[str], coverage: dict[str, float]
) -> None:
    free = [
        p
        for p in parts
        if p.name not in ignore and out[p.name].slot is None and not out[p.name].reason
    ]
    if not free:
        return
    best, score = _best_paint(free, coverage)
    if score <= 0:
        return
    why = f"paint: material {best.material.name!r} covers the most of the outside"
    for p in free:
        if p is best or (best.material.name and p.material.name == best.material.name):
            out[p.name] = Assignment(Slot.BODY, "geometry", why)


def _drop_layers_on_paint(parts: list[RawPart], out: dict[str, Assignment]) -> None:
    """A second body material lying a few millimetres on the main paint is a wrap, decal
    or reflection shell: painted opaque it would hide or streak the paint."""
    body = [p for p in parts if out[p.name].slot == Slot.BODY and not _declared(out[p.name])]
    materials: dict[str, int] = {}
    for p in body:
        materials[p.material.name] = materials.get(p.material.name, 0) + len(p.faces)
    if len(materials) < 2:
        return
    main = max(materials, key=lambda n: materials[n])
    base = [p for p in body if p.material.name == main]
    base_v = np.concatenate([p.vertices for p in base])
    tolerance = 0.004 * float(np.ptp(base_v[:, 0]))
    for p in body:
        if p.material.name != main and paint.coincident(p.vertices, base_v, tolerance):
            why = f"a layer lying on the paint ({main!r}): keeps its own material"
            out[p.name] = Assignment(None, "geometry", why)


def _best_paint(candidates: list[RawPart], coverage: dict[str, float]) -> tuple[RawPart, float]:
    """The part of the paint material: the material with the highest summed score."""
    by_material: dict[str, float] = {}
    for p in candidates:
        score = paint.paint_score(p, coverage.get(p.name, 0.0))
        by_material[p.material.name] = by_material.get(p.material.name, 0.0) + score
    name = max(by_material, key=lambda n: by_material[n])
    members = [p for p in candidates if p.material.name == name]
    return max(members, key=lambda p: coverage.get(p.name, 0.0)), by_material[name]
