"""Shared fixtures: the default car on an offscreen Stage, and the app's main window
for the pytest-qt tests (under Xvfb)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from livery.catalog import BuildState, Catalog, load_catalog

#: Small windows: rendering is software GL here.
WINDOW_SIZE = (900, 600)


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Prefiltered environments go to a throwaway cache: each run starts cold, as CI does;
    the paint library is an empty throwaway folder, never the user's."""
    os.environ["LIVERY_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["LIVERY_LIBRARY"] = str(tmp_path_factory.mktemp("library"))
    os.environ["LIVERY_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))


@pytest.fixture(scope="session", autouse=True)
def _one_kind_of_gl_window() -> Iterator[None]:
    """With an X server (pytest-xvfb starts one), every window in this process is the
    kind the app's viewport uses, from the first test on: the tests run as the app
    does (its viewport comes first, so it never mixes GLX and EGL contexts).

    Offscreen stages default to EGL. Before this, earlier test modules left EGL
    stages and the preview renderer alive when the GUI tests opened GLX main windows;
    an abort inside a window's first paint was seen about once in ten full runs, only
    ever in that mixed state. The CLI tests still render through EGL in their own
    processes.
    """
    if not os.environ.get("DISPLAY"):
        yield
        return
    from livery.scene import swatch
    from livery.scene.offscreen import use_on_screen_kind

    use_on_screen_kind()
    yield
    # GLX windows hold X connections: free them while Xvfb still runs (pytest-xvfb
    # stops it before the interpreter exits, and Xlib exits 1 on a broken connection).
    # The last test's windows are only deleteLater()'d: delete them now, so that their
    # views' GL windows go too (the last GLX window to go closes VTK's shared display).
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    swatch.release()
    gc.collect()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    QStandardPaths.setTestModeEnabled(True)  # settings and logs under ~/.qttest
    return load_catalog()


@pytest.fixture
def make_window(qtbot, catalog, tmp_path):  # type: ignore[no-untyped-def]
    """A factory of shown, active main windows with throwaway settings."""
    from PySide6.QtWidgets import QApplication

    from livery.ui import theme
    from livery.ui.main_window import MainWindow
    from livery.ui.settings import Settings

    def make(state: BuildState | None = None, lang: str = "en", vehicles=None):  # type: ignore[no-untyped-def]
        theme.apply(QApplication.instance())
        settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        w = MainWindow(
            catalog,
            settings=settings,
            lang=lang,
            state=state,
            remember=False,
            vehicles=vehicles,  # None: the app's own (stand-ins read once per session)
        )
        qtbot.addWidget(w)
        w.resize(*WINDOW_SIZE)
        with qtbot.waitActive(w, timeout=30000):  # shortcuts need it active; slow when loaded
            w.show()
            w.activateWindow()
        w.previews.stop()  # previews are not under test here; keep the event loop quiet
        return w

    return make


@pytest.fixture(scope="module")
def car_stage(catalog):  # type: ignore[no-untyped-def]
    """(Stage, Build): the default vehicle at 320x180, no FXAA, for measured pictures."""
    from livery.catalog import Build
    from livery.scene.stage import Stage
    from livery.vehicles.registry import VehicleRegistry

    vehicle = catalog.vehicles[0]
    model = VehicleRegistry().catalog_model(vehicle)
    build = Build(catalog, vehicle.id)
    stage = Stage(catalog, size=(320, 180), fxaa=False)
    stage.show(build, model)
    yield stage, build
    stage.close()


@pytest.fixture
def review(qtbot, make_window, tmp_path):  # type: ignore[no-untyped-def]
    """The review window over a library of the board's test candidates, on a window whose
    catalog has that library (so candidates are paints)."""
    from test_board import add_candidates

    from livery.catalog.candidate_store import CandidateStore

    library = tmp_path / "library"
    add_candidates(library)
    window = make_window()
    rv = window.designer.open_review(CandidateStore(library))
    qtbot.addWidget(rv)
    rv.reload_catalog()
    return rv
