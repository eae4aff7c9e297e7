"""Headless rendering: offscreen GL windows that need no X server.

On Linux every offscreen window is an EGL window, display or not: it never opens an
X connection, so a script, a test run under Xvfb or the app's preview renderer does
not depend on (or outlive) an X server, and VTK does not probe X and log "bad X
server connection" first. Elsewhere (macOS, Windows) VTK's default window is used.
"""

from __future__ import annotations

import sys

import numpy as np
import vtkmodules.vtkRenderingOpenGL2 as gl
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter


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


def grab_rgb(window: vtkRenderWindow) -> np.ndarray:
    """The last rendered frame of ``window`` as (h, w, 3) uint8, row 0 on top."""
    grab = vtkWindowToImageFilter()
    grab.SetInput(window)
    grab.SetInputBufferTypeToRGB()
    grab.ReadFrontBufferOff()
    grab.ShouldRerenderOff()
    grab.Update()
    img = grab.GetOutput()
    w, h = img.GetDimensions()[:2]
    return vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, 3)[::-1].copy()
