"""Benchmark: a render set three ways, against the warm frame of one Stage.

The same 24 images (su7-ultra, 8 random builds x 3 cameras, 960x540, supersample 1,
no pruning) rendered: (1) one ``livery render`` process per image; (2) ``livery
batch`` with one worker; (3) ``livery batch --workers 2``. Every process runs with
``LP_NUM_THREADS=1`` (Mesa's llvmpipe on one thread), so the comparison measures
processes and workers, not the rasteriser's threads. Per-image times of the batch
runs are steady-state (from the moment every worker has delivered its first image to
the last image: cluster start-up and each worker's first-frame shader compiles are
reported apart); the warm frame is ``Stage.snapshot`` of one build at 960x540 after
warm-up, over the three cameras. Targets: one worker >= 5x a process per image; two
workers >= 1.6x one (on 2 cores); batch per-image/warm frame <= 1.3.

    python bench/batch.py [--images 24]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["LP_NUM_THREADS"] = "1"

from livery.batch.job import load_job  # noqa: E402
from livery.batch.plan import expand, share_code  # noqa: E402
from livery.batch.run import Summary, run_job  # noqa: E402
from livery.catalog import Build, load_catalog  # noqa: E402

SIZE = (960, 540)
CAMERAS = ("front34", "side", "rear34")
JOB = """\
vehicles = ["su7-ultra"]
cameras = ["front34", "side", "rear34"]
sizes = ["960x540"]
supersample = 1
prune = false

[[builds]]
random = {builds}
seed = 1
"""


def per_image(summary: Summary, workers: int) -> float:
    """Seconds per image once every worker has delivered its first (warm-up) image."""
    pids = [pid for _, pid in summary.arrivals]
    start = next(i for i in range(len(pids)) if len(set(pids[: i + 1])) == workers)
    times = [t for t, _ in summary.arrivals]
    return (times[-1] - times[start]) / (len(times) - 1 - start)


def warm_frame(catalog, frames: int = 12) -> float:  # type: ignore[no-untyped-def]
    """Median ``snapshot`` of a warm Stage, over the job's three cameras in turn."""
    from livery.scene.stage import Stage
    from livery.vehicles.files import load_vehicle

    model = load_vehicle("su7-ultra", catalog.vehicles)
    stage = Stage(catalog, size=SIZE)
    try:
        stage.show(Build(catalog, "su7-ultra"), model)
        for camera in CAMERAS:
            stage.set_camera(camera)
            stage.snapshot()
        times = []
        for i in range(frames):
            stage.set_camera(CAMERAS[i % len(CAMERAS)])
            t0 = time.perf_counter()
            stage.snapshot()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    finally:
        stage.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=24, help="a multiple of 3 (cameras)")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    tmp = Path(tempfile.mkdtemp(prefix="livery-bench-batch-"))
    job_path = tmp / "job.toml"
    job_path.write_text(JOB.format(builds=args.images // 3), encoding="utf-8")
    job = load_job(job_path, catalog)
    shots = expand(job, catalog).shots
    print(f"{len(shots)} images at {SIZE[0]}x{SIZE[1]}, LP_NUM_THREADS=1, {os.cpu_count()} cores")

    t0 = time.monotonic()
    for i, s in enumerate(shots):
        subprocess.run(
            [sys.executable, "-m", "livery", "render", "--vehicle", "su7-ultra",
             "--build", share_code(catalog, s.build), "--camera", s.camera,
             "--size", f"{SIZE[0]}x{SIZE[1]}", "--supersample", "1",
             "--out", str(tmp / f"process-{i}.png")],
            check=True, capture_output=True,
        )  # fmt: skip
    process = (time.monotonic() - t0) / len(shots)
    print(f"process per image:   {process:.3f} s/image")

    runs = {}
    for workers in (1, 2):
        t0 = time.monotonic()
        summary = run_job(job, catalog, tmp / f"w{workers}", workers=workers, echo=lambda _: None)
        wall = time.monotonic() - t0
        assert summary.rendered == len(shots) and not summary.failed, summary
        runs[workers] = per_image(summary, workers)
        print(
            f"batch, {workers} worker(s): {runs[workers]:.3f} s/image steady "
            f"({wall / len(shots):.3f} s/image, {summary.arrivals[0][0] - t0:.1f} s to the first)"
        )
    frame = warm_frame(catalog)
    print(f"warm frame:          {frame:.3f} s")
    print(f"speed-up 1 worker / process per image: {process / runs[1]:.1f} (target >= 5)")
    print(f"speed-up 2 workers / 1 worker:         {runs[1] / runs[2]:.2f} (target >= 1.6)")
    print(f"batch per-image/warm frame: {runs[1] / frame:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
