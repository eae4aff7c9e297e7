"""Colour you can trust: the furnace calibration view and hue in the studio view."""

from __future__ import annotations

import numpy as np
import pytest

from livery.catalog import load_catalog
from livery.catalog.color import delta_e_2000, lab_chroma, lab_hue_degrees, srgb_to_lab
from livery.cli import main

CATALOG = load_catalog()


def _all_finishes():
    for g in CATALOG.groups:
        for o in g.options:
            for slot, f in o.finishes.items():
                yield f"{g.id}={o.id}:{slot.value}", f


def test_furnace_centre_pixel_is_the_specified_colour_for_every_finish():
    from livery.scene.swatch import render_swatch

    worst = []
    for name, f in _all_finishes():
        img = render_swatch(f, 32, shape="flat", env="furnace")
        lab = srgb_to_lab(img[16, 16, :3] / 255.0)
        de = float(delta_e_2000(lab, np.array(f.color.to_lab())))
        worst.append((de, name))
    de, name = max(worst)
    print(f"furnace: max Delta E 2000 {de:.3f} ({name}) over {len(worst)} finishes")
    assert de <= 1.5, name


def _hue_delta(deg: np.ndarray, ref: float) -> np.ndarray:
    return (deg - ref + 180.0) % 360.0 - 180.0


@pytest.fixture(scope="module")
def stage(car_stage):
    return car_stage


def test_studio_body_keeps_the_paint_hue(stage):
    st, build = stage
    report = []
    for option in CATALOG.options_for(build.vehicle.id, "paint"):
        f = option.finishes[next(iter(option.finishes))]
        ref_lab = np.array(f.color.to_lab())
        if lab_chroma(ref_lab) < 15:
            continue
        build.set("paint", option.id)
        img = st.snapshot()
        mask = st.slot_mask("body")
        lab = srgb_to_lab(img[mask] / 255.0)
        lit = lab[(lab[:, 0] > 15) & (lab_chroma(lab) > 4)]
        assert len(lit) > 500, option.id
        d = float(np.median(_hue_delta(lab_hue_degrees(lit), float(lab_hue_degrees(ref_lab)))))
        report.append((abs(d), option.id))
    print("studio hue deltas:", ", ".join(f"{n} {d:.1f}" for d, n in sorted(report)[::-1]))
    assert max(report)[0] <= 10.0, max(report)


def test_swatch_cli_usage_errors(tmp_path, capsys):
    assert main(["swatch", "paint=nope", "--out", str(tmp_path / "a.png")]) == 2
    assert "valid: amethyst" in capsys.readouterr().err
    assert (
        main(["swatch", "paint=amethyst", "--env", "moon", "--out", str(tmp_path / "a.png")]) == 2
    )
    assert "valid: studio, showroom" in capsys.readouterr().err
    assert (
        main(["swatch", "paint=amethyst", "--shape", "cube", "--out", str(tmp_path / "a.png")]) == 2
    )
    assert "valid: sphere, panel, flat" in capsys.readouterr().err


def test_swatch_cli_writes_the_calibration_patch(tmp_path):
    from PIL import Image

    out = tmp_path / "a.png"
    args = ["swatch", "paint=amethyst", "--env", "furnace", "--shape", "flat", "--size", "40x30"]
    assert main([*args, "--out", str(out)]) == 0
    img = np.asarray(Image.open(out))
    assert img.shape == (30, 40, 4)
    assert "#" + "".join(f"{c:02x}" for c in img[15, 20, :3]) == "#4b2a6f"
