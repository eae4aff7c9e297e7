"""Time to the first rendered frame of a GLB: Livery Studio against F3D, offscreen.

python bench/load.py [--size 1280x720] [--triangles 2000000] [--repeat 1]

Both load the same files (the stand-in sedan and a generated 2-million-triangle GLB)
at the same size with the same HDR environment (assets/environments/studio.hdr as
image-based lighting). Each measurement runs in a fresh process, timed from before
the file is read to after the first frame is read back (imports excluded).

F3D keeps the prefiltered lighting of an HDR in a disk cache; Livery Studio
prefilters in every new process. Both cases are measured: F3D cold (cache off) and
F3D warm (cache filled by a first run). The last line, ``load ratio livery/f3d: X``,
is against warm F3D (sum of Livery's times over sum of F3D's), the harder case.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HDR = ROOT / "assets" / "environments" / "studio.hdr"

_LIVERY = """
import json, sys, time
from app.catalog import Build, load_catalog
from app.scene.stage import Stage
from app.vehicles.loaders import load_vehicle_file
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


def measure(script: str, path: Path, size: str, cache: str = "warm") -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, str(path), size, str(HDR), cache],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


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
        totals = {"livery": 0.0, "cold": 0.0, "warm": 0.0}
        measure(_F3D, files["generated"], args.size, "warm")  # fill F3D's HDR cache
        for label, path in files.items():
            for _ in range(args.repeat):
                ours = measure(_LIVERY, path, args.size)
                cold = measure(_F3D, path, args.size, "cold")
                warm = measure(_F3D, path, args.size, "warm")
                totals["livery"] += ours["first_frame"]
                totals["cold"] += cold["first_frame"]
                totals["warm"] += warm["first_frame"]
                print(
                    f"{label:<20} {ours['triangles']:>9,} triangles  "
                    f"first frame: livery {ours['first_frame']:.2f} s (load {ours['load']:.2f} s)"
                    f"   f3d cold {cold['first_frame']:.2f} s"
                    f"   f3d warm {warm['first_frame']:.2f} s"
                )
    print(
        f"load ratio livery/f3d (F3D cold, no HDR cache): {totals['livery'] / totals['cold']:.2f}"
    )
    print(f"load ratio livery/f3d: {totals['livery'] / totals['warm']:.2f}")


if __name__ == "__main__":
    main()
