"""Every PNG the app writes, with what it shows in its text chunks.

One writer for renders, exports, screenshots, render sets and tile previews: the pixels
go through Pillow with ``livery:`` iTXt chunks (UTF-8) before the image data, so reading
them back opens only the file's header, and through ``fileio.write_atomic``. A picture
of a build carries the build (``livery:build``, the build file's JSON), so ``livery
render --build IMAGE.png`` and the app open it again.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from livery.fileio import write_atomic

PREFIX = "livery:"
BUILD = PREFIX + "build"  # the build file's JSON (Build.to_json)
KEY = PREFIX + "key"  # the hash of every input of a render-set image (livery.batch.plan)


def encode_png(
    pixels: np.ndarray,
    text: Mapping[str, str] | None = None,
    *,
    compress_level: int = 6,
    dpi: int | None = None,
    icc: bytes | None = None,
) -> bytes:
    """``pixels`` (h, w, 3 or 4) uint8 as PNG bytes carrying ``text`` (keys get the prefix).

    ``compress_level`` 1 takes a third of level 6's time for files about a third larger:
    render sets, bound by the frame, use it. ``dpi``: a page's print resolution.
    ``icc``: the colour profile the pixels are encoded for (None: sRGB, untagged).
    """
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_itxt(key if key.startswith(PREFIX) else PREFIX + key, str(value))
    buf = io.BytesIO()
    image = Image.fromarray(np.ascontiguousarray(pixels))
    extra: dict[str, object] = {"dpi": (dpi, dpi)} if dpi else {}
    if icc is not None:
        extra["icc_profile"] = icc
    image.save(buf, format="PNG", pnginfo=info, compress_level=compress_level, **extra)
    return buf.getvalue()


def write_png(
    path: str | Path,
    pixels: np.ndarray,
    text: Mapping[str, str] | None = None,
    *,
    icc: bytes | None = None,
) -> Path:
    """Encode and write atomically; returns the path."""
    return write_atomic(path, encode_png(pixels, text, icc=icc))


def read_text(path: str | Path) -> dict[str, str]:
    """The ``livery:`` text chunks of a PNG (empty for another image or a broken file)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            if im.format != "PNG":
                return {}
            return {k: str(v) for k, v in im.info.items() if k.startswith(PREFIX)}
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return {}
