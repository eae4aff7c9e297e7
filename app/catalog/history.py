"""Undo and redo over builds: a plain-Python stack of BuildState.

A ``BuildSession`` records the state *before* each user action (a pick, a reset, a
vehicle switch, a loaded code). Undo restores the previous state and pushes the
current one onto the redo stack.
"""

from __future__ import annotations

from livery.catalog.build import BuildState


class History:
    def __init__(self, limit: int = 200) -> None:
        self._undo: list[BuildState] = []
        self._redo: list[BuildState] = []
        self._limit = limit

    def record(self, before: BuildState) -> None:
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

    def undo(self, current: BuildState) -> BuildState | None:
        if not self._undo:
            return None
        self._redo.append(current)
        return self._undo.pop()

    def redo(self, current: BuildState) -> BuildState | None:
        if not self._redo:
            return None
        self._undo.append(current)
        return self._redo.pop()
