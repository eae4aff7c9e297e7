"""Finishes to VTK: the one function that maps a catalog Finish onto a vtkProperty.

VTK picks shader code from some property values: a clear coat (strength > 0), an
anisotropy (> 0, with tangents), translucency (opacity < 1: another render pass),
textures. Flipping one of those on a swap rebuilds the part's shader, which is the
stall we promise not to have. So each part gets ``Switches`` once, from every
finish its slot can ever receive, and ``apply_finish`` keeps those switches where
they are: a matte paint on a body that can also be glossy keeps a coat of 1e-3.

Effects VTK lacks (flakes, orange peel, pearl flop, sheen, procedural textures)
will come as GLSL in ``shaders/``, installed once per part by ``install_shaders``
from its switches and driven by uniforms that ``apply_finish`` sets. That is the
one place where per-family shader setup plugs in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vtkmodules.vtkRenderingCore import vtkActor, vtkProperty, vtkTexture

from app.catalog import Catalog, Color, Family, Finish
from app.vehicles.model import SourceMaterial
from app.vehicles.slots import Slot

#: The smallest value that keeps a switch on without being visible.
KEEP_ON = 1e-3
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


def slot_finishes(catalog: Catalog, slot: Slot) -> list[Finish]:
    """Every finish ``slot`` can receive: the fixed one, or each option's of its group."""
    out: list[Finish] = []
    if slot in catalog.fixed:
        out.append(catalog.fixed[slot])
    group = catalog.group_of_slot(slot)
    if group is not None:
        out.extend(o.finishes[slot] for o in group.options if slot in o.finishes)
    return out


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
        emission=1.0 if any(material.emissive) else 0.0,
    )


def _white_texture() -> vtkTexture:
    """1x1 white: VTK only adds emission through an emissive texture."""
    import numpy as np
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonDataModel import vtkImageData

    image = vtkImageData()
    image.SetDimensions(1, 1, 1)
    image.GetPointData().SetScalars(numpy_to_vtk(np.full((1, 3), 255, np.uint8), deep=True))
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOff()
    texture.UseSRGBColorSpaceOn()  # VTK insists, and white is white in either space
    return texture


def install_shaders(actor: vtkActor, switches: Switches) -> None:
    """Once per part, before its first frame: everything that selects shader code.

    Today: PBR shading and the emissive texture. Later: per-family GLSL from
    ``shaders/`` (flakes for metallic, flop for pearl, sheen for Alcantara), added
    through ``actor.GetShaderProperty()`` for every family in ``switches.families``.
    """
    prop = actor.GetProperty()
    prop.SetInterpolationToPBR()
    prop.SetCoatIOR(GLASS_IOR)
    prop.SetBaseIOR(GLASS_IOR)
    if switches.emissive:
        prop.SetEmissiveTexture(_white_texture())


def apply_finish(prop: vtkProperty, finish: Finish, switches: Switches) -> None:
    """Set ``prop`` to ``finish`` without flipping any of the part's ``switches``."""
    prop.SetColor(*finish.color.linear)  # catalog colours are sRGB, VTK's PBR wants linear
    prop.SetMetallic(finish.metallic)
    prop.SetRoughness(max(finish.roughness, 0.02))
    if switches.coat:
        prop.SetCoatStrength(max(finish.coat, KEEP_ON))
        prop.SetCoatRoughness(finish.coat_roughness)
        prop.SetCoatColor(1.0, 1.0, 1.0)
    else:
        prop.SetCoatStrength(0.0)
    if switches.anisotropy:
        prop.SetAnisotropy(max(finish.anisotropy, KEEP_ON))
    else:
        prop.SetAnisotropy(0.0)
    if switches.translucent:
        prop.SetOpacity(min(finish.opacity, NEARLY_OPAQUE))
    else:
        prop.SetOpacity(1.0)
    if switches.emissive:
        e = finish.emission
        prop.SetEmissiveFactor(*(c * e for c in finish.color.linear))
    if finish.family is Family.GLASS:
        prop.SetBaseIOR(GLASS_IOR)
