"""What the app remembers between runs, in QSettings.

Window geometry and state, language, the last build (as a share code, which
survives catalog additions), recent build and vehicle files and the attract-mode idle time.
Values read back are validated: a damaged settings file never stops the app.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
DEFAULT_IDLE_S = 60
VEHICLES_KEY = "vehicles/recent"


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings("LiveryStudio", "Livery Studio")

    # -- window --------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        v = self.q.value("window/geometry")
        return v if isinstance(v, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        v = self.q.value("window/state")
        return v if isinstance(v, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    # -- language ------------------------------------------------------------------
    def language(self) -> str | None:
        v = self.q.value("language")
        return v if v in ("en", "zh") else None

    def set_language(self, lang: str) -> None:
        self.q.setValue("language", lang)

    # -- builds --------------------------------------------------------------------
    def last_build(self) -> str | None:
        v = self.q.value("build/last")
        return v if isinstance(v, str) and v else None

    def set_last_build(self, share_code: str) -> None:
        self.q.setValue("build/last", share_code)

    def recent(self, key: str = "build/recent") -> list[str]:
        v = self.q.value(key)
        if isinstance(v, str):
            v = [v]
        return [p for p in v if isinstance(p, str)] if isinstance(v, list) else []

    def add_recent(self, path: str, key: str = "build/recent") -> list[str]:
        items = [path] + [p for p in self.recent(key) if p != path]
        items = items[:MAX_RECENT]
        self.q.setValue(key, items)
        return items

    def remove_recent(self, path: str, key: str = "build/recent") -> list[str]:
        items = [p for p in self.recent(key) if p != path]
        self.q.setValue(key, items)
        return items

    # -- vehicle files -------------------------------------------------------------
    def recent_vehicles(self) -> list[str]:
        return self.recent(VEHICLES_KEY)

    def add_recent_vehicle(self, path: str) -> list[str]:
        return self.add_recent(path, VEHICLES_KEY)

    def remove_recent_vehicle(self, path: str) -> list[str]:
        return self.remove_recent(path, VEHICLES_KEY)

    # -- presentation --------------------------------------------------------------
    def share_link(self) -> str | None:
        """The centre's share link pattern with ``{code}`` (None: QR codes hold the code)."""
        value = self.q.value("share/link", "")
        return str(value) if value else None

    def set_share_link(self, pattern: str | None) -> None:
        self.q.setValue("share/link", pattern or "")

    def idle_seconds(self) -> int:
        try:
            v = int(self.q.value("presentation/idle_seconds", DEFAULT_IDLE_S))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_S
        return max(5, min(v, 3600))

    def set_idle_seconds(self, seconds: int) -> None:
        self.q.setValue("presentation/idle_seconds", max(5, min(int(seconds), 3600)))

    def presentation_full_screen(self) -> bool:
        """Presentation mode takes the whole screen (off: it stays in the window)."""
        return str(self.q.value("presentation/full_screen", "true")).lower() != "false"

    def set_presentation_full_screen(self, on: bool) -> None:
        self.q.setValue("presentation/full_screen", "true" if on else "false")

    def sync(self) -> None:
        self.q.sync()
