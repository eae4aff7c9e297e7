"""Headless rendering: pick a GL window that needs no X server.

Without a display, VTK's default X window logs "bad X server connection" before it
falls back. Asking for the EGL window up front avoids the warning (and the probe).
The choice has to be made before the first render window is created, so every
window the scene makes comes from ``new_offscreen_window``.
"""

from __future__ import annotations

import os
import sys

import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL factories)
from vtkmodules.vtkRenderingCore import vtkRenderWindow


def headless() -> bool:
    """True when there is no display to open a window on."""
    if not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def prefer_headless_backend() -> None:
    """Select EGL for new render windows when there is no display (idempotent)."""
    if headless():
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def new_offscreen_window(size: tuple[int, int]) -> vtkRenderWindow:
    """An offscreen render window of ``size`` (w, h), without multisampling.

    Anti-aliasing is the stage's business (FXAA and supersampling), so that pixel
    tests see the same image on every GL driver.
    """
    prefer_headless_backend()
    window = vtkRenderWindow()
    window.SetOffScreenRendering(True)
    window.SetMultiSamples(0)
    window.SetSize(int(size[0]), int(size[1]))
    window.SetAlphaBitPlanes(True)
    return window
