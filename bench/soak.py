"""A kiosk day in miniature: the real window, real changes, memory and VTK objects.

The app's main window (on a virtual X display when none is set: VTK's Qt viewport
needs one) is driven through what staff and customers do, every step a real change:
a pick of an option other than the current one, a switch between the catalog cars and
vehicle files from ``../shared/models`` (a Kenney truck and the Triumph Spitfire),
camera presets, every environment in turn, presentation mode on and off, and attract
mode running a few steps of its loop. Each change is followed by one explicit frame.

    python bench/soak.py [--changes 20000] [--size 640x360] [--seed 11]

After a warm-up (every car and file, every environment and every option on each,
presentation and attract mode shown once, then ``WARM`` changes, so one-off caches are
not counted) it prints the resident memory at ``CHECKPOINTS`` checkpoints (after
``malloc_trim``: what the process still uses, not what glibc keeps of freed memory;
each taken in one reference state: every vehicle shown in one order, ending with the
first catalog car, in the first environment), the live VTK objects (the renderer's
props and textures, and the VTK objects Python can reach), and last ``rss growth per
1000 changes: X MB`` (the slope of a line through the checkpoints, its standard error
printed before it). Target: under 5 MB per 1,000 changes over 20,000 changes, and no
growth in live VTK objects.

Mesa's llvmpipe (the software GL of machines without a GPU) runs with its rasterizer in
the drawing thread (``LP_NUM_THREADS=0`` unless set). With rasterizer threads it keeps
a pool of binned scenes (up to 36 MiB each) and frees a scene's memory only when it
reuses that scene, so the heap held between frames depends on how heavy the frames
before were: it swung the checkpoints by up to 150 MB (memray: 64 KiB blocks allocated
under VTK's draw calls and held), more than the growth measured. Rasterizing in the
drawing thread it reuses one scene every time.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT.parent / "shared" / "models"
FILES = (
    MODELS / "kenney-racing-trucks" / "vehicle-truck-red.glb",
    MODELS / "triumph-spitfire" / "triumph-spitfire-mkiii.glb",
)
#: Changes after the one-off warm-up before memory is measured.
WARM = 200
#: Memory checkpoints over the run: the slope through more of them is surer (its
#: standard error is printed with it), each costs one reference state (~10 s).
CHECKPOINTS = 20


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


@functools.cache
def _libc():  # type: ignore[no-untyped-def]
    """The C library (ctypes), or None where it cannot be loaded."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None


def trimmed_rss_mb() -> float:
    """Resident set size after glibc hands freed heap pages back to the system
    (``malloc_trim``): what the process still uses. Plain RSS also counts memory freed
    but kept by the allocator's arenas (Mesa's render threads each have their own), which
    moves in steps that are not leaks. Equal to ``rss_mb`` where there is no glibc."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
    return rss_mb()


def heap_in_use_mb() -> float:
    """Bytes glibc's allocator has handed out and not had back (``mallinfo2``: in use in
    every arena plus its own mappings), in MB; NaN where there is no glibc. Unlike RSS it
    does not count freed memory stranded between live blocks, so a rise here is memory
    held, not fragmentation. Python's small-object arenas and the GL driver's own
    mappings are outside it."""
    import ctypes

    class Info(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd",
                "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
            )
        ]  # fmt: skip

    libc = _libc()
    mallinfo2 = getattr(libc, "mallinfo2", None)  # glibc 2.33 and later
    if mallinfo2 is None:
        return float("nan")
    mallinfo2.restype = Info
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / 1e6


def slope_per_1000(marks: list[int], values: list[float]) -> tuple[float, float]:
    """The slope of a line through (change count, MB) and its standard error, both in
    MB per 1,000 changes: one step (a cache filled, an arena grown) moves it far less
    than it moves the difference of two ends."""
    if len(marks) < 3:  # polyfit's covariance needs more points than parameters + 1
        return 0.0, float("nan")
    fit, cov = np.polyfit(marks, values, 1, cov=True)
    return float(fit[0]) * 1000, float(np.sqrt(cov[0, 0])) * 1000


def vtk_objects(window) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(props in the renderer, VTK objects reachable from Python)."""
    from vtkmodules.vtkCommonCore import vtkObjectBase

    gc.collect()
    renderer = window.viewport.stage._renderer
    props = renderer.GetViewProps().GetNumberOfItems()
    reachable = sum(1 for o in gc.get_objects() if isinstance(o, vtkObjectBase))
    return props, reachable


def vehicle_models() -> int:
    """Vehicle models alive (catalog cars and opened files): each opened file holds its
    decoded textures, so one more alive than the stage keeps is a step in memory."""
    from livery.vehicles.model import VehicleModel

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, VehicleModel))


class Day:
    """The window and the changes a showroom day makes to it."""

    def __init__(self, size: tuple[int, int], seed: int = 11) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from livery.catalog import load_catalog
        from livery.scene import looks
        from livery.ui import theme
        from livery.ui.main_window import MainWindow
        from livery.ui.settings import Settings

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        theme.apply(self.app)
        self.tmp = tempfile.mkdtemp(prefix="livery-soak-")
        settings = Settings(QSettings(f"{self.tmp}/settings.ini", QSettings.Format.IniFormat))
        self.catalog = load_catalog()
        self.w = MainWindow(self.catalog, settings=settings, remember=False)
        self.w.resize(*size)
        self.w.show()
        self.app.processEvents()
        self.rng = random.Random(seed)
        self.environments = list(looks.VIEW_ENVIRONMENTS)
        self.files = [p for p in FILES if p.is_file()]
        self.cars = [v.id for v in self.catalog.vehicles]
        self.counts: dict[str, int] = {}

    def frame(self) -> None:
        self.app.processEvents()
        self.w.viewport.render()

    def wait_for_file(self) -> None:
        loader = self.w.vehicle_loader
        deadline = time.monotonic() + 120
        while loader.busy and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        self.app.processEvents()

    # -- the changes -------------------------------------------------------------------
    def pick(self) -> bool:
        build = self.w.build
        group = self.rng.choice(self.catalog.groups)
        options = [
            o
            for o in self.catalog.options_for(build.vehicle.id, group.id)
            if o.id != build.choices.get(group.id) and build.why_not(group.id, o.id) is None
        ]
        if not options:
            return False
        self.w.session.pick(group.id, self.rng.choice(options).id)
        return True

    def vehicle(self) -> bool:
        shown = self.w.current_file_key() or self.w.build.vehicle.id
        choices = [c for c in (*self.cars, *map(str, self.files)) if c != shown]
        choice = self.rng.choice(choices)
        if choice in self.cars:
            self.w.switcher.chosen.emit(choice)
        else:
            self.w.open_vehicle_file(choice)
            self.wait_for_file()
        return True

    def camera(self) -> bool:
        presets = [p for p in self.w.viewport.presets() if p != self.w.viewport.preset]
        self.w.viewport.move_camera(self.rng.choice(presets), animate=False)
        return True

    def environment(self) -> bool:
        lighting = self.w.designer.lighting
        i = (
            self.environments.index(lighting.value.environment)
            if (lighting.value.environment in self.environments)
            else -1
        )
        lighting.set(environment=self.environments[(i + 1) % len(self.environments)])
        return True

    def presentation(self) -> bool:
        self.w.set_presentation(not self.w.presentation)
        return True

    def attract(self) -> bool:
        vp = self.w.viewport
        vp.set_attract(True)
        for _ in range(5):
            vp._tick()
            self.frame()
        vp.set_attract(False)
        return True

    def reference(self) -> None:
        """The same state at every memory checkpoint, one frame: what is measured is then
        what the day kept, not which car or light happens to be on show. Every vehicle
        is shown in one order (the files, freshly opened, then the cars, the first one
        last), so the stage keeps the same few vehicles ready each time (a vehicle file's
        textures alone are some 300 MB in a software GL: whether it happened to be among
        them moved the figure by that much), then the first environment, no
        presentation."""
        for path in self.files:
            self.w.open_vehicle_file(path)
            self.wait_for_file()
            self.frame()
        for car in (*self.cars[1:], self.cars[0]):
            self.w.switcher.chosen.emit(car)
            self.frame()
        self.w.designer.lighting.set(environment=self.environments[0])
        if self.w.presentation:
            self.w.set_presentation(False)
        self.frame()

    CHANGES = (
        ("pick", 0.70),
        ("camera", 0.10),
        ("environment", 0.06),
        ("vehicle", 0.06),
        ("presentation", 0.04),
        ("attract", 0.04),
    )

    def change(self) -> str:
        roll, acc = self.rng.random(), 0.0
        for name, share in self.CHANGES:
            acc += share
            if roll < acc and getattr(self, name)():
                self.counts[name] = self.counts.get(name, 0) + 1
                self.frame()
                return name
        return self.change()  # nothing to change there (every option taken): another

    def every_option(self) -> None:
        """Every option of every group once on the vehicle shown. The first picks on a
        vehicle file cost a one-off step of some 80-140 MB (its parts with finishes not
        seen on them before); each kind of change repeated alone is flat after it
        (README, Benchmarks)."""
        for group in self.catalog.groups:
            for option in self.catalog.options_for(self.w.build.vehicle.id, group.id):
                build = self.w.build
                if (
                    option.id != build.choices.get(group.id)
                    and build.why_not(group.id, option.id) is None
                ):
                    self.w.session.pick(group.id, option.id)
                    self.frame()

    def warm_up(self) -> None:
        for key in (*self.cars, *map(str, self.files)):
            if key in self.cars:
                self.w.switcher.chosen.emit(key)
            else:
                self.w.open_vehicle_file(key)
                self.wait_for_file()
            for _ in self.environments:
                self.environment()
                self.frame()
            self.every_option()
        self.presentation()
        self.attract()
        self.presentation()
        for _ in range(WARM):
            self.change()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=20000)
    parser.add_argument("--size", default="640x360", help="window size")
    parser.add_argument("--seed", type=int, default=11, help="another day's changes")
    args = parser.parse_args(argv)
    size = tuple(int(x) for x in args.size.split("x"))
    os.environ.setdefault("LP_NUM_THREADS", "0")  # before the first GL context: see above
    from PySide6.QtCore import QEvent

    from livery.scene import swatch

    display = None
    if not os.environ.get("DISPLAY"):
        from pyvirtualdisplay import Display

        display = Display(visible=False, size=(size[0] + 200, size[1] + 200), color_depth=24)
        display.start()
    try:
        day = Day(size, args.seed)  # type: ignore[arg-type]
        day.warm_up()
        day.reference()
        base_raw, base_rss, base_vtk = rss_mb(), trimmed_rss_mb(), vtk_objects(day.w)
        heaps = [heap_in_use_mb()]
        print(
            f"warm: rss {base_raw:.0f} MB ({base_rss:.0f} trimmed, heap in use "
            f"{heaps[0]:.0f}), VTK {base_vtk}, {vehicle_models()} vehicle models alive",
            flush=True,
        )
        checkpoints: list[float] = []
        times: list[float] = []
        every = max(args.changes // CHECKPOINTS, 1)
        for i in range(1, args.changes + 1):
            t = time.perf_counter()
            day.change()
            times.append(time.perf_counter() - t)
            if i % every == 0:
                day.reference()
                raw = rss_mb()
                checkpoints.append(trimmed_rss_mb())
                heaps.append(heap_in_use_mb())
                print(
                    f"{i} changes: rss {raw:.0f} MB ({checkpoints[-1]:.0f} trimmed, heap in "
                    f"use {heaps[-1]:.0f}), {vehicle_models()} vehicle models alive",
                    flush=True,
                )
        end_rss, end_vtk = trimmed_rss_mb(), vtk_objects(day.w)
        day.w.close()
        day.w.deleteLater()
        # the window and its GL view go now, while the X display still runs (plain
        # processEvents leaves deferred deletions for a later event loop)
        day.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(day.counts.items()))
        del day
        gc.collect()
        swatch.release()  # the tile previews' GL window too
    finally:
        if display is not None:
            display.stop()
    print(
        f"changes: {args.changes} after the warm-up, window {args.size} ({counts} incl. "
        f"warm-up), seed {args.seed}, LP_NUM_THREADS={os.environ['LP_NUM_THREADS']}"
    )
    print(
        f"change + frame: median {statistics.median(times) * 1e3:.1f} ms, "
        f"p99 {statistics.quantiles(times, n=100, method='inclusive')[98] * 1e3:.1f} ms, "
        f"max {max(times) * 1e3:.1f} ms"
    )
    steps = ", ".join(f"{r:.0f}" for r in checkpoints)
    print(f"rss (trimmed): {base_rss:.0f} MB after warm-up, then {steps} MB")
    print(
        f"live VTK objects: renderer props {base_vtk[0]} -> {end_vtk[0]}, "
        f"reachable from Python {base_vtk[1]} -> {end_vtk[1]}"
    )
    marks = [every * j for j in range(len(checkpoints) + 1)]
    heap_slope, heap_error = slope_per_1000(marks, heaps)
    print(f"heap in use: {', '.join(f'{h:.0f}' for h in heaps)} MB")
    print(
        f"heap in use growth per 1000 changes: {heap_slope:.1f} MB "
        f"(standard error {heap_error:.1f})"
    )
    slope, error = slope_per_1000(marks, [base_rss, *checkpoints])
    print(f"end minus start: {(end_rss - base_rss) / args.changes * 1000:.1f} MB per 1000 changes")
    print(f"slope standard error: {error:.1f} MB per 1000 changes")
    print(f"rss growth per 1000 changes: {slope:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
