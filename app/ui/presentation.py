"""Presentation mode: the window on a showroom's large screen, and its attract loop.

``PresentationMode`` turns it on and off: full screen, the chrome hidden, tiles and
buttons sized for touch, the compact build summary over the 3D view; after an idle
time the car turns slowly (attract mode) until the next touch. Escape leaves it.

``IdleWatcher`` is an application-wide event filter: any touch, click, key or
wheel restarts the idle clock and reports ``activity``; after ``idle_ms`` of
quiet it reports ``idle`` once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from livery.ui import theme

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


#: The most of the screen's width the option tiles take in presentation mode.
PANEL_SHARE = 0.34
#: The most of the view's width the summary overlay takes before its rows fold.
OVERLAY_SHARE = 0.4
OVERLAY_MARGIN = 20


def free_area(
    overlay: QRect, width: int, height: int, margin: int
) -> tuple[float, float, float, float]:
    """The larger part of a ``width`` x ``height`` view beside or below ``overlay`` (in
    the top left corner), as (left, top, right, bottom) fractions of the view."""
    beside = (min((overlay.right() + 1 + margin) / width, 0.9), 0.0, 1.0, 1.0)
    below = (0.0, min((overlay.bottom() + 1 + margin) / height, 0.9), 1.0, 1.0)

    def keeps(a: tuple[float, float, float, float]) -> float:
        return min(a[2] - a[0], a[3] - a[1])

    return max(beside, below, key=keeps)


class PresentationMode(QObject):
    """Presentation mode of ``window``; ``changed`` says when it went on or off."""

    changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        *,
        viewport: Any,
        panel: Any,
        panel_dock: QDockWidget,
        overlay: QWidget,
        hide: Sequence[QWidget],
        docks: Sequence[QDockWidget],
        idle_ms: int,
    ) -> None:
        """``panel`` (in ``panel_dock``) grows for touch; ``overlay`` shows over
        ``viewport``; the widgets in ``hide`` are hidden and ``docks`` lose their title."""
        super().__init__(window)
        self._window = window
        self._viewport = viewport
        self._panel = panel
        self._panel_dock = panel_dock
        self._overlay = overlay
        self._hide = list(hide)
        self._docks = list(docks)
        # One blank title bar per dock, reused: a dock keeps a title bar it was given as a
        # hidden child after it is unset, so a new one per toggle piled up all day.
        self._blank_titles = [QWidget(dock) for dock in self._docks]
        for blank in self._blank_titles:
            blank.hide()
        self._on = False
        self._scale = 1.0
        #: Take the whole screen (the settings may say: stay in the window).
        self.full_screen = True
        self._normal_geometry: Any = None
        self.idle = IdleWatcher(idle_ms, self)
        self.idle.idle.connect(self._on_idle)
        self.idle.activity.connect(lambda: viewport.set_attract(False))
        viewport.installEventFilter(self)  # the overlay's place follows the view's size
        leave = QAction(window)
        leave.setShortcut(QKeySequence("Escape"))
        leave.triggered.connect(lambda: self.set(False))
        window.addAction(leave)

    @property
    def on(self) -> bool:
        return self._on

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """The view shown or resized (a start in presentation mode shows the window after
        the mode is on; full screen may not resize the window): the overlay and the
        framing follow."""
        if self._on and event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self.place_overlay()
        return False

    def set(self, on: bool) -> None:
        if on == self._on:
            return
        self._on = on
        w = self._window
        scale = theme.presentation_scale() if on else 1.0
        w.setStyleSheet(theme.style_sheet(scale, touch=True) if on else "")
        w.menuBar().setVisible(not on)
        w.statusBar().setVisible(not on)
        for widget in self._hide:
            widget.setVisible(not on)
        for dock, blank in zip(self._docks, self._blank_titles, strict=True):
            dock.setTitleBarWidget(blank if on else None)
        self._scale = scale
        self._panel.set_scale(scale)
        self._panel_dock.setMinimumWidth(round(380 * scale) if on else 380)
        if on:  # on a small screen the tiles get at most a third of it (two columns)
            screen = w.screen()
            if screen is not None:
                third = round(screen.geometry().width() * PANEL_SHARE)
                self._panel_dock.setMinimumWidth(min(round(380 * scale), third))
        self._overlay.setVisible(on)
        self.place_overlay()
        if on:
            self._normal_geometry = w.saveGeometry()
            screen = w.screen()
            if self.full_screen:
                if screen is not None:  # without a window manager, the size is ours to set
                    w.setGeometry(screen.geometry())
                w.showFullScreen()
            self.idle.start()
        else:
            self.idle.stop()
            self._viewport.set_attract(False)
            w.showNormal()
            if self._normal_geometry is not None:
                w.restoreGeometry(self._normal_geometry)
        self.changed.emit(on)

    def place_overlay(self) -> None:
        """The summary overlay in the view's top left corner, sized to its content
        (its rows fold when the view is small), and the car framed beside or below it."""
        if not self._overlay.isVisible():  # placed again when the view shows (eventFilter)
            self._viewport.set_free_area(None)
            return
        vw, vh = max(self._viewport.width(), 1), max(self._viewport.height(), 1)
        full = round(300 * self._scale)
        roomy = full <= OVERLAY_SHARE * vw
        self._overlay.set_details(roomy)
        lay = self._overlay.layout()
        lay.activate()
        target = full if roomy else round(OVERLAY_SHARE * vw)
        self._overlay.setFixedWidth(max(target, lay.minimumSize().width()))  # never clipped
        lay.activate()
        self._overlay.adjustSize()
        m = OVERLAY_MARGIN
        self._overlay.move(m, m)
        self._overlay.raise_()
        self._viewport.set_free_area(free_area(self._overlay.geometry(), vw, vh, m))

    def stop(self) -> None:
        self.idle.stop()

    def _on_idle(self) -> None:
        if self._on:
            self._viewport.set_attract(True)
