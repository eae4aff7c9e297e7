"""``livery`` without a sub-command: the desktop app.

    livery [--screenshot FILE] [--build CODE|FILE] [--vehicle ID|FILE] [--presentation]
           [--lang zh|en] [--size WxH]

``--vehicle`` takes a catalog vehicle id or a vehicle file (glTF/GLB, OBJ, STL, PLY,
OFF); a file loads on a worker thread once the window is up, shown with the build's
catalog vehicle for the rules.

With ``--screenshot`` the app starts, renders once, saves a picture of the whole
window and exits 0 (for scripts and CI); it neither reads nor writes the user's
settings then.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

import livery
from livery.commands import UsageError

log = logging.getLogger("livery")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="livery", description="Livery Studio: the desktop app.")
    p.add_argument("--screenshot", metavar="FILE", help="save a PNG of the window and exit")
    p.add_argument("--build", metavar="CODE|FILE", help="start with this share code or build file")
    p.add_argument(
        "--vehicle", metavar="ID|FILE", help="start with this vehicle (catalog id or a file)"
    )
    p.add_argument("--presentation", action="store_true", help="start in presentation mode")
    p.add_argument("--lang", choices=["en", "zh"], help="user interface language")
    p.add_argument("--size", metavar="WxH", help="window size (default 1440x900)")
    return p


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = build_parser()
    # argparse exits 2 with a message on bad arguments, as the CLI promises.
    args = parser.parse_args(list(argv))
    if args.size:
        try:
            w, h = (int(x) for x in args.size.lower().split("x"))
            if not (320 <= w <= 8192 and 240 <= h <= 8192):
                raise ValueError
        except ValueError:
            raise UsageError(
                f"--size must be WIDTHxHEIGHT, e.g. 1440x900 (got {args.size!r})"
            ) from None
        args.size = (w, h)
    return args


def initial_state(catalog, args: argparse.Namespace, last_code: str | None):  # type: ignore[no-untyped-def]
    """The build to start with: --build, else the remembered one, else the defaults;
    --vehicle switches vehicle keeping what applies. Bad input is a UsageError."""
    from livery.catalog import Build, ShareCodeError, state_from_share_code
    from livery.commands.target import read_build

    state = None
    if args.build:
        state = read_build(catalog, args.build)
    elif last_code:
        try:
            state = state_from_share_code(catalog, last_code)
        except ShareCodeError:
            state = None  # a stale remembered build is not worth a message
    if args.vehicle and vehicle_file(args) is not None:
        pass  # a file: the window loads it after start
    elif args.vehicle:
        try:
            catalog.vehicle(args.vehicle)
        except KeyError as e:
            raise UsageError(str(e.args[0])) from None
        b = Build(catalog, state.vehicle, state.choices) if state else Build(catalog, args.vehicle)
        b.switch_vehicle(args.vehicle)
        state = b.state()
    return state


def vehicle_file(args: argparse.Namespace) -> Path | None:
    """The vehicle file ``--vehicle`` names (None for a catalog id or none given)."""
    from livery.vehicles.files import looks_like_file

    if not args.vehicle or not (looks_like_file(args.vehicle) or Path(args.vehicle).is_file()):
        return None
    path = Path(args.vehicle)
    if not path.is_file():
        raise UsageError(f"vehicle file {path} does not exist")
    return path


def _setup_logging() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    folder = Path(base) if base else Path(tempfile.gettempdir()) / "livery-studio"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "livery.log"
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        path = Path(os.devnull)
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook(get_window) -> None:  # type: ignore[no-untyped-def]
    """Exceptions that reach Qt's event loop are logged and shown, never fatal."""
    busy = []

    def hook(etype, value, tb) -> None:  # type: ignore[no-untyped-def]
        log.error("unhandled exception:\n%s", "".join(traceback.format_exception(etype, value, tb)))
        if busy:
            return
        window = get_window()
        if window is None:
            sys.__excepthook__(etype, value, tb)
            return
        busy.append(1)
        try:
            window.show_message("msg.unexpected", f"{etype.__name__}: {value}")
        except Exception:  # noqa: BLE001
            sys.__excepthook__(etype, value, tb)
        finally:
            busy.clear()

    sys.excepthook = hook


def _require_display() -> None:
    """Fail with a sentence, not Qt's abort, when there is no screen to open on."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY"):
        # VTK's Qt widget draws through X11: on a Wayland desktop, through XWayland
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        return
    if os.environ.get("WAYLAND_DISPLAY"):
        raise UsageError(
            "the 3D view needs X11, and this Wayland session has no XWayland display "
            "(DISPLAY is not set). Enable XWayland, or use the headless commands."
        )
    if not os.environ.get("DISPLAY"):
        raise UsageError(
            "there is no display to open the window on (DISPLAY is not set). Run it on a "
            "desktop, under `xvfb-run livery ...`, or use the headless commands "
            "(`livery render`, `livery --help`)."
        )


def _require_platform_libraries() -> None:
    """Name the missing system libraries instead of letting Qt abort the process."""
    from livery.commands import qt_platform

    missing = qt_platform.missing_libraries()
    if missing:
        raise UsageError(qt_platform.explain(missing))


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    from livery.commands.catalog import load_or_fail

    catalog = load_or_fail()

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from livery.commands import desktop

    QCoreApplication.setOrganizationName("LiveryStudio")
    QCoreApplication.setApplicationName("Livery Studio")
    QCoreApplication.setApplicationVersion(livery.__version__)
    QGuiApplication.setDesktopFileName(desktop.APP_ID)  # the task bar shows the entry's icon
    scripted = args.screenshot is not None
    if scripted:
        out = Path(args.screenshot)
        if out.parent and not out.parent.exists():
            raise UsageError(f"folder {out.parent} does not exist")
    _require_display()
    _require_platform_libraries()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from livery.ui import theme
    from livery.ui.main_window import MainWindow
    from livery.ui.settings import Settings
    from livery.vehicles.loaders import VehicleLoadError
    from livery.vehicles.registry import describe

    theme.apply(app)
    app.setWindowIcon(QIcon(str(livery.ICON)))
    if scripted:  # a throwaway settings file: scripts never touch the user's
        fd, name = tempfile.mkstemp(suffix=".ini", prefix="livery-settings-")
        os.close(fd)
        settings = Settings(QSettings(name, QSettings.Format.IniFormat))
    else:
        settings = Settings()
        _setup_logging()
    state = initial_state(catalog, args, None if scripted else settings.last_build())
    file = vehicle_file(args)

    holder: list = []
    install_excepthook(lambda: holder[0] if holder else None)
    try:
        window = MainWindow(
            catalog, settings=settings, lang=args.lang, state=state, remember=not scripted
        )
    except VehicleLoadError as e:
        raise UsageError(f"the vehicle could not be loaded: {describe(e)}") from None
    holder.append(window)
    if args.size:
        window.resize(*args.size)
    elif not scripted:
        window.restore_layout()
    if args.presentation:
        window.set_presentation(True)
    else:
        window.show()
    if file is not None:
        window.open_vehicle_file(file)
    if not scripted:
        from livery.scene.looks import RADIANCE_SCALE

        _prefilter_environments_later(RADIANCE_SCALE)
    if scripted:
        try:
            return _screenshot_and_quit(app, window, Path(args.screenshot))
        finally:
            Path(settings.q.fileName()).unlink(missing_ok=True)
    return app.exec()


def _prefilter_environments_later(scale: float, delay_ms: int = 3000) -> None:
    """Once the window is up, prefilter every named environment on a worker thread.

    The atlases land in the disk cache (a no-op on later starts), so the first switch
    to an environment does not stall the view for half a second. Pure numpy work,
    nothing shared with the UI thread but the cache files (written atomically).
    """
    from PySide6.QtCore import QThreadPool, QTimer

    from livery.scene import skies

    def work() -> None:
        try:
            skies.prefilter_all(scale)
        except Exception:  # noqa: BLE001 - a warm-up failure only costs the warm-up
            log.exception("prefiltering the environments in the background failed")

    QTimer.singleShot(delay_ms, lambda: QThreadPool.globalInstance().start(work))


def _screenshot_and_quit(app, window, path: Path) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < 1500 and not window.isVisible():  # window mapped
        app.processEvents()
    if window.vehicle_loader.busy:  # a --vehicle file: wait in an event loop, not a spin
        loop = QEventLoop()
        window.vehicle_loader.idle.connect(loop.quit)
        QTimer.singleShot(300_000, loop.quit)
        loop.exec()
        for _ in range(5):
            app.processEvents()
    if window.last_message and window.last_message[0] == "msg.bad_vehicle":
        window.close()
        print(f"livery: error: {window.last_message[1]}", file=sys.stderr)
        return 1
    for _ in range(20):
        app.processEvents()
    from livery import pngfile
    from livery.ui import qimages

    image = window.grab_window()
    try:
        pngfile.write_png(path, qimages.to_rgba(image), window.viewport.picture_text())
        ok = True
    except OSError:
        ok = False
    window.close()
    app.processEvents()
    if not ok:
        print(f"livery: error: cannot write {path}", file=sys.stderr)
        return 1
    print(path)
    return 0
