"""Multi-angle numbers rendered on the flat test panel: the light is calibrated (a white
diffuser reads L* 100 at every angle), a solid paint reads its colour, a metallic
flops, and ``livery angles`` sets them beside the supplier's values. Offscreen GL."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from livery.catalog.candidate_store import CandidateStore
from livery.catalog.candidates import ASPECULAR_ANGLES, Candidate
from livery.catalog.color import delta_e_2000
from livery.catalog.finish import parse_finish
from livery.catalog.loader import load_catalog
from livery.catalog.model import Text
from livery.cli import main
from livery.scene.angles import detector_direction, light_direction, panel_readings


def test_the_geometry_is_the_instruments():
    light = np.array(light_direction())
    specular = np.array([-light[0], 0.0, light[2]])
    for angle in ASPECULAR_ANGLES:
        d = np.array(detector_direction(angle))
        assert math.degrees(math.acos(d @ specular)) == pytest.approx(angle)
        assert d[1] == 0.0  # in the plane of incidence
    assert detector_direction(45) == pytest.approx((0.0, 0.0, 1.0))  # the normal
    assert detector_direction(15)[0] > 0 > detector_direction(110)[0]  # toward the light


def test_a_white_diffuser_reads_lightness_100_and_a_grey_its_own():
    white = parse_finish({"family": "solid", "color": "#ffffff", "roughness": 1.0})
    grey = parse_finish({"family": "solid", "color": {"lab": [50, 0, 0]}, "roughness": 1.0})
    for finish, lightness in ((white, 100.0), (grey, 50.0)):
        readings = panel_readings(finish)
        assert sorted(readings) == list(ASPECULAR_ANGLES)
        for L, a, b in readings.values():
            assert pytest.approx(lightness, abs=2.0) == L
            assert abs(a) < 0.5 and abs(b) < 0.5


def test_a_metallic_flops_and_a_solid_does_not():
    paints = load_catalog().group("paint")
    silver = next(iter(paints.option("titanium-silver").finishes.values()))
    lab = panel_readings(silver)
    L = [lab[a][0] for a in ASPECULAR_ANGLES]
    assert sorted(L, reverse=True) == L  # light near the specular, dark at the flop
    assert L[0] - L[-1] > 40
    matte = parse_finish({"family": "solid", "color": {"lab": [60, 30, 20]}, "roughness": 1.0})
    flat = [v[0] for v in panel_readings(matte).values()]
    assert max(flat) - min(flat) < 2.0  # control: a diffuse paint looks alike at every angle
    assert delta_e_2000(np.array(panel_readings(matte)[45]), np.array([60, 30, 20])) < 2.0


def test_livery_angles_compares_with_the_supplier(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIVERY_LIBRARY", str(tmp_path / "lib"))
    finish = parse_finish({"family": "solid", "color": {"lab": [60, 30, 20]}, "roughness": 1.0})
    supplier = {15: (60.0, 30.0, 20.0), 45: (60.0, 30.0, 20.0), 110: (40.0, 30.0, 20.0)}
    CandidateStore().add(
        Candidate("MA-1", "Acme", Text("Flop", "变色"), finish, "lab", 950, angles=supplier)
    )
    assert main(["angles", "MA-1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = {r["angle"]: r for r in doc["angles"]}
    assert sorted(rows) == list(ASPECULAR_ANGLES)
    assert rows[25]["supplier"] is None and rows[25]["delta_e"] is None
    assert rows[45]["delta_e"] < 2.0 < rows[110]["delta_e"]
    assert main(["angles", "racing-red"]) == 0
    assert "110°" in capsys.readouterr().out
    assert main(["angles", "no-such-paint"]) == 2
