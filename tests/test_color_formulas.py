"""sRGB <-> CIELAB in ``livery.catalog.color`` are colour-science's conversions, without
importing it (the window's start converts catalog colours; importing colour-science
takes over a second, matplotlib with it)."""

from __future__ import annotations

import subprocess
import sys

import colour
import numpy as np

from livery.catalog.color import lab_to_srgb, srgb_to_lab


def test_srgb_to_lab_is_colour_sciences():
    rng = np.random.default_rng(7)
    rgb = np.concatenate([rng.uniform(-0.05, 1.05, (5000, 3)), rng.uniform(0, 0.05, (500, 3))])
    expected = colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb))
    assert np.abs(srgb_to_lab(rgb) - expected).max() < 1e-9
    assert srgb_to_lab(rgb[0]).shape == (3,)


def test_lab_to_srgb_is_colour_sciences_unclipped():
    rng = np.random.default_rng(8)
    lab = np.column_stack([rng.uniform(0, 100, 5000), rng.uniform(-120, 120, (5000, 2))])
    lab[:500, 0] = rng.uniform(0, 8, 500)  # the linear part near black
    expected = colour.XYZ_to_sRGB(colour.Lab_to_XYZ(lab))
    assert np.abs(lab_to_srgb(lab) - expected).max() < 1e-9


def test_converting_catalog_colours_does_not_import_colour_science():
    code = (
        "import sys; from livery.catalog import load_catalog; "
        "from livery.catalog.search import option_hue_groups; "
        "c = load_catalog(); option_hue_groups([o for g in c.groups for o in g.options]); "
        "print('colour' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
