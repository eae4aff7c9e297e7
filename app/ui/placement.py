"""Where pop-ups and dialogs go: always whole on the screen their owner is on.

A pop-up placed naively under its button runs off the bottom of a 1080p screen;
these helpers keep it inside the screen's available geometry (without task bars).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(widget: QWidget) -> QRect:
    """The available geometry of the screen ``widget`` is on (the primary if none)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_rect(rect: QRect, area: QRect) -> QRect:
    """``rect`` moved (and, if larger, shrunk) so that it lies inside ``area``."""
    w, h = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.left()), area.left() + area.width() - w)
    y = min(max(rect.y(), area.top()), area.top() + area.height() - h)
    return QRect(x, y, w, h)


def popup_position(anchor: QWidget, size: QSize, gap: int = 4) -> QPoint:
    """Top left of a pop-up of ``size`` right-aligned under ``anchor``, or above it
    when there is no room below, always inside the anchor's screen."""
    area = available(anchor)
    below = anchor.mapToGlobal(anchor.rect().bottomRight())
    above = anchor.mapToGlobal(anchor.rect().topRight())
    y = below.y() + gap
    if y + size.height() > area.bottom() + 1:
        y = above.y() - gap - size.height()
    return fit_rect(QRect(QPoint(below.x() - size.width() + 1, y), size), area).topLeft()


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink a top-level ``window`` so it lies whole on its screen."""
    frame = window.frameGeometry()
    area = available(window)
    fitted = fit_rect(frame, area)
    if fitted != frame:
        extra = frame.size() - window.size()  # the window manager's frame
        window.resize(fitted.size() - extra)
        window.move(fitted.topLeft())
