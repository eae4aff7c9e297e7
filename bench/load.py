"""Time to the first rendered frame of a GLB: Livery Studio against F3D, offscreen.

python bench/load.py [--size 1280x720] [--triangles 2000000] [--repeat 1]

Both load the same files (the stand-in sedan and a generated 2-million-triangle GLB)
at the same size with the same HDR environment (assets/environments/studio.hdr as
image-based lighting). Each measurement runs in a fresh process, timed from before
the file is read to after the first frame is read back (imports excluded).

Both keep the prefiltered lighting of an HDR in a disk cache (F3D its HDRI cache,
Livery Studio ``livery.scene.prefilter``'s atlas). Both states are measured: cold (an
empty cache for Livery, F3D's cache off) and warm (filled by a first run). The last
line, ``load ratio livery/f3d: X``, is warm against warm: the sum of Livery's times
over the sum of F3D's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fresh import run_json  # noqa: E402

HDR = ROOT / "assets" / "environments" / "studio.hdr"

_LIVERY = """
import json, sys, time
from livery.catalog import Build, load_catalog
from livery.scene.stage import Stage
from livery.vehicles.loaders import load_vehicle_file
catalog = load_catalog()
w, h = map(int, sys.argv[2].split("x"))
t0 = time.perf_counter()
model = load_vehicle_file(sys.argv[1], strict=False)
t1 = time.perf_counter()
stage = Stage(catalog, size=(w, h))
stage.show(Build(catalog, catalog.vehicles[0].id), model)
stage.set_camera("front34")
stage.snapshot()
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first_frame": t2 - t0, "triangles": model.triangle_count}))
"""

_F3D = """
import json, sys, time
import f3d
w, h = map(int, sys.argv[2].split("x"))
t0 = time.perf_counter()
engine = f3d.Engine.create(True)
engine.window.set_use_hdri_cache(sys.argv[4] == "warm")
engine.window.size = (w, h)
engine.options["render.hdri.file"] = sys.argv[3]
engine.options["render.hdri.ambient"] = True
engine.scene.add(sys.argv[1])
t1 = time.perf_counter()
engine.window.render_to_image()
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first_frame": t2 - t0}))
"""


def measure(
    script: str, path: Path, size: str, cache: str = "warm", env: dict[str, str] | None = None
) -> dict[str, float]:
    return run_json(script, path, size, HDR, cache, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--triangles", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    try:
        import f3d  # noqa: F401
    except ImportError:
        sys.exit("bench/load.py needs F3D's Python package: pip install f3d")
    from vehicle_load import grid_glb

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.glb"
        grid_glb(big, args.triangles)
        files = {
            "stand-in su7-ultra": ROOT / "assets" / "vehicles" / "su7-ultra.glb",
            "generated": big,
        }
        # A realistic Draco + WebP car, as a centre brings one. F3D's Python package
        # has no Draco reader ("unsupported content"), so it is timed in Livery alone.
        countach = ROOT.parent / "shared/models/lamborghini-countach/lamborghini-countach.glb"
        ours_cache = Path(tmp) / "livery-cache"
        warm_env = {**os.environ, "LIVERY_CACHE_DIR": str(ours_cache)}
        measure(_LIVERY, files["generated"], args.size, env=warm_env)  # fill our cache
        measure(_F3D, files["generated"], args.size, "warm")  # and F3D's
        totals = dict.fromkeys(("livery cold", "livery warm", "f3d cold", "f3d warm"), 0.0)
        for label, path in files.items():
            for i in range(args.repeat):
                cold_env = {**os.environ, "LIVERY_CACHE_DIR": str(Path(tmp) / f"cold-{label}-{i}")}
                t = {
                    "livery cold": measure(_LIVERY, path, args.size, env=cold_env),
                    "livery warm": measure(_LIVERY, path, args.size, env=warm_env),
                    "f3d cold": measure(_F3D, path, args.size, "cold"),
                    "f3d warm": measure(_F3D, path, args.size, "warm"),
                }
                for k, v in t.items():
                    totals[k] += v["first_frame"]
                print(
                    f"{label:<20} {t['livery warm']['triangles']:>9,} triangles  first frame:"
                    f" livery {t['livery warm']['first_frame']:.2f} s"
                    f" (load {t['livery warm']['load']:.2f} s, cold"
                    f" {t['livery cold']['first_frame']:.2f} s)"
                    f"   f3d {t['f3d warm']['first_frame']:.2f} s"
                    f" (cold {t['f3d cold']['first_frame']:.2f} s)"
                )
        if countach.is_file():
            for i in range(args.repeat):
                cold_env = {**os.environ, "LIVERY_CACHE_DIR": str(Path(tmp) / f"cold-car-{i}")}
                warm = measure(_LIVERY, countach, args.size, env=warm_env)
                cold = measure(_LIVERY, countach, args.size, env=cold_env)
                print(
                    f"{'countach (Draco)':<20} {warm['triangles']:>9,} triangles  first frame:"
                    f" livery {warm['first_frame']:.2f} s (load {warm['load']:.2f} s, cold"
                    f" {cold['first_frame']:.2f} s)   f3d: cannot read Draco"
                )
    cold = totals["livery cold"] / totals["f3d cold"]
    print(f"load ratio livery/f3d, both caches cold: {cold:.2f}")
    print(f"load ratio livery/f3d: {totals['livery warm'] / totals['f3d warm']:.2f}")


if __name__ == "__main__":
    main()
