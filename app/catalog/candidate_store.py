"""Candidates in the paint library: one file each, safe on a folder machines share.

``LIBRARY/candidates/CODE.toml`` holds one candidate (``livery.catalog.candidates``).
One file per candidate means two machines saving different candidates never touch
each other's file; each write is atomic (``livery.fileio.write_atomic``). Two people
editing the *same* candidate are told, not silently overwritten: every file carries a
``revision``, a save names the revision it started from, and a save over a newer one
raises ``ConflictError`` naming who saved it and when. The check and the write happen
under a lock file (``.CODE.lock``, created exclusively, taken over when older than
``STALE_LOCK_S``), so two saves can't both pass the check.

API (stable; the review UI builds on it)::

    store = CandidateStore(library)          # default: livery.userdirs.library_dir()
    store.load()        -> Review (candidates sorted by code, problems: files left out)
    store.get(code)     -> Candidate (latest on disk)
    store.add(candidate)            new file; refuses a code already in the library
    store.save(candidate, by=None)  write; ConflictError if the file moved on since
                                    ``candidate.revision`` was read
    store.update(code, change, by=None)  read the latest, apply ``change``, save (for
                                    additive edits such as notes, which can't conflict)
    store.decide(code, status, by=None, note=None, revision=None)
    store.add_note(code, text, by=None, point=None, part=None, vehicle=None)
                                    (a point pins it on the car: vehicle frame, metres)
    store.approve(code, price=..., paint_code=None, paint_id=None, by=None,
                  revision=None, catalog_root=DEFAULT_CATALOG) -> (Candidate, paint file)
    current_user() -> the OS user (who = that unless given)

``approve`` makes the candidate a library paint in one step through the paint editor's
save path (``paint_design.save_option``: checked against a copy of the catalog and the
library, written atomically); by default the paint keeps the candidate's share-code
number, so builds and pictures made during the review still open as that paint.

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

import getpass
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from livery import userdirs
from livery.catalog.candidates import (
    Candidate,
    Note,
    Status,
    candidate_from_toml,
    candidate_toml,
)
from livery.catalog.loader import DEFAULT_CATALOG, MAX_OPTION_CODE
from livery.fileio import write_atomic
from livery.slugs import slugify

FOLDER = "candidates"
STALE_LOCK_S = 30.0
LOCK_WAIT_S = 20.0  # a busy shared folder (network, slow disk) may hold it a while


class ConflictError(ValueError):
    """Someone else saved this candidate since it was read; the message says who and when."""


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container, a service account)
        return "unknown"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Review:
    """Every candidate in a library, and the files that could not be read (with why)."""

    candidates: tuple[Candidate, ...]
    problems: tuple[str, ...] = ()

    def by_code(self, code: str) -> Candidate:
        for c in self.candidates:
            if c.code == code or c.option_id == code:
                return c
        raise KeyError(f"no candidate {code!r}")

    def with_status(self, *statuses: Status) -> list[Candidate]:
        return [c for c in self.candidates if c.status in statuses]


def free_option_code(code: str, taken: Iterable[int]) -> int:
    """A share-code number for a candidate's option: fixed by its code (so two machines
    importing different candidates at once rarely pick the same), the next free one
    from there in the upper half, else any free one."""
    used = set(taken)
    half = (MAX_OPTION_CODE + 1) // 2
    start = zlib.crc32(code.encode("utf-8")) % half
    for i in range(half):
        c = half + (start + i) % half
        if c not in used:
            return c
    for c in range(MAX_OPTION_CODE + 1):
        if c not in used:
            return c
    raise ValueError("every paint share-code number is taken")


class CandidateStore:
    def __init__(self, library: Path | None = None) -> None:
        self.library = Path(library) if library is not None else userdirs.library_dir()
        self.folder = self.library / FOLDER

    def path(self, code: str) -> Path:
        return self.folder / f"{slugify(code, 'candidate')}.toml"

    # -- reading ---------------------------------------------------------------------------
    def _read(self, path: Path) -> Candidate:
        return candidate_from_toml(path.read_text(encoding="utf-8"), path)

    def load(self) -> Review:
        found, problems = [], []
        if self.folder.is_dir():
            for p in sorted(self.folder.glob("*.toml")):
                try:
                    found.append(self._read(p))
                except (OSError, ValueError, KeyError, TypeError) as e:
                    problems.append(f"{p}: {e}")
        return Review(tuple(sorted(found, key=lambda c: c.code)), tuple(problems))

    def get(self, code: str) -> Candidate:
        path = self.path(code)
        if not path.is_file():
            raise KeyError(f"no candidate {code!r} in {self.folder}")
        return self._read(path)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self, code: str) -> Iterator[None]:
        lock = self.folder / f".{self.path(code).stem}.lock"
        self.folder.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    stale = time.time() - lock.stat().st_mtime > STALE_LOCK_S
                except FileNotFoundError:
                    continue
                if stale:
                    lock.unlink(missing_ok=True)
                    continue
                if time.monotonic() > deadline:
                    raise ConflictError(
                        f"{self.path(code)}: being saved by someone else ({lock}); try again"
                    ) from None
                time.sleep(0.05)
                continue
            break
        try:
            os.write(fd, f"{current_user()} {os.getpid()}\n".encode())
            os.close(fd)
            yield
        finally:
            lock.unlink(missing_ok=True)

    def _write(self, candidate: Candidate, by: str | None) -> Candidate:
        saved = candidate.with_(
            revision=candidate.revision + 1,
            saved_by=by or current_user(),
            saved_at=now(),
            path=self.path(candidate.code),
        )
        write_atomic(saved.path, candidate_toml(saved))  # type: ignore[arg-type]
        return saved

    def _check(self, candidate: Candidate, revision: int | None = None) -> None:
        path = self.path(candidate.code)
        expected = candidate.revision if revision is None else revision
        if not path.is_file():
            if expected:
                raise ConflictError(f"{path}: deleted by someone else since you opened it")
            return
        on_disk = self._read(path)
        if on_disk.revision != expected:
            raise ConflictError(
                f"{path}: {candidate.code} was changed by {on_disk.saved_by or 'someone'} at "
                f"{on_disk.saved_at:%Y-%m-%d %H:%M} UTC (revision {on_disk.revision}, you "
                f"have {expected}); reload it and apply your change again"
            )

    def add(self, candidate: Candidate, by: str | None = None) -> Candidate:
        """Store a new candidate; ConflictError if its code is already in the library."""
        with self._locked(candidate.code):
            path = self.path(candidate.code)
            if path.exists():
                raise ConflictError(f"{path}: candidate {candidate.code} is already in the library")
            return self._write(candidate.with_(revision=0), by)

    def save(self, candidate: Candidate, by: str | None = None) -> Candidate:
        """Write ``candidate`` over the revision it was read at (ConflictError if it moved on)."""
        with self._locked(candidate.code):
            self._check(candidate)
            return self._write(candidate, by)

    def update(
        self, code: str, change: Callable[[Candidate], Candidate], by: str | None = None
    ) -> Candidate:
        """Apply ``change`` to the latest saved candidate and save it, under the lock."""
        with self._locked(code):
            return self._write(change(self.get(code)), by)

    # -- deciding --------------------------------------------------------------------------
    def decide(
        self,
        code: str,
        status: Status,
        *,
        by: str | None = None,
        note: str | None = None,
        revision: int | None = None,
    ) -> Candidate:
        """Set the status (who and when recorded); ``revision``: fail if it moved on since."""
        who = by or current_user()
        if status is Status.APPROVED:
            raise ValueError("approving makes a paint: use approve (with its price)")

        def change(c: Candidate) -> Candidate:
            if revision is not None:
                self._check(c, revision)
            if c.status is Status.APPROVED:
                raise ValueError(f"{c.code} is approved: it is the library paint {c.paint_id}")
            notes = c.notes + ((Note(note, who, now()),) if note else ())
            return c.with_(status=status, decided_by=who, decided_at=now(), notes=notes)

        return self.update(code, change, by=who)

    def add_note(
        self,
        code: str,
        text: str,
        *,
        by: str | None = None,
        point: tuple[float, float, float] | None = None,
        part: str | None = None,
        vehicle: str | None = None,
    ) -> Candidate:
        """Add a note with who and when; ``point`` pins it to the car (on ``part`` of
        ``vehicle``). A bad point is a ValueError naming it, and nothing is saved."""
        if not text.strip():
            raise ValueError("a note needs some text")
        who = by or current_user()
        note = Note(text.strip(), who, now(), point, part, vehicle)
        return self.update(code, lambda c: c.with_(notes=(*c.notes, note)), by=who)

    def approve(
        self,
        code: str,
        *,
        price: int,
        paint_code: int | None = None,
        paint_id: str | None = None,
        by: str | None = None,
        revision: int | None = None,
        catalog_root: Path = DEFAULT_CATALOG,
    ) -> tuple[Candidate, Path]:
        """Make the candidate a library paint (price, share-code number, id) in one step.

        The paint is written by the paint editor's save path, checked against the catalog
        and the library first; if it can't be saved the candidate is left as it was.
        """
        from livery.catalog.loader import load_catalog
        from livery.catalog.paint_design import PaintOption, free_id, save_option

        who = by or current_user()
        with self._locked(code):
            current = self.get(code)
            if revision is not None:
                self._check(current, revision)
            if current.status is Status.APPROVED:
                raise ValueError(f"{current.code} is already the library paint {current.paint_id}")
            path = self.path(current.code)
            before = path.read_text(encoding="utf-8")
            catalog = load_catalog(catalog_root, library=self.library)
            pid = paint_id or free_id(catalog, "paint", current.name.en)
            option = PaintOption(
                id=pid,
                name_en=current.name.en,
                name_zh=current.name.zh,
                code=current.option_code if paint_code is None else paint_code,
                price=price,
                finish=current.finish,
                custom=False,
                description_en=f"{current.code} ({current.supplier})",
                description_zh=f"{current.code}（{current.supplier}）",
            )
            problems = option.problems()
            if problems:
                raise ValueError("; ".join(problems))
            approved = self._write(
                current.with_(
                    status=Status.APPROVED, paint_id=pid, decided_by=who, decided_at=now()
                ),
                who,
            )
            try:
                paint = save_option(catalog_root, option, library=self.library)
            except BaseException:
                write_atomic(path, before)
                raise
            return approved, paint
