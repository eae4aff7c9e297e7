"""Headless rendering: offscreen GL windows that need no X server.

On Linux every offscreen window is an EGL window, display or not: it never opens an
X connection, so a script, a test run under Xvfb or the app's preview renderer does
not depend on (or outlive) an X server, and VTK does not probe X and log "bad X
server connection" first. Elsewhere (macOS, Windows) VTK's default window is used.
"""

from __future__ import annotations

import sys

import vtkmodules.vtkRenderingOpenGL2 as gl
from vtkmodules.vtkRenderingCore import vtkRenderWindow


def _window_class() -> type:
    egl = getattr(gl, "vtkEGLRenderWindow", None)
    return egl if sys.platform.startswith("linux") and egl is not None else vtkRenderWindow


def new_offscreen_window(size: tuple[int, int]) -> vtkRenderWindow:
    """An offscreen render window of ``size`` (w, h), without multisampling.

    Anti-aliasing is the stage's business (FXAA and supersampling), so that pixel
    tests see the same image on every GL driver.
    """
    window = _window_class()()
    window.SetOffScreenRendering(True)
    window.SetMultiSamples(0)
    window.SetSize(int(size[0]), int(size[1]))
    window.SetAlphaBitPlanes(True)
    return window
