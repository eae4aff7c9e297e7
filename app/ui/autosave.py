"""Autosave and the offer to restore after a crash (``livery.catalog.recovery``).

Every ``INTERVAL_MS`` the window's work (the build, the paint editor's candidate, the
vehicle file on show, the lighting) is written to this process's snapshot file when it
changed since the last write; a clean close removes the file. At start-up, a snapshot
left by an app that is no longer running (the newest; older ones go with it) is offered
in a bar in the status bar, not in a modal dialog: a showroom screen that restarts
after a power cut shows its car at once, and staff restore with one tap or carry on.
A snapshot that can't be restored (a paint removed from the catalog, a damaged file) is
a message naming it, and is discarded.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from livery import userdirs
from livery.catalog import recovery
from livery.scene.looks import Lighting

log = logging.getLogger(__name__)

#: How often the work is checked and, if it changed, written.
INTERVAL_MS = 3000


class RestoreBar(QWidget):
    """ "Livery Studio did not close properly at 14:32. [Restore] [Discard]"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restoreButton")
        self.discard_button = QPushButton(self)
        self.discard_button.setObjectName("discardRestoreButton")
        row.addWidget(self.label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)


class Autosave(QObject):
    """The window's autosave and crash-restore offer."""

    def __init__(self, window: Any, *, state_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.state_dir = state_dir or userdirs.state_dir()
        self.path = recovery.path_for(self.state_dir)
        self._last: recovery.Snapshot | None = None
        self.pending: list[Path] = recovery.orphans(self.state_dir)
        self.bar: RestoreBar | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()
        if self.pending:
            self._offer(self.pending[0])

    # -- saving ------------------------------------------------------------------------
    def snapshot(self) -> recovery.Snapshot:
        w = self.window
        key = w.current_file_key()
        vehicle_file = str(w.vehicles.files[key].path) if key is not None else None
        designer = getattr(w, "designer", None)
        lighting = dataclasses.asdict(designer.lighting.value) if designer else None
        return recovery.Snapshot.of(w.build, vehicle_file=vehicle_file, lighting=lighting)

    def save_now(self) -> bool:
        """Write the snapshot if the work changed since the last write; True if written."""
        try:
            snap = self.snapshot()
            if snap.same_work(self._last):
                return False
            recovery.write(self.path, snap)
        except Exception:  # noqa: BLE001 - autosave must never take the app down
            log.exception("autosave to %s failed", self.path)
            return False
        self._last = snap
        return True

    def close(self) -> None:
        """A clean exit: nothing to restore next time."""
        self._timer.stop()
        recovery.discard(self.path)

    # -- restoring ---------------------------------------------------------------------
    def _offer(self, path: Path) -> None:
        w = self.window
        when = time.strftime("%H:%M", time.localtime(path.stat().st_mtime))
        bar = self.bar = RestoreBar(w.statusBar())
        bar.label.setText(w.lang.tr("restore.offer", time=when))
        bar.restore_button.setText(w.lang.tr("restore.restore"))
        bar.discard_button.setText(w.lang.tr("restore.discard"))
        bar.restore_button.clicked.connect(lambda: self.restore(path))
        bar.discard_button.clicked.connect(self.discard)
        w.statusBar().addWidget(bar, 1)

    def restore(self, path: Path) -> bool:
        """Become the work saved in ``path``; False (with a message) if it can't be."""
        w = self.window
        self._hide_bar()
        try:
            snap = recovery.read(path, w.catalog)
        except recovery.RecoveryError as e:
            w.show_message("msg.restore_failed", str(e))
            self._drop_pending()
            return False
        try:
            w.session.apply(snap.state, action="restore")
        except Exception as e:  # noqa: BLE001 - a vehicle that can't be shown
            w.show_message("msg.restore_failed", f"{path}: {e}")
            return False
        for slot, finish in snap.candidates.items():
            w.build.set_override(slot, finish)
        if snap.lighting is not None and getattr(w, "designer", None) is not None:
            names = {f.name for f in dataclasses.fields(Lighting)}
            try:
                lit = Lighting(**{k: v for k, v in snap.lighting.items() if k in names}).valid()
            except TypeError:
                lit = None
            if lit is not None:
                w.designer.lighting.set(**dataclasses.asdict(lit))
        if snap.vehicle_file:
            w.open_vehicle_file(snap.vehicle_file)
        self._drop_pending()
        self.save_now()
        return True

    def discard(self) -> None:
        """Leave the offered work (and any older leftovers) unrestored."""
        self._hide_bar()
        self._drop_pending()

    def _drop_pending(self) -> None:
        """The offer was answered: older snapshots are superseded by it."""
        for p in self.pending:
            recovery.discard(p)
        self.pending = []

    def _hide_bar(self) -> None:
        if self.bar is not None:
            self.bar.hide()
            self.bar.deleteLater()
            self.bar = None
