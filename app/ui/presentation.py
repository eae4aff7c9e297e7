"""Presentation mode helpers: idle detection for the attract mode.

``IdleWatcher`` is an application-wide event filter: any touch, click, key or
wheel restarts the idle clock and reports ``activity``; after ``idle_ms`` of
quiet it reports ``idle`` once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    idle = Signal()
    activity = Signal()

    def __init__(self, idle_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self._on_idle)
        self._running = False
        self.is_idle = False

    def set_idle_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def start(self) -> None:
        if not self._running:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._running = True
        self.is_idle = False
        self._timer.start()

    def stop(self) -> None:
        if self._running:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._running = False
        self._timer.stop()
        self.is_idle = False

    def poke(self) -> None:
        """Count as user activity (tests and remote controls)."""
        if self.is_idle:
            self.is_idle = False
            self.activity.emit()
        if self._running:
            self._timer.start()

    def _on_idle(self) -> None:
        self.is_idle = True
        self.idle.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT:
            self.poke()
        return False
