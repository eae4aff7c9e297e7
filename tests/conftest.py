"""Shared fixtures: the default car on an offscreen Stage, and the app's main window
for the pytest-qt tests (under Xvfb)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from app.catalog import BuildState, Catalog, load_catalog

#: Small windows: rendering is software GL here.
WINDOW_SIZE = (900, 600)
_models: dict[str, object] = {}


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Prefiltered environments go to a throwaway cache: each run starts cold, as CI does."""
    os.environ["LIVERY_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    QStandardPaths.setTestModeEnabled(True)  # previews cache and settings under ~/.qttest
    return load_catalog()


def cached_loader(vehicle_id: str):  # type: ignore[no-untyped-def]
    """The stand-ins, loaded once per test session."""
    from app.ui.vehicle_source import load_catalog_vehicle

    if vehicle_id not in _models:
        _models[vehicle_id] = load_catalog_vehicle(vehicle_id)
    return _models[vehicle_id]


@pytest.fixture
def make_window(qtbot, catalog, tmp_path):  # type: ignore[no-untyped-def]
    """A factory of shown, active main windows with throwaway settings."""
    from PySide6.QtWidgets import QApplication

    from app.ui import theme
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    def make(state: BuildState | None = None, lang: str = "en", loader=cached_loader):  # type: ignore[no-untyped-def]
        theme.apply(QApplication.instance())
        settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        w = MainWindow(
            catalog,
            settings=settings,
            lang=lang,
            state=state,
            remember=False,
            vehicle_loader=loader,
        )
        qtbot.addWidget(w)
        w.resize(*WINDOW_SIZE)
        with qtbot.waitActive(w):  # shortcuts need the window active
            w.show()
            w.activateWindow()
        w.previews.stop()  # previews are not under test here; keep the event loop quiet
        return w

    return make


@pytest.fixture(scope="module")
def car_stage(catalog):  # type: ignore[no-untyped-def]
    """(Stage, Build): the default vehicle at 320x180, no FXAA, for measured pictures."""
    from app.catalog import Build
    from app.scene.stage import Stage
    from app.vehicles.files import load_vehicle

    vehicle = catalog.vehicles[0]
    model = load_vehicle(vehicle.id, [v.id for v in catalog.vehicles])
    build = Build(catalog, vehicle.id)
    stage = Stage(catalog, size=(320, 180), fxaa=False)
    stage.show(build, model)
    yield stage, build
    stage.close()
