"""Touch first: what a finger can't do with hover and disabled buttons.

``TouchHelp`` watches buttons (the option tiles): a long press shows what hovering
shows (the tool tip) and picks nothing; a tap on a disabled button that has a reason
(a forbidden option) is reported as ``blocked`` instead of vanishing. Touches reach
these buttons as the mouse events Qt makes of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QToolTip

#: How long a press must last to count as a long press.
LONG_PRESS_MS = 550


class TouchHelp(QObject):
    blocked = Signal(QAbstractButton)  # a disabled button with a ``reason`` was tapped
    long_pressed = Signal(QAbstractButton)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LONG_PRESS_MS)
        self._timer.timeout.connect(self._on_long_press)
        self._pressed: QAbstractButton | None = None
        self._at = QPoint()
        self._held = False

    def watch(self, button: QAbstractButton) -> None:
        button.installEventFilter(self)

    def _on_long_press(self) -> None:
        button = self._pressed
        if button is None:
            return
        self._held = True
        QToolTip.showText(button.mapToGlobal(self._at), button.toolTip(), button)
        self.long_pressed.emit(button)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if not isinstance(obj, QAbstractButton) or not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed, self._at, self._held = obj, event.position().toPoint(), False
            self._timer.start()
            return False
        if kind == QEvent.Type.MouseButtonRelease and obj is self._pressed:
            self._timer.stop()
            self._pressed = None
            if self._held:  # a long press: the tip was the answer, not a pick
                obj.setDown(False)
                return True
            if not obj.isEnabled() and getattr(obj, "reason", None):
                self.blocked.emit(obj)
                return True
        return False
