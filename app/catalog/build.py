"""The Build: a vehicle plus one choice per option group, kept valid against the rules.

A Build is observable: every change calls the subscribers with a BuildChange that
says which groups and slots changed, so a renderer updates only those.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from livery import pngfile
from livery.catalog import sharecode
from livery.catalog.finish import Finish
from livery.catalog.model import Catalog, Option, Vehicle
from livery.fileio import InputFileError, check_regular, read_capped
from livery.slots import Slot

FORMAT = "livery-build"
FORMAT_VERSION = 1
#: Limits (README "Hostile input"): a build file is a few hundred bytes of JSON; a
#: picture is read only for its text chunks (PIL caps those), but must be a regular file.
MAX_FILE_BYTES = 1 << 20
MAX_PICTURE_BYTES = 1 << 30


class BuildError(ValueError):
    """A choice or a build file that can't be applied; the message is for a person."""


@dataclass(frozen=True)
class BuildChange:
    vehicle_changed: bool = False
    groups: frozenset[str] = frozenset()
    slots: frozenset[Slot] = frozenset()
    #: The catalog was replaced (``Build.set_catalog``): what was derived from it is stale.
    catalog_changed: bool = False

    def __bool__(self) -> bool:
        return self.vehicle_changed or bool(self.groups) or bool(self.slots) or self.catalog_changed


@dataclass(frozen=True)
class BuildState:
    """An immutable snapshot of a build (for undo, files and share codes)."""

    vehicle: str
    choices: Mapping[str, str] = field(default_factory=dict)


class Build:
    def __init__(
        self, catalog: Catalog, vehicle_id: str, choices: Mapping[str, str] | None = None
    ) -> None:
        self.catalog = catalog
        self._vehicle, self._choices = self._resolve(vehicle_id, choices or {})
        self._subscribers: list[Callable[[BuildChange], None]] = []
        #: Session finishes over the chosen options' (a paint candidate under review).
        self._overrides: dict[Slot, Finish] = {}

    # -- reading -----------------------------------------------------------------
    @property
    def vehicle(self) -> Vehicle:
        return self.catalog.vehicle(self._vehicle)

    @property
    def choices(self) -> Mapping[str, str]:
        return MappingProxyType(self._choices)

    def state(self) -> BuildState:
        return BuildState(self._vehicle, dict(self._choices))

    def option(self, group_id: str) -> Option:
        return self.catalog.option(group_id, self._choices[group_id])

    def finishes(self) -> dict[Slot, Finish | None]:
        """The finish of every slot; None means the slot is hidden (e.g. no decal)."""
        out: dict[Slot, Finish | None] = dict(self.catalog.fixed)
        for g in self.catalog.groups:
            option = g.option(self._choices[g.id])
            for slot in g.slots:
                out[slot] = option.finishes.get(slot)
        out.update(self._overrides)
        return out

    @property
    def overrides(self) -> Mapping[Slot, Finish]:
        """Finishes shown instead of the chosen option's on some slots (session only)."""
        return MappingProxyType(self._overrides)

    def total_price(self) -> int:
        return self.vehicle.base_price + sum(self.option(g.id).price for g in self.catalog.groups)

    def why_not(self, group_id: str, option_id: str) -> str | None:
        """English reason why an option can't be picked now (None: it can)."""
        reason = self.catalog.why_not(self._vehicle, self._choices, group_id, option_id)
        return reason.en if reason else None

    # -- changing ----------------------------------------------------------------
    def subscribe(self, callback: Callable[[BuildChange], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[BuildChange], None]) -> None:
        self._subscribers.remove(callback)

    def set_override(self, slot: Slot, finish: Finish | None) -> BuildChange:
        """Show ``finish`` on ``slot`` instead of its option's (None: back to the option's).

        A candidate paint under review: it is not part of the state, files or share
        codes, and picking another option for the slot's group drops it. Subscribers
        get a change naming the slot and no group, so a renderer updates that slot only.
        """
        slot = Slot(slot)
        if self._overrides.get(slot) == finish:
            return BuildChange()
        if finish is None:
            del self._overrides[slot]
        else:
            self._overrides[slot] = finish
        change = BuildChange(slots=frozenset({slot}))
        for callback in list(self._subscribers):
            callback(change)
        return change

    def clear_overrides(self) -> BuildChange:
        slots = frozenset(self._overrides)
        if not slots:
            return BuildChange()
        self._overrides.clear()
        change = BuildChange(slots=slots)
        for callback in list(self._subscribers):
            callback(change)
        return change

    def set(self, group_id: str, option_id: str) -> BuildChange:
        """Pick one option; raise BuildError (and change nothing) if it's not allowed."""
        try:
            self.catalog.option(group_id, option_id)
        except KeyError as e:
            raise BuildError(str(e.args[0])) from None
        reason = self.catalog.why_not(self._vehicle, self._choices, group_id, option_id)
        if reason is not None:
            name = self.catalog.option(group_id, option_id).name.en
            raise BuildError(f"{name} can't be chosen: {reason.en}")
        return self._assign(self._vehicle, {**self._choices, group_id: option_id})

    def restore(self, state: BuildState) -> BuildChange:
        """Become ``state`` (undo, opening a file); raise BuildError if it is invalid."""
        vehicle, choices = self._resolve(state.vehicle, state.choices)
        return self._assign(vehicle, choices)

    def switch_vehicle(self, vehicle_id: str) -> tuple[BuildChange, list[str]]:
        """Change vehicle, keeping every choice that still applies.

        Returns the change and the groups whose choice fell back to the new
        vehicle's default.
        """
        try:
            target = self.catalog.vehicle(vehicle_id)
        except KeyError as e:
            raise BuildError(str(e.args[0])) from None
        choices = dict(target.defaults)
        dropped = []
        for g in self.catalog.groups:  # keep old choices in group order while the rules allow
            wanted = self._choices[g.id]
            if self.catalog.why_not(target.id, choices, g.id, wanted) is None:
                choices[g.id] = wanted
            elif wanted != target.defaults[g.id]:
                dropped.append(g.id)
        return self._assign(target.id, choices), dropped

    def reset(self) -> BuildChange:
        return self._assign(self._vehicle, dict(self.vehicle.defaults))

    def set_catalog(self, catalog: Catalog) -> BuildChange:
        """Use ``catalog`` from now on (the catalog reloaded with a new paint, say).

        The choices, the vehicle and the candidate overrides stay; raise BuildError
        (and change nothing) if the current state is not valid in ``catalog``. The
        change always says ``catalog_changed``; its groups and slots are those whose
        chosen option reads differently in ``catalog`` (a price or a finish edited).
        """
        before = {g.id: self.option(g.id) for g in self.catalog.groups}
        old, self.catalog = self.catalog, catalog
        try:
            self._vehicle, self._choices = self._resolve(self._vehicle, self._choices)
        except BuildError:
            self.catalog = old
            raise
        groups = frozenset(g.id for g in catalog.groups if before.get(g.id) != self.option(g.id))
        slots = frozenset(s for g in groups for s in catalog.group(g).slots)
        change = BuildChange(groups=groups, slots=slots, catalog_changed=True)
        for callback in list(self._subscribers):
            callback(change)
        return change

    # -- files and codes -----------------------------------------------------------
    def share_code(self) -> str:
        return sharecode.encode(self.catalog, self._vehicle, self._choices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vehicle": self._vehicle,
            "choices": dict(self._choices),
            "share_code": self.share_code(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    # -- internals -----------------------------------------------------------------
    def _resolve(self, vehicle_id: str, choices: Mapping[str, str]) -> tuple[str, dict[str, str]]:
        try:
            vehicle = self.catalog.vehicle(vehicle_id)
        except KeyError as e:
            raise BuildError(str(e.args[0])) from None
        full = dict(vehicle.defaults)
        for group_id, option_id in choices.items():
            try:
                option = self.catalog.option(group_id, option_id)
            except KeyError as e:
                raise BuildError(str(e.args[0])) from None
            if not option.offered_on(vehicle.id):
                raise BuildError(f"{option.name.en} is not offered on the {vehicle.name.en}.")
            full[group_id] = option_id
        broken = self.catalog.violations(vehicle.id, full)
        if broken:
            raise BuildError(f"This combination is not allowed: {broken[0].reason.en}")
        return vehicle.id, full

    def _assign(self, vehicle_id: str, choices: dict[str, str]) -> BuildChange:
        vehicle_changed = vehicle_id != self._vehicle
        groups = frozenset(g for g in choices if choices[g] != self._choices.get(g))
        slots = frozenset(s for g in groups for s in self.catalog.group(g).slots)
        self._vehicle, self._choices = vehicle_id, choices
        for slot in slots & self._overrides.keys():  # a new pick replaces the candidate
            del self._overrides[slot]
        change = BuildChange(vehicle_changed, groups, slots)
        if change:
            for callback in list(self._subscribers):
                callback(change)
        return change


def state_from_picture(catalog: Catalog, path: str | Path) -> BuildState:
    """The build a picture made by Livery Studio carries in its PNG text (``livery.pngfile``);
    BuildError if it carries none or not a valid one."""
    text = pngfile.read_text(path).get(pngfile.BUILD)
    if text is None:
        raise BuildError(
            "carries no build (pictures from `livery render`, `batch`, the app's export "
            "and screenshots do)"
        )
    return state_from_json(catalog, text)


def picture_camera(path: str | Path) -> str | None:
    """The camera preset a picture was taken from ("free" or none: None)."""
    camera = pngfile.read_text(path).get(pngfile.PREFIX + "camera")
    return None if camera in (None, "free") else camera


def read_build_file(catalog: Catalog, path: str | Path) -> BuildState:
    """The build in a build file or in a picture the app made (by the suffix .png).

    Only a regular file of at most ``MAX_FILE_BYTES`` (``MAX_PICTURE_BYTES``) is read;
    every problem is a BuildError whose message starts with the file's name, except text
    that is not UTF-8 (UnicodeDecodeError, as ``Path.read_text`` raises it).
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".png":
            check_regular(path, MAX_PICTURE_BYTES, what="picture")
            return state_from_picture(catalog, path)
        text = read_capped(path, MAX_FILE_BYTES, what="build file").decode("utf-8")
        return state_from_json(catalog, text)
    except InputFileError as e:
        raise BuildError(str(e)) from None
    except BuildError as e:
        raise BuildError(f"{path}: {e}") from None


def state_from_json(catalog: Catalog, text: str) -> BuildState:
    """Parse and validate a build file; raise BuildError saying what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BuildError(f"not a build file: invalid JSON at line {e.lineno} ({e.msg})") from None
    except RecursionError:
        raise BuildError("not a build file: the JSON is nested too deeply") from None
    except ValueError as e:  # an integer of thousands of digits
        raise BuildError(f"not a build file: {e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BuildError(f"not a build file: 'format' must be {FORMAT!r}")
    version = data.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # not 1.0, not true
        raise BuildError(
            f"build file version {str(version)[:20]} is not supported (expected {FORMAT_VERSION})"
        )
    vehicle, choices = data.get("vehicle"), data.get("choices")
    if not isinstance(vehicle, str):
        raise BuildError("build file has no 'vehicle'")
    if not isinstance(choices, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in choices.items()
    ):
        raise BuildError("build file's 'choices' must map group ids to option ids")
    state = BuildState(vehicle, choices)
    Build(catalog, vehicle, choices)  # validates, raising BuildError
    return state


def state_from_share_code(catalog: Catalog, code: str) -> BuildState:
    vehicle, choices = sharecode.decode(catalog, code)
    try:
        Build(catalog, vehicle, choices)
    except BuildError as e:
        raise sharecode.ShareCodeError(f"The share code's build is not valid: {e}") from None
    return BuildState(vehicle, choices)
