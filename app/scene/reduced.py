"""Interactive frames: the scene drawn at a fraction of the window's size and stretched.

While the camera moves or a control is dragged, frames are drawn into the lower-left
part of the window's render framebuffer only (the renderer's viewport shrunk), and a
linear GL blit stretches that part over the whole window. On software GL (llvmpipe)
nearly all of a frame's time is per pixel (the PBR and image-light shaders, tone
mapping, FXAA), so half the width and height costs well under half the time; the
passes are the same, so an interactive frame looks like the full one, only softer.
The blits stay on the GPU: nothing is read back.
"""

from __future__ import annotations

import math

from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

#: The largest share of the width and height an interactive frame is drawn at.
INTERACTIVE_SCALE = 0.5
#: At most about this many pixels in an interactive frame (a 4K view is drawn at a third).
INTERACTIVE_PIXELS = 960 * 540

_GL_SCISSOR_TEST = 0x0C11
_GL_COLOR_BUFFER_BIT = 0x4000
_GL_NEAREST = 0x2600
_GL_LINEAR = 0x2601
_GL_READ_FRAMEBUFFER = 0x8CA8
_GL_DRAW_FRAMEBUFFER = 0x8CA9


def interactive_scale(size: tuple[int, int]) -> float:
    """The share of each side an interactive frame of a ``size`` window is drawn at."""
    w, h = size
    return min(INTERACTIVE_SCALE, math.sqrt(INTERACTIVE_PIXELS / max(w * h, 1)))


def render_reduced(
    window: vtkRenderWindow, renderer: vtkRenderer, scale: float, *, show: bool = True
) -> None:
    """Draw ``renderer`` (the window's only one) at ``scale`` of the window's size,
    stretched to the whole window, and with ``show`` put it on screen as
    ``window.Render`` would (else whoever re-encodes it shows it)."""
    w, h = (int(v) for v in window.GetSize())
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    swap = window.GetSwapBuffers()
    renderer.SetViewport(0.0, 0.0, sw / w, sh / h)
    window.SwapBuffersOff()  # the small frame is never shown
    try:
        window.Render()
    finally:
        renderer.SetViewport(0.0, 0.0, 1.0, 1.0)
        window.SetSwapBuffers(swap)
    _stretch(window, (sw, sh), (w, h))
    if swap and show:
        window.Frame()  # the render framebuffer (now the stretched frame) to the screen


def _stretch(window: vtkRenderWindow, small: tuple[int, int], size: tuple[int, int]) -> None:
    """Stretch the lower-left ``small`` part of the render framebuffer over all of it
    (through the display framebuffer: a blit may not overlap itself)."""
    window.MakeCurrent()
    state = window.GetState()
    render_fb, display_fb = window.GetRenderFramebuffer(), window.GetDisplayFramebuffer()
    (sw, sh), (w, h) = small, size
    scissor = state.GetEnumState(_GL_SCISSOR_TEST)
    state.PushFramebufferBindings()
    try:
        state.vtkglDisable(_GL_SCISSOR_TEST)
        state.vtkglViewport(0, 0, w, h)
        render_fb.Bind(_GL_READ_FRAMEBUFFER)
        render_fb.ActivateReadBuffer(0)
        display_fb.Bind(_GL_DRAW_FRAMEBUFFER)
        display_fb.ActivateDrawBuffer(0)
        state.vtkglBlitFramebuffer(0, 0, sw, sh, 0, 0, w, h, _GL_COLOR_BUFFER_BIT, _GL_LINEAR)
        display_fb.Bind(_GL_READ_FRAMEBUFFER)
        display_fb.ActivateReadBuffer(0)
        render_fb.Bind(_GL_DRAW_FRAMEBUFFER)
        render_fb.ActivateDrawBuffer(0)
        state.vtkglBlitFramebuffer(0, 0, w, h, 0, 0, w, h, _GL_COLOR_BUFFER_BIT, _GL_NEAREST)
    finally:
        state.PopFramebufferBindings()
        if scissor:
            state.vtkglEnable(_GL_SCISSOR_TEST)
