"""The largest picture this machine can render, from its GL context and its memory.

A picture too large for the GL context makes VTK abort the process (``std::bad_alloc``
or a framebuffer it cannot make); one too large for the memory takes the machine into
swap or is killed. Both are knowable before rendering: the context says its largest
texture, and a render costs a measured number of bytes per pixel (VTK's framebuffers for
the passes, the read-back and its copies: 61-71 bytes measured at 1-4 megapixels on
Mesa llvmpipe; see the README's limits table). The Stage asks for these before
every picture (``Stage.check_picture_size``), so every caller, the app's export as
much as ``livery render``, refuses an over-large request with the largest that works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from livery.scene.looks import MAX_RENDER_SIDE, check_render_size

#: Memory a rendered pixel costs at its largest (measured; see the module's docstring).
BYTES_PER_PIXEL = 80
#: Share of the memory available now that one picture may take.
MEMORY_SHARE = 0.5


@dataclass(frozen=True)
class RenderLimits:
    #: Largest side the GL context draws (its largest texture).
    max_side: int
    #: Most pixels one render may have in the memory available now (None: unknown).
    max_pixels: int | None

    def check(self, size: tuple[int, int], supersample: int) -> None:
        """ValueError naming the largest size that works, if ``size`` does not."""
        check_render_size(
            size,
            supersample,
            max_side=self.max_side,
            max_pixels=self.max_pixels,
            why="the free memory holds",
        )


def available_memory(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """Bytes of memory available to a new allocation now, or None where unknown."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def gl_max_side(window) -> int:  # type: ignore[no-untyped-def]
    """The largest texture side of ``window``'s GL context (made current if need be);
    MAX_RENDER_SIDE when the context does not say."""
    from vtkmodules.vtkRenderingOpenGL2 import vtkTextureObject

    try:
        window.Initialize()
        side = int(vtkTextureObject.GetMaximumTextureSize(window))
    except (TypeError, AttributeError):  # not an OpenGL window (a test double)
        return MAX_RENDER_SIDE
    return side if side > 0 else MAX_RENDER_SIDE


def limits_for(window, memory: int | None = None) -> RenderLimits:  # type: ignore[no-untyped-def]
    """The limits of ``window``'s context and of the memory available now (or
    ``memory`` bytes, for tests)."""
    free = available_memory() if memory is None else memory
    pixels = None if free is None else int(free * MEMORY_SHARE / BYTES_PER_PIXEL)
    return RenderLimits(gl_max_side(window), pixels)
