"""Tools > Paint review…: the supplier's candidates, judged, decided and handed out.

A window over the paint library's candidates (``livery.catalog.candidate_store``): one
row each with its swatch, code, supplier, names, hex and CIELAB, the nearest existing
paint and ΔE2000 (in the warning colour under the threshold: ``candidate_judge``),
status and notes; filtered by status and sorted by hue, lightness or ΔE. For the
candidate in focus: set its status, add a note (who and when are recorded by the
store), approve it as a library paint with its price in one step, show it on the car,
and the light booth (``light_booth``: patches and ΔE per illuminant against another
measured candidate, or "the booth needs a spectrum").

Notes pinned to the car: *Pin to car* shows the candidate on the car and makes the
next click on the main view pin the typed note to the point clicked (in the vehicle's
frame, with its part and vehicle). While a candidate is the paint on the car, each of
its notes pinned on the vehicle shown is a numbered marker there (the number of the
note in the list); another paint, another vehicle or closing this window takes them
away. Choosing a pinned note in the list moves the camera to look at its point and
highlights its marker. The markers are the viewport's (``show_markers``): the scene
draws them and leaves them out of screenshots and exports. Several selected go to the
compare window's grid or to a review board, made by ``livery board`` in a process of
its own so the window stays live.

Every change is written by the store at once (a colleague's newer save is a message,
never overwritten) and the catalog is reloaded when a candidate becomes a paint, so
the tiles, the compare window and share codes know it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QProcess, QProcessEnvironment, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from livery.catalog.candidate_judge import DEFAULT_THRESHOLD, Judgement, judge, sort_judgements
from livery.catalog.candidate_store import CandidateStore, ConflictError
from livery.catalog.candidates import PAINT_GROUP, Candidate, Note, Status
from livery.catalog.color import delta_e_2000
from livery.catalog.light_booth import LABELS, BoothError, booth
from livery.ui import theme
from livery.ui.i18n import Language

log = logging.getLogger(__name__)

COLUMNS = ("swatch", "code", "supplier", "name", "hex", "lab", "nearest", "de", "status", "notes")
FILTERS = ("all", *(s.value for s in Status))
SORTS = ("hue", "lightness", "de", "code")
PAGES = ("a4", "a3")


def _swatch(hex_: str, size: int = 18) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(hex_))
    return QIcon(pm)


def _srgb_hex(rgb: Sequence[float]) -> str:
    r, g, b = (min(max(round(float(v) * 255), 0), 255) for v in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


class ReviewWindow(QWidget):
    """The candidates of ``store``, for the main ``window`` (its build, catalog, messages)."""

    def __init__(
        self,
        window: Any,
        lang: Language,
        store: CandidateStore,
        *,
        catalog_root: Path,
        open_grid: Callable[[list[str], Sequence[Candidate]], Any],
        board_args: Callable[[], list[str]] = list,
        parent: QWidget | None = None,
    ) -> None:
        """``open_grid(option_ids, candidates)``: the compare window's grid;
        ``board_args()``: the view and light for ``livery board`` (camera, env, ...)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.window_, self.lang, self.store = window, lang, store
        self.catalog_root, self.open_grid, self.board_args = catalog_root, open_grid, board_args
        self.threshold = DEFAULT_THRESHOLD
        self.judgements: list[Judgement] = []
        self.problems: tuple[str, ...] = ()
        self.board_process: QProcess | None = None
        self.last_board: Path | None = None
        self.setStyleSheet(f"QWidget#reviewWindow {{ background: {theme.BG}; }}")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        bar = QHBoxLayout()
        self.filter_label, self.sort_label = QLabel(self), QLabel(self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("reviewFilter")
        for f in FILTERS:
            self.filter.addItem("", f)
        self.sort = QComboBox(self)
        self.sort.setObjectName("reviewSort")
        for s in SORTS:
            self.sort.addItem("", s)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sort.currentIndexChanged.connect(lambda _i: self.refresh())
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.import_dialog)
        for w in (self.filter_label, self.filter, self.sort_label, self.sort):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = QTableWidget(0, len(COLUMNS), split)
        self.table.setObjectName("reviewTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)
        split.addWidget(self.table)
        split.addWidget(self._details(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        actions = QHBoxLayout()
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("reviewShowOnCar")
        self.show_button.clicked.connect(self.show_on_car)
        self.grid_button = QPushButton(self)
        self.grid_button.clicked.connect(self.grid_compare)
        self.page = QComboBox(self)
        for p in PAGES:
            self.page.addItem(p.upper(), p)
        self.board_button = QPushButton(self)
        self.board_button.clicked.connect(self.board_dialog)
        self.status_line = QLabel(self)
        self.status_line.setObjectName("muted")
        for w in (self.show_button, self.grid_button, self.page, self.board_button):
            actions.addWidget(w)
        actions.addWidget(self.status_line, 1)
        lay.addLayout(actions)

        self.closed = False
        self._all: tuple[Candidate, ...] = ()
        self.shown_notes: list[Note] = []  # the notes listed, in order
        lang.subscribe(self._on_lang)
        self.viewport.point_clicked.connect(self._on_point_clicked)
        self.viewport.model_changed.connect(self._follow)
        self.window_.build.subscribe(self._follow)
        self.relabel()  # fills the table too
        self.resize(1280, 640)

    def _details(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        v = QVBoxLayout(box)
        self.title = QLabel(box)
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        v.addWidget(self.title)
        row = QHBoxLayout()
        self.status_buttons: dict[Status, QPushButton] = {}
        for s in (Status.NEW, Status.SHORTLISTED, Status.REJECTED):
            b = QPushButton(box)
            b.setObjectName(f"review-{s.value}")
            b.clicked.connect(lambda _=False, st=s: self.set_status(st))
            self.status_buttons[s] = b
            row.addWidget(b)
        v.addLayout(row)
        row = QHBoxLayout()
        self.price = QSpinBox(box)
        self.price.setRange(0, 10_000_000)
        self.price.setSingleStep(1000)
        self.price.setValue(18000)
        self.approve_button = QPushButton(box)
        self.approve_button.setObjectName("reviewApprove")
        self.approve_button.clicked.connect(lambda: self.approve(self.price.value()))
        self.price_label = QLabel(box)
        row.addWidget(self.price_label)
        row.addWidget(self.price, 1)
        row.addWidget(self.approve_button)
        v.addLayout(row)
        self.notes_title = QLabel(box)
        self.notes_title.setObjectName("sectionTitle")
        v.addWidget(self.notes_title)
        self.notes = QListWidget(box)
        self.notes.setWordWrap(True)
        self.notes.currentRowChanged.connect(self.go_to_note)
        v.addWidget(self.notes, 1)
        row = QHBoxLayout()
        self.note_edit = QLineEdit(box)
        self.note_edit.returnPressed.connect(lambda: self.add_note(self.note_edit.text()))
        self.note_button = QPushButton(box)
        self.note_button.clicked.connect(lambda: self.add_note(self.note_edit.text()))
        self.pin_button = QPushButton(box)
        self.pin_button.setObjectName("reviewPin")
        self.pin_button.setCheckable(True)
        self.pin_button.toggled.connect(self.set_pinning)
        self.note_edit.textChanged.connect(lambda _t: self._enable_pin())
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.note_button)
        row.addWidget(self.pin_button)
        v.addLayout(row)
        row = QHBoxLayout()
        self.booth_title = QLabel(box)
        self.booth_title.setObjectName("sectionTitle")
        self.booth_other = QComboBox(box)
        self.booth_other.currentIndexChanged.connect(lambda _i: self._show_booth())
        row.addWidget(self.booth_title)
        row.addWidget(self.booth_other, 1)
        v.addLayout(row)
        self.booth_message = QLabel(box)
        self.booth_message.setObjectName("muted")
        self.booth_message.setWordWrap(True)
        v.addWidget(self.booth_message)
        self.booth_grid = QGridLayout()
        self.booth_grid.setHorizontalSpacing(8)
        self.booth_grid.setColumnStretch(4, 1)
        v.addLayout(self.booth_grid)
        self.booth_rows: list[tuple[str, str, str, float]] = []  # light, hex A, hex B, ΔE
        return box

    # -- data ------------------------------------------------------------------------------
    @property
    def catalog(self) -> Any:
        return self.window_.build.catalog

    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(j.candidate for j in self.judgements)

    def refresh(self) -> None:
        """Read the library again, judge, filter, sort and fill the table."""
        keep = self.selected_codes()
        review = self.store.load()
        self.problems = review.problems
        everyone = judge(self.catalog, review.candidates, self.threshold, self.lang.code)
        wanted = self.filter.currentData() or "all"
        shown = [j for j in everyone if wanted == "all" or j.candidate.status.value == wanted]
        self.judgements = sort_judgements(shown, self.sort.currentData() or "hue")
        self._all = tuple(j.candidate for j in everyone)
        self._fill(keep)
        self.update_markers()
        if self.problems:
            self.status_line.setText("; ".join(self.problems))

    def _fill(self, keep: list[str]) -> None:
        t = self.table
        t.blockSignals(True)
        t.clearSelection()
        t.setRowCount(len(self.judgements))
        code = self.lang.code
        for r, j in enumerate(self.judgements):
            c = j.candidate
            L, a, b = c.lab
            last = c.notes[-1].text if c.notes else ""
            texts = [
                "",
                c.code,
                c.supplier,
                f"{c.name.en} · {c.name.zh}",
                c.hex,
                f"{L:.1f}, {a:.1f}, {b:.1f}",
                j.nearest.name.get(code) if j.nearest else "",
                f"{j.delta_e:.2f}" if j.delta_e is not None else "",
                self.lang.tr(f"review.status.{c.status.value}"),
                f"({len(c.notes)}) {last}" if c.notes else "",
            ]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.code)
                t.setItem(r, col, item)
            t.item(r, 0).setIcon(_swatch(c.hex))
            if j.warning:
                for col in (6, 7):
                    t.item(r, col).setForeground(QBrush(QColor(theme.DANGER)))
                    t.item(r, col).setToolTip(j.warning)
            if c.code in keep:
                self._add_row(r)
        t.blockSignals(False)
        self._on_selection()

    def _add_row(self, r: int) -> None:
        sel = self.table.selectionModel()
        index = self.table.model().index(r, 0)
        sel.select(index, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def row_codes(self) -> list[str]:
        """The codes in the table's order (the filter and sort applied)."""
        return [j.candidate.code for j in self.judgements]

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 1).text() for r in rows if self.table.item(r, 1)]

    def select(self, *codes: str) -> None:
        """Select the rows of ``codes`` (tests, scripts)."""
        self.table.clearSelection()
        for r, code in enumerate(self.row_codes()):
            if code in codes:
                self._add_row(r)

    def current(self) -> Candidate | None:
        codes = self.selected_codes()
        return next(
            (j.candidate for j in self.judgements if codes and j.candidate.code == codes[0]), None
        )

    def judgement(self, code: str) -> Judgement | None:
        return next((j for j in self.judgements if j.candidate.code == code), None)

    # -- the candidate in focus --------------------------------------------------------------
    def _on_selection(self) -> None:
        c = self.current()
        for w in (*self.status_buttons.values(), self.approve_button, self.note_button):
            w.setEnabled(c is not None and c.status is not Status.APPROVED)
        self.note_button.setEnabled(c is not None)
        self.show_button.setEnabled(c is not None)
        n = len(self.selected_codes())
        self.grid_button.setEnabled(n >= 1)
        self.board_button.setEnabled(n >= 1)
        self._enable_pin()
        self.notes.blockSignals(True)
        self.notes.clear()
        self.shown_notes = list(c.notes) if c is not None else []
        if c is None:
            self.notes.blockSignals(False)
            self.title.setText(self.lang.tr("review.none_selected"))
            self._fill_booth_choices(None)
            return
        who = f" · {c.decided_by} {c.decided_at:%Y-%m-%d %H:%M}" if c.decided_at else ""
        j = self.judgement(c.code)
        warn = f"\n⚠ {j.warning}" if j and j.warning else ""
        status = self.lang.tr(f"review.status.{c.status.value}")
        self.title.setText(f"{c.code} · {c.name.get(self.lang.code)} · {status}{who}{warn}")
        for n, note in enumerate(c.notes, 1):
            where = f" · ● {note.part or '?'}" if note.pinned else ""
            self.notes.addItem(
                f"{n}. {note.author} · {note.when:%Y-%m-%d %H:%M}{where} — {note.text}"
            )
        self.notes.blockSignals(False)
        self._fill_booth_choices(c)

    def _fill_booth_choices(self, c: Candidate | None) -> None:
        """The other measured candidates, nearest in D65 first."""
        self.booth_other.blockSignals(True)
        self.booth_other.clear()
        if c is not None and c.spectrum is not None:
            others = [o for o in self._all if o.code != c.code and o.spectrum is not None]
            others.sort(key=lambda o: float(delta_e_2000(np.array(c.lab), np.array(o.lab))))
            for o in others:
                self.booth_other.addItem(f"{o.code} · {o.name.get(self.lang.code)}", o.code)
        self.booth_other.blockSignals(False)
        self._show_booth()

    def _show_booth(self) -> None:
        while self.booth_grid.count():
            item = self.booth_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.booth_rows = []
        c = self.current()
        other_code = self.booth_other.currentData()
        if c is None:
            self.booth_message.setText("")
            return
        if c.spectrum is None:
            self.booth_message.setText(self.lang.tr("review.booth_needs_spectrum"))
            return
        if other_code is None:
            self.booth_message.setText(self.lang.tr("review.booth_no_other"))
            return
        other = next(o for o in self._all if o.code == other_code)
        try:
            rows = booth(c.spectrum, other.spectrum)
        except BoothError as e:
            self.booth_message.setText(str(e))
            return
        self.booth_message.setText("")
        for r, row in enumerate(rows):
            a, b = _srgb_hex(row.srgb_a), _srgb_hex(row.srgb_b)
            self.booth_rows.append((row.illuminant, a, b, row.delta_e))
            name = QLabel(LABELS.get(row.illuminant, row.illuminant))
            patches = []
            for hex_ in (a, b):
                p = QLabel()
                p.setFixedSize(34, 18)
                p.setStyleSheet(f"background: {hex_}; border: 1px solid {theme.LINE};")
                patches.append(p)
            de = QLabel(f"ΔE {row.delta_e:.2f}")
            if row.delta_e > 1.0:
                de.setStyleSheet(f"color: {theme.DANGER};")
            for col, w in enumerate((name, *patches, de)):
                self.booth_grid.addWidget(w, r, col)

    # -- deciding -------------------------------------------------------------------------------
    def _store_call(self, call: Callable[[], Any]) -> Any:
        """Run a store change; a conflict or a refusal is a message and nothing changes."""
        try:
            return call()
        except (ConflictError, ValueError, OSError) as e:
            self.window_.show_message("msg.review_failed", str(e))
            return None
        finally:
            self.refresh()

    def set_status(self, status: Status) -> bool:
        c = self.current()
        if c is None:
            return False
        done = self._store_call(lambda: self.store.decide(c.code, status, revision=c.revision))
        return done is not None

    def add_note(self, text: str) -> bool:
        c = self.current()
        if c is None or not text.strip():
            return False
        done = self._store_call(lambda: self.store.add_note(c.code, text))
        if done is not None:
            self.note_edit.clear()
        return done is not None

    def approve(self, price: int) -> bool:
        """The candidate in focus becomes a library paint (``price``) in one step; the
        catalog is reloaded so that it is a tile at once."""
        c = self.current()
        if c is None:
            return False
        done = self._store_call(
            lambda: self.store.approve(
                c.code, price=price, revision=c.revision, catalog_root=self.catalog_root
            )
        )
        if done is None:
            return False
        self.reload_catalog()
        _, path = done
        self.status_line.setText(self.lang.tr("review.approved", code=c.code, path=str(path)))
        return True

    def reload_catalog(self) -> bool:
        ok = bool(self.window_.reload_catalog(self.catalog_root, self.store.library))
        self.refresh()
        return ok

    # -- notes pinned to the car ----------------------------------------------------------------
    @property
    def viewport(self) -> Any:
        return self.window_.viewport

    def _enable_pin(self) -> None:
        c = self.current()
        ok = c is not None and bool(self.note_edit.text().strip())
        self.pin_button.setEnabled(ok or self.pin_button.isChecked())

    def set_pinning(self, on: bool) -> None:
        """Pin mode: the candidate goes on the car and the next click on it pins the
        typed note there (the button, checked, says so; unchecking cancels)."""
        if on and (self.current() is None or not self.show_on_car()):
            on = False
        self.pin_button.blockSignals(True)
        self.pin_button.setChecked(on)
        self.pin_button.blockSignals(False)
        self.viewport.set_pinning(on)
        self.status_line.setText(self.lang.tr("review.pin_hint") if on else "")
        self._enable_pin()

    def _on_point_clicked(self, hit: Any) -> None:
        if not self.pin_button.isChecked():
            return
        if hit is None:
            self.status_line.setText(self.lang.tr("review.pin_missed"))
            return  # still pinning: try again
        point, part = hit
        self.pin_note(self.note_edit.text(), point, part.name)

    def pin_note(self, text: str, point: Any, part: str) -> bool:
        """Add ``text`` as a note pinned at ``point`` (vehicle frame, metres) on ``part``
        of the vehicle shown, to the candidate in focus; pin mode ends."""
        c = self.current()
        model = self.viewport.model
        self.set_pinning(False)
        if c is None or not text.strip() or model is None:
            return False
        done = self._store_call(
            lambda: self.store.add_note(c.code, text, point=point, part=part, vehicle=model.id)
        )
        if done is None:
            return False
        self.note_edit.clear()
        self.status_line.setText(self.lang.tr("review.pinned", n=len(done.notes), part=part))
        return True

    def shown_candidate(self) -> Candidate | None:
        """The candidate whose paint is on the car now, if any."""
        paint = self.window_.build.choices.get(PAINT_GROUP)
        return next((c for c in self._all if c.option_id == paint), None)

    def markers(self) -> list[tuple[int, Note]]:
        """(number in the notes list, note) of each marker due on the car now: the
        shown candidate's notes pinned on the vehicle shown."""
        c = self.shown_candidate()
        model = self.viewport.model
        if c is None or model is None or self.closed:
            return []
        return c.pinned_notes(model.id)

    def update_markers(self) -> None:
        due = self.markers()
        self.viewport.show_markers([note.point for _, note in due], [n for n, _ in due])

    def go_to_note(self, row: int) -> bool:
        """The note at ``row`` of the list: if pinned, the candidate goes on the car (on
        the note's vehicle only if shown), the camera moves to look at its point and its
        marker is highlighted."""
        if not 0 <= row < len(self.shown_notes) or not self.shown_notes[row].pinned:
            self.viewport.highlight_marker(None)
            return False
        c, note = self.current(), self.shown_notes[row]
        if c is None or (self.shown_candidate() != c and not self.show_on_car()):
            return False
        self.update_markers()
        numbers = [n for n, _ in self.markers()]
        if row + 1 not in numbers:  # pinned on another vehicle
            self.viewport.highlight_marker(None)
            return False
        self.viewport.look_at(note.point)
        self.viewport.highlight_marker(numbers.index(row + 1))
        return True

    def _follow(self, _change: Any) -> None:
        """Another paint or vehicle on the car: its markers, or none."""
        self.update_markers()

    # -- on the car, grid, board, import ------------------------------------------------------
    def show_on_car(self) -> bool:
        c = self.current()
        if c is None:
            return False
        oid = c.option_id
        if not any(o.id == oid for o in self.catalog.group(PAINT_GROUP).options):
            self.reload_catalog()  # imported by someone else since
        return bool(self.window_.pick(PAINT_GROUP, oid))

    def grid_compare(self) -> Any:
        codes = self.selected_codes()
        if not codes:
            return None
        by_code = {c.code: c for c in self._all}
        return self.open_grid([by_code[k].option_id for k in codes][:9], self._all)

    def board_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.lang.tr("review.board"), str(Path.home() / "review-board.pdf"),
            self.lang.tr("filter.board"),
        )  # fmt: skip
        if path:
            self.make_board(Path(path))

    def board_command(self, out: Path) -> list[str]:
        """``livery board`` for the selection, the page size and the window's view."""
        page = self.page.currentData() or "a4"
        return [
            "board",
            *self.selected_codes(),
            "--out",
            str(out),
            "--page",
            page,
            *self.board_args(),
        ]

    def make_board(self, out: Path) -> QProcess:
        """Run ``livery board`` in a process of its own (the window stays live); its
        library is this window's."""
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("LIVERY_LIBRARY", str(self.store.library))
        proc.setProcessEnvironment(env)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.finished.connect(lambda code, _status: self._board_done(proc, out, code))
        self.board_process = proc
        self.status_line.setText(self.lang.tr("review.board_running"))
        proc.start(sys.executable, ["-m", "livery", *self.board_command(out)])
        return proc

    def _board_done(self, proc: QProcess, out: Path, code: int) -> None:
        text = bytes(proc.readAll().data()).decode("utf-8", "replace").strip()
        if code == 0:
            self.last_board = out
            self.status_line.setText(self.lang.tr("review.board_done", path=str(out)))
        else:
            self.status_line.setText("")
            self.window_.show_message("msg.review_failed", text.splitlines()[-1] if text else "")

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.tr("action.import_candidates"), "", self.lang.tr("filter.candidates")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> tuple[int, list[str]]:
        """Import a CSV, JSON or CxF3 file into the library; (how many, the errors)."""
        from livery.catalog.candidate_import import import_candidates

        try:
            result = import_candidates(path, self.store, self.catalog)
        except (ValueError, OSError) as e:
            self.window_.show_message("msg.review_failed", str(e))
            return 0, [str(e)]
        self.reload_catalog()
        errors = list(result.errors)
        n = len(result.candidates)
        self.status_line.setText(self.lang.tr("review.imported", n=n, errors=len(errors)))
        if errors:
            self.window_.show_message("msg.import_errors", "\n".join(errors))
        return n, errors

    # -- labels, closing -----------------------------------------------------------------------
    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.setWindowTitle(f"{tr('review.title')} — {tr('app.title')}")
        self.filter_label.setText(tr("review.filter"))
        self.sort_label.setText(tr("review.sort"))
        for i in range(self.filter.count()):
            self.filter.setItemText(i, tr(f"review.status.{self.filter.itemData(i)}"))
        for i in range(self.sort.count()):
            self.sort.setItemText(i, tr(f"review.sort.{self.sort.itemData(i)}"))
        self.table.setHorizontalHeaderLabels([tr(f"review.col.{c}") for c in COLUMNS])
        self.import_button.setText(tr("action.import_candidates"))
        self.show_button.setText(tr("review.show_on_car"))
        self.grid_button.setText(tr("review.grid"))
        self.board_button.setText(tr("review.board"))
        self.status_buttons[Status.NEW].setText(tr("review.set.new"))
        self.status_buttons[Status.SHORTLISTED].setText(tr("review.set.shortlisted"))
        self.status_buttons[Status.REJECTED].setText(tr("review.set.rejected"))
        self.approve_button.setText(tr("review.approve"))
        self.price_label.setText(tr("review.price"))
        self.notes_title.setText(tr("review.notes").upper())
        self.note_button.setText(tr("review.add_note"))
        self.pin_button.setText(tr("review.pin"))
        self.pin_button.setToolTip(tr("review.pin_tip"))
        self.note_edit.setPlaceholderText(tr("review.note_hint"))
        self.booth_title.setText(tr("review.booth").upper())
        self.refresh()

    def shutdown(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.lang.unsubscribe(self._on_lang)
        with contextlib.suppress(RuntimeError, ValueError):  # the main window went first
            self.window_.build.unsubscribe(self._follow)
            self.viewport.point_clicked.disconnect(self._on_point_clicked)
            self.viewport.model_changed.disconnect(self._follow)
            self.viewport.set_pinning(False)
            self.viewport.show_markers([], [])
        p = self.board_process
        if p is not None and p.state() != QProcess.ProcessState.NotRunning:
            p.kill()
            p.waitForFinished(3000)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
