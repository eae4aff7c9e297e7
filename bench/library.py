"""The app with a paint library of 500 paints: start time, tiles, event-loop gaps.

python bench/library.py [--paints 500] [--repeat 3] [--timeout 600]

Builds a library of generated paints (spread over hue, lightness and chroma, solid,
metallic and pearl) in a temporary LIVERY_LIBRARY, then starts the main window in a
fresh process (under Xvfb when there is no display) and measures, from before the
window is made:

- start: the window shown with its first 3D frame;
- first tiles: the first paint tile with its rendered preview;
- all tiles: every paint tile with its preview;
- the longest gap between two turns of the event loop from the window shown to all
  tiles (a 0 ms timer's ticks): how long the UI thread was ever blocked; and the same
  over 5 s of the window idle afterwards, what the machine alone costs;
- the longest stretch of the UI thread's own work between two turns (its CPU time,
  ``time.thread_time``): what blocks it by itself, as against waiting for a core on a
  busy machine (which the wall-clock gap includes); and Python's garbage collections
  while the tiles came (count, total, the longest, in wall and CPU time).

Tiles are fetched while the window is still being built, so on a slow start the first
ones are there before the window shows. The panel's own figure is therefore also given
from the moment the window showed (0 when they were there before it): ``first tiles
X s after the window showed``.

Each run is cold (no tile previews cached: every tile rendered; the prefiltered light
is, as on a machine where the app has run before) and then warm (the same cache:
tiles from disk). The last line is ``library N paints: first tiles X s``,
the worst cold run, from the window shown.
"""

from __future__ import annotations

import argparse
import colorsys
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fresh import run_json  # noqa: E402

_LIGHT = """
from livery.catalog.finish import parse_finish
from livery.scene.swatch import render_swatch
render_swatch(parse_finish({"family": "solid", "color": "#808080"}), 32)
print("{}")
"""

_APP = """
import gc, json, os, sys, time
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from livery.catalog.loader import load_app_catalog
from livery.ui import theme
from livery.ui.main_window import MainWindow
from livery.ui.settings import Settings
theme.apply(app)
catalog = load_app_catalog()
paints = {o.id for o in catalog.group("paint").options}
settings = Settings(QSettings(sys.argv[1], QSettings.Format.IniFormat))
t0 = time.perf_counter()  # the window's own time: the app's imports and catalog are done
marks = {}
gaps = [0.0]
cpu_gaps = [0.0]
last = [None]
done = set()
collections = []  # (wall s, UI-thread CPU s, generation) of each garbage collection
began = [0.0, 0.0]

def tick():
    now, cpu = time.perf_counter(), time.thread_time()
    if last[0] is not None:
        gaps.append(now - last[0])
        cpu_gaps.append(cpu - last[1])
    last[:] = [now, cpu]

def collected(phase, info):
    if phase == "start":
        began[:] = [time.perf_counter(), time.thread_time()]
    else:
        wall, cpu = time.perf_counter() - began[0], time.thread_time() - began[1]
        collections.append((wall, cpu, info["generation"]))

def ready(group, option, _image):
    if group == "paint" and option in paints:
        done.add(option)
        marks.setdefault("first_tiles", time.perf_counter() - t0)
        if len(done) == len(paints):
            marks["all_tiles"] = time.perf_counter() - t0
            app.quit()

w = MainWindow(catalog, settings=settings, lang="en", remember=False)
w.previews.ready.connect(ready)
for o in paints:  # tiles that had their preview at once (from the cache)
    if w.panel.tile("paint", o).has_image():
        ready("paint", o, None)
w.resize(1280, 800)
w.show()
app.processEvents()
vp = w.viewport
while vp.frames == 0:
    app.processEvents()
marks["start"] = time.perf_counter() - t0
timer = QTimer()
timer.setInterval(0)
timer.timeout.connect(tick)
timer.start()
gc.callbacks.append(collected)
QTimer.singleShot(int(float(sys.argv[2]) * 1000), app.quit)
if len(done) < len(paints):
    app.exec()
busy, busy_cpu = max(gaps), max(cpu_gaps)
n_gc = len(collections)
gcs = list(collections) or [(0.0, 0.0, 0)]
gaps[:] = [0.0]
last[:] = [None]
QTimer.singleShot(5000, app.quit)  # the same window idle, for comparison
app.exec()
timer.stop()
marks.setdefault("first_tiles", float("nan"))
marks.setdefault("all_tiles", float("nan"))
out = {**marks, "tiles": len(done), "paints": len(paints), "longest_gap": busy,
       "longest_cpu_gap": busy_cpu, "gc_longest": max(gcs), "gc_count": n_gc,
       "gc_total": sum(g[0] for g in gcs)}
print(json.dumps({**out, "idle_gap": max(gaps)}))
w.close()
"""


def write_library(folder: Path, n: int) -> Path:
    """``n`` generated paints in one option file of the library."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['group = "paint"', ""]
    families = ("solid-paint", "metallic-paint", "pearl-paint")
    for i in range(n):
        hue, light, sat = (
            (i * 0.61803) % 1.0,
            0.2 + 0.6 * ((i * 7) % 11) / 10,
            0.25 + 0.7 * ((i * 3) % 5) / 4,
        )
        r, g, b = (round(c * 255) for c in colorsys.hls_to_rgb(hue, light, sat))
        preset = families[i % 3]
        lines += [
            "[[option]]",
            f'id = "bench-{i:03d}"',
            f'name = {{ en = "Bench {i:03d}", zh = "测试色 {i:03d}" }}',
            f"code = {200 + i}",
            "price = 12000",
            "custom = false",
            f'finish = {{ preset = "{preset}", color = "#{r:02x}{g:02x}{b:02x}" }}',
            "",
        ]
    path = folder / "bench-paints.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paints", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args(argv)
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, __file__]
        return subprocess.call([*cmd, *(argv if argv is not None else sys.argv[1:])])
    cold_firsts = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library"
        write_library(library, args.paints)
        for run in range(args.repeat):
            cache = Path(tmp) / f"cache-{run}"
            env = dict(os.environ, LIVERY_LIBRARY=str(library), LIVERY_CACHE_DIR=str(cache))
            run_json(_LIGHT, env=env)  # the prefiltered light, no tile previews
            for state in ("cold", "warm"):
                ini = Path(tmp) / f"settings-{run}-{state}.ini"
                r = run_json(_APP, ini, args.timeout, env=env)
                gap, idle = r["longest_gap"] * 1000, r["idle_gap"] * 1000
                print(
                    f"run {run + 1} {state}: {r['paints']} paints, "
                    f"window start {r['start']:.2f} s, first tiles {r['first_tiles']:.2f} s, "
                    f"all tiles {r['all_tiles']:.2f} s ({r['tiles']} tiles), "
                    f"longest event-loop gap {gap:.0f} ms (idle for 5 s after: {idle:.0f} ms)",
                    flush=True,
                )
                after = max(0.0, r["first_tiles"] - r["start"])
                print(
                    f"    after the window showed: first tiles {after:.2f} s, "
                    f"all tiles {max(0.0, r['all_tiles'] - r['start']):.2f} s",
                    flush=True,
                )
                g_wall, g_cpu, g_gen = r["gc_longest"]
                print(
                    f"    longest UI-thread work between turns: "
                    f"{r['longest_cpu_gap'] * 1000:.0f} ms of its CPU; garbage collections: "
                    f"{r['gc_count']}, {r['gc_total'] * 1000:.0f} ms in all, the longest "
                    f"{g_wall * 1000:.0f} ms ({g_cpu * 1000:.0f} ms CPU, generation {g_gen})",
                    flush=True,
                )
                if state == "cold":
                    cold_firsts.append(after)
    print(f"library {args.paints} paints: first tiles {max(cold_firsts):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
