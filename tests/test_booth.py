"""The light booth's numbers: ΔE2000 against the published CIEDE2000 test data, a real
metameric pair built from spectra (matches in D65, parts under F11), the colour under
each light from the spectrum (not white-balanced), and ``livery booth``."""

from __future__ import annotations

import json

import colour
import numpy as np
import pytest

from livery.catalog.candidate_store import CandidateStore
from livery.catalog.candidates import Candidate, Spectrum
from livery.catalog.color import delta_e_2000
from livery.catalog.finish import parse_finish
from livery.catalog.light_booth import (
    BoothError,
    booth,
    illuminants,
    metameric,
    spectrum_lab,
    spectrum_srgb,
)
from livery.catalog.model import Text
from livery.cli import main

# Sharma, Wu, Dalal (2005), "The CIEDE2000 color-difference formula: implementation
# notes, supplementary test data, and mathematical observations", Table 1: pairs 1, 7,
# 9-16 (hue angles either side of 0/180 degrees, where implementations go wrong), 17,
# 19, 25, 27, 31, 33 and 34, with their published ΔE00.
SHARMA = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0010), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0012), 7.2195),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0009, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0010, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


def test_delta_e_2000_matches_the_published_test_data():
    lab1 = np.array([p[0] for p in SHARMA])
    lab2 = np.array([p[1] for p in SHARMA])
    published = np.array([p[2] for p in SHARMA])
    assert delta_e_2000(lab1, lab2) == pytest.approx(published, abs=5e-5)
    assert delta_e_2000(lab2, lab1) == pytest.approx(published, abs=5e-5)  # symmetric
    # control: the data tells the formulas apart (CIE 1976 and CIE 1994 miss it)
    for method in ("CIE 1976", "CIE 1994"):
        other = colour.delta_E(lab1, lab2, method=method)
        assert np.max(np.abs(other - published)) > 0.5


W = tuple(float(x) for x in range(380, 740, 10))


def green() -> np.ndarray:
    w = np.array(W)
    return 0.07 + 0.13 * np.exp(-(((w - 525) / 55) ** 2)) + 0.05 / (1 + np.exp(-(w - 690) / 20))


def metamer(r: np.ndarray, illuminant: str = "D65") -> np.ndarray:
    """A different reflectance with the same XYZ under ``illuminant`` (2°): ``r`` plus a
    metameric black (a spectrum the observer can't see under that light), shaped to
    catch the narrow bands of a tri-phosphor tube such as F11 (TL84)."""
    w = np.array(W)
    shape = colour.SpectralShape(W[0], W[-1], 10)
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"].copy().align(shape).values
    light = colour.SDS_ILLUMINANTS[illuminant].copy().align(shape).values
    weights = cmfs * light[:, None]

    def bump(c: float, h: float) -> np.ndarray:
        return h * np.exp(-(((w - c) / 10) ** 2))

    p = bump(545, 0.05) - bump(610, 0.05) + bump(435, 0.03)
    black = p - weights @ np.linalg.solve(weights.T @ weights, weights.T @ p)
    return r + black


def test_a_metameric_pair_matches_in_daylight_and_parts_under_f11():
    r1 = green()
    r2 = metamer(r1)
    assert r2.min() > 0 and np.max(np.abs(r2 - r1)) > 0.03  # a different paint
    a, b = Spectrum(W, tuple(r1)), Spectrum(W, tuple(r2))
    rows = {r.illuminant: r for r in booth(a, b)}
    assert rows["D65"].delta_e < 0.1
    assert rows["FL11"].delta_e > 3.0
    assert set(metameric(list(rows.values()))) >= {"FL11", "FL12"}
    # control: a pair that is simply the same paint is never metameric
    same = booth(a, Spectrum(W, tuple(r1)))
    assert max(r.delta_e for r in same) < 1e-9 and metameric(same) == []
    # control: a pair apart in daylight too is just different, not metameric
    apart = booth(a, Spectrum(W, tuple(r1 * 1.3)))
    assert metameric(apart) == []


def test_colours_under_each_light_come_from_the_spectrum_not_white_balance():
    white = Spectrum(W, (0.9,) * len(W))
    # Lab is relative to each light's own white: a flat grey is neutral under every light
    for light in ("D65", "A", "FL11"):
        L, a, b = spectrum_lab(white, light)
        assert abs(a) < 0.05 and abs(b) < 0.05
    # but on the display, without white balance, the grey looks warm under tungsten
    r, g, bl = spectrum_srgb(white, "A")
    assert r > g > bl and r - bl > 0.3
    assert spectrum_srgb(white, "D65") == pytest.approx((0.955,) * 3, abs=0.01)
    # the red candidate of a spectral CSV reads the same as colour-science at 1 nm
    red = np.where(np.array(W) > 590, 0.6, 0.05)
    sd = colour.SpectralDistribution(dict(zip(W, red, strict=True)))
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    ill = colour.SDS_ILLUMINANTS["FL11"].copy().align(cmfs.shape)
    with colour.utilities.suppress_warnings(colour_runtime_warnings=True):  # aligning: known
        xyz = colour.sd_to_XYZ(sd.copy().align(cmfs.shape), cmfs, ill) / 100
        white = colour.sd_to_XYZ(colour.sd_ones(cmfs.shape), cmfs, ill) / 100
    white_xy = colour.XYZ_to_xy(white)
    expected = colour.XYZ_to_Lab(xyz, white_xy)
    got = spectrum_lab(Spectrum(W, tuple(red)), "F11")
    assert delta_e_2000(np.array(got), expected) < 0.3


def test_the_booth_lists_every_tabulated_light_and_refuses_unknown_ones():
    names = illuminants()
    assert names[:6] == ["D65", "D50", "D75", "A", "FL2", "FL11"]
    assert set(colour.SDS_ILLUMINANTS) == set(names)
    s = Spectrum(W, tuple(green()))
    with pytest.raises(BoothError, match="unknown light 'F99'"):
        booth(s, s, ["F99"])
    with pytest.raises(BoothError, match="needs a spectrum"):
        booth(s, None)


def _candidate(code: str, spectrum: Spectrum | None, hex_: str = "#3f7657") -> Candidate:
    return Candidate(
        code=code,
        supplier="Acme",
        name=Text(code, code),
        finish=parse_finish({"family": "solid", "color": hex_}),
        given="spectrum" if spectrum else "hex",
        option_code=900 + len(code),
        spectrum=spectrum,
    )


def test_livery_booth_prints_the_table_and_catches_the_pair(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIVERY_LIBRARY", str(tmp_path / "lib"))
    store = CandidateStore()
    store.add(_candidate("M1", Spectrum(W, tuple(green()))))
    store.add(_candidate("M22", Spectrum(W, tuple(metamer(green())))))
    store.add(_candidate("HEX", None))
    assert main(["booth", "M1", "M22"]) == 0
    out = capsys.readouterr().out
    assert "F11 TL84" in out and "metameric: they match in D65 but not under" in out
    assert main(["booth", "M1", "M22", "--lights", "all", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["lights"]) == len(illuminants())
    assert "FL11" in doc["metameric_under"]
    assert main(["booth", "M1", "HEX"]) == 2
    assert "the booth needs a spectrum: HEX is given only as hex" in capsys.readouterr().err
    assert main(["booth", "M1", "M22", "--lights", "D65,moon"]) == 2
    assert "unknown light 'moon'" in capsys.readouterr().err
