"""QImage and numpy arrays, both ways: the 3D view's frames into Qt, and Qt's pictures
(window screenshots, tile previews) out to ``livery.pngfile``, the one PNG writer."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def from_rgb(pixels: np.ndarray) -> QImage:
    """An (h, w, 3) uint8 RGB array as a QImage (copied: the array may go)."""
    arr = np.ascontiguousarray(pixels[..., :3])
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_RGB888).copy()


def to_rgba(image: QImage) -> np.ndarray:
    """A QImage as an (h, w, 4) uint8 RGBA array (straight alpha)."""
    img = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    rows = np.frombuffer(img.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 4].reshape(h, w, 4).copy()
