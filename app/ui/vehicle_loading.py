"""Vehicle files load on a worker thread; the window stays interactive meanwhile.

``VehicleFileLoader`` is only the Qt side of loading: it runs
``livery.vehicles.registry.read_file`` (numpy and trimesh only, so thread-safe) on a
worker thread and reports back on the UI thread through a queued signal. It never
touches VTK: the window hands the finished model to the viewport, which builds the
actors on the UI thread. A newer load or ``cancel()`` makes an older one's result be
dropped when it arrives (the parse itself can't be interrupted cheaply; it only costs
a worker thread for its duration).

``BusyOverlay`` is the progress card the viewport shows over the 3D view while a file
loads: the file's name, an indeterminate bar and a Cancel button.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from livery.ui.i18n import Language
from livery.vehicles.loaders import VehicleLoadError
from livery.vehicles.loaders.frame import UNITS
from livery.vehicles.registry import describe, read_file

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; a worker emits only its ticket through it (queued).

    The result itself waits in ``VehicleFileLoader._results`` under a lock: no Python
    object crosses threads inside a Qt signal.
    """

    ready = Signal(int)  # ticket


class VehicleFileLoader(QObject):
    """Loads one vehicle file at a time off the UI thread."""

    started = Signal(str)  # path
    loaded = Signal(str, object)  # path, LoadResult
    failed = Signal(str, str)  # path, message naming the file and the problem
    idle = Signal()  # no load in progress any more (loaded, failed or cancelled)

    def __init__(
        self, parent: QObject | None = None, read: Callable[[Path], Any] = read_file
    ) -> None:
        super().__init__(parent)
        self._read = read
        self._relay = _Relay(self)
        self._relay.ready.connect(self._on_ready)
        self._lock = threading.Lock()
        self._results: dict[int, tuple[bool, Any]] = {}  # ticket -> (ok, result | message)
        self._threads: list[threading.Thread] = []
        self._ticket = 0
        self._current: tuple[int, Path] | None = None
        self.clock = QElapsedTimer()
        self.last_seconds = 0.0

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def path(self) -> Path | None:
        return self._current[1] if self._current else None

    def load(self, path: str | Path) -> None:
        """Start loading ``path``; a load still running is superseded."""
        self._ticket += 1
        path = Path(path)
        self._current = (self._ticket, path)
        self.clock.start()
        self._threads = [t for t in self._threads if t.is_alive()]
        t = threading.Thread(
            target=self._work, args=(self._ticket, path), name=f"load {path.name}", daemon=True
        )
        self._threads.append(t)
        t.start()
        self.started.emit(str(path))

    def _work(self, ticket: int, path: Path) -> None:
        """On the worker thread: parse, park the outcome, wake the UI thread."""
        try:
            outcome: tuple[bool, Any] = (True, self._read(path))
        except VehicleLoadError as e:
            outcome = (False, describe(e, path))
        except BaseException as e:  # noqa: BLE001 - a worker must always report back
            log.exception("loading %s failed", path)
            outcome = (False, f"{path.name}: {type(e).__name__}: {e}")
        with self._lock:
            self._results[ticket] = outcome
        self._relay.ready.emit(ticket)

    def _on_ready(self, ticket: int) -> None:
        with self._lock:
            ok, value = self._results.pop(ticket, (False, None))
        if ok:
            self._on_done(ticket, value)
        elif value is not None:
            self._on_failed(ticket, value)

    def cancel(self) -> None:
        """Forget the running load (its result is dropped when it arrives)."""
        if self._current is None:
            return
        log.info("cancelled loading %s", self._current[1])
        self._current = None
        self.idle.emit()

    def _take(self, ticket: int) -> Path | None:
        if self._current is None or self._current[0] != ticket:
            return None  # cancelled or superseded
        path = self._current[1]
        self._current = None
        self.last_seconds = self.clock.elapsed() / 1000.0
        return path

    def _on_done(self, ticket: int, result: object) -> None:
        path = self._take(ticket)
        if path is None:
            return
        log.info("loaded %s in %.2f s", path, self.last_seconds)
        self.loaded.emit(str(path), result)
        self.idle.emit()

    def _on_failed(self, ticket: int, message: str) -> None:
        path = self._take(ticket)
        if path is None:
            return
        log.warning("loading %s failed: %s", path, message)
        self.failed.emit(str(path), message)
        self.idle.emit()

    def shutdown(self, wait_ms: int = 3000) -> None:
        """Drop any running load and give its thread a moment to finish."""
        self._current = None
        self._relay.ready.disconnect(self._on_ready)
        for t in self._threads:
            t.join(wait_ms / 1000.0)
        self._threads = []
        with self._lock:
            self._results.clear()


def frame_summary(frame: Any, lang: Language) -> str:
    """The frame decisions of a loaded file in a few words, for the status bar:
    "read as cm, nose -X, 4.94 m: see Vehicle > Map parts to slots / livery inspect"."""
    unit = next((name for name, s in UNITS.items() if abs(frame.scale - s) <= 1e-9 * s), None)
    return lang.tr(
        "msg.vehicle_frame",
        unit=unit or lang.tr("msg.unit_scaled", scale=frame.scale),
        forward=frame.forward.upper(),
        length=frame.size[0],
    )


class BusyOverlay(QFrame):
    """A small card over the 3D view: what is loading, a busy bar, Cancel."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("busyOverlay")
        # a native child stacks over the GL view (like the presentation overlay)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            "#busyOverlay { background: rgba(20, 22, 26, 235); border-radius: 10px; }"
            "#busyOverlay QLabel { color: #e8e8ea; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.setSpacing(10)
        self.label = QLabel(self)
        self.label.setObjectName("busyLabel")
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("busyBar")
        self.bar.setRange(0, 0)  # indeterminate: the parse reports no steps
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.cancel = QPushButton(self)
        self.cancel.setObjectName("busyCancel")
        self.cancel.clicked.connect(lambda _=False: self.cancel_clicked.emit())
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(320)
        self.hide()

    def show_text(self, text: str, cancel_text: str) -> None:
        self.label.setText(text)
        self.cancel.setText(cancel_text)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.move((host.width() - self.width()) // 2, (host.height() - self.height()) // 2)
