"""``livery render``: one real render in a subprocess, and every kind of user mistake
in-process (each must exit 2 with a message naming the valid choices, no traceback)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from livery import pngfile
from livery.cli import main
from livery.scene import looks

ROOT = Path(__file__).resolve().parent.parent


def test_render_writes_the_picture(tmp_path):
    out = tmp_path / "red.png"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "livery",
            "render",
            "--vehicle",
            "yu7-max",
            "--set",
            "paint=racing-red",
            "--camera",
            "side",
            "--size",
            "192x108",
            "--supersample",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    img = np.asarray(Image.open(out).convert("RGB"))
    assert img.shape == (108, 192, 3)
    # a red car on a grey studio: plenty of clearly red pixels
    r, g, b = (img[..., i].astype(int) for i in range(3))
    assert ((r - g > 40) & (r - b > 40)).sum() > 300

    # The picture knows its build: rendering "--build picture.png" gives the same build.
    text = pngfile.read_text(out)
    assert text["livery:camera"] == "side" and text["livery:size"] == "192x108"
    assert text["livery:vehicle"] == "yu7-max" and text["livery:environment"] == "studio"
    again = tmp_path / "again.png"
    assert main(["render", "--build", str(out), "--size", "64x36", "--supersample", "1",
                 "--out", str(again)]) == 0  # fmt: skip
    assert pngfile.read_text(again)["livery:share-code"] == text["livery:share-code"]
    assert pngfile.read_text(again)["livery:camera"] == "side"  # the picture's view too
    assert '"paint": "racing-red"' in pngfile.read_text(again)["livery:build"]


def test_a_picture_without_a_build_is_refused_by_name(tmp_path, capsys):
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    err = _fail(capsys, "--build", str(plain), "--out", str(tmp_path / "x.png"))
    assert "plain.png: carries no build" in err


def _fail(capsys, *args: str) -> str:
    code = main(["render", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def out(tmp_path) -> str:
    return str(tmp_path / "x.png")


def test_unknown_vehicle(capsys, out):
    err = _fail(capsys, "--vehicle", "model-t", "--out", out)
    assert "model-t" in err and "su7-ultra" in err and "yu7-max" in err


def test_missing_vehicle_file(capsys, out, tmp_path):
    err = _fail(capsys, "--vehicle", str(tmp_path / "nope.glb"), "--out", out)
    assert "does not exist" in err


def test_unknown_group(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--set", "spoiler=big", "--out", out)
    assert "spoiler" in err and "paint" in err and "wheels" in err


def test_unknown_option(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--set", "paint=plaid", "--out", out)
    assert "plaid" in err and "amethyst" in err and "gem-green" in err


def test_option_not_offered_on_the_vehicle(capsys, out):
    err = _fail(capsys, "--vehicle", "yu7-max", "--set", "paint=sprout-yellow", "--out", out)
    assert "not offered" in err and "amethyst" in err


def test_malformed_set(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--set", "paint", "--out", out)
    assert "GROUP=OPTION" in err


def test_forbidden_combination_gives_the_rules_reason(capsys, out):
    err = _fail(
        capsys,
        "--vehicle",
        "su7-ultra",
        "--set",
        "paint=golden-pink-matte",
        "--set",
        "decal=lightning-white",
        "--out",
        out,
    )
    assert "matte" in err and "decal" in err.lower()


def test_unknown_camera(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--camera", "drone", "--out", out)
    assert f"valid: {', '.join(looks.CAMERAS)}" in err and "drone" in err


def _options(command: str) -> dict[str, argparse.Action]:
    from livery.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {o: a for a in sub.choices[command]._actions for o in a.option_strings}


def test_cli_choices_are_the_scene_declarations():
    render = _options("render")
    assert tuple(render["--tone"].choices) == looks.TONES
    assert render["--tone"].default == looks.DEFAULT_TONE
    assert render["--camera"].default is None  # a --build picture's camera, else the default
    assert f"else {looks.DEFAULT_CAMERA}" in render["--camera"].help
    assert ", ".join(looks.CAMERAS) in render["--camera"].help
    assert render["--env"].default == looks.DEFAULT_ENVIRONMENT
    assert ", ".join(looks.VIEW_ENVIRONMENTS) in render["--env"].help
    assert render["--exposure"].default == looks.DEFAULT_EXPOSURE
    swatch = _options("swatch")
    assert ", ".join(looks.SWATCH_SHAPES) in swatch["--shape"].help
    assert ", ".join(looks.ENVIRONMENTS) in swatch["--env"].help
    # and the README documents the same choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`--camera {'|'.join(looks.CAMERAS)}`" in readme
    assert f"`--env {'|'.join(looks.VIEW_ENVIRONMENTS)}|FILE.hdr|FILE.exr`" in readme
    assert f"`--tone {'|'.join(looks.TONES)}`" in readme


def test_limits_are_the_scene_declarations(capsys, out):
    lo, hi = looks.IMAGE_SIDE
    assert f"{lo}..{hi}" in _fail(
        capsys, "--vehicle", "su7-ultra", "--size", f"{hi + 1}x9", "--out", out
    )
    lo, hi = looks.SUPERSAMPLE_RANGE
    err = _fail(capsys, "--vehicle", "su7-ultra", "--supersample", str(hi + 1), "--out", out)
    assert f"{lo}..{hi}" in err
    lo, hi = looks.EXPOSURE_RANGE
    err = _fail(capsys, "--vehicle", "su7-ultra", "--exposure", str(hi * 2), "--out", out)
    assert f"{lo:g}..{hi:g}" in err


def test_mistakes_are_found_without_loading_vtk(tmp_path):
    """The command line checks its arguments from the plain declarations: a bad
    environment is reported before the renderer is imported."""
    code = (
        "import sys; from livery.cli import main; "
        f"rc = main(['render', '--vehicle', 'su7-ultra', '--env', 'moon', '--out', {str(tmp_path / 'x.png')!r}]); "
        "print(rc, sorted({m.split('.')[0] for m in sys.modules} & {'vtkmodules', 'vtk', 'pyvista', 'PySide6'}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout.split() == ["2", "[]"], proc.stdout + proc.stderr
    assert f"valid: {', '.join(looks.ENVIRONMENTS)}" in proc.stderr


@pytest.mark.parametrize("size", ["big", "1600", "0x900", "1600x90000", "16o0x900"])
def test_malformed_size(capsys, out, size):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--size", size, "--out", out)
    assert "--size" in err


def test_bad_share_code(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--build", "ZZZZ-not-a-code", "--out", out)
    assert "share code" in err


def test_missing_build_file(capsys, out, tmp_path):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--build", str(tmp_path / "b.json"), "--out", out)
    assert "does not exist" in err


def test_unreadable_build_file(capsys, out, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    err = _fail(capsys, "--vehicle", "su7-ultra", "--build", str(bad), "--out", out)
    assert "JSON" in err


def test_build_file_with_unknown_option(capsys, out, tmp_path):
    bad = tmp_path / "b.json"
    doc = {
        "format": "livery-build",
        "version": 1,
        "vehicle": "su7-ultra",
        "choices": {"paint": "plaid"},
    }
    bad.write_text(json.dumps(doc), encoding="utf-8")
    err = _fail(capsys, "--vehicle", "su7-ultra", "--build", str(bad), "--out", out)
    assert "plaid" in err


def test_output_directory_missing(capsys, tmp_path):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--out", str(tmp_path / "no" / "x.png"))
    assert "does not exist" in err


def test_output_must_be_png(capsys, tmp_path):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--out", str(tmp_path / "x.jpg"))
    assert ".png" in err


def test_missing_out_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["render", "--vehicle", "su7-ultra"])
    assert e.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_unknown_environment(capsys, out):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--env", "moon", "--out", out)
    assert "studio" in err and "night" in err


def test_missing_environment_file(capsys, out, tmp_path):
    err = _fail(capsys, "--vehicle", "su7-ultra", "--env", str(tmp_path / "x.hdr"), "--out", out)
    assert "does not exist" in err


def test_night_is_darker_than_the_studio(tmp_path, capsys):
    means = {}
    for env in ("studio", "night"):
        path = tmp_path / f"{env}.png"
        assert (
            main(
                [
                    "render",
                    "--vehicle",
                    "su7-ultra",
                    "--env",
                    env,
                    "--size",
                    "160x90",
                    "--supersample",
                    "1",
                    "--out",
                    str(path),
                ]
            )
            == 0
        )
        means[env] = np.asarray(Image.open(path).convert("L"), dtype=float).mean()
    capsys.readouterr()
    assert means["night"] < means["studio"]


def test_a_picture_over_the_renderer_s_limit_is_refused_before_rendering(capsys):
    """8192x8192 at supersample 4 would ask VTK for a 32768-pixel buffer, which aborts
    the process: it is refused up front with the largest that works."""
    from livery.scene import looks

    err = _fail(capsys, "--size", "8192x8192", "--supersample", "4", "--out", "/tmp/x.png")
    assert "over the renderer's 16384-pixel side" in err
    assert "the largest at supersample 4 is 4096x4096" in err
    looks.check_render_size((4096, 4096), 4)  # the largest passes
    looks.check_render_size((16384, 9216), 1)
    with pytest.raises(ValueError, match="largest at supersample 2 is 8192x4608"):
        looks.check_render_size((16384, 9216), 2)
