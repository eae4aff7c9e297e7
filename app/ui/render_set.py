"""File > Render set: a render set of the current build, run in the background.

The dialog writes a job file (``livery.batch.job.job_document``: the current build,
every option of the chosen groups over it, the chosen cameras and size, lit as the
view) into the output folder and runs ``livery batch`` on it in a process of its own,
so a long set never blocks the window and Cancel stops it cleanly (SIGINT: finished
images stay, nothing half-written). When it is done the gallery opens.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from livery.batch.job import job_document
from livery.catalog import Build
from livery.scene import looks
from livery.scene.looks import Lighting
from livery.ui.i18n import Language

SIZES = ("1600x900", "1920x1080", "3840x2160", "960x540")
_PROGRESS = re.compile(r"\[(\d+)/(\d+)\]")


def default_folder(code: str) -> Path:
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures or Path.home()) / "Livery Studio" / f"set-{code}"


class RenderSetDialog(QDialog):
    """Choose what varies, the views and the size; render; open the gallery."""

    finished_set = Signal(str)  # the gallery's path (empty: failed or cancelled)

    def __init__(
        self, build: Build, lighting: Lighting, lang: Language, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.build, self.lighting, self.lang = build, lighting, lang
        tr = lang.tr
        self.setObjectName("renderSetDialog")
        self.setWindowTitle(tr("renderset.title"))
        self.process: QProcess | None = None
        self.open_gallery = True
        self._cancelled = False

        form = QFormLayout()
        groups = QGridLayout()
        self.vary: dict[str, QCheckBox] = {}
        for i, g in enumerate(build.catalog.groups):
            box = QCheckBox(g.name.get(lang.code), self)
            box.setChecked(g.id == "paint")
            self.vary[g.id] = box
            groups.addWidget(box, i // 3, i % 3)
        form.addRow(tr("renderset.vary"), groups)
        cams = QGridLayout()
        self.cameras: dict[str, QCheckBox] = {}
        for i, name in enumerate(looks.CAMERAS):
            box = QCheckBox(tr(f"camera.{name}"), self)
            box.setChecked(name in ("front34", "side"))
            self.cameras[name] = box
            cams.addWidget(box, i // 4, i % 4)
        form.addRow(tr("renderset.cameras"), cams)
        self.size_box = QComboBox(self)
        self.size_box.setEditable(True)
        self.size_box.addItems(SIZES)
        form.addRow(tr("renderset.size"), self.size_box)
        self.folder = QLineEdit(str(default_folder(build.share_code())), self)
        browse = QPushButton(tr("save.browse"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(tr("renderset.folder"), row)

        self.count = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setVisible(False)
        self.start_button = QPushButton(tr("renderset.start"), self)
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("renderset.cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.count)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        for box in (*self.vary.values(), *self.cameras.values()):
            box.toggled.connect(self._update_count)
        self._update_count()

    # -- choices ------------------------------------------------------------------------
    def chosen_vary(self) -> list[str]:
        return [g for g, box in self.vary.items() if box.isChecked()]

    def chosen_cameras(self) -> list[str]:
        return [c for c, box in self.cameras.items() if box.isChecked()]

    def _update_count(self) -> None:
        n = 1
        for gid in self.chosen_vary():
            n *= len(self.build.catalog.options_for(self.build.vehicle.id, gid))
        self.count.setText(
            self.lang.tr("renderset.count", builds=n, images=n * len(self.chosen_cameras()))
        )

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.lang.tr("renderset.folder"))
        if path:
            self.folder.setText(path)

    # -- running ------------------------------------------------------------------------
    def start(self) -> bool:
        """Write the job and start ``livery batch`` on it; False (with the reason shown)
        when the choices can't make a set."""
        tr = self.lang.tr
        try:
            size = looks.parse_size(self.size_box.currentText())
        except ValueError as e:
            self.status.setText(f"{tr('renderset.size')}: {e}")
            return False
        cameras = self.chosen_cameras()
        if not cameras:
            self.status.setText(tr("renderset.no_camera"))
            return False
        out = Path(self.folder.text()).expanduser()
        code = self.build.share_code()
        text = job_document(
            f"set-{code}",
            self.build.vehicle.id,
            code,
            vary=self.chosen_vary(),
            cameras=cameras,
            environment=self.lighting.environment,
            tone=self.lighting.tone,
            exposure=self.lighting.exposure,
            size=size,
        )
        try:
            from livery.fileio import write_atomic

            job = write_atomic(out / "job.toml", text)
        except OSError as e:
            self.status.setText(f"{out}: {e.strerror or e}")
            return False
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._finished)
        self.gallery = out / "index.html"
        self._cancelled = False
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)  # busy until the first image reports
        self.start_button.setEnabled(False)
        self.status.setText(tr("renderset.running"))
        self.process.start(sys.executable, ["-m", "livery", "batch", str(job), "--out", str(out)])
        return True

    def _read_output(self) -> None:
        assert self.process is not None
        text = bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return
        self.status.setText(lines[-1])
        for line in lines:
            m = _PROGRESS.search(line)
            if m:
                self.bar.setRange(0, int(m.group(2)))
                self.bar.setValue(int(m.group(1)))

    def _finished(self, code: int, _status: object) -> None:
        self._read_output()
        self.start_button.setEnabled(True)
        self.bar.setVisible(False)
        ok = code == 0 and not self._cancelled and self.gallery.is_file()
        tr = self.lang.tr
        if self._cancelled:
            self.status.setText(tr("renderset.cancelled"))
        elif ok:
            self.status.setText(tr("renderset.done", path=str(self.gallery)))
            if self.open_gallery:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.gallery)))
        else:
            self.status.setText(tr("renderset.failed", detail=self.status.text()))
        self.finished_set.emit(str(self.gallery) if ok else "")

    def cancel(self) -> None:
        """Stop a running set as Ctrl+C would (finished images stay); else close."""
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            self._cancelled = True
            pid = self.process.processId()
            if pid and hasattr(signal, "SIGINT") and os.name == "posix":
                os.kill(pid, signal.SIGINT)
            else:
                self.process.terminate()
            return
        self.reject()

    def closeEvent(self, event: object) -> None:  # noqa: N802
        self.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]
