"""The scene's declarations (``livery.scene.looks``): plain, consistent, one of each."""

from __future__ import annotations

import pytest
from imports import imported_roots

from livery.scene import looks
from livery.scene.looks import EnvironmentFileError, Lighting, check_environment


def test_declarations_import_no_renderer_and_no_qt():
    roots = imported_roots("livery.scene.looks")
    assert not roots & {"vtkmodules", "vtk", "pyvista", "pyvistaqt", "PySide6", "numpy"}, roots


def test_declarations_agree_with_each_other():
    assert looks.DEFAULT_CAMERA in looks.CAMERAS
    assert set(looks.INSIDE_CAMERAS) <= set(looks.CAMERAS)
    assert set(looks.STILL_CAMERAS) <= set(looks.CAMERAS) - {looks.DEFAULT_CAMERA}
    assert looks.DEFAULT_ENVIRONMENT in looks.VIEW_ENVIRONMENTS
    assert looks.CALIBRATION_ENVIRONMENT in looks.ENVIRONMENTS
    assert looks.CALIBRATION_ENVIRONMENT not in looks.VIEW_ENVIRONMENTS
    assert looks.DEFAULT_TONE in looks.TONES
    lo, hi = looks.EXPOSURE_RANGE
    assert lo <= Lighting.exposure_of(looks.EV_RANGE[0]) < 1 < Lighting.exposure_of(99) <= hi
    assert Lighting() == Lighting(
        looks.DEFAULT_ENVIRONMENT, looks.DEFAULT_TONE, looks.DEFAULT_EXPOSURE
    )


def test_the_scene_implements_every_declared_name():
    from livery.scene import cameras, skies, swatch
    from livery.vehicles.standin import load_standin

    assert tuple(cameras.presets(load_standin("su7-ultra"))) == looks.CAMERAS
    assert tuple(skies.GENERATORS) == tuple(skies.BACKDROPS) == looks.ENVIRONMENTS
    assert swatch.SHAPES == looks.SWATCH_SHAPES


def test_one_environment_check_for_names_and_files(tmp_path):
    for name in looks.ENVIRONMENTS:
        assert check_environment(name) == name
    with pytest.raises(EnvironmentFileError, match="valid: studio, .*furnace, or a .hdr/.exr"):
        check_environment("moon")
    missing = str(tmp_path / "sky.EXR")
    with pytest.raises(EnvironmentFileError, match="does not exist"):
        check_environment(missing)
    (tmp_path / "sky.EXR").write_bytes(b"")
    assert check_environment(missing) == missing  # readable or not is the loader's to say
    assert Lighting("furnace").valid().environment == looks.DEFAULT_ENVIRONMENT
    assert Lighting(missing).valid().environment == missing


def test_every_declared_choice_the_app_offers_has_a_label():
    from livery.ui.i18n import TABLE

    offered = (
        [f"camera.{n}" for n in looks.CAMERAS]
        + [f"env.{n}" for n in looks.VIEW_ENVIRONMENTS]
        + [f"tone.{n}" for n in looks.TONES]
    )
    assert [key for key in offered if key not in TABLE] == []


def test_every_group_view_is_a_camera_of_a_catalog_group():
    from livery.catalog import load_catalog

    groups = {g.id for g in load_catalog().groups}
    assert set(looks.GROUP_CAMERAS) <= groups
    assert set(looks.GROUP_CAMERAS.values()) <= set(looks.CAMERAS)
