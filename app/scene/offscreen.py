"""Headless rendering: offscreen GL windows that need no X server.

On Linux an offscreen window is an EGL window, display or not: it never opens an X
connection, so a script or a test run under Xvfb does not depend on (or outlive) an
X server, and VTK does not probe X and log "bad X server connection" first.
Elsewhere (macOS, Windows) VTK's default window is used.

Once a Stage draws into an on-screen window (the app's viewport), every later
offscreen window comes from VTK's default factory instead (``use_on_screen_kind``), the
same (GLX) kind as the viewport's: Mesa does not mix GLX and EGL contexts in one
process reliably (the second ID render or export read back an empty image).
"""

from __future__ import annotations

import sys

import numpy as np
import vtkmodules.vtkRenderingOpenGL2 as gl
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter

_on_screen = False


def _default_class() -> type:
    egl = getattr(gl, "vtkEGLRenderWindow", None)
    return egl if sys.platform.startswith("linux") and egl is not None else vtkRenderWindow


def use_on_screen_kind() -> None:
    """A window is on screen: later offscreen windows use VTK's default kind too."""
    global _on_screen
    _on_screen = True


def _new_window() -> vtkRenderWindow:
    return vtkRenderWindow() if _on_screen else _default_class()()


def new_offscreen_window(size: tuple[int, int]) -> vtkRenderWindow:
    """An offscreen render window of ``size`` (w, h), without multisampling.

    Anti-aliasing is the stage's business (FXAA and supersampling), so that pixel
    tests see the same image on every GL driver.
    """
    window = _new_window()
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
