"""Studio lighting and the look of the frame: IBL, background, tone mapping, FXAA.

Lighting is image based only: an HDR panorama (``livery.scene.skies``, prefiltered by
``livery.scene.prefilter`` and bound by ``livery.scene.ibl``) supplies both the diffuse
light and every reflection, so what the paint mirrors is what lights it.
The background is not the blurry HDR but a soft neutral gradient, as in a press
photo; the floor (``livery.scene.floor``) fades into it.

Colour pipeline: vtkProperty colours are linear; VTK's PBR shader writes
gamma-encoded values; vtkToneMappingPass decodes, tone maps (NeutralPBR keeps
colours below ~0.76 untouched, so catalog colours survive) and re-encodes. That
pass has no exposure control for NeutralPBR, so exposure scales the HDR instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderPass, vtkViewport
from vtkmodules.vtkRenderingOpenGL2 import (
    vtkOpenGLFXAAPass,
    vtkRenderStepsPass,
    vtkToneMappingPass,
)


@dataclass(frozen=True)
class Look:
    """Everything about the frame that is not the car: one place to tune the studio."""

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
