"""A QR code of a share code, so a customer can take the build away on a phone.

The matrix comes from the ``qrcode`` package (well kept, pure Python); this module
only paints it, dark on light with the standard quiet zone, at whole-pixel modules.
"""

from __future__ import annotations

import numpy as np
import qrcode
from PySide6.QtGui import QImage, QPixmap


def qr_matrix(text: str) -> np.ndarray:
    """(n, n) bool, True for a dark module, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def qr_pixmap(text: str, module_px: int = 3) -> QPixmap:
    dark = qr_matrix(text)
    grey = np.where(dark, 0, 255).astype(np.uint8)
    big = np.ascontiguousarray(np.kron(grey, np.ones((module_px, module_px), np.uint8)))
    h, w = big.shape
    image = QImage(big.data, w, h, w, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())  # copy: the numpy buffer goes away
