"""The window's commands in one table: id, label, shortcut and place in the menus.

An action's id is also the i18n key of its label (``action.undo``). Its place is a
menu (an i18n key too: ``menu.file``) and a section of that menu: sections are kept
in the order they first appear, with a line between them, so an action registered
later (a tool's) lands next to its kind. The window declares its menus and actions
here and builds nothing by hand; ``designer_tools`` registers its own the same way.
Every action is also added to the window, so its shortcut works with the menu bar
hidden (presentation mode).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from livery.ui.i18n import Language

Shortcut = str | QKeySequence.StandardKey | None


@dataclass
class _Section:
    name: str
    separator: QAction | None  # the line above it (None for a menu's first section)


class ActionRegistry:
    """The window's actions and menus, by id."""

    def __init__(self, window: QMainWindow, lang: Language) -> None:
        self._window = window
        self._lang = lang
        self._actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}
        self._sections: dict[str, list[_Section]] = {}
        self._groups: dict[str, QActionGroup] = {}

    # -- reading ---------------------------------------------------------------------
    def __getitem__(self, key: str) -> QAction:
        return self._actions[key]

    def __contains__(self, key: str) -> bool:
        return key in self._actions

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    # -- declaring -------------------------------------------------------------------
    def add_menu(
        self, key: str, *, before: str | None = None, parent: str | None = None, section: str = ""
    ) -> QMenu:
        """A menu titled ``key``: in the menu bar (before the menu ``before``, else last)
        or, with ``parent``, a submenu in that menu's ``section``."""
        if parent is None:
            bar = self._window.menuBar()
            menu = QMenu(bar)
            if before is not None:
                bar.insertMenu(self._menus[before].menuAction(), menu)
            else:
                bar.addMenu(menu)
        else:
            menu = QMenu(self._menus[parent])
            self._place(parent, section, menu.menuAction())
        menu.setObjectName(key)
        menu.setTitle(self._lang.tr(key))
        self._menus[key] = menu
        return menu

    def add(
        self,
        key: str,
        slot: Callable[..., Any],
        *,
        menu: str | None = None,
        section: str = "",
        shortcut: Shortcut = None,
        checkable: bool = False,
        exclusive: str | None = None,
        app_wide: bool = True,
    ) -> QAction:
        """The action ``key`` calling ``slot``: with the new state if ``checkable``, with
        nothing otherwise. ``exclusive`` names a group of checkable actions of which one
        is checked (the language). ``app_wide``: the shortcut works in every window of
        the app (the compare window too), not only this one."""
        a = QAction(self._window)
        a.setObjectName(key)
        a.setText(self._lang.tr(key))
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
            if app_wide:
                a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if checkable:
            a.setCheckable(True)
            a.toggled.connect(lambda on, s=slot: s(on))
        else:
            a.triggered.connect(lambda _=False, s=slot: s())
        if exclusive is not None:
            a.setCheckable(True)
            if exclusive not in self._groups:
                self._groups[exclusive] = QActionGroup(self._window)
            self._groups[exclusive].addAction(a)
        self._actions[key] = a
        self._window.addAction(a)
        if menu is not None:
            self._place(menu, section, a)
        return a

    def _place(self, menu_key: str, section: str, item: QAction) -> None:
        """Put ``item`` at the end of ``section`` (a new section goes last, under a line)."""
        menu, sections = self._menus[menu_key], self._sections.setdefault(menu_key, [])
        i = next((i for i, s in enumerate(sections) if s.name == section), None)
        if i is None:
            sections.append(_Section(section, menu.addSeparator() if sections else None))
            i = len(sections) - 1
        following = sections[i + 1].separator if i + 1 < len(sections) else None
        menu.insertAction(following, item)  # type: ignore[arg-type]  # None: append

    # -- language --------------------------------------------------------------------
    def relabel(self) -> None:
        tr = self._lang.tr
        for key, menu in self._menus.items():
            menu.setTitle(tr(key))
        for key, a in self._actions.items():
            a.setText(tr(key))
