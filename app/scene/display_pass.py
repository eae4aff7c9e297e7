"""The display colour space on screen: every frame the window shows, re-encoded.

VTK's render passes offer no hook after tone mapping that Python can program, so the
final pass runs after the frame: at the render window's ``EndEvent`` the finished frame
is read back, converted by the display's 3D lookup table (``livery.display``, the same
table exported pictures go through) and written back, and the window shows it
(``Frame``). It costs one read-back and one table gather per frame (a few milliseconds
at 1080p on a GPU machine), only while a display space other than sRGB is chosen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkCommand, vtkUnsignedCharArray
from vtkmodules.vtkRenderingCore import vtkRenderWindow

from livery import display


class ScreenEncoding:
    """Re-encodes what ``window`` shows for a display colour space."""

    def __init__(self, window: vtkRenderWindow, *, on_screen: bool) -> None:
        """``on_screen``: the window is shown (an offscreen window only records the
        space: its pictures are encoded when saved)."""
        self._window = window
        self._on_screen = on_screen
        self._spec = display.SRGB
        self._observer: int | None = None
        self._paused = 0

    @property
    def spec(self) -> str:
        return self._spec

    def set(self, spec: str) -> None:
        """Show frames for ``spec`` (``livery.display``); DisplayError if unusable."""
        spec = display.check(spec)
        display.table(spec)  # tabulate now, not inside a frame
        self._spec = spec
        if spec == display.SRGB and self._observer is not None:
            self._window.RemoveObserver(self._observer)
            self._observer = None
        elif spec != display.SRGB and self._observer is None and self._on_screen:
            self._observer = self._window.AddObserver(vtkCommand.EndEvent, self._on_frame)

    def close(self) -> None:
        if self._observer is not None:
            self._window.RemoveObserver(self._observer)
            self._observer = None

    @contextmanager
    def paused(self, *, show_after: bool = True) -> Iterator[None]:
        """Frames rendered inside stay scene sRGB and are not put on screen by this
        pass (a capture reads them back; a warm-up frame is never shown). With
        ``show_after`` the screen gets the encoded frame afterwards."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1
            if show_after and not self._paused and self._observer is not None:
                self.encode_shown_frame()

    def _on_frame(self, _obj: object, _event: str) -> None:
        if not self._paused:
            self.encode_shown_frame()

    def encode_shown_frame(self) -> None:
        """Convert the frame in the window's buffer and show it."""
        w, h = self._window.GetSize()
        if min(w, h) < 1:
            return
        data = vtkUnsignedCharArray()
        self._window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, data)
        pixels = vtk_to_numpy(data).reshape(h, w, 4)
        out = np.ascontiguousarray(display.convert(pixels, self._spec).reshape(-1, 4))
        self._window.SetRGBACharPixelData(0, 0, w - 1, h - 1, numpy_to_vtk(out, deep=1), 0, 0)
        self._window.Frame()
