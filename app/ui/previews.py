"""Tile previews: each option's finish rendered offscreen once, then cached on disk.

``preview_image`` is the one place a tile asks for a picture. It renders through
the scene layer's swatch renderer (a lit sphere with the Stage's finish mapping and
environment), keyed by a hash of the finish, and stores PNGs under the user cache
directory, so a finish is rendered once per machine, not once per run.

``PreviewProvider`` hands tiles a picture without stalling the window, also with a
library of hundreds of paints: previews already in memory come at once; every other
one is fetched off the UI thread by a loader thread, in the order the tiles asked
(the panel asks in its order, so the tiles on screen first): from the disk cache, or
else rendered by the swatch renderer in a worker process (a few at a time; VTK's GL
context never shares the UI thread), written to the cache, and delivered to the UI
thread through a queued signal. The workers start on the first miss, while the
window is still being built, and live as long as the app.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QPointF,
    QRectF,
    Qt,
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
    """One finish on a sphere, rendered offscreen by the scene layer (here)."""
    from livery.scene.swatch import render_swatch

    return _image(render_swatch(finish, size))


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


#: Render processes, and previews rendered at once (the rest wait in the queue).
RENDER_WORKERS = 2
_pools: dict[str, ProcessPoolExecutor | ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool(kind: str) -> ProcessPoolExecutor | ThreadPoolExecutor:
    """The app's loader thread ("load") or render processes ("render"), made on first
    use and shut down when the app exits."""
    with _pools_lock:
        if kind not in _pools:
            if kind == "load":
                _pools[kind] = ThreadPoolExecutor(1, thread_name_prefix="livery-previews")
            else:
                ctx = multiprocessing.get_context("spawn")  # no Qt or GL state inherited
                _pools[kind] = ProcessPoolExecutor(
                    RENDER_WORKERS, mp_context=ctx, initializer=_one_gl_thread
                )
        return _pools[kind]


def _one_gl_thread() -> None:
    """In a render process, before GL loads: Mesa's software renderer draws a small
    tile on one thread, leaving the other cores to the app. Its output goes nowhere: a
    worker that outlives a crashed window must not hold the pipe its caller reads."""
    os.environ.setdefault("LP_NUM_THREADS", "1")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


@atexit.register
def shutdown_workers() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()


def _render_arrays(finishes: list[Finish], size: int) -> list:
    """In a render process: each finish on a sphere, as RGBA arrays."""
    from livery.scene.swatch import render_swatch

    return [render_swatch(f, size) for f in finishes]


def _image(rgba: object) -> QImage:
    h, w = rgba.shape[:2]  # type: ignore[attr-defined]
    fmt = QImage.Format.Format_RGBA8888 if rgba.shape[2] == 4 else QImage.Format.Format_RGB888  # type: ignore[attr-defined]
    data = rgba.copy(order="C")  # type: ignore[attr-defined]
    return QImage(data.data, w, h, data.strides[0], fmt).copy()


class PreviewProvider(QObject):
    """Gives tiles previews: from memory now, the rest fetched off the UI thread."""

    ready = Signal(str, str, QImage)  # group id, option id, image
    #: From the loader and render threads to the UI thread (queued): generation, group,
    #: option, key, image.
    _fetched = Signal(int, str, str, str, QImage)

    def __init__(self, catalog: Catalog, size: int = 128, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.size = size
        self._generation = 0
        self._pending: dict[tuple[str, str], None] = {}  # asked, not delivered, in order
        self._slots = threading.BoundedSemaphore(RENDER_WORKERS)
        self._fetched.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def get(self, group_id: str, option_id: str) -> QImage | None:
        """The preview if it is in memory; else None, and it comes through ``ready``."""
        finishes = option_finishes(self.catalog, group_id, option_id)
        if not finishes:
            return _none_image(self.size)
        key = finish_key(finishes, self.size)
        if key in _memory:
            return _memory[key]
        if (group_id, option_id) not in self._pending:
            self._pending[(group_id, option_id)] = None
            gen = self._generation
            _pool("load").submit(self._load, gen, group_id, option_id, finishes, key)
        return None

    def set_catalog(self, catalog: Catalog) -> None:
        """Take options from ``catalog`` from now on; requests for the old one are dropped
        (the tiles built from ``catalog`` ask again)."""
        self.catalog = catalog
        self.stop()

    def finish_all(self) -> None:
        """Give every preview still asked for now, rendered here (scripts, screenshots)."""
        pending = list(self._pending)
        self.stop()
        for group_id, option_id in pending:
            img = preview_image(self.catalog, group_id, option_id, self.size)
            self.ready.emit(group_id, option_id, img)

    def stop(self) -> None:
        """Drop what is asked and not delivered (fetches under way end unheard)."""
        self._generation += 1
        self._pending.clear()

    @property
    def pending(self) -> int:
        return len(self._pending)

    # -- off the UI thread ---------------------------------------------------------------
    def _load(
        self, gen: int, group_id: str, option_id: str, finishes: list[Finish], key: str
    ) -> None:
        """The loader thread: the disk cache, else a render process (a few at a time)."""
        if gen != self._generation:
            return
        path = cache_dir() / f"{key}.png"
        if path.is_file():
            img = QImage(str(path))
            if not img.isNull():
                self._fetched.emit(gen, group_id, option_id, key, img)
                return
        while not self._slots.acquire(timeout=0.2):
            if gen != self._generation:  # stopped while waiting: the app may be exiting
                return
        if gen != self._generation:
            self._slots.release()
            return
        try:
            job = _pool("render").submit(_render_arrays, finishes, self.size)
        except RuntimeError:  # shut down: the app is exiting
            self._slots.release()
            return
        job.add_done_callback(lambda f: self._rendered(f, gen, group_id, option_id, finishes, key))

    def _rendered(
        self, job: Future, gen: int, group_id: str, option_id: str, finishes: list[Finish], key: str
    ) -> None:
        """A render process finished: compose, keep on disk, hand to the UI thread."""
        self._slots.release()
        try:
            img = _compose([_image(a) for a in job.result()], self.size)
        except Exception:  # noqa: BLE001 - a broken render must not take the panel down
            log.exception("preview render failed for %s/%s", group_id, option_id)
            img = _compose([_painted_sphere(f, self.size) for f in finishes], self.size)
            self._fetched.emit(gen, group_id, option_id, "", img)  # not cached
            return
        try:
            pngfile.write_png(cache_dir() / f"{key}.png", qimages.to_rgba(img))
        except OSError:
            log.warning("could not write preview cache in %s", cache_dir())
        self._fetched.emit(gen, group_id, option_id, key, img)

    def _deliver(self, gen: int, group_id: str, option_id: str, key: str, img: QImage) -> None:
        if gen != self._generation:
            return
        if key:
            _memory[key] = img
        self._pending.pop((group_id, option_id), None)
        self.ready.emit(group_id, option_id, img)
