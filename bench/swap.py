"""Benchmark: what a build change costs, relative to a plain frame.

The default vehicle, offscreen at 1280x720 with the full look (IBL, tone mapping,
FXAA). Measures the median time of a plain render, and of applying one random
single-option change and rendering, over at least 30 changes spread over every
option group. Both are measured in this run, interleaved, so the ratio holds on
any machine. Target: swap/frame ratio <= 1.10.

    python bench/swap.py [--changes 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from livery.catalog import Build, load_catalog  # noqa: E402
from livery.scene.stage import Stage  # noqa: E402
from livery.vehicles.files import load_vehicle  # noqa: E402


def random_change(build: Build, rng: random.Random, group_id: str) -> tuple[str, str] | None:
    """A different option in ``group_id`` that the rules allow now, or None."""
    catalog = build.catalog
    current = build.choices[group_id]
    options = [
        o.id
        for o in catalog.options_for(build.vehicle.id, group_id)
        if o.id != current and build.why_not(group_id, o.id) is None
    ]
    return (group_id, rng.choice(options)) if options else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="number of changes (>= 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args(argv)
    n = max(30, args.changes)
    w, h = (int(s) for s in args.size.split("x"))

    catalog = load_catalog()
    vehicle = catalog.vehicles[0]
    model = load_vehicle(vehicle.id, catalog.vehicles)
    build = Build(catalog, vehicle.id)
    stage = Stage(catalog, size=(w, h))
    stage.show(build, model)
    t0 = time.perf_counter()
    stage.render()
    first = time.perf_counter() - t0
    for _ in range(3):  # settle caches and the driver
        stage.render()
    before = stage.stats.copy()

    rng = random.Random(args.seed)
    groups = [g.id for g in catalog.groups]
    plain: list[float] = []
    swap: list[float] = []
    done = 0
    while done < n:
        t = time.perf_counter()
        stage.render()
        plain.append(time.perf_counter() - t)
        change = random_change(build, rng, groups[done % len(groups)])
        if change is None:
            change = random_change(build, rng, rng.choice(groups))
        if change is None:
            continue
        t = time.perf_counter()
        build.set(*change)
        stage.render()
        swap.append(time.perf_counter() - t)
        done += 1
    after = stage.stats
    stage.close()

    frame_ms = statistics.median(plain) * 1000
    swap_ms = statistics.median(swap) * 1000
    print(
        f"vehicle: {vehicle.id}, {model.triangle_count} triangles, "
        f"{len(model.parts)} parts, {w}x{h}"
    )
    print(f"first frame (shader compiles, IBL precompute): {first * 1000:.0f} ms")
    print(f"plain render, median of {len(plain)}: {frame_ms:.1f} ms")
    print(f"change + render, median of {len(swap)} over {len(groups)} groups: {swap_ms:.1f} ms")
    print(
        "during changes: "
        f"new actors {after.actors_created - before.actors_created}, "
        f"geometry uploads {after.geometry_uploads - before.geometry_uploads}, "
        f"new shader programs {after.shader_programs - before.shader_programs}, "
        f"shader switches {after.program_switches - before.program_switches}"
    )
    print(f"swap/frame ratio: {swap_ms / frame_ms:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
