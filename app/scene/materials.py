"""Finishes to VTK: the one function that maps a catalog Finish onto a part.

VTK picks shader code from some property values: a clear coat (strength > 0), an
anisotropy (> 0, with tangents), translucency (opacity < 1: another render pass),
textures. And any change to a vtkProperty makes the mapper rebuild (re-upload) its
vertex buffers. So a part's vtkProperty is set once, in ``install_shaders``, with
``Switches`` chosen from every finish its slot can ever receive; after that a
finish is only uniform values: ``apply_finish`` sets the part's custom uniforms and
a few ``#define`` lines (spliced once) point VTK's own PBR uniforms at them.

The effects VTK lacks (flakes, orange peel, pearl flop, sheen, wood, carbon, glass
Fresnel) come from ``livery.scene.shading`` and ``shaders/``: installed here once per
part for the families of its slot, driven by uniforms on every apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from vtkmodules.vtkRenderingCore import vtkActor, vtkTexture

from livery.catalog import Color, Family, Finish
from livery.scene import shading
from livery.scene.images import image_data
from livery.scene.shading import KEEP_ON
from livery.vehicles.model import SourceMaterial

#: Glass and clear coat are modelled as IOR 1.5 dielectrics.
GLASS_IOR = 1.5
#: Opacity a translucent-capable part keeps when its finish is opaque.
NEARLY_OPAQUE = 0.999


@dataclass(frozen=True)
class Switches:
    """The shader-selecting choices of one part, fixed for the part's lifetime."""

    coat: bool = False
    anisotropy: bool = False
    translucent: bool = False
    emissive: bool = False
    families: frozenset[Family] = frozenset()

    @classmethod
    def covering(cls, finishes: Iterable[Finish | None], *, has_tangents: bool = False) -> Switches:
        fs = [f for f in finishes if f is not None]
        return cls(
            coat=any(f.coat > 0 for f in fs),
            anisotropy=has_tangents and any(f.anisotropy > 0 for f in fs),
            translucent=any(f.opacity < 1 for f in fs),
            emissive=any(f.emission > 0 for f in fs),
            families=frozenset(f.family for f in fs),
        )


def finish_from_source(material: SourceMaterial) -> Finish:
    """A finish for a part without a slot, from the material its file gave it."""
    r, g, b, a = material.base_color
    return Finish(
        family=Family.PLASTIC,
        color=Color((float(r), float(g), float(b))),
        metallic=float(material.metallic),
        roughness=float(material.roughness),
        coat=float(material.clearcoat),
        coat_roughness=float(material.clearcoat_roughness),
        opacity=float(a),
        emission=_source_emission(material),
    )


def _source_emission(material: SourceMaterial) -> float:
    """1 when a source material glows (its colour and map: ``apply_source``), else 0."""
    return 1.0 if any(material.emissive) else 0.0


def _white_texture() -> vtkTexture:
    """1x1 white: VTK only adds emission through an emissive texture."""
    texture = vtkTexture()
    texture.SetInputData(image_data(np.full((1, 1, 3), 255, np.uint8)))
    texture.InterpolateOff()
    texture.UseSRGBColorSpaceOn()  # VTK insists, and white is white in either space
    return texture


#: VTK's PBR uniforms and the custom uniforms that replace them (name, GLSL type).
_REDIRECTS: dict[str, tuple[str, str]] = {
    "diffuseColorUniform": ("lsColor", "3f"),
    "opacityUniform": ("lsOpacity", "f"),
    "metallicUniform": ("lsMetallic", "f"),
    "roughnessUniform": ("lsRoughness", "f"),
    "emissiveFactorUniform": ("lsEmissive", "3f"),
    "baseF0Uniform": ("lsBaseF0", "f"),
    "anisotropyUniform": ("lsAnisotropy", "f"),
    "coatStrengthUniform": ("lsCoatStrength", "f"),
    "coatRoughnessUniform": ("lsCoatRoughness", "f"),
}
#: A tag VTK's fragment shader has after its uniform declarations and before main().
_DEFINE_TAG = "//VTK::TMap::Dec"


def _f0(ior: float, outside: float = 1.0) -> float:
    """Reflectance at normal incidence of the interface between two media."""
    return ((ior - outside) / (ior + outside)) ** 2


def base_f0(finish: Finish) -> float:
    """The base layer's reflectance at normal incidence, against what lies on it: air,
    or, as much as the finish has a clear coat, the lacquer. A base of the lacquer's
    own index under a full coat reflects nothing: its highlight is the coat's (VTK's
    ``ComputeReflectanceOfBaseLayer`` does this for a coat that is on or off)."""
    ior = 1.0 if finish.family is Family.ALCANTARA else GLASS_IOR  # microfibre: no highlight
    return (1.0 - finish.coat) * _f0(ior) + finish.coat * _f0(ior, GLASS_IOR)


def install_shaders(actor: vtkActor, switches: Switches) -> None:
    """Once per part, before its first frame: everything that selects shader code.

    PBR shading, the switches' property values (never touched again), the emissive
    texture, the finish GLSL for the slot's families, and the uniform redirects.
    """
    prop = actor.GetProperty()
    prop.SetInterpolationToPBR()
    prop.SetColor(1.0, 1.0, 1.0)
    prop.SetCoatIOR(GLASS_IOR)
    prop.SetBaseIOR(GLASS_IOR)
    prop.SetEdgeTint(1.0, 1.0, 1.0)
    prop.SetCoatColor(1.0, 1.0, 1.0)
    prop.SetCoatStrength(KEEP_ON if switches.coat else 0.0)
    prop.SetAnisotropy(KEEP_ON if switches.anisotropy else 0.0)
    prop.SetOpacity(0.5 if switches.translucent else 1.0)  # picks the render pass only
    if switches.emissive:
        prop.SetEmissiveTexture(_white_texture())
        prop.SetEmissiveFactor(1.0, 1.0, 1.0)
    shading.install(actor, switches.families)
    sp = actor.GetShaderProperty()
    defines = "".join(f"#define {vtk} {ours}\n" for vtk, (ours, _) in _REDIRECTS.items())
    if switches.anisotropy:
        defines += "#define LV_ANISOTROPY\n"  # shaders/finish_light.glsl: its image light
    sp.AddFragmentShaderReplacement(_DEFINE_TAG, True, f"{_DEFINE_TAG}\n{defines}", False)


def finish_uniforms(finish: Finish, switches: Switches) -> dict[str, Any]:
    """The redirected PBR uniform values that show ``finish`` within ``switches``."""
    color = shading.GOLD_F0 if finish.family is Family.GOLD else finish.color.linear
    emissive = tuple(c * finish.emission for c in finish.color.linear)
    return {
        "lsColor": color,
        "lsOpacity": min(finish.opacity, NEARLY_OPAQUE) if switches.translucent else 1.0,
        "lsMetallic": finish.metallic,
        "lsRoughness": max(finish.roughness, 0.02),
        "lsEmissive": emissive if switches.emissive else (0.0, 0.0, 0.0),
        "lsBaseF0": base_f0(finish),
        "lsAnisotropy": max(finish.anisotropy, KEEP_ON) if switches.anisotropy else 0.0,
        "lsCoatStrength": max(finish.coat, KEEP_ON) if switches.coat else 0.0,
        "lsCoatRoughness": finish.coat_roughness,
    }


def apply_finish(
    actor: vtkActor,
    finish: Finish,
    switches: Switches,
    *,
    units_per_mm: float = 0.001,
    grain_axis: tuple[float, float, float] = (0.0, 1.0, 0.0),
    output_srgb: bool = False,
) -> None:
    """Show ``finish`` on an installed part: uniform values only, no property change.

    The one mapping from a catalog finish to what VTK draws: the Stage's parts, the
    option tiles and ``livery swatch`` all come here. ``units_per_mm`` and
    ``grain_axis`` place the procedural patterns on the shape (a car is in metres);
    ``output_srgb`` encodes the pixel as exact sRGB, for views without tone mapping.
    """
    fu = actor.GetShaderProperty().GetFragmentCustomUniforms()
    types = dict(_REDIRECTS.values())
    for name, value in finish_uniforms(finish, switches).items():
        if types[name] == "3f":
            fu.SetUniform3f(name, [float(c) for c in value])
        else:
            fu.SetUniformf(name, float(value))
    shading.set_uniforms(
        actor,
        shading.uniforms_for(
            finish, units_per_mm=units_per_mm, grain_axis=grain_axis, output_srgb=output_srgb
        ),
    )


def apply_source(actor: vtkActor, material: SourceMaterial, switches: Switches) -> None:
    """Show a part's own material (it has no slot): ``apply_finish`` of
    ``finish_from_source``, glowing in the file's emissive colour (linear, as glTF's)."""
    apply_finish(actor, finish_from_source(material), switches)
    if switches.emissive:
        fu = actor.GetShaderProperty().GetFragmentCustomUniforms()
        fu.SetUniform3f("lsEmissive", [float(c) for c in material.emissive])


def install_file_maps(
    actor: vtkActor, material: SourceMaterial, *, tangents: bool, own: bool
) -> list[str]:
    """Once per part with UVs, before its first frame: the texture maps its file gave
    it. Returns the maps drawn ("base", "orm", "normal", "emissive").

    A part that keeps its own material (``own``) draws them all:

    - base colour (sRGB; VTK multiplies it by the finish colour, the file's factor);
    - occlusion, roughness, metallic as VTK's ORM map (linear; VTK multiplies the G and
      B channels by the roughness and metallic factors, as glTF does), combined from
      glTF's metallic-roughness and occlusion textures;
    - the normal map, on parts with tangents (VTK needs them);
    - the emissive map (sRGB), when the part glows (``apply_source`` sets the factor).

    A part on a slot takes colour, metal, roughness and glow from the slot's finish but
    keeps the maps of its shape: the normal map and the baked occlusion (an ORM map
    with roughness and metallic at 1, so the finish's values pass unchanged).

    A part has one set of UVs, transformed for its base colour (KHR_texture_transform),
    so a map with another transform is left out rather than drawn misplaced. Alpha is
    dropped: cut-outs and blending would need another render pass.
    """
    prop = actor.GetProperty()
    drawn = []

    def fits(key: str) -> bool:
        return material.texture_transforms.get(key) == material.uv_transform

    base = _map_texture(material.base_color_texture, srgb=True) if own else None
    if base is not None:
        prop.SetBaseColorTexture(base)
        drawn.append("base")
    orm = _orm_pixels(
        material.occlusion_texture if fits("occlusion") else None,
        material.metallic_roughness_texture if own and fits("metallic_roughness") else None,
    )
    if orm is not None:
        prop.SetORMTexture(_map_texture(orm, srgb=False))
        prop.SetOcclusionStrength(material.occlusion_strength)
        drawn.append("orm")
    normal = _map_texture(material.normal_texture, srgb=False) if fits("normal") else None
    if normal is not None and tangents:
        prop.SetNormalTexture(normal)
        prop.SetNormalScale(material.normal_scale)
        drawn.append("normal")
    glow = _map_texture(material.emissive_texture, srgb=True) if own and fits("emissive") else None
    if glow is not None and any(material.emissive):
        prop.RemoveTexture("emissiveTex")  # install_shaders' white one
        prop.SetEmissiveTexture(glow)
        drawn.append("emissive")
    return drawn


def _rgb(pixels: np.ndarray | None) -> np.ndarray | None:
    if pixels is None or pixels.ndim != 3 or pixels.shape[2] < 3 or 0 in pixels.shape[:2]:
        return None
    return np.asarray(pixels[..., :3], np.uint8)


def _orm_pixels(occlusion: np.ndarray | None, metal_rough: np.ndarray | None) -> np.ndarray | None:
    """R occlusion, G roughness, B metallic; 255 (the factor alone) where absent."""
    occ, mr = _rgb(occlusion), _rgb(metal_rough)
    if occ is None and mr is None:
        return None
    shape = (mr if mr is not None else occ).shape  # type: ignore[union-attr]
    orm = np.full(shape, 255, np.uint8)
    if mr is not None:
        orm[..., 1:] = mr[..., 1:]
    if occ is not None:  # nearest-neighbour onto the metallic-roughness map's grid
        rows = np.arange(shape[0]) * occ.shape[0] // shape[0]
        cols = np.arange(shape[1]) * occ.shape[1] // shape[1]
        orm[..., 0] = occ[rows[:, None], cols[None, :], 0]
    return orm


def _map_texture(pixels: np.ndarray | None, *, srgb: bool) -> vtkTexture | None:
    """A file's texture map as a VTK texture, None when absent or not an RGB(A) image.

    The loaders give UVs with the OpenGL origin (bottom-left) and images top row
    first; ``image_data`` turns the rows over.
    """
    rgb = _rgb(pixels)
    if rgb is None:
        return None
    texture = vtkTexture()
    texture.SetInputData(image_data(rgb))
    texture.InterpolateOn()
    texture.MipmapOn()
    texture.RepeatOn()
    texture.SetUseSRGBColorSpace(srgb)
    return texture
