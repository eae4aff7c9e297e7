"""Every image knows its build: PNG text chunks with the build and how it was shot.

The chunks (iTXt, UTF-8) are written before the pixels, so reading them back opens
the file's header only. ``livery render --build IMAGE.png`` reads ``livery:build``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np

PREFIX = "livery:"
BUILD = PREFIX + "build"  # the build file's JSON (Build.to_json)
KEY = PREFIX + "key"  # the hash of every input (livery.batch.plan.shot_key)


def encode_png(pixels: np.ndarray, text: Mapping[str, str]) -> bytes:
    """``pixels`` (h, w, 3) uint8 as PNG bytes carrying ``text`` (keys get the prefix)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key if key.startswith(PREFIX) else PREFIX + key, str(value))
    buf = io.BytesIO()
    # Level 1: a third of level 6's time for files about a third larger; a render set
    # is bound by the frame, and the encoder should not add much to it.
    Image.fromarray(pixels).save(buf, format="PNG", pnginfo=info, compress_level=1)
    return buf.getvalue()


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
