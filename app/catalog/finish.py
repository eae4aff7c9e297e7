"""Finishes: the physical description of a surface, as typed records.

A finish is data. ``family`` says which shading model applies (and which
parameters matter); the parameters are physical quantities with documented
ranges. ``livery.scene`` maps a finish to VTK; nothing here knows about rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from livery.catalog.color import Color


class Family(StrEnum):
    SOLID = "solid"  # solid (non-metallic) paint under clear coat
    METALLIC = "metallic"  # metallic paint: flakes under clear coat
    PEARL = "pearl"  # pearlescent paint: colour shifts toward grazing angles
    MATTE = "matte"  # matte paint (may carry flakes), no gloss
    SATIN = "satin"  # between matte and gloss
    CERAMIC = "ceramic"  # glossy ceramic: deep dielectric coat
    GOLD = "gold"  # 24K gold (conductor)
    CHROME = "chrome"  # polished chrome
    BRUSHED = "brushed"  # brushed aluminium (anisotropic)
    ALCANTARA = "alcantara"  # suede-like microfibre: sheen, no specular highlight
    LEATHER = "leather"
    WOOD = "wood"  # real-wood veneer (texture: wood grain)
    CARBON = "carbon"  # carbon-fibre weave under coat
    GLASS = "glass"  # tinted glass
    RUBBER = "rubber"  # tyre rubber
    PLASTIC = "plastic"  # black trim plastic
    FILM = "film"  # vinyl decal film
    LIGHT = "light"  # lamps: emissive


@dataclass(frozen=True)
class Param:
    """Range and meaning of a numeric finish parameter (used for validation and docs)."""

    lo: float
    hi: float
    doc: str


def _p(default: float, lo: float, hi: float, doc: str) -> Any:
    return field(default=default, metadata={"param": Param(lo, hi, doc)})


@dataclass(frozen=True)
class Finish:
    family: Family
    color: Color
    metallic: float = _p(0.0, 0, 1, "conductor fraction of the base layer")
    roughness: float = _p(0.5, 0, 1, "perceptual roughness of the base layer")
    coat: float = _p(0.0, 0, 1, "clear-coat strength (0 = none)")
    coat_roughness: float = _p(0.03, 0, 1, "clear-coat roughness")
    flake_density: float = _p(0.0, 0, 1, "fraction of the surface covered by metallic flakes")
    flake_size: float = _p(0.05, 0.005, 1.0, "flake diameter in millimetres")
    flake_brightness: float = _p(1.0, 0, 4, "flake reflectance relative to the base")
    orange_peel: float = _p(0.0, 0, 1, "clear-coat waviness amplitude (0 = mirror polish)")
    orange_peel_scale: float = _p(3.0, 0.5, 20, "orange-peel wavelength in millimetres")
    sheen: float = _p(0.0, 0, 1, "grazing-angle sheen (fabrics)")
    anisotropy: float = _p(0.0, 0, 1, "anisotropic highlight stretch (brushed metal)")
    opacity: float = _p(1.0, 0, 1, "1 = opaque; glass is lower")
    emission: float = _p(0.0, 0, 20, "emitted radiance relative to the base colour")
    texture_scale: float = _p(1.0, 0.1, 10, "scale of the procedural texture")
    flake_color: Color | None = None  # default: the base colour, brightened
    flop_color: Color | None = None  # pearl: the colour seen at grazing angles
    #: Procedural texture: "wood-grain", "ash-metal-powder", "carbon-weave" or None.
    texture: str | None = None

    @staticmethod
    def params() -> dict[str, Param]:
        """Numeric parameters with their ranges, in declaration order."""
        return {f.name: f.metadata["param"] for f in fields(Finish) if "param" in f.metadata}


TEXTURES = ("wood-grain", "ash-metal-powder", "carbon-weave")
_COLOR_KEYS = ("flake_color", "flop_color")


def parse_finish(data: dict[str, Any]) -> Finish:
    """Build a Finish from a catalog table; raise ValueError naming the bad key."""
    if not isinstance(data, dict):
        raise ValueError("a finish must be a table")
    known = {f.name for f in fields(Finish)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown finish parameter(s) {', '.join(unknown)}")
    if "family" not in data:
        raise ValueError("finish has no 'family'")
    try:
        family = Family(data["family"])
    except ValueError:
        valid = ", ".join(f.value for f in Family)
        raise ValueError(f"unknown finish family {data['family']!r}; valid: {valid}") from None
    if "color" not in data:
        raise ValueError("finish has no 'color'")
    kwargs: dict[str, Any] = {"family": family, "color": Color.parse(data["color"])}
    for key in _COLOR_KEYS:
        if key in data:
            kwargs[key] = Color.parse(data[key])
    for name, param in Finish.params().items():
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"finish parameter {name} must be a number, got {value!r}")
        if not param.lo <= value <= param.hi:
            raise ValueError(f"finish parameter {name}={value} is outside {param.lo}..{param.hi}")
        kwargs[name] = float(value)
    if "texture" in data:
        if data["texture"] not in TEXTURES:
            raise ValueError(f"unknown texture {data['texture']!r}; valid: {', '.join(TEXTURES)}")
        kwargs["texture"] = data["texture"]
    return Finish(**kwargs)


def catalog_color(color: Color) -> str | dict[str, list[float]]:
    """A colour as the catalog writes it: CIELAB when it was given so, else sRGB hex."""
    if color.lab is not None:
        return {"lab": [round(x, 4) for x in color.lab]}
    return color.hex


def finish_table(
    finish: Finish, color: Callable[[Color], object] = catalog_color
) -> dict[str, object]:
    """Every parameter of ``finish`` as a table that ``parse_finish`` reads back.

    ``color`` writes each colour (the option files keep CIELAB; ``livery catalog --json``
    gives hex).
    """
    out: dict[str, object] = {"family": finish.family.value, "color": color(finish.color)}
    for name in Finish.params():
        out[name] = round(float(getattr(finish, name)), 6)
    for name in _COLOR_KEYS:
        c = getattr(finish, name)
        if c is not None:
            out[name] = color(c)
    if finish.texture is not None:
        out["texture"] = finish.texture
    return out
