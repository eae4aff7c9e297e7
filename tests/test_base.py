"""The base modules every layer may import: atomic writes, slugs, the sRGB curve."""

from __future__ import annotations

import numpy as np
import pytest

from livery.fileio import write_atomic
from livery.slugs import slugify
from livery.srgb import linear_to_srgb, srgb_to_linear


def test_write_atomic_replaces_text_and_bytes(tmp_path):
    path = tmp_path / "build.json"
    write_atomic(path, "紫 {}")
    assert path.read_text(encoding="utf-8") == "紫 {}"
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["build.json"]


def test_write_atomic_makes_a_normal_file_not_a_private_one(tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    path = write_atomic(tmp_path / "gallery.html", "<html></html>")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


def test_write_atomic_that_fails_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder can't be replaced by a file
    (target / "inside").write_text("kept")
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert (target / "inside").read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Midnight Blue 2", "midnight-blue-2"), ("  --Gem_Green!! ", "gem-green"), ("紫", "x")],
)
def test_slugify(text, slug):
    assert slugify(text, "x") == slug


def test_srgb_curve_round_trips_and_clamps_below_zero():
    c = np.linspace(0.0, 1.0, 101)
    assert np.allclose(linear_to_srgb(srgb_to_linear(c)), c, atol=1e-12)
    assert srgb_to_linear(0.5) == pytest.approx(0.21404, abs=1e-5)
    assert linear_to_srgb(-1.0) == 0.0
