"""VTK side of the prefiltered image-based lighting (``livery.scene.prefilter``).

VTK's image-based lighting stays switched on, for its PBR code paths, its BRDF
lookup table and ``envMatrix``, but it is lit by a small black panorama, so its own
GPU prefilter costs next to nothing. Every PBR actor then reads the atlas instead:

- ``atlas_texture()``: one float texture per renderer, shared by all its actors;
  switching environments gives it another atlas image (``set_atlas``).
- ``set_rotation(renderer, degrees, floor)``: turns the environment about the
  vertical. VTK hands every lookup (its own, the finish shaders', ours) its
  direction through ``envMatrix``, made from the renderer's environment up and right
  vectors: turning "right" turns every image-light lookup at once, with no shader
  change and no recompile. The floor's light pools turn with it.
- ``install(actor, texture)``: binds the texture as ``lvEnvAtlas`` and redirects the
  actor's shader (``shaders/ibl.glsl``): VTK's ``textureLod(prefilterTex, ...)``
  calls, its own and the finish shaders', its spherical-harmonics irradiance, and its
  split-sum table lookups (``split_sum``: the exact table rides in the atlas); the
  roughness of its reflection lookups becomes the lobe's as seen (narrower at grazing).

Black is deliberate: an actor left out of ``install`` renders without image light,
which a test or a look at the frame catches at once.
"""

from __future__ import annotations

import logging
import math
from functools import cache

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkActor, vtkRenderer, vtkTexture

from livery import SHADERS
from livery.scene import prefilter
from livery.scene.images import image_data

log = logging.getLogger(__name__)

#: What VTK writes for the diffuse image light with spherical harmonics on (VTK 9.x).
IRRADIANCE_LINE = (
    "vec3 irradiance = vec3(ComputeSH(rotN, shRed), ComputeSH(rotN, shGreen), "
    "ComputeSH(rotN, shBlue));"
)
#: VTK's specular lookups, in its own code and in ``shaders/finish_light.glsl``.
PREFILTER_CALL = "textureLod(prefilterTex,"
#: VTK's split-sum lookups (the base's and the clear coat's): ``split_sum`` holds why.
SPLIT_SUM_CALL = "texture(brdfTex, vec2("
#: The roughness VTK reads its base's and its coat's reflections at, and what it
#: becomes: the lobe as seen from the view (``lvSeenRoughness`` in ``shaders/ibl.glsl``).
SEEN_ROUGHNESS = {
    "worldReflect, roughness * prefilterMaxLevel)": (
        "worldReflect, lvSeenRoughness(roughness, NdV) * prefilterMaxLevel)"
    ),
    "coatWorldReflect, coatRoughness * prefilterMaxLevel)": (
        "coatWorldReflect, lvSeenRoughness(coatRoughness, coatNdV) * prefilterMaxLevel)"
    ),
}
SAMPLER = "lvEnvAtlas"
#: Placeholder panorama for VTK's own prefilter: big enough for its five mip levels.
_PLACEHOLDER_ROWS = 32
#: VTK's BRDF lookup table: the split-sum integral is smooth, 128^2 at 256 samples is
#: ample (VTK's 512^2 at 1024 samples costs seconds on a software GL).
LUT_SIZE, LUT_SAMPLES = 128, 256


def install_placeholder(renderer: vtkRenderer) -> None:
    """VTK's image-based lighting on, lit by a black panorama (see the module doc)."""
    black = np.zeros((_PLACEHOLDER_ROWS, 2 * _PLACEHOLDER_ROWS, 3), np.float32)
    texture = vtkTexture()
    texture.SetInputData(image_data(black))
    texture.SetColorModeToDirectScalars()
    texture.MipmapOn()
    texture.InterpolateOn()
    renderer.AutomaticLightCreationOff()
    renderer.RemoveAllLights()
    renderer.UseImageBasedLightingOn()
    renderer.UseSphericalHarmonicsOn()
    renderer.SetEnvironmentTexture(texture, False)
    renderer.SetEnvironmentUp(0.0, 0.0, 1.0)
    renderer.SetEnvironmentRight(1.0, 0.0, 0.0)
    renderer.GetEnvMapPrefiltered().SetPrefilterMaxSamples(1)
    lut = renderer.GetEnvMapLookupTable()
    lut.SetLUTSize(LUT_SIZE)
    lut.SetLUTSamples(LUT_SAMPLES)


def set_rotation(renderer: vtkRenderer, degrees: float, floor: vtkActor | None = None) -> None:
    """Turn the environment by ``degrees`` about the vertical (Z): the image light of
    every actor through ``envMatrix``, and ``floor`` (its light pools) about the car's
    vertical axis, so what lights the body and what is seen of the light turn together.
    0 and 360 are exactly the unrotated environment."""
    a = math.radians(float(degrees) % 360.0)
    c, s = (1.0, 0.0) if a == 0.0 else (math.cos(a), math.sin(a))
    renderer.SetEnvironmentRight(c, s, 0.0)
    if floor is not None:
        floor.SetOrientation(0.0, 0.0, float(degrees) % 360.0)


def atlas_texture() -> vtkTexture:
    """An empty atlas texture: linear filtering, no mipmaps (the bands are the levels)."""
    texture = vtkTexture()
    texture.SetColorModeToDirectScalars()
    texture.InterpolateOn()
    texture.MipmapOff()
    texture.EdgeClampOn()
    texture.SetUseSRGBColorSpace(False)
    return texture


def atlas_image(atlas: prefilter.Atlas) -> vtkImageData:
    return image_data(atlas.pixels.astype(np.float32, copy=False))


def set_atlas(texture: vtkTexture, image: vtkImageData) -> None:
    """Light with another environment: the texture re-uploads on the next frame."""
    if texture.GetInput() is not image:
        texture.SetInputData(image)


@cache
def declarations() -> str:
    """The GLSL that goes before ``main()``: the atlas layout, then ``shaders/ibl.glsl``."""
    bands = prefilter.layout(prefilter.SOURCE_ROWS)
    rows = bands[-1].row + bands[-1].rows
    cols = bands[0].width + 2
    table = ", ".join(f"vec3({b.row}.0, {b.rows}.0, {b.width}.0)" for b in bands)
    head = (
        f"#define LV_IBL_LEVELS {prefilter.LEVELS}\n"
        f"#define LV_IBL_EXPONENT {prefilter.ROUGHNESS_EXPONENT:.6f}\n"
        f"const vec2 LV_IBL_SIZE = vec2({cols}.0, {rows}.0);\n"
        f"const vec3 lvIblBands[{len(bands)}] = vec3[{len(bands)}]({table});\n"
    )
    return head + (SHADERS / "ibl.glsl").read_text(encoding="utf-8")


def install(actor: vtkActor, texture: vtkTexture) -> None:
    """Light ``actor`` from the atlas in ``texture`` (after any other shader install:
    ``shading.install`` clears an actor's replacements)."""
    actor.GetProperty().SetTexture(SAMPLER, texture)
    sp = actor.GetShaderProperty()
    sp.AddFragmentShaderReplacement("void main()", False, declarations() + "void main()", False)
    sp.AddFragmentShaderReplacement(PREFILTER_CALL, False, "lvEnvLod(prefilterMaxLevel,", True)
    sp.AddFragmentShaderReplacement(SPLIT_SUM_CALL, False, "lvSplitSum(vec2(", True)
    for vtk_text, ours in SEEN_ROUGHNESS.items():
        sp.AddFragmentShaderReplacement(vtk_text, False, ours, False)
    sp.AddFragmentShaderReplacement(
        IRRADIANCE_LINE, False, "vec3 irradiance = lvIrradiance(rotN);", False
    )


def check_program(fragment_source: str, part: str) -> bool:
    """Whether a compiled fragment shader reads the atlas; logs an error if not.

    The redirects match VTK's PBR code as text. Should a VTK release reword it, the
    part would render in the black placeholder's light: say so, naming the part.
    """
    left = (PREFILTER_CALL, SPLIT_SUM_CALL, "ComputeSH(rotN", *SEEN_ROUGHNESS)
    if not any(text in fragment_source for text in left):
        return True
    log.error(
        "part %s: VTK's image-light code was not redirected to the prefiltered atlas "
        "(a VTK version whose PBR shader differs?); it will look unlit or wrongly lit",
        part,
    )
    return False
