"""The showroom under the hands: camera moves, slider drags and start-up, timed.

python bench/interaction.py [--runs 3] [--size 1366x768]

Each measurement runs in a fresh process on a scripted main window under Xvfb
(``xvfb-run`` is started when there is no DISPLAY):

- preset move: a move between two camera presets, from the click to the frame at
  the preset (``camera_changed``), against the move's nominal duration;
- frame time: six frames at full quality and six interactive ones (reduced
  resolution, as drawn while something moves), timed on the window;
- slider: a real 12-step mouse drag of the paint editor's roughness slider, one
  step per event-loop turn; from the last step to its frame on screen (in
  interactive frames: the median step's frame time), and from the release to its
  full-quality frame (s);
- leaving presentation mode: from the switch to the next frame of the normal window;
- start: from launching Python to the window's first car frame, cold (empty
  LIVERY_CACHE_DIR, a fresh MPLCONFIGDIR) and warm (the same caches again).

Each is repeated ``--runs`` times and printed with its spread; the last line is
``preset move / nominal: X`` (median; target X <= 1.2). Other targets: slider settle
<= 1.5 frames, warm start <= 2.5 s, cold <= 6 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fresh import run_json  # noqa: E402

_WINDOW = """
import ctypes, json, statistics, sys, tempfile, time
if sys.version_info < (3, 12):  # None/True/False are not immortal before 3.12
    # PySide6 6.12.0 drops a reference to None on every void call (processEvents,
    # update) and to True/False on every signal emit: without this the measuring loop
    # itself aborts the process ("deallocating None") after some thousand turns.
    for _o in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_o)).value += 1 << 40
t_launch = float(sys.argv[1])
w_px, h_px = map(int, sys.argv[2].split("x"))
what = sys.argv[3]
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from livery.catalog import load_catalog
from livery.ui import theme
from livery.ui.main_window import MainWindow
from livery.ui.settings import Settings
theme.apply(app)
settings = Settings(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
w = MainWindow(load_catalog(), settings=settings, remember=False)
w.resize(w_px, h_px)
w.show()
vp = w.viewport
def wait(cond, limit=60.0):
    t = time.perf_counter()
    while not cond():
        app.processEvents()
        if time.perf_counter() - t > limit:
            raise SystemExit("timed out")
wait(lambda: vp.frames >= 1)
out = {"start_s": time.time() - t_launch}
if what == "interact":
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider
    from livery.scene.camera_rig import MOVE_SECONDS
    from livery.scene.reduced import interactive_scale
    moves, move_frames = [], []
    for name in ("side", "front34", "rear34", "front34"):
        done = []
        vp.camera_changed.connect(lambda n, d=done: d.append(n))
        n, t = vp.frames, time.perf_counter()
        vp.move_camera(name)
        wait(lambda: name in done)
        moves.append(time.perf_counter() - t)
        move_frames.append(vp.frames - n)
        vp.camera_changed.disconnect()
        vp.camera_changed.connect(w.camera_bar.show_preset)
    out["move_s"], out["nominal_s"], out["move_frames"] = moves, MOVE_SECONDS, move_frames
    def frame_time(scale):
        t = time.perf_counter()
        vp.stage.render(scale)
        return time.perf_counter() - t
    scale = interactive_scale(vp.stage.size)
    out["frame_full_s"] = [frame_time(1.0) for _ in range(6)]
    out["frame_interactive_s"] = [frame_time(scale) for _ in range(6)]
    vp.render()
    editor = w.designer.show_editor()
    wait(lambda: not vp._render_pending)
    slider = editor.rows["roughness"].slider
    slider.setValue(200)
    wait(lambda: not vp._render_pending)
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
    )
    y = handle.center().y()
    x0 = handle.center().x()
    step = max(1, (slider.width() - handle.width()) // 40)
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(slider, left, Qt.KeyboardModifier.NoModifier, handle.center())
    times = []
    for i in range(1, 12):  # one step per event-loop turn, as a drag delivers them
        n, t = vp.frames, time.perf_counter()
        QTest.mouseMove(slider, QPoint(x0 + step * i, y))
        app.processEvents()
        if vp.frames > n:
            times.append(time.perf_counter() - t)
    n, last = vp.frames, time.perf_counter()
    QTest.mouseMove(slider, QPoint(x0 + step * 12, y))  # the last step: until it is shown
    wait(lambda: vp.frames > n and not vp._render_pending)
    settle = time.perf_counter() - last
    interactive = vp.frame_scale < 1.0
    n, release = vp.frames, time.perf_counter()
    QTest.mouseRelease(slider, left, Qt.KeyboardModifier.NoModifier, QPoint(x0 + step * 12, y))
    wait(lambda: vp.frames > n and not vp._render_pending)
    out["release_s"] = time.perf_counter() - release
    out["release_full"] = vp.frame_scale == 1.0
    frame = statistics.median(times) if times else settle
    out["settle_frames"] = settle / frame
    out["drag_interactive"] = interactive
    out["frame_s"] = frame
    w.set_presentation(True)
    wait(lambda: not vp._render_pending)
    for _ in range(50):
        app.processEvents()
    n, t = vp.frames, time.perf_counter()
    w.set_presentation(False)
    wait(lambda: vp.frames > n and not vp._render_pending)
    out["leave_presentation_s"] = time.perf_counter() - t
print(json.dumps(out))
w.shutdown()
"""


def spread(values: list[float]) -> str:
    med = statistics.median(values)
    return f"{med:.2f} (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def run(size: str, what: str, env: dict[str, str]) -> dict:
    return run_json(_WINDOW, time.time(), size, what, env=env)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--size", default="1366x768")
    args = p.parse_args()
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 3840x2160x24", sys.executable, *sys.argv]
        raise SystemExit(subprocess.call(cmd))

    moves, frames, settles, releases, leaves, cold, warm = [], [], [], [], [], [], []
    full, interactive = [], []
    nominal = 0.0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as mpl:
            env = {**os.environ, "LIVERY_CACHE_DIR": cache, "MPLCONFIGDIR": mpl}
            env["LIVERY_STATE_DIR"] = cache  # no crash snapshot of the user's
            cold.append(run(args.size, "start", env)["start_s"])
            warm.append(run(args.size, "start", env)["start_s"])
            r = run(args.size, "interact", env)
        nominal = r["nominal_s"]
        moves += [m / nominal for m in r["move_s"]]
        frames += r["move_frames"]
        full.append(statistics.median(r["frame_full_s"]))
        interactive.append(statistics.median(r["frame_interactive_s"]))
        if not (r["drag_interactive"] and r["release_full"]):
            raise SystemExit("the drag was not drawn in interactive frames, then a full one")
        settles.append(r["settle_frames"])
        releases.append(r["release_s"])
        leaves.append(r["leave_presentation_s"])
    print(f"cold start to first car frame (s): {spread(cold)}")
    print(f"warm start to first car frame (s): {spread(warm)}")
    print(f"frame time, full quality (s, median of 6 per run): {spread(full)}")
    print(f"frame time, interactive (s, median of 6 per run): {spread(interactive)}")
    ratios = [i / f for i, f in zip(interactive, full, strict=True)]
    print(f"interactive / full frame time: {spread(ratios)}")
    print(f"slider drag: last step to its frame (interactive frames): {spread(settles)}")
    print(f"slider release to its full-quality frame (s): {spread(releases)}")
    print(f"leaving presentation mode to the next frame (s): {spread(leaves)}")
    print(f"frames per preset move: {spread(frames)}")
    print(f"preset move (s, nominal {nominal:.2f}): {spread([m * nominal for m in moves])}")
    print(f"preset move / nominal: {statistics.median(moves):.2f}")


if __name__ == "__main__":
    main()
