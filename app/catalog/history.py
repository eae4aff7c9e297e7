"""Undo and redo over builds: a plain-Python stack of snapshots.

A ``BuildSession`` records the snapshot *before* each user action (a pick, a reset, a
vehicle switch, a loaded code, an edit in the paint editor). Undo restores the
previous snapshot and pushes the current one onto the redo stack. The stack holds
whatever the session snapshots (``BuildState``, or a state with its candidate paints).
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    def __init__(self, limit: int = 200) -> None:
        self._undo: list[T] = []
        self._redo: list[T] = []
        self._limit = limit

    def record(self, before: T) -> None:
        """Remember ``before`` as the state a new action leaves; clears redo."""
        if self._undo and self._undo[-1] == before:
            return
        self._undo.append(before)
        del self._undo[: -self._limit]
        self._redo.clear()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, current: T) -> T | None:
        if not self._undo:
            return None
        self._redo.append(current)
        return self._undo.pop()

    def redo(self, current: T) -> T | None:
        if not self._redo:
            return None
        self._undo.append(current)
        return self._redo.pop()
