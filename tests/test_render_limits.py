"""The largest picture is this machine's (issue 12, "limits the user can see"): the GL
context's largest texture and the free memory, asked before anything is resized or
rendered, and an over-large request is refused with the largest size that works."""

from __future__ import annotations

import time

import pytest
from vtkmodules.vtkRenderingOpenGL2 import vtkTextureObject

from livery.cli import main
from livery.scene import render_limits
from livery.scene.looks import check_render_size


def test_available_memory_reads_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  24000000 kB\nMemAvailable:  1000000 kB\n")
    assert render_limits.available_memory(meminfo) == 1_024_000_000
    assert render_limits.available_memory(tmp_path / "none") is not None  # sysconf instead


def test_the_gl_limit_is_the_context_s_own(car_stage):
    window = car_stage[0]._window
    limits = render_limits.limits_for(window, memory=10**12)
    assert limits.max_side == vtkTextureObject.GetMaximumTextureSize(window) > 0
    assert limits.max_pixels == int(10**12 * 0.5 / render_limits.BYTES_PER_PIXEL)


def test_a_picture_over_the_free_memory_is_refused_before_rendering(car_stage, monkeypatch):
    stage, _ = car_stage
    monkeypatch.setattr(render_limits, "available_memory", lambda: 100_000_000)
    before = stage.size
    start = time.perf_counter()
    with pytest.raises(ValueError, match="pixels the free memory holds") as err:
        stage.snapshot((2048, 2048), supersample=2)
    assert time.perf_counter() - start < 1.0  # nothing was rendered
    assert stage.size == before
    largest = str(err.value).split("the largest at supersample 2 is ")[1].split()[0]
    w, h = (int(v) for v in largest.split("x"))
    assert (2 * w) * (2 * h) <= 100_000_000 * 0.5 / render_limits.BYTES_PER_PIXEL
    check_render_size((w, h), 2, max_pixels=625_000)  # the size it names passes


def test_the_render_command_refuses_before_loading_the_car(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(render_limits, "available_memory", lambda: 50_000_000)
    code = main(["render", "--size", "3000x2000", "--out", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "--size: 3000x2000 at supersample 2" in err and "the largest at supersample 2" in err
    assert not (tmp_path / "x.png").exists()


def test_the_supersampled_picture_is_averaged_in_slices(car_stage):
    """The slices of the linear-light average join without a seam: a supersampled
    picture equals the whole-image average (the old one-piece code) to the level."""
    import numpy as np

    from livery.scene import stage as stage_module
    from livery.srgb import linear_to_srgb, srgb_to_linear

    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (3 * 700, 3 * 2100, 3), dtype=np.uint8)
    lin = srgb_to_linear(img.astype(np.float32) / 255.0).reshape(700, 3, 2100, 3, 3)
    whole = np.clip(linear_to_srgb(lin.mean(axis=(1, 3))) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    assert np.array_equal(stage_module._downsample(img, 3), whole)
