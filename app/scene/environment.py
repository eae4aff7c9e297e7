"""Studio lighting and the look of the frame: IBL, background, tone mapping, FXAA.

Lighting is image based only: an HDR panorama (``livery.scene.skies``, prefiltered by
``livery.scene.prefilter`` and bound by ``livery.scene.ibl``) supplies both the diffuse
light and every reflection, so what the paint mirrors is what lights it.
The background is not the blurry HDR but a soft neutral gradient, as in a press
photo; the floor (``livery.scene.floor``) fades into it.

Colour pipeline: vtkProperty colours are linear; VTK's PBR shader writes
gamma-encoded values; vtkToneMappingPass decodes, tone maps (NeutralPBR keeps
colours below ~0.76 untouched, so catalog colours survive) and re-encodes. That
pass has no exposure control for NeutralPBR, so the finish shaders scale the radiance
(``Stage.set_tone_mapping``). What can be chosen (environments, tones, exposure) is
declared in ``livery.scene.looks``.
"""

from __future__ import annotations

from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderPass, vtkViewport
from vtkmodules.vtkRenderingOpenGL2 import (
    vtkOpenGLFXAAPass,
    vtkRenderStepsPass,
    vtkToneMappingPass,
)


def install_background(renderer: vtkRenderer) -> None:
    """A soft radial gradient: light behind the car, darker toward the corners (its
    colours come with the environment: ``set_background``)."""
    renderer.GradientBackgroundOn()
    renderer.SetGradientMode(vtkViewport.GradientModes.VTK_GRADIENT_RADIAL_VIEWPORT_FARTHEST_CORNER)
    renderer.DitherGradientOn()


def set_background(
    renderer: vtkRenderer, center: tuple[float, float, float], edge: tuple[float, float, float]
) -> None:
    """New gradient colours (display values) for the background."""
    renderer.SetBackground(*center)
    renderer.SetBackground2(*edge)


def make_passes(*, fxaa: bool) -> vtkRenderPass:
    """The render pass chain: [FXAA] <- tone mapping <- the standard render steps (the
    Stage sets the tone mapping from its ``Lighting``)."""
    steps = vtkRenderStepsPass()
    tone = vtkToneMappingPass()
    tone.SetDelegatePass(steps)
    if not fxaa:
        return tone
    aa = vtkOpenGLFXAAPass()
    aa.SetDelegatePass(tone)
    return aa
