"""How the scene is lit and tone-mapped, as a small observable model (no Qt, no VTK).

The lighting panel edits it; the viewports (main, A/B) observe it and pass it to
their Stage (``set_environment``, ``set_tone_mapping``); the settings remember it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

#: Named environments offered in the UI, in menu order (``livery.scene.skies.NAMES``
#: without the calibration furnace).
ENVIRONMENTS = ("studio", "showroom", "overcast", "sunset", "night")
TONES = ("neutral", "aces", "off")
#: Exposure as photographic stops either side of 1x.
EV_MIN, EV_MAX = -3.0, 3.0


def is_file_environment(name: str) -> bool:
    return Path(name).suffix.lower() in (".hdr", ".exr")


@dataclass(frozen=True)
class Lighting:
    environment: str = "studio"  # a name in ENVIRONMENTS or a .hdr/.exr path
    tone: str = "neutral"
    exposure: float = 1.0  # radiance multiplier before tone mapping

    @property
    def ev(self) -> float:
        return math.log2(self.exposure)

    @staticmethod
    def exposure_of(ev: float) -> float:
        return float(2.0 ** min(max(ev, EV_MIN), EV_MAX))

    def valid(self) -> Lighting:
        """The same lighting with anything unusable replaced by the default
        (a damaged settings file, a user file that has gone)."""
        env = self.environment
        if env not in ENVIRONMENTS and not (is_file_environment(env) and Path(env).is_file()):
            env = "studio"
        tone = self.tone if self.tone in TONES else "neutral"
        try:
            exposure = Lighting.exposure_of(math.log2(float(self.exposure)))
        except (TypeError, ValueError):
            exposure = 1.0
        return Lighting(env, tone, exposure)


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
