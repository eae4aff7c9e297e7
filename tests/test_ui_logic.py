"""The Qt-free parts of the UI: camera moves and bounds, labels."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from livery.scene.cameras import CameraPose
from livery.ui import camera_math
from livery.ui.i18n import TABLE, Language

BOUNDS = camera_math.Bounds.around((-2.5, -1.0, 0.0), (2.5, 1.0, 1.45))


def test_interpolation_orbits_round_the_car_and_ends_on_target():
    a = CameraPose((6.0, -4.0, 1.5), (0, 0, 0.6))
    b = CameraPose((-6.0, 4.0, 1.5), (0, 0, 0.6))
    assert np.allclose(camera_math.interpolate(a, b, 0.0).position, a.position)
    assert np.allclose(camera_math.interpolate(a, b, 1.0).position, b.position)
    for t in np.linspace(0, 1, 11):
        p = camera_math.interpolate(a, b, float(t))
        assert camera_math.clamp(p, BOUNDS) is None  # never through the body or the floor


def test_clamp_keeps_the_camera_above_the_floor_and_outside_the_body():
    under = CameraPose((5.0, 0.0, -2.0), (0, 0, 0.6))
    assert camera_math.clamp(under, BOUNDS).position[2] >= BOUNDS.floor_clearance
    inside = CameraPose((0.5, 0.0, 0.8), (0, 0, 0.6))
    out = np.array(camera_math.clamp(inside, BOUNDS).position)
    lo, hi = np.array(BOUNDS.lo), np.array(BOUNDS.hi)
    assert not (np.all(out > lo) and np.all(out < hi))
    assert camera_math.clamp(inside, BOUNDS, inside_allowed=True) is None
    far = CameraPose((500.0, 0.0, 2.0), (0, 0, 0.6))
    assert np.linalg.norm(camera_math.clamp(far, BOUNDS).position) <= BOUNDS.max_distance + 1


def test_orbit_turns_round_the_focal_point():
    p = CameraPose((6.0, 0.0, 1.5), (0, 0, 0.6))
    q = camera_math.orbit(p, 90)
    assert np.allclose(q.position, (0.0, 6.0, 1.5), atol=1e-9)


def test_every_label_has_both_languages():
    for key, (en, zh) in TABLE.items():
        assert en and zh, key
    lang = Language("zh")
    assert lang.tr("action.undo") == "撤销"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check")
def test_the_app_without_a_display_says_so(monkeypatch, capsys):
    from livery.cli import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["--lang", "en"]) == 2
    assert "no display" in capsys.readouterr().err
