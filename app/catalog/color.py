"""Colour values and conversions.

Catalog colours are specified in sRGB (hex) or CIELAB (D65); the renderer needs
linear sRGB. Colour differences use colour-science, imported lazily: importing it takes
over a second (it imports matplotlib, whose first import builds a font cache). sRGB to
CIELAB and back are colour-science's own formulas and constants (IEC 61966-2-1's
matrices, the D65 white of the CIE 1931 observer) in numpy, so that the window's
start, which converts a few catalog colours, does not import it
(``tests/test_finishes_color.py`` holds them equal).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache

import numpy as np

from livery.srgb import srgb_to_linear

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


@cache
def _colour():  # -> the colour module
    """colour-science, imported on first use (it takes a while), without its warning
    that its SciPy-based features are unavailable: none of them is used here, and
    SciPy is not a dependency of the app."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message='"SciPy" related API features')
        import colour
    return colour


# colour-science's sRGB colourspace (the IEC 61966-2-1 matrices) and D65 white (x, y).
_SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
_XYZ_TO_SRGB = np.array(
    [[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.204, 1.057]]
)
_D65 = np.array([0.3127 / 0.3290, 1.0, (1.0 - 0.3127 - 0.3290) / 0.3290])  # XYZ, Y = 1


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] (any leading shape, last axis 3) to CIELAB D65 (colour-science's
    ``XYZ_to_Lab(sRGB_to_XYZ(rgb))``)."""
    v = np.asarray(rgb, dtype=np.float64)
    linear = np.where(
        v <= 0.0031308 * 12.92, v / 12.92, np.sign(v) * ((np.abs(v) + 0.055) / 1.055) ** 2.4
    )
    t = (linear @ _SRGB_TO_XYZ.T) / _D65
    f = np.where(t > (24 / 116) ** 3, np.cbrt(t), 841 / 108 * t + 16 / 116)
    return np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1
    )


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """CIELAB D65 to sRGB, unclipped (colour-science's ``XYZ_to_sRGB(Lab_to_XYZ(lab))``)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], -1)
    t = np.where(f > 24 / 116, f**3, 108 / 841 * (f - 16 / 116))
    linear = (t * _D65) @ _XYZ_TO_SRGB.T
    return np.where(
        linear <= 0.0031308,
        linear * 12.92,
        1.055 * np.sign(linear) * np.abs(linear) ** (1 / 2.4) - 0.055,
    )


def delta_e_2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    return _colour().delta_E(lab1, lab2, method="CIE 2000")


def lab_hue_degrees(lab: np.ndarray) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    return np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0


def lab_chroma(lab: np.ndarray) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    return np.hypot(lab[..., 1], lab[..., 2])


@dataclass(frozen=True)
class Color:
    """A colour as specified: sRGB components in [0, 1], plus the CIELAB it was given in."""

    srgb: tuple[float, float, float]
    lab: tuple[float, float, float] | None = None

    @classmethod
    def parse(cls, value: object) -> Color:
        """Parse ``"#rrggbb"`` or ``{lab = [L, a, b]}``; raise ValueError saying what is wrong."""
        if isinstance(value, str):
            m = _HEX.match(value.strip())
            if not m:
                raise ValueError(f"colour {value!r} is not an sRGB hex colour like '#1f6b4a'")
            h = m.group(1)
            return cls(tuple(int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)))  # type: ignore[arg-type]
        if isinstance(value, dict) and set(value) == {"lab"}:
            lab = value["lab"]
            if (
                not isinstance(lab, list)
                or len(lab) != 3
                or not all(isinstance(x, int | float) and -1e6 < x < 1e6 for x in lab)  # not NaN
            ):
                raise ValueError(f"CIELAB colour {lab!r} must be three finite numbers [L, a, b]")
            if not 0 <= lab[0] <= 100:
                raise ValueError(f"CIELAB lightness {lab[0]} is outside 0..100")
            rgb = lab_to_srgb(np.array(lab, dtype=np.float64))
            if np.any(rgb < -0.002) or np.any(rgb > 1.002):
                raise ValueError(f"CIELAB colour {lab} lies outside the sRGB gamut")
            srgb = tuple(float(x) for x in np.clip(rgb, 0.0, 1.0))
            return cls(srgb, tuple(float(x) for x in lab))  # type: ignore[arg-type]
        raise ValueError(f"colour {value!r} must be '#rrggbb' or {{lab = [L, a, b]}}")

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02x}" for c in self.srgb)

    @property
    def linear(self) -> tuple[float, float, float]:
        """Linear-light RGB, what VTK's PBR expects as a property colour."""
        return tuple(float(x) for x in srgb_to_linear(np.array(self.srgb)))  # type: ignore[return-value]

    def to_lab(self) -> tuple[float, float, float]:
        if self.lab is not None:
            return self.lab
        return tuple(float(x) for x in srgb_to_lab(np.array(self.srgb)))  # type: ignore[return-value]
