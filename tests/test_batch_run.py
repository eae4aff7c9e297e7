"""A small render set end to end on a real Dask scheduler with two worker processes."""

from __future__ import annotations

import hashlib
import json

import pytest

from livery import pngfile
from livery.batch.job import load_job
from livery.batch.run import run_job
from livery.catalog import state_from_json

JOB = """\
vehicles = ["su7-ultra"]
cameras = ["front34", "side"]
environments = ["studio", "broken.hdr"]
sizes = ["96x54"]
supersample = 1

[[builds]]
vary = ["badge"]
"""


@pytest.fixture(scope="module")
def scheduler():  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture(scope="module")
def first_run(scheduler, catalog, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("batch")
    # A header that passes the job check and a body that fails on the worker.
    (folder / "broken.hdr").write_bytes(
        b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 64 +X 128\n\x02\x02"
    )
    (folder / "job.toml").write_text(JOB, encoding="utf-8")
    job = load_job(folder / "job.toml", catalog)
    out = folder / "out"
    lines: list[str] = []
    summary = run_job(job, catalog, out, scheduler=scheduler, retries=1, echo=lines.append)
    return job, out, summary, lines


def test_every_request_has_a_manifest_line_and_good_images_a_file(first_run, catalog):
    job, out, summary, _ = first_run
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    badges = catalog.options_for("su7-ultra", "badge")
    assert len(entries) == len(badges) * 2 * 2  # builds x cameras x environments
    studio = [e for e in entries if e["environment"] == "studio"]
    for e in studio:
        assert e["error"] is None
        data = (out / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["hash"]
        assert e["options"]["badge"]["name"]["zh"]
    broken = [e for e in entries if e["environment"] == "broken"]
    assert broken and all(e["error"] and e["file"] is None for e in broken)
    assert summary.failed == len({e["key"] for e in broken}) and summary.rendered > 0
    assert not list(out.rglob("*.tmp"))


def test_the_side_view_does_not_vary_the_badge_it_cannot_see(first_run, catalog):
    _, out, summary, lines = first_run
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    side = [e for e in entries if e["camera"] == "side" and e["environment"] == "studio"]
    front = [e for e in entries if e["camera"] == "front34" and e["environment"] == "studio"]
    assert len({e["file"] for e in front}) == len(front)  # the front shows the badge
    assert len({e["file"] for e in side}) == 1  # one image shows every badge from the side
    assert sum(1 for e in side if e["shown_by"]) == len(side) - 1
    assert summary.saved == 2 * (len(side) - 1)  # in each environment
    assert any(f"{summary.saved} saved" in line for line in lines)


def test_each_image_carries_its_build(first_run, catalog):
    from livery.commands.target import read_build

    _, out, _, _ = first_run
    for e in (json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()):
        if e["file"] is None or e["shown_by"]:
            continue
        text = pngfile.read_text(out / e["file"])
        assert text["livery:share-code"] == e["share_code"]
        assert text["livery:camera"] == e["camera"]
        assert text["livery:size"] == "96x54"
        state = state_from_json(catalog, text[pngfile.BUILD])
        assert dict(state.choices) == e["build"]["choices"]
        assert read_build(catalog, str(out / e["file"])) == state


def test_the_gallery_and_the_contact_sheet_list_every_image(first_run):
    _, out, _, _ = first_run
    page = (out / "index.html").read_text("utf-8")
    for png in out.rglob("*.png"):
        if png.parent != out:
            assert json.dumps(str(png.relative_to(out))) in page, png
    assert (out / "contact-sheet.png").stat().st_size > 0
    assert (out / "contact-sheet.pdf").read_bytes().startswith(b"%PDF")


def test_a_rerun_renders_only_what_is_missing(first_run, scheduler, catalog):
    job, out, first, _ = first_run
    images = sorted(p for p in out.rglob("*.png") if p.parent != out)
    gone, kept = images[0], images[1:]
    before = {p: p.stat().st_mtime_ns for p in kept}
    gone.unlink()
    again = run_job(job, catalog, out, scheduler=scheduler, retries=0, echo=lambda _: None)
    assert gone.is_file()
    assert again.rendered == 1 and again.reused == first.rendered - 1
    assert again.failed == first.failed  # the broken light is tried again, and fails again
    assert {p: p.stat().st_mtime_ns for p in kept} == before


def test_a_turntable_is_also_an_mp4_beside_its_frames(scheduler, catalog, tmp_path):
    import imageio_ffmpeg

    (tmp_path / "job.toml").write_text(
        'vehicles = ["su7-ultra"]\ncameras = []\nsizes = ["64x36"]\nsupersample = 1\n'
        '[[builds]]\ncodes = ["1104-0200-0000-00HK"]\n[turntable]\nframes = 8\n',
        encoding="utf-8",
    )
    job = load_job(tmp_path / "job.toml", catalog)
    out = tmp_path / "out"
    summary = run_job(job, catalog, out, scheduler=scheduler, echo=lambda _: None)
    assert summary.rendered == 8 and summary.failed == 0
    entries = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    (video,) = {e["video"] for e in entries}
    frames = sorted(out / e["file"] for e in entries)
    assert (out / video).parent == frames[0].parent.parent  # beside the frames' folder
    reader = imageio_ffmpeg.read_frames(str(out / video))
    meta = next(reader)
    assert meta["size"] == (64, 36) and meta["codec"] == "h264"
    assert len(list(reader)) == 8
    assert json.dumps(video) in (out / "index.html").read_text("utf-8")

    before = (out / video).stat().st_mtime_ns  # a rerun with nothing new keeps the video
    again = run_job(job, catalog, out, scheduler=scheduler, echo=lambda _: None)
    assert again.reused == 8 and (out / video).stat().st_mtime_ns == before
