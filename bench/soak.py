"""A showroom day in miniature: random picks, vehicle switches, camera presets and
environment changes on one Stage, offscreen; prints memory growth and frame times.

python bench/soak.py [--changes 600] [--size 640x360]

Last line: ``rss growth per 1000 changes: X MB``, measured after both vehicles and
every environment were shown once and 100 more changes, so one-off caches (each
environment's prefiltering, each vehicle's actors) are not counted. The quarter
checkpoints show whether memory plateaus (the GL driver's pools fill up during the
first few hundred frames) or keeps growing (a leak).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from livery.catalog import Build, load_catalog  # noqa: E402
from livery.scene.stage import Stage  # noqa: E402
from livery.vehicles.registry import VehicleRegistry  # noqa: E402

ENVIRONMENTS = ("studio", "showroom", "night")


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=600)
    parser.add_argument("--size", default="640x360")
    args = parser.parse_args()
    w, h = (int(x) for x in args.size.split("x"))
    rng = random.Random(11)
    catalog = load_catalog()
    registry = VehicleRegistry()
    models = {v.id: registry.catalog_model(v) for v in catalog.vehicles}
    stage = Stage(catalog, size=(w, h))
    build = Build(catalog, "su7-ultra")
    for vehicle_id in ("yu7-max", "su7-ultra"):  # warm every one-off cache first
        build.switch_vehicle(vehicle_id)
        stage.show(build, models[vehicle_id])
        for env in (*ENVIRONMENTS[1:], ENVIRONMENTS[0]):
            stage.set_environment(env)
            stage.render()
    warm, times, baseline = 100, [], None
    checkpoints: list[float] = []
    for i in range(args.changes + warm):
        if i == warm:
            baseline = rss_mb()
        if i > warm and (i - warm) % max(args.changes // 4, 1) == 0:
            checkpoints.append(rss_mb())
        roll = rng.random()
        t = time.perf_counter()
        if roll < 0.05:
            other = "yu7-max" if build.vehicle.id == "su7-ultra" else "su7-ultra"
            build.switch_vehicle(other)
            stage.show(build, models[other])
        elif roll < 0.10:
            stage.set_camera(rng.choice(stage.camera_presets()))
        elif roll < 0.12:
            stage.set_environment(rng.choice(ENVIRONMENTS))
        else:
            group = rng.choice(catalog.groups)
            option = rng.choice(catalog.options_for(build.vehicle.id, group.id))
            if build.why_not(group.id, option.id) is None:
                build.set(group.id, option.id)
        stage.render()
        if i >= warm:
            times.append(time.perf_counter() - t)
    end = rss_mb()
    stage.close()
    assert baseline is not None
    print(f"changes: {args.changes} after {warm} warm-up, {w}x{h}")
    print(
        f"change + frame: median {statistics.median(times) * 1e3:.1f} ms, "
        f"max {max(times) * 1e3:.1f} ms"
    )
    steps = ", ".join(f"{r:.0f}" for r in checkpoints)
    print(f"rss: {baseline:.0f} MB after warm-up, then {steps}, {end:.0f} MB at the end")
    print(f"rss growth per 1000 changes: {(end - baseline) / args.changes * 1000:.1f} MB")


if __name__ == "__main__":
    main()
