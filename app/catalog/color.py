"""Colour values and conversions.

Catalog colours are specified in sRGB (hex) or CIELAB (D65); the renderer needs
linear sRGB. CIELAB conversions and colour differences use colour-science,
imported lazily because it is slow to import and most runs never need it.
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


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] (any leading shape, last axis 3) to CIELAB D65."""
    colour = _colour()
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(np.asarray(rgb, dtype=np.float64)))


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    colour = _colour()
    return colour.XYZ_to_sRGB(colour.Lab_to_XYZ(np.asarray(lab, dtype=np.float64)))


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
