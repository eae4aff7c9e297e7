"""Finish effects VTK's PBR lacks, as GLSL replacements from ``shaders/``.

VTK gives metallic, roughness, a clear coat and anisotropy. Flakes, orange peel,
pearl flop, Alcantara sheen, wood grain with metal-powder inlay, carbon weave and
glass Fresnel opacity are ours: three fragment snippets and two vertex snippets
(``shaders/finish_*.glsl``) spliced into VTK's polydata shader at its tags.

Why this shape:

- A part's program holds the code of every *kind* its slot can receive (the
  ``#define LV_HAS_...`` lines depend on that set only); the uniform ``lvKind``
  picks one at run time, and every parameter is a custom uniform. A swap, or a
  designer dragging a slider, changes uniform values only: no recompile.
- Every pattern lives in object space (hash cells, value noise) and is faded to its
  mean by screen-space derivatives where it falls below a pixel, so the same view
  renders the same image and a moving camera does not shimmer.
- The GLSL adds its terms after VTK's lighting in linear light, and can encode the
  result as exact sRGB (``output_srgb``) when no tone-mapping pass follows (the
  furnace view the colour test measures: the same shading, nothing switched off).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from functools import cache, lru_cache

from vtkmodules.vtkRenderingCore import vtkActor

from livery import SHADERS
from livery.catalog import Family, Finish


class Kind(IntEnum):
    """Shader code paths; the values are the GLSL ``LV_*`` constants."""

    PLAIN = 0  # VTK's PBR alone (chrome, gold, rubber, plastic, leather, lamps)
    PAINT = 1  # flakes, orange peel on the coat, pearl flop
    WOOD = 2  # solid-wood rings and pores; white ash with glinting metal powder
    CARBON = 3  # 2x2 twill weave under a clear coat
    FABRIC = 4  # Alcantara: microfibre mottle and grazing sheen, no highlight
    GLASS = 5  # tinted glass: Fresnel keeps reflections opaque


KIND_OF_FAMILY: dict[Family, Kind] = {
    Family.SOLID: Kind.PAINT,
    Family.METALLIC: Kind.PAINT,
    Family.PEARL: Kind.PAINT,
    Family.MATTE: Kind.PAINT,
    Family.SATIN: Kind.PAINT,
    Family.CERAMIC: Kind.PAINT,
    Family.FILM: Kind.PAINT,
    Family.WOOD: Kind.WOOD,
    Family.CARBON: Kind.CARBON,
    Family.ALCANTARA: Kind.FABRIC,
    Family.GLASS: Kind.GLASS,
}

#: Physically based reflectance of 24K gold at normal incidence, linear sRGB
#: (from measured n, k; the usual real-time reference value).
GOLD_F0 = (1.000, 0.766, 0.336)

#: Uniform names and their GLSL types, the same set on every part (a changed set would
#: rebuild the program).
UNIFORMS: dict[str, str] = {
    "lvKind": "f",
    "lvUnitsPerMM": "f",
    "lvFlakeDensity": "f",
    "lvFlakeSize": "f",
    "lvFlakeBrightness": "f",
    "lvFlakeColor": "3f",
    "lvPeel": "f",
    "lvPeelScale": "f",
    "lvFlop": "f",
    "lvFlopColor": "3f",
    "lvSheen": "f",
    "lvTexScale": "f",
    "lvTexture": "f",
    "lvGrainAxis": "3f",
    "lvOutputSRGB": "f",
    "lvExposure": "f",
}

#: Ash with metal powder: how much of the pores' area glints when the finish names no
#: flake density of its own.
ASH_POWDER_DENSITY = 0.85
#: Powder grains are drawn this size (mm): a close-up resolves them as specks.
ASH_POWDER_SIZE = 0.03
#: Polished aluminium grains reflect more than paint flakes do.
ASH_POWDER_BRIGHTNESS = 3.0


def kind_of(finish: Finish) -> Kind:
    return KIND_OF_FAMILY.get(finish.family, Kind.PLAIN)


@cache
def _read(name: str) -> str:
    return (SHADERS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=64)
def fragment_declarations(kinds: frozenset[Kind]) -> str:
    """The text for ``//VTK::Normal::Dec``: the kinds present, then the shared code."""
    defines = "".join(f"#define LV_HAS_{k.name}\n" for k in sorted(kinds))
    common = _read("finish_common.glsl")
    tag, _, rest = common.partition("\n")
    return f"{tag}\n{defines}{rest}"


def kinds_for(families: Iterable[Family]) -> frozenset[Kind]:
    return frozenset(KIND_OF_FAMILY.get(f, Kind.PLAIN) for f in families)


def install(actor: vtkActor, families: Iterable[Family]) -> None:
    """Once per part: splice the finish GLSL for ``families`` into its shaders.

    Call before the part's first frame; afterwards only uniforms
    (``materials.apply_finish``).
    """
    kinds = kinds_for(families)
    sp = actor.GetShaderProperty()
    sp.ClearAllShaderReplacements()
    sp.AddVertexShaderReplacement(
        "//VTK::PositionVC::Dec", True, _read("finish_vs_dec.glsl"), False
    )
    sp.AddVertexShaderReplacement(
        "//VTK::PositionVC::Impl", True, _read("finish_vs_impl.glsl"), False
    )
    sp.AddFragmentShaderReplacement("//VTK::Normal::Dec", True, fragment_declarations(kinds), False)
    sp.AddFragmentShaderReplacement(
        "//VTK::Normal::Impl", True, _read("finish_surface.glsl"), False
    )
    sp.AddFragmentShaderReplacement("//VTK::Light::Impl", True, _read("finish_light.glsl"), False)
    # Declare every uniform now, so the first apply_finish does not change the uniform list.
    # lvExposure belongs to the view (Stage.set_tone_mapping), not to a finish.
    set_uniforms(actor, {**uniforms_for(None), "lvExposure": 1.0})


def _brightened(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    return tuple(min(1.0, 1.8 * c + 0.03) for c in rgb)  # type: ignore[return-value]


def uniforms_for(
    finish: Finish | None,
    *,
    units_per_mm: float = 0.001,
    grain_axis: tuple[float, float, float] = (0.0, 1.0, 0.0),
    output_srgb: bool = False,
) -> dict[str, float | tuple[float, float, float]]:
    """The uniform values that show ``finish`` (None: neutral values)."""
    u: dict[str, float | tuple[float, float, float]] = {
        "lvKind": float(Kind.PLAIN),
        "lvUnitsPerMM": units_per_mm,
        "lvFlakeDensity": 0.0,
        "lvFlakeSize": 0.05,
        "lvFlakeBrightness": 1.0,
        "lvFlakeColor": (1.0, 1.0, 1.0),
        "lvPeel": 0.0,
        "lvPeelScale": 3.0,
        "lvFlop": 0.0,
        "lvFlopColor": (0.0, 0.0, 0.0),
        "lvSheen": 0.0,
        "lvTexScale": 1.0,
        "lvTexture": 0.0,
        "lvGrainAxis": grain_axis,
        "lvOutputSRGB": 1.0 if output_srgb else 0.0,
    }
    if finish is None:
        return u
    kind = kind_of(finish)
    base = finish.color.linear
    flake = finish.flake_color.linear if finish.flake_color else _brightened(base)
    u.update(
        lvKind=float(kind),
        lvFlakeDensity=finish.flake_density,
        lvFlakeSize=finish.flake_size,
        lvFlakeBrightness=finish.flake_brightness,
        lvFlakeColor=flake,
        lvPeel=finish.orange_peel if finish.coat > 0 else 0.0,
        lvPeelScale=finish.orange_peel_scale,
        lvFlop=1.0 if finish.flop_color is not None else 0.0,
        lvFlopColor=finish.flop_color.linear if finish.flop_color else base,
        lvSheen=finish.sheen,
        lvTexScale=finish.texture_scale,
        lvTexture=1.0 if finish.texture == "ash-metal-powder" else 0.0,
    )
    if finish.texture == "ash-metal-powder":
        if finish.flake_density == 0:
            u.update(
                lvFlakeDensity=ASH_POWDER_DENSITY,
                lvFlakeSize=ASH_POWDER_SIZE,
                lvFlakeBrightness=ASH_POWDER_BRIGHTNESS,
            )
        if finish.flake_color is None:
            u["lvFlakeColor"] = (0.62, 0.62, 0.64)  # aluminium-grey powder
    return u


def set_uniforms(actor: vtkActor, values: dict[str, float | tuple[float, float, float]]) -> None:
    fu = actor.GetShaderProperty().GetFragmentCustomUniforms()
    for name, value in values.items():
        if UNIFORMS[name] == "3f":
            fu.SetUniform3f(name, list(value))  # type: ignore[arg-type]
        else:
            fu.SetUniformf(name, float(value))  # type: ignore[arg-type]


#: The smallest value that keeps a VTK switch (clear coat, anisotropy) on invisibly.
KEEP_ON = 1e-3
