"""What survives a crash or a power cut: the build, the paint candidate and the session.

A running app keeps one snapshot file in the recovery folder
(``userdirs.state_dir() / "recovery"``), named by its process id and rewritten
atomically (``fileio.write_atomic``) whenever something changed, so that a power cut
leaves the previous whole snapshot or the new one, never half of either. A clean exit
removes it. A snapshot whose process is gone (``orphans``) is what a crash left: the
next start offers to restore it, and restoring or discarding removes it.

The snapshot holds the build (as a build file does), the candidate finishes the paint
editor made (every parameter, colours as typed: CIELAB stays CIELAB), the vehicle file
on show, if any, and the lighting. It is read back like any file from outside:
validated, with ``RecoveryError`` naming the file and the problem.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livery.catalog.build import FORMAT as BUILD_FORMAT
from livery.catalog.build import FORMAT_VERSION as BUILD_VERSION
from livery.catalog.build import Build, BuildError, BuildState, state_from_json
from livery.catalog.finish import Finish, finish_table, parse_finish
from livery.catalog.model import Catalog
from livery.fileio import write_atomic
from livery.slots import Slot

FORMAT = "livery-recovery"
VERSION = 1
#: A snapshot is a few kilobytes; anything much larger is not one.
MAX_BYTES = 1 << 20


class RecoveryError(ValueError):
    """A snapshot that can't be restored (names the file and the problem)."""


@dataclass(frozen=True)
class Snapshot:
    """One running app's state, as it would be restored."""

    state: BuildState
    #: The paint editor's candidates: slot -> the finish being designed.
    candidates: Mapping[Slot, Finish] = field(default_factory=dict)
    #: The vehicle file on show (None: a catalog car).
    vehicle_file: str | None = None
    #: The lighting as ``{"environment", "tone", "exposure"}`` (None: the default).
    lighting: Mapping[str, Any] | None = None
    saved_at: float = 0.0

    @staticmethod
    def of(
        build: Build,
        *,
        vehicle_file: str | None = None,
        lighting: Mapping[str, Any] | None = None,
    ) -> Snapshot:
        return Snapshot(build.state(), dict(build.overrides), vehicle_file, lighting, time.time())

    def to_json(self) -> str:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "saved_at": self.saved_at,
            "build": {
                "format": BUILD_FORMAT,
                "version": BUILD_VERSION,
                "vehicle": self.state.vehicle,
                "choices": dict(self.state.choices),
            },
            "candidates": {s.value: finish_table(f) for s, f in self.candidates.items()},
            "vehicle_file": self.vehicle_file,
            "lighting": dict(self.lighting) if self.lighting is not None else None,
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def same_work(self, other: Snapshot | None) -> bool:
        """Whether ``other`` holds the same work (the time it was taken aside)."""
        return other is not None and (
            self.state,
            dict(self.candidates),
            self.vehicle_file,
            self.lighting,
        ) == (other.state, dict(other.candidates), other.vehicle_file, other.lighting)


def folder(state_dir: Path) -> Path:
    return state_dir / "recovery"


def path_for(state_dir: Path, pid: int | None = None) -> Path:
    """This process's snapshot file."""
    return folder(state_dir) / f"session-{os.getpid() if pid is None else pid}.json"


def write(path: Path, snapshot: Snapshot) -> Path:
    return write_atomic(path, snapshot.to_json())


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return False
    return True


def orphans(state_dir: Path) -> list[Path]:
    """Snapshots left by apps that are no longer running, newest first."""
    found: list[tuple[float, Path]] = []
    try:
        entries = list(folder(state_dir).glob("session-*.json"))
    except OSError:
        return []
    for p in entries:
        try:
            pid = int(p.stem.removeprefix("session-"))
        except ValueError:
            continue
        if _alive(pid):
            continue
        try:
            found.append((p.stat().st_mtime, p))
        except OSError:
            continue
    return [p for _, p in sorted(found, reverse=True)]


def read(path: Path, catalog: Catalog) -> Snapshot:
    """The snapshot in ``path``, checked against ``catalog``; RecoveryError if it can't
    be restored."""
    try:
        if not path.is_file():
            raise RecoveryError(f"{path}: not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise RecoveryError(f"{path}: too large for a session snapshot")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise RecoveryError(f"{path}: can't be read ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RecoveryError(f"{path}: not a Livery Studio session snapshot")
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool):
        raise RecoveryError(f"{path}: snapshot version {doc.get('version')!r} is not {VERSION}")
    try:
        state = state_from_json(catalog, json.dumps(doc.get("build")))
    except BuildError as e:
        raise RecoveryError(f"{path}: {e}") from None
    candidates: dict[Slot, Finish] = {}
    raw = doc.get("candidates") or {}
    if not isinstance(raw, dict):
        raise RecoveryError(f"{path}: 'candidates' must be a table")
    for key, table in raw.items():
        try:
            candidates[Slot(key)] = parse_finish(table)
        except ValueError as e:
            raise RecoveryError(f"{path}: candidate for {key!r}: {e}") from None
    vehicle_file = doc.get("vehicle_file")
    if vehicle_file is not None and not isinstance(vehicle_file, str):
        raise RecoveryError(f"{path}: 'vehicle_file' must be a path")
    lighting = doc.get("lighting")
    if lighting is not None and not isinstance(lighting, dict):
        raise RecoveryError(f"{path}: 'lighting' must be a table")
    saved = doc.get("saved_at", 0.0)
    if isinstance(saved, bool) or not isinstance(saved, int | float):
        raise RecoveryError(f"{path}: 'saved_at' must be a time")
    return Snapshot(state, candidates, vehicle_file, lighting, float(saved))


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
