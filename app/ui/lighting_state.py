"""The app's current lighting as a small observable model (no Qt, no VTK).

The lighting panel edits it; the viewports (main, A/B) observe it and light their
Stage with its value (a scene ``Lighting``); the settings remember it.

A locked review (``set_locked``) keeps the tone mapping and exposure at the review look
(``Lighting.for_review``) whatever is asked, so two designers judging a paint on two
machines see the same rendering of it; the environment and its rotation stay free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from livery.scene.looks import Lighting


class LightingModel:
    """The current Lighting; calls subscribers with the new value on each change."""

    def __init__(self, lighting: Lighting | None = None, *, locked: bool = False) -> None:
        self._locked = locked
        self._value = self._allowed((lighting or Lighting()).valid())
        self._subscribers: list[Callable[[Lighting], None]] = []

    @property
    def value(self) -> Lighting:
        return self._value

    @property
    def locked(self) -> bool:
        return self._locked

    def set_locked(self, on: bool) -> Lighting:
        """Lock (or free) the tone mapping and exposure at the review look."""
        self._locked = on
        return self.set()

    def _allowed(self, lighting: Lighting) -> Lighting:
        return lighting.for_review() if self._locked else lighting

    def set(self, **changes: object) -> Lighting:
        new = self._allowed(replace(self._value, **changes))  # type: ignore[arg-type]
        if new != self._value:
            self._value = new
            for cb in list(self._subscribers):
                cb(new)
        elif not changes:
            for cb in list(self._subscribers):  # the lock changed: controls follow
                cb(new)
        return new

    def subscribe(self, callback: Callable[[Lighting], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[Lighting], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)
