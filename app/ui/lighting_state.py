"""The app's current lighting as a small observable model (no Qt, no VTK).

The lighting panel edits it; the viewports (main, A/B) observe it and light their
Stage with its value (a scene ``Lighting``); the settings remember it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from livery.scene.looks import Lighting


class LightingModel:
    """The current Lighting; calls subscribers with the new value on each change."""

    def __init__(self, lighting: Lighting | None = None) -> None:
        self._value = (lighting or Lighting()).valid()
        self._subscribers: list[Callable[[Lighting], None]] = []

    @property
    def value(self) -> Lighting:
        return self._value

    def set(self, **changes: object) -> Lighting:
        new = replace(self._value, **changes)  # type: ignore[arg-type]
        if new != self._value:
            self._value = new
            for cb in list(self._subscribers):
                cb(new)
        return new

    def subscribe(self, callback: Callable[[Lighting], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[Lighting], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)
