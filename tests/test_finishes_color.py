"""Colour you can trust: a rough panel under the white furnace, and hue in the studio view."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from livery.catalog import load_catalog
from livery.catalog.color import (
    delta_e_2000,
    lab_chroma,
    lab_hue_degrees,
    srgb_to_lab,
)
from livery.cli import main
from livery.srgb import linear_to_srgb

CATALOG = load_catalog()


def _all_finishes():
    for g in CATALOG.groups:
        for o in g.options:
            for slot, f in o.finishes.items():
                yield f"{g.id}={o.id}:{slot.value}", f


def _ggx_albedo_at_normal_incidence(f0: float, alpha: float = 1.0, n: int = 4096) -> float:
    """What a GGX lobe (Smith height-correlated masking, Schlick Fresnel) reflects of a
    uniform environment of radiance 1, seen head-on: the Fresnel term of a rough panel."""
    u = (np.arange(n) + 0.5) / n
    a2 = alpha * alpha
    cos_h = np.sqrt((1.0 - u) / (1.0 + (a2 - 1.0) * u))  # half vectors, importance-sampled
    cos_l = 2.0 * cos_h * cos_h - 1.0  # the light direction's cosine (V = N)
    lam = (-1.0 + np.sqrt(1.0 + a2 * (1.0 - cos_l**2) / np.maximum(cos_l**2, 1e-12))) / 2.0
    fresnel = f0 + (1.0 - f0) * (1.0 - cos_h) ** 5
    # F G2 (V.H) / (N.H N.V) with V = N: the last factor is 1, and G2 = 1 / (1 + lam(L))
    weight = fresnel / (1.0 + lam)
    return float(np.mean(np.where(cos_l > 0, weight, 0.0)))


def _rough_dielectric(f):
    """The finish as a rough dielectric panel: no metal, roughness 1, no coat, no flakes,
    flop or sheen. A procedural texture varies the albedo by design (its mean appearance
    is the fidelity benchmark's business): the panel is the plain colour."""
    from livery.catalog import Family

    panel = replace(
        f, metallic=0.0, roughness=1.0, coat=0.0, flake_density=0.0, flop_color=None, sheen=0.0
    )
    return replace(panel, texture=None, family=Family.SOLID) if f.texture else panel


def test_furnace_rough_dielectric_panel_is_the_specified_colour_for_every_finish():
    """Under the white furnace (radiance 1, no tone mapping, exact sRGB) a rough
    dielectric panel, drawn through the Stage's own material path, reflects its albedo
    times (1 - F0) diffusely plus its Fresnel reflection: taking that reflection away
    leaves the catalog colour."""
    from livery.scene import materials
    from livery.scene.swatch import SWITCHES, render_swatch
    from livery.srgb import srgb_to_linear

    worst = []
    for name, f in _all_finishes():
        panel = _rough_dielectric(f)
        f0 = materials.finish_uniforms(panel, SWITCHES)["lsBaseF0"]
        img = render_swatch(panel, 32, shape="flat", env="furnace")
        seen = srgb_to_linear(img[12:20, 12:20, :3] / 255.0).reshape(-1, 3).mean(axis=0)
        albedo = (seen - _ggx_albedo_at_normal_incidence(f0)) / (1.0 - f0)
        lab = srgb_to_lab(linear_to_srgb(albedo))
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


def test_swatch_cli_writes_the_furnace_patch(tmp_path):
    """``livery swatch`` writes the tile renderer's image (here the furnace view)."""
    from PIL import Image

    from livery.scene.swatch import render_swatch

    out = tmp_path / "a.png"
    args = ["swatch", "paint=amethyst", "--env", "furnace", "--shape", "flat", "--size", "40x30"]
    assert main([*args, "--out", str(out)]) == 0
    img = np.asarray(Image.open(out))
    assert img.shape == (30, 40, 4)
    amethyst = CATALOG.group("paint").option("amethyst").finishes
    expected = render_swatch(next(iter(amethyst.values())), (40, 30), shape="flat", env="furnace")
    assert np.array_equal(img, expected)


def _car_part(finish):
    """The door panel as the Stage makes a part for a slot that receives ``finish``:
    switches from its finishes, the finish shaders, the image light."""
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

    from livery.scene import ibl, materials, swatch

    switches = materials.Switches.covering([finish], has_tangents=True)
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(swatch._with_normals_and_tangents(swatch.panel_polydata()))
    actor = vtkActor()
    actor.SetMapper(mapper)
    materials.install_shaders(actor, switches)
    ibl.install(actor, swatch.renderer().atlas)
    return actor, switches


@pytest.mark.parametrize(
    "group,option,slot",
    [
        ("paint", "gem-green", "body"),
        ("calipers", "racing-red", "calipers"),
        ("badge", "gold-white-ceramic", "badge-inlay"),
        ("interior", "blue-alcantara-wood", "upholstery"),
        ("interior", "cognac-leather", "upholstery"),
    ],
)
def test_a_tile_shows_what_the_car_shows(monkeypatch, group, option, slot):
    """The same finish as an option tile and on a part made as the Stage makes one (its
    own switches: no coat, no anisotropy where the slot has none) comes out the same."""
    from livery.scene import swatch

    f = next(v for k, v in CATALOG.group(group).option(option).finishes.items() if k.value == slot)
    tile = swatch.render_swatch(f, 96, shape="panel")
    r = swatch.renderer()
    actor, switches = _car_part(f)
    r.renderer.AddActor(actor)
    try:
        with monkeypatch.context() as m:
            m.setitem(r.actors, "panel", actor)
            m.setattr(swatch, "SWITCHES", switches)
            car = swatch.render_swatch(f, 96, shape="panel")
    finally:
        r.renderer.RemoveActor(actor)
    inside = (tile[..., 3] == 255) & (car[..., 3] == 255)
    assert inside.sum() > 0.5 * inside.size
    de = delta_e_2000(
        srgb_to_lab(tile[inside][:, :3] / 255.0), srgb_to_lab(car[inside][:, :3] / 255.0)
    )
    print(f"{option}:{slot} tile vs car part: mean dE2000 {de.mean():.3f}, max {de.max():.2f}")
    assert de.mean() < 0.5 and np.percentile(de, 99) < 2.0
