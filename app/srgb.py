"""The sRGB transfer function (IEC 61966-2-1), both ways.

Catalog colours are sRGB, glTF files and the renderer work in linear values: the catalog,
the vehicle files and the scene all cross this curve, so it lives below them all (numpy
only).
"""

from __future__ import annotations

import numpy as np


def srgb_to_linear(c: np.ndarray | float) -> np.ndarray:
    """The sRGB transfer function, inverted."""
    c = np.asarray(c, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray | float) -> np.ndarray:
    """The sRGB transfer function; negative values count as 0."""
    c = np.clip(np.asarray(c, dtype=np.float64), 0.0, None)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1 / 2.4) - 0.055)
