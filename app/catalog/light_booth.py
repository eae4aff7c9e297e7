"""A virtual light booth: a measured paint's colour under each light, from its spectrum.

Two paints that match in daylight can part under a shop's fluorescent tubes
(metamerism); only their spectra tell. Under each illuminant the paint's tristimulus
values are integrated from reflectance x illuminant x the observer's colour-matching
functions (colour-science's tables, everything aligned to 380-780 nm in 5 nm steps,
normalised so the perfect white has Y = 100), with no white balance:

- ``lab``: CIELAB relative to that illuminant's own white (the CIE way to compare two
  samples under one light; ΔE2000 between two paints under each light is what a
  booth shows a designer);
- ``srgb``: the same XYZ shown on an sRGB display with no chromatic adaptation, so a
  white under illuminant A looks as warm as it does in the booth's tungsten lamp.

Paints given only as Lab or hex have no spectrum: ``BoothError`` says the booth needs one.

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from livery.catalog.color import _colour, delta_e_2000

if TYPE_CHECKING:
    from livery.catalog.candidates import Spectrum

#: The lights of a real booth, in the order it shows them: daylight (D65, D50, D75),
#: tungsten (A), the shop fluorescents cool white (CWF, F2) and TL84 (F11), F12 (U30)
#: and a white LED.
BOOTH = ("D65", "D50", "D75", "A", "FL2", "FL11", "FL12", "LED-B3")
#: What booths and suppliers call them.
ALIASES = {"F2": "FL2", "CWF": "FL2", "F11": "FL11", "TL84": "FL11", "F12": "FL12", "U30": "FL12"}
#: How a booth labels them.
LABELS = {"FL2": "F2 CWF", "FL11": "F11 TL84", "FL12": "F12 U30"}
#: Above this ΔE2000 under some light while matching in D65, a pair is metameric.
METAMERISM_THRESHOLD = 1.0


class BoothError(ValueError):
    """A paint can't go in the booth (no spectrum) or a light is unknown."""


def illuminants() -> list[str]:
    """Every illuminant colour-science tabulates (the booth's set first)."""
    names = list(_colour().SDS_ILLUMINANTS)
    return [*BOOTH, *(n for n in names if n not in BOOTH)]


def illuminant_name(name: str) -> str:
    canonical = ALIASES.get(name.upper(), name)
    if canonical not in _colour().SDS_ILLUMINANTS:
        raise BoothError(f"unknown light {name!r}; valid: {', '.join(illuminants())}")
    return canonical


@cache
def _tables(illuminant: str, observer: str):  # -> (cmfs, illuminant sd, white Lab xy)
    colour = _colour()
    shape = colour.SpectralShape(380, 780, 5)
    cmfs = colour.MSDS_CMFS[observer].copy().align(shape)
    sd = colour.SDS_ILLUMINANTS[illuminant].copy().align(shape)
    white = colour.sd_to_XYZ(colour.sd_ones(shape), cmfs, sd, method="Integration") / 100
    return cmfs, sd, colour.XYZ_to_xy(white)


def spectrum_xyz(spectrum: Spectrum, illuminant: str) -> np.ndarray:
    """XYZ (perfect white: Y = 100) of a reflectance under an illuminant, not adapted."""
    colour = _colour()
    cmfs, light, _ = _tables(illuminant_name(illuminant), spectrum.observer)
    sd = colour.SpectralDistribution(
        dict(zip(spectrum.wavelengths, spectrum.reflectance, strict=True))
    )
    sd = sd.copy().align(cmfs.shape)
    return colour.sd_to_XYZ(sd, cmfs, light, method="Integration")


def spectrum_lab(spectrum: Spectrum, illuminant: str = "D65") -> tuple[float, float, float]:
    """CIELAB of a reflectance under an illuminant, relative to that illuminant's white."""
    _, _, white_xy = _tables(illuminant_name(illuminant), spectrum.observer)
    lab = _colour().XYZ_to_Lab(spectrum_xyz(spectrum, illuminant) / 100, white_xy)
    return tuple(float(x) for x in lab)  # type: ignore[return-value]


def spectrum_srgb(spectrum: Spectrum, illuminant: str) -> tuple[float, float, float]:
    """The colour on an sRGB display, not white-balanced (clipped to the display's gamut)."""
    colour = _colour()
    srgb_white = colour.models.RGB_COLOURSPACE_sRGB.whitepoint
    rgb = colour.XYZ_to_sRGB(spectrum_xyz(spectrum, illuminant) / 100, srgb_white)
    return tuple(float(x) for x in np.clip(rgb, 0.0, 1.0))  # type: ignore[return-value]


@dataclass(frozen=True)
class BoothRow:
    """One light: each paint's CIELAB and display sRGB, and ΔE2000 between the two."""

    illuminant: str
    lab_a: tuple[float, float, float]
    lab_b: tuple[float, float, float]
    srgb_a: tuple[float, float, float]
    srgb_b: tuple[float, float, float]
    delta_e: float


def booth(
    a: Spectrum | None, b: Spectrum | None, lights: list[str] | None = None
) -> list[BoothRow]:
    """Two paints under each light (default: the booth's set)."""
    for s, which in ((a, "the first paint"), (b, "the second paint")):
        if s is None:
            raise BoothError(f"the booth needs a spectrum: {which} is given only as Lab or hex")
    assert a is not None and b is not None
    rows = []
    for name in lights or list(BOOTH):
        ill = illuminant_name(name)
        la, lb = spectrum_lab(a, ill), spectrum_lab(b, ill)
        de = float(delta_e_2000(np.array(la), np.array(lb)))
        rows.append(BoothRow(ill, la, lb, spectrum_srgb(a, ill), spectrum_srgb(b, ill), de))
    return rows


def metameric(rows: list[BoothRow], threshold: float = METAMERISM_THRESHOLD) -> list[str]:
    """The lights under which a pair that matches in D65 (ΔE <= threshold) parts."""
    d65 = next((r for r in rows if r.illuminant == "D65"), None)
    if d65 is None or d65.delta_e > threshold:
        return []
    return [r.illuminant for r in rows if r.delta_e > threshold]
