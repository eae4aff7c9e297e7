"""The 3D view is hosted by VTK's own Qt widget (issues 12 and 13): the Stage's renderer
is the only one in its window, every frame goes through ``Viewport.render`` (an orbit
drag asks for one, several requests in one turn cost one, a paint event with nothing
new draws none), and starting the window imports neither pyvista nor matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]


def quiet(qtbot, vp) -> int:
    """Let pending frames render; the frame count after."""
    qtbot.waitUntil(lambda: vp.frames > 0 and not vp._render_pending, timeout=30000)
    for _ in range(5):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not vp._render_pending, timeout=30000)
    return vp.frames


def test_the_view_is_vtks_widget_drawing_the_stage_alone(qtbot, make_window):
    from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor

    vp = make_window().viewport
    assert isinstance(vp.interactor, QVTKRenderWindowInteractor)
    window = vp.interactor.GetRenderWindow()
    assert window is vp.stage.render_window
    renderers = window.GetRenderers()
    assert renderers.GetNumberOfItems() == 1
    assert renderers.GetFirstRenderer() is vp.stage.renderer
    assert window.GetMultiSamples() == 0


def test_paint_events_with_nothing_new_draw_nothing_and_a_request_draws_once(qtbot, make_window):
    vp = make_window().viewport
    n = quiet(qtbot, vp)
    window = vp.interactor.GetRenderWindow()
    drawn = []
    tag = window.AddObserver("StartEvent", lambda *_: drawn.append(1))
    try:
        for _ in range(4):  # exposes and updates: the last frame is shown again
            vp.interactor.repaint()
            vp.interactor.update()
        assert quiet(qtbot, vp) == n and not drawn
        vp.request_render()  # something new, then paint events in the same turn
        vp.interactor.repaint()
        vp.interactor.update()
        qtbot.waitUntil(lambda: vp.frames > n, timeout=30000)
        assert quiet(qtbot, vp) == n + 1  # one frame for all of them
        assert len(drawn) == 1
    finally:
        window.RemoveObserver(tag)


def test_an_orbit_drag_turns_the_camera_through_viewport_render(qtbot, make_window):
    vp = make_window().viewport
    n = quiet(qtbot, vp)
    before = vp.camera_pose()
    view = vp.interactor
    window = view.GetRenderWindow()
    drawn = []
    tag = window.AddObserver("StartEvent", lambda *_: drawn.append(1))
    try:
        centre = QPoint(view.width() // 2, view.height() // 2)
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre)
        for dx in range(10, 110, 10):
            qtbot.mouseMove(view, centre + QPoint(dx, 0))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre + QPoint(100, 0))
        frames = quiet(qtbot, vp) - n
    finally:
        window.RemoveObserver(tag)
    assert vp.camera_pose().position != before.position  # the trackball style turned it
    assert frames >= 1 and len(drawn) == frames  # every frame was the viewport's


def test_the_window_starts_without_pyvista_matplotlib_or_colour_science():
    script = """
import sys, tempfile, types
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from livery.catalog import load_catalog
from livery.ui.main_window import MainWindow
from livery.ui.settings import Settings
settings = Settings(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
w = MainWindow(load_catalog(), settings=settings, remember=False)
w.show()
while w.viewport.frames < 1:
    app.processEvents()
real = {n.split(".")[0] for n, m in sys.modules.items() if isinstance(m, types.ModuleType)}
print(sorted(real & {"pyvista", "pyvistaqt", "matplotlib", "colour", "scipy"}))
w.shutdown()
"""
    r = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 0, r.stderr[-2000:]
    # colour-science imports matplotlib (and SciPy) whenever they are installed: the
    # first frame waits for none of them (sRGB/CIELAB are numpy, livery.catalog.color)
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout
