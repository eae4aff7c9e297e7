"""View > Display colour: the colour space of the designer's monitor.

sRGB (the default), Display P3, or the monitor's own ICC profile chosen as a file
(``livery.display``). The choice applies to the view and to exported pictures
(``Viewport.set_display``), is remembered in the settings and is checked again at
start-up: a profile that has gone or broken falls back to sRGB with a message.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QFileDialog

from livery import display

log = logging.getLogger(__name__)

KEY = "display/space"


class DisplayMenu:
    """The menu's actions on ``window`` and the remembered choice."""

    def __init__(self, window: Any) -> None:
        self.window = window
        acts = window.action_registry
        acts.add_menu("menu.display", parent="menu.view", section="display")
        acts.add(
            "display.srgb",
            lambda: self.choose(display.SRGB),
            menu="menu.display",
            exclusive="display",
        )
        acts.add(
            "display.p3",
            lambda: self.choose(display.DISPLAY_P3),
            menu="menu.display",
            exclusive="display",
        )
        acts.add("display.profile", self.choose_profile, menu="menu.display", exclusive="display")
        self._actions = {
            display.SRGB: acts["display.srgb"],
            display.DISPLAY_P3: acts["display.p3"],
        }
        remembered = str(window.settings.q.value(KEY, display.SRGB)) if window.remember else ""
        self.choose(remembered or display.SRGB, remember=False)

    def choose(self, spec: str, *, remember: bool = True) -> bool:
        """Show and export for ``spec``; a message and no change if it can't be used."""
        w = self.window
        try:
            w.viewport.set_display(spec)
        except display.DisplayError as e:
            w.show_message("msg.bad_display", str(e))
            spec = w.viewport.display
            ok = False
        else:
            ok = True
            if remember and w.remember:
                w.settings.q.setValue(KEY, spec)
        self._actions.get(spec, self.window.action_registry["display.profile"]).setChecked(True)
        return ok

    def choose_profile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.window.lang.tr("display.profile"),
            "",
            "ICC profiles (*.icc *.icm)",
        )
        if path:
            self.choose(path)
        else:
            self.choose(self.window.viewport.display, remember=False)
