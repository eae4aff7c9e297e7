"""Tile previews: each option's finish rendered offscreen once, then cached on disk.

``preview_image`` is the one place a tile asks for a picture. It renders through
the scene layer's swatch renderer (a lit sphere with the Stage's finish mapping and
environment), keyed by a hash of the finish, and stores PNGs under the user cache
directory, so a finish is rendered once per machine, not once per run.

``PreviewProvider`` hands tiles a picture without stalling the window: cached
previews come at once; missing ones are rendered one per event-loop turn.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QRadialGradient

from livery import pngfile, userdirs
from livery.catalog import Catalog, Finish
from livery.ui import qimages

log = logging.getLogger(__name__)

#: Bump when the look of previews changes, so old cache files are not reused.
PREVIEW_VERSION = 4
_memory: dict[str, QImage] = {}


def cache_dir() -> Path:
    """Rendered tiles, beside the prefiltered light (``livery.userdirs``)."""
    return userdirs.cache_dir() / "previews"


def option_finishes(catalog: Catalog, group_id: str, option_id: str) -> list[Finish]:
    """The finishes a tile shows: the option's slots in group order (at most two)."""
    group = catalog.group(group_id)
    option = group.option(option_id)
    seen: list[Finish] = []
    for slot in group.slots:
        f = option.finishes.get(slot)
        if f is not None and f not in seen:
            seen.append(f)
    return seen[:2]


def finish_key(finishes: list[Finish], size: int) -> str:
    text = f"v{PREVIEW_VERSION}|{size}|" + "|".join(repr(f) for f in finishes)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def _render_sphere(finish: Finish, size: int) -> QImage:
    """One finish on a sphere, rendered offscreen by the scene layer."""
    from livery.scene.swatch import render_swatch

    rgba = render_swatch(finish, size)
    h, w = rgba.shape[:2]
    fmt = QImage.Format.Format_RGBA8888 if rgba.shape[2] == 4 else QImage.Format.Format_RGB888
    data = rgba.copy(order="C")
    return QImage(data.data, w, h, data.strides[0], fmt).copy()


def _painted_sphere(finish: Finish, size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    r, g, b = (int(round(c * 255)) for c in finish.color.srgb)
    base = QColor(r, g, b)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QRadialGradient(QPointF(size * 0.38, size * 0.32), size * 0.62)
    grad.setColorAt(0.0, base.lighter(170))
    grad.setColorAt(0.45, base)
    grad.setColorAt(1.0, base.darker(320))
    p.setBrush(QBrush(grad))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QRectF(size * 0.06, size * 0.06, size * 0.88, size * 0.88))
    p.end()
    return img


def _none_image(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(120, 124, 130), max(1.5, size / 40))
    p.setPen(pen)
    m = size * 0.24
    p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
    p.drawLine(QPointF(size - m * 1.25, m * 1.25), QPointF(m * 1.25, size - m * 1.25))
    p.end()
    return img


def _compose(images: list[QImage], size: int) -> QImage:
    """The first finish as the sphere; a second one as a small inset sphere."""
    out = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    p = QPainter(out)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.drawImage(QRectF(0, 0, size, size), images[0])
    if len(images) > 1:
        d = size * 0.42
        rect = QRectF(size - d - size * 0.02, size - d - size * 0.02, d, d)
        clip = QPainterPath()
        clip.addEllipse(rect.adjusted(d * 0.08, d * 0.08, -d * 0.08, -d * 0.08))
        p.setPen(QPen(QColor(21, 23, 26), size * 0.03))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(clip)
        p.setClipPath(clip)
        p.drawImage(rect, images[1])
    p.end()
    return out


def cached_preview(catalog: Catalog, group_id: str, option_id: str, size: int) -> QImage | None:
    """The preview if it is in memory or on disk, else None (no rendering)."""
    finishes = option_finishes(catalog, group_id, option_id)
    if not finishes:
        return _none_image(size)
    key = finish_key(finishes, size)
    if key in _memory:
        return _memory[key]
    path = cache_dir() / f"{key}.png"
    if path.is_file():
        img = QImage(str(path))
        if not img.isNull():
            _memory[key] = img
            return img
    return None


def preview_image(catalog: Catalog, group_id: str, option_id: str, size: int) -> QImage:
    """The option's preview (rendered now if it isn't cached yet)."""
    img = cached_preview(catalog, group_id, option_id, size)
    if img is not None:
        return img
    finishes = option_finishes(catalog, group_id, option_id)
    key = finish_key(finishes, size)
    try:
        img = _compose([_render_sphere(f, size) for f in finishes], size)
    except Exception:  # a broken render must not take the panel down; not cached on disk
        log.exception("preview render failed for %s/%s", group_id, option_id)
        img = _compose([_painted_sphere(f, size) for f in finishes], size)
        _memory[key] = img
        return img
    _memory[key] = img
    try:
        pngfile.write_png(cache_dir() / f"{key}.png", qimages.to_rgba(img))
    except OSError:
        log.warning("could not write preview cache in %s", cache_dir())
    return img


class PreviewProvider(QObject):
    """Gives tiles previews: cached ones now, missing ones rendered one per idle turn."""

    ready = Signal(str, str, QImage)  # group id, option id, image

    def __init__(self, catalog: Catalog, size: int = 128, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.size = size
        self._queue: deque[tuple[str, str]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    def get(self, group_id: str, option_id: str) -> QImage | None:
        img = cached_preview(self.catalog, group_id, option_id, self.size)
        if img is None and (group_id, option_id) not in self._queue:
            self._queue.append((group_id, option_id))
            self._timer.start()
        return img

    def set_catalog(self, catalog: Catalog) -> None:
        """Take options from ``catalog`` from now on; requests for the old one are dropped
        (the tiles built from ``catalog`` ask again)."""
        self.catalog = catalog
        self.stop()

    def finish_all(self) -> None:
        """Render everything still queued now (scripts and screenshots)."""
        while self._queue:
            self._next()

    def stop(self) -> None:
        self._timer.stop()
        self._queue.clear()

    def _next(self) -> None:
        if not self._queue:
            self._timer.stop()
            return
        group_id, option_id = self._queue.popleft()
        img = preview_image(self.catalog, group_id, option_id, self.size)
        self.ready.emit(group_id, option_id, img)
        if not self._queue:
            self._timer.stop()
