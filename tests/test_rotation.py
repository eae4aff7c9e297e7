"""The environment's rotation (``Lighting.rotation``): it sweeps the highlights over the
body and the floor's light, 0 and 360 are one picture, and 0 is the picture as before."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from livery.catalog import Build, load_catalog
from livery.scene.looks import Lighting
from livery.slots import Slot

SIZE = (320, 180)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def stage(catalog):
    from livery.scene.stage import Stage
    from livery.vehicles.registry import VehicleRegistry

    model = VehicleRegistry().catalog_model(catalog.vehicle("su7-ultra"))
    s = Stage(catalog, size=SIZE, fxaa=False)
    s.show(Build(catalog, "su7-ultra"), model)
    s.set_camera("side")
    s.render()
    yield s
    s.close()


def _shot(stage, rotation: float, environment: str = "showroom") -> np.ndarray:
    stage.set_lighting(Lighting(environment, rotation=rotation))
    return stage.snapshot().astype(np.int16)


def test_rotation_is_an_angle_taken_modulo_360():
    assert Lighting().rotation == 0.0
    assert Lighting.rotation_of(360) == 0.0
    assert Lighting.rotation_of(-90) == 270.0
    assert Lighting(rotation=720.5).valid().rotation == pytest.approx(0.5)
    assert Lighting(rotation=math.nan).valid().rotation == 0.0  # a damaged setting
    with pytest.raises(ValueError):
        Lighting.rotation_of("west")


def test_rotating_moves_the_highlights_on_the_body(stage):
    body = stage.slot_mask(Slot.BODY)
    assert body.sum() > 2000
    lum = []
    for rot in (0.0, 90.0):
        img = _shot(stage, rot)
        lum.append(img[body].mean(axis=1))
    change = np.abs(lum[0] - lum[1])
    # the body's light changes where the highlights were and where they went
    assert np.percentile(change, 90) > 12, np.percentile(change, 90)
    # ... and where the brightest tenth of the body lies moves
    top0 = lum[0] >= np.percentile(lum[0], 90)
    top1 = lum[1] >= np.percentile(lum[1], 90)
    assert (top0 & top1).sum() < 0.6 * top0.sum()


def test_0_and_360_are_the_same_picture_and_0_is_unrotated(stage, catalog):
    from livery.scene.stage import Stage

    a = _shot(stage, 0.0)
    _shot(stage, 123.0)
    b = _shot(stage, 360.0)
    assert np.array_equal(a, b)
    # a stage never rotated draws the same picture: rotation 0 changes no baseline
    fresh = Stage(catalog, size=SIZE, fxaa=False)
    try:
        fresh.show(stage.build, stage.model)
        fresh.set_camera("side")
        fresh.set_lighting(Lighting("showroom"))
        assert np.array_equal(fresh.snapshot().astype(np.int16), a)
    finally:
        fresh.close()


def test_the_floor_turns_with_the_light_and_pictures_say_so(stage):
    _shot(stage, 90.0)
    assert stage.picture_text()["env-rotation"] == "90"
    _shot(stage, 0.0)
    assert "env-rotation" not in stage.picture_text()
    stage.set_lighting(replace(stage.lighting, rotation=45.0))
    turned = [a.GetOrientation()[2] for a in stage.renderer.GetActors()]
    assert any(t == pytest.approx(45.0) for t in turned), turned


def test_the_lighting_panel_turns_the_light_and_remembers_it(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from livery.ui.i18n import Language
    from livery.ui.lighting_panel import LightingPanel, load_lighting, save_lighting
    from livery.ui.lighting_state import LightingModel

    model = LightingModel()
    panel = LightingPanel(model, Language("en"))
    qtbot.addWidget(panel)
    panel.rotation.setValue(90)
    assert model.value.rotation == 90.0
    assert panel.rotation_value.text() == "90°"
    panel.rotation.setValue(360)  # the end of the slider is the start
    assert model.value.rotation == 0.0
    model.set(rotation=200.0)
    assert panel.rotation.value() == 200
    q = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    save_lighting(q, model.value)
    assert load_lighting(q).rotation == 200.0
    panel.reset_button.click()
    assert model.value.rotation == 0.0
    panel.close_panel()
