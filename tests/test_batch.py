"""Render-set jobs and plans: plain Python, no GL (the Dask run is in test_batch_run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from livery.batch.job import JobError, load_job
from livery.batch.plan import expand
from livery.cli import main

JOB = """\
vehicles = ["su7-ultra"]
cameras = ["front34", "side"]
sizes = ["96x54"]

[[builds]]
vary = ["paint", "decal"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "job.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_vary_is_every_allowed_combination(catalog, tmp_path):
    job = load_job(write(tmp_path, JOB), catalog)
    paints = catalog.options_for("su7-ultra", "paint")
    decals = catalog.options_for("su7-ultra", "decal")
    matte = [p for p in paints if p.id.endswith("-matte")]
    lightning = [d for d in decals if d.id.startswith("lightning-")]
    assert matte and lightning  # the rule no-decal-on-matte applies
    builds = job.builds["su7-ultra"]
    assert len(builds) == len(paints) * len(decals) - len(matte) * len(lightning)
    assert job.forbidden_skipped == len(matte) * len(lightning)
    assert all(not catalog.violations(b.vehicle, b.choices) for b in builds)


def test_random_builds_are_valid_distinct_and_follow_the_seed(catalog, tmp_path):
    text = 'vehicles = ["yu7-max"]\n[[builds]]\nrandom = 20\nseed = 3\n'
    a = load_job(write(tmp_path, text), catalog).builds["yu7-max"]
    b = load_job(write(tmp_path, text), catalog).builds["yu7-max"]
    c = load_job(write(tmp_path, text.replace("seed = 3", "seed = 4")), catalog).builds["yu7-max"]
    assert len(a) == 20 and a == b and a != c
    assert len({tuple(s.choices.values()) for s in a}) == 20


def test_a_bad_job_names_every_problem_by_line_before_rendering(tmp_path, capsys):
    bad = """\
vehicles = ["su7-ultra", "nope"]
cameras = ["front34", "frnt34"]
environments = ["gone.hdr"]
sizes = ["96x54", "10x10"]

[[builds]]
codes = ["ZZZZ-ZZZZ-ZZZZ-ZZZZ"]

[[builds]]
set = { paint = "golden-pink-matte", decal = "lightning-gold" }

[[builds]]
vary = ["wheel"]
"""
    code = main(["batch", str(write(tmp_path, bad)), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert not (tmp_path / "out").exists()  # nothing rendered, nothing written
    expected = {
        1: "vehicles[1]: unknown vehicle 'nope'",
        2: "cameras[1]: unknown camera 'frnt34'",
        3: "environments[0]: cannot read environment file gone.hdr",
        4: "sizes[1]:",
        7: "builds[0][0]: bad share code",
        13: "builds[2].vary: unknown option group 'wheel'",
    }
    for line, text in expected.items():
        assert any(f"job.toml:{line}: {text}" in e for e in err), (line, err)
    assert len(err) == len(expected) + 1, err  # + the forbidden set (matte with a decal)
    assert any(":10: builds[1].set.decal" in e and "can't be chosen" in e for e in err), err


def test_a_camera_that_cannot_see_a_group_does_not_vary_it(catalog, tmp_path):
    job = load_job(write(tmp_path, JOB), catalog)
    seen_from_side = ["paint"]  # as if the side view showed no decal
    plan = expand(job, catalog, {("su7-ultra", "side"): seen_from_side})
    n = len(job.builds["su7-ultra"])
    assert len(plan.requests) == 2 * n
    side = [r for r in plan.requests if r.shot.camera == "side"]
    paints = {b.choices["paint"] for b in job.builds["su7-ultra"]}
    assert len({r.shot.key for r in side}) == len(paints)  # one image per paint
    assert plan.saved == n - len(paints)
    for r in side:  # every request maps to an image of a build with its paint
        assert r.shot.build.choices["paint"] == r.build.choices["paint"]
        assert (r.shown_by is None) == (r.shot.build == r.build)
    front = [r for r in plan.requests if r.shot.camera == "front34"]
    assert len({r.shot.key for r in front}) == n


def test_keys_change_with_every_input(catalog, tmp_path):
    one = expand(load_job(write(tmp_path, JOB), catalog), catalog)
    again = expand(load_job(write(tmp_path, JOB), catalog), catalog)
    assert [s.key for s in one.shots] == [s.key for s in again.shots]
    other = JOB.replace('sizes = ["96x54"]', 'sizes = ["96x54"]\ntone = "aces"')
    changed = expand(load_job(write(tmp_path, other), catalog), catalog)
    assert not {s.key for s in one.shots} & {s.key for s in changed.shots}
    assert len({s.out for s in one.shots}) == len(one.shots)


def test_the_example_job_is_valid_and_shipped(catalog):
    from livery import ASSETS

    jobs = sorted((ASSETS / "jobs").glob("*.toml"))
    assert jobs
    for path in jobs:
        assert load_job(path, catalog).builds


def test_the_planner_imports_no_gl_and_no_qt():
    code = (
        "import sys, livery.batch.job, livery.batch.plan, livery.batch.run, livery.batch.worker;"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(out.stdout.split()) & {"vtkmodules", "vtk", "pyvista", "PySide6"}


@pytest.mark.parametrize("spec", ["missing.png", "plain.png"])
def test_render_build_from_an_image_without_one_is_a_usage_error(tmp_path, spec, capsys):
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "plain.png")
    out = tmp_path / "r.png"
    assert (
        main(
            ["render", "--vehicle", "su7-ultra", "--build", str(tmp_path / spec), "--out", str(out)]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert ("does not exist" if spec == "missing.png" else "carries no build") in err


def test_a_broken_vehicle_file_is_a_problem_of_the_job(catalog, tmp_path):
    (tmp_path / "broken.glb").write_bytes(b"glTF\x02\x00\x00\x00garbage")
    with pytest.raises(JobError) as e:
        load_job(write(tmp_path, 'vehicles = ["su7-ultra", "broken.glb"]\n'), catalog)
    (problem,) = e.value.problems
    assert "job.toml:1: vehicles[1]: cannot load" in problem and "broken.glb" in problem


def test_a_turntable_is_frames_of_every_build_grouped_in_the_gallery(catalog, tmp_path):
    from livery.batch import gallery, manifest

    text = 'vehicles = ["su7-ultra"]\ncameras = []\n[[builds]]\nvary = ["badge"]\n'
    job = load_job(write(tmp_path, text + "[turntable]\nframes = 6\nelevation = 20\n"), catalog)
    plan = expand(job, catalog)
    builds = len(job.builds["su7-ultra"])
    assert len(plan.shots) == 6 * builds and plan.saved == 0  # turntables are not pruned
    folders = {str(Path(s.out).parent) for s in plan.shots}
    assert len(folders) == builds
    entries = [manifest.entry(catalog, r, {"hash": "x"}) for r in plan.requests]
    tiles = gallery.tiles(entries)
    assert len(tiles) == builds and all(len(t["files"]) == 6 for t in tiles)


def test_a_worker_uses_the_shipped_copy_of_a_file_it_cannot_see(tmp_path, monkeypatch):
    from livery.batch.worker import _local_path

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    here = tmp_path / "car.glb"
    here.write_bytes(b"mine")
    assert _local_path(str(here), "d1", None) == str(here)
    elsewhere = "/nowhere/on/this/worker/car.glb"
    copy = Path(_local_path(elsewhere, "d2", {"d2": b"shipped"}))
    assert copy.read_bytes() == b"shipped" and copy.name == "car.glb"
    with pytest.raises(FileNotFoundError, match="did not ship it"):
        _local_path(elsewhere, "d3", {})


def test_a_turntable_video_is_even_sized_h264_and_skipped_when_a_frame_failed(catalog, tmp_path):
    import imageio_ffmpeg
    import numpy as np
    from PIL import Image

    from livery.batch import video

    text = 'vehicles = ["su7-ultra"]\ncameras = []\nsizes = ["63x35"]\n'
    text += '[[builds]]\ncodes = ["1104-0200-0000-00HK"]\n[turntable]\nframes = 3\n'
    shots = expand(load_job(write(tmp_path, text), catalog), catalog).shots
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200)]
    for shot, colour in zip(shots, colours, strict=True):  # odd-sized "renders"
        (tmp_path / shot.out).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (63, 35), colour).save(tmp_path / shot.out)
    rel = video.video_of(shots[0].out)
    assert Path(rel).with_suffix("") == Path(shots[0].out).parent

    failed = {shots[1].key: {"error": "boom"}}
    assert video.write_all(tmp_path, shots, failed, set(), lambda _: None) == {}
    assert not (tmp_path / rel).exists()

    ok = {s.key: {"hash": "x"} for s in shots}
    assert video.write_all(tmp_path, shots, ok, set(), lambda _: None) == dict.fromkeys(ok, rel)
    reader = imageio_ffmpeg.read_frames(str(tmp_path / rel))
    meta = next(reader)
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == (64, 36)
    frames = [np.frombuffer(f, np.uint8).reshape(36, 64, 3) for f in reader]
    assert [
        tuple(np.abs(f[18, 30].astype(int) - c) < 12) for f, c in zip(frames, colours, strict=True)
    ] == [(True,) * 3] * 3
    assert not list(tmp_path.rglob("*.tmp*")) and not list(tmp_path.rglob(".*.mp4"))
    # A frame rendered anew re-encodes its video; an untouched turntable is left alone.
    Image.new("RGB", (63, 35), (250, 250, 250)).save(tmp_path / shots[0].out)
    before = (tmp_path / rel).stat().st_mtime_ns
    video.write_all(tmp_path, shots, ok, set(), lambda _: None)
    assert (tmp_path / rel).stat().st_mtime_ns == before
    video.write_all(tmp_path, shots, ok, {shots[0].key}, lambda _: None)
    reader = imageio_ffmpeg.read_frames(str(tmp_path / rel))
    next(reader)
    assert np.frombuffer(next(reader), np.uint8).reshape(36, 64, 3)[18, 30].min() > 230


def test_a_size_over_the_renderer_s_limit_is_a_problem_of_the_job(catalog, tmp_path):
    text = JOB.replace('sizes = ["96x54"]', 'sizes = ["8192x8192"]\nsupersample = 4')
    with pytest.raises(JobError) as e:
        load_job(write(tmp_path, text), catalog)
    assert any("over the renderer's 16384-pixel side" in p for p in e.value.problems)
