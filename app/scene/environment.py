"""Studio lighting and the look of the frame: IBL, background, tone mapping, FXAA.

Lighting is image based only: the studio HDR (``app.scene.hdri``) supplies both the
diffuse light and every reflection, so what the paint mirrors is what lights it.
The background is not the blurry HDR but a soft neutral gradient, as in a press
photo; the floor (``app.scene.floor``) fades into it.

Colour pipeline: vtkProperty colours are linear; VTK's PBR shader writes
gamma-encoded values; vtkToneMappingPass decodes, tone maps (NeutralPBR keeps
colours below ~0.76 untouched, so catalog colours survive) and re-encodes. That
pass has no exposure control for NeutralPBR, so exposure scales the HDR instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderPass, vtkTexture, vtkViewport
from vtkmodules.vtkRenderingOpenGL2 import (
    vtkOpenGLFXAAPass,
    vtkRenderStepsPass,
    vtkToneMappingPass,
)

from app.scene import hdri


@dataclass(frozen=True)
class Look:
    """Everything about the frame that is not the car: one place to tune the studio."""

    hdr: Path = hdri.STUDIO_HDR
    #: Scale of the HDR's radiance (NeutralPBR has no exposure uniform).
    exposure: float = 0.55
    #: Background: display (sRGB-encoded) colours at the centre and the corners.
    background_center: tuple[float, float, float] = (0.86, 0.865, 0.87)
    background_edge: tuple[float, float, float] = (0.62, 0.63, 0.64)
    #: Floor colour near the car (display values) and how far it reaches (m).
    floor_color: tuple[float, float, float] = (0.80, 0.805, 0.81)
    floor_radius: float = 14.0
    tone_mapping: int = vtkToneMappingPass.NeutralPBR
    fxaa: bool = True
    #: Height of the panorama that is prefiltered for lighting. VTK sizes the specular
    #: cube map from it; 256 keeps the softboxes crisp in mirror paint while the
    #: prefilter stays cheap on a software GL (it dominates a cold first frame).
    ibl_height: int = 256
    #: Importance samples per texel of the roughest prefiltered level (VTK: 512).
    prefilter_samples: int = 256


#: BRDF lookup table: the split-sum integral is smooth, 128^2 at 256 samples is ample
#: (VTK's 512^2 at 1024 samples costs seconds on a software GL).
LUT_SIZE, LUT_SAMPLES = 128, 256
#: Irradiance comes from spherical harmonics; keep the unused cube map tiny.
IRRADIANCE_SIZE = 32


@lru_cache(maxsize=4)
def _hdr_pixels(path: Path) -> np.ndarray:
    return hdri.read_hdr(path)


def environment_texture(look: Look) -> vtkTexture:
    """The studio HDR as an equirectangular float texture for image-based lighting."""
    rgb = _downsample(_hdr_pixels(Path(look.hdr)), look.ibl_height) * np.float32(look.exposure)
    h, w = rgb.shape[:2]
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    # VTK's image rows go bottom-up; the file's go top-down.
    flat = np.ascontiguousarray(rgb[::-1].reshape(-1, 3), dtype=np.float32)
    image.GetPointData().SetScalars(numpy_to_vtk(flat, deep=True))
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.SetColorModeToDirectScalars()  # float radiance, not scalars to colour-map
    texture.MipmapOn()
    texture.InterpolateOn()
    texture.SetUseSRGBColorSpace(False)
    return texture


def _downsample(rgb: np.ndarray, height: int) -> np.ndarray:
    """Box-filter the panorama by powers of two until it is at most ``height`` tall."""
    while rgb.shape[0] > height and rgb.shape[0] % 2 == 0 and rgb.shape[1] % 2 == 0:
        h, w = rgb.shape[:2]
        rgb = rgb.reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3), dtype=np.float32)
    return rgb


def install_lighting(renderer: vtkRenderer, texture: vtkTexture, look: Look) -> None:
    """Light ``renderer`` with the HDR alone; the panorama's up is the vehicle's +Z."""
    renderer.AutomaticLightCreationOff()
    renderer.RemoveAllLights()
    renderer.UseImageBasedLightingOn()
    renderer.SetEnvironmentTexture(texture, False)
    renderer.SetEnvironmentUp(0.0, 0.0, 1.0)
    renderer.SetEnvironmentRight(1.0, 0.0, 0.0)
    renderer.UseSphericalHarmonicsOn()
    renderer.GetEnvMapPrefiltered().SetPrefilterMaxSamples(look.prefilter_samples)
    renderer.GetEnvMapIrradiance().SetIrradianceSize(IRRADIANCE_SIZE)
    lut = renderer.GetEnvMapLookupTable()
    lut.SetLUTSize(LUT_SIZE)
    lut.SetLUTSamples(LUT_SAMPLES)


def install_background(renderer: vtkRenderer, look: Look) -> None:
    """A soft radial gradient: light behind the car, darker toward the corners."""
    renderer.GradientBackgroundOn()
    renderer.SetGradientMode(vtkViewport.GradientModes.VTK_GRADIENT_RADIAL_VIEWPORT_FARTHEST_CORNER)
    renderer.SetBackground(*look.background_center)
    renderer.SetBackground2(*look.background_edge)
    renderer.DitherGradientOn()


def set_background(
    renderer: vtkRenderer, center: tuple[float, float, float], edge: tuple[float, float, float]
) -> None:
    """New gradient colours (display values) for the background."""
    renderer.SetBackground(*center)
    renderer.SetBackground2(*edge)


def make_passes(look: Look, *, fxaa: bool | None = None) -> vtkRenderPass:
    """The render pass chain: [FXAA] <- tone mapping <- the standard render steps."""
    steps = vtkRenderStepsPass()
    tone = vtkToneMappingPass()
    tone.SetToneMappingType(look.tone_mapping)
    tone.SetDelegatePass(steps)
    if not (look.fxaa if fxaa is None else fxaa):
        return tone
    aa = vtkOpenGLFXAAPass()
    aa.SetDelegatePass(tone)
    return aa
