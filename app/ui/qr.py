"""A QR code of a share code, so a customer can take the build away on a phone.

The matrix comes from ``livery.catalog.qr`` (shared with the printed build sheet);
this module only paints it, dark on light with the standard quiet zone, at
whole-pixel modules.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap

from livery.catalog.qr import qr_matrix


def qr_pixmap(text: str, module_px: int = 3) -> QPixmap:
    dark = qr_matrix(text)
    grey = np.where(dark, 0, 255).astype(np.uint8)
    big = np.ascontiguousarray(np.kron(grey, np.ones((module_px, module_px), np.uint8)))
    h, w = big.shape
    image = QImage(big.data, w, h, w, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())  # copy: the numpy buffer goes away
