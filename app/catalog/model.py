"""The catalog: vehicles, option groups, options and the rules that bind them."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field

from livery.catalog.finish import Finish
from livery.slots import Slot


@dataclass(frozen=True)
class Text:
    """A label in every language the app speaks."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Vehicle:
    id: str
    name: Text
    code: int  # stable number used in share codes
    file: str  # file under assets/vehicles/
    base_price: int
    defaults: Mapping[str, str]  # group id -> option id


@dataclass(frozen=True)
class Option:
    id: str
    group: str
    name: Text
    code: int  # stable number within its group, used in share codes
    price: int
    custom: bool  # part of the bespoke programme
    #: The finish per slot. A slot of the group missing here is hidden (e.g. "no decal").
    finishes: Mapping[Slot, Finish]
    vehicles: tuple[str, ...] | None = None  # None: offered on every vehicle
    description: Text | None = None

    def offered_on(self, vehicle_id: str) -> bool:
        return self.vehicles is None or vehicle_id in self.vehicles


@dataclass(frozen=True)
class OptionGroup:
    id: str
    name: Text
    slots: tuple[Slot, ...]  # the slots this group's options drive
    options: tuple[Option, ...] = ()

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        valid = ", ".join(o.id for o in self.options)
        raise KeyError(f"unknown {self.id} option {option_id!r}; valid: {valid}")


@dataclass(frozen=True)
class Rule:
    """Forbids a combination: when ``when`` holds, the options in ``forbid`` are not allowed.

    Both sides map a group id to glob patterns of option ids; ``vehicles`` limits the
    rule to some vehicles (None: all).
    """

    id: str
    when: Mapping[str, tuple[str, ...]]
    forbid: Mapping[str, tuple[str, ...]]
    reason: Text
    vehicles: tuple[str, ...] | None = None

    def _matches(self, side: Mapping[str, tuple[str, ...]], choices: Mapping[str, str]) -> bool:
        return all(
            g in choices and any(fnmatch.fnmatchcase(choices[g], p) for p in pats)
            for g, pats in side.items()
        )

    def violated_by(self, vehicle_id: str, choices: Mapping[str, str]) -> bool:
        if self.vehicles is not None and vehicle_id not in self.vehicles:
            return False
        return self._matches(self.when, choices) and any(
            g in choices and any(fnmatch.fnmatchcase(choices[g], p) for p in pats)
            for g, pats in self.forbid.items()
        )


@dataclass(frozen=True)
class Catalog:
    vehicles: tuple[Vehicle, ...]
    groups: tuple[OptionGroup, ...]  # in display (and share-code) order
    fixed: Mapping[Slot, Finish]  # finishes of slots no option drives (tyres, glass, ...)
    rules: tuple[Rule, ...] = ()
    currency: str = "CNY"
    #: The shipped catalog's edition (``version`` in catalog.toml), shown in Help > About
    #: and recorded with rendered images; "" when the file names none.
    version: str = ""
    _by_group: dict[str, OptionGroup] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_group.update({g.id: g for g in self.groups})

    def vehicle(self, vehicle_id: str) -> Vehicle:
        for v in self.vehicles:
            if v.id == vehicle_id:
                return v
        valid = ", ".join(v.id for v in self.vehicles)
        raise KeyError(f"unknown vehicle {vehicle_id!r}; valid: {valid}")

    def group(self, group_id: str) -> OptionGroup:
        try:
            return self._by_group[group_id]
        except KeyError:
            valid = ", ".join(g.id for g in self.groups)
            raise KeyError(f"unknown option group {group_id!r}; valid: {valid}") from None

    def option(self, group_id: str, option_id: str) -> Option:
        return self.group(group_id).option(option_id)

    def options_for(self, vehicle_id: str, group_id: str) -> list[Option]:
        return [o for o in self.group(group_id).options if o.offered_on(vehicle_id)]

    def group_of_slot(self, slot: Slot) -> OptionGroup | None:
        for g in self.groups:
            if slot in g.slots:
                return g
        return None

    def finishes_for_slot(self, slot: Slot) -> list[Finish]:
        """Every finish the catalog can put on ``slot``: its fixed one, or each option's."""
        out: list[Finish] = []
        if slot in self.fixed:
            out.append(self.fixed[slot])
        group = self.group_of_slot(slot)
        if group is not None:
            out.extend(o.finishes[slot] for o in group.options if slot in o.finishes)
        return out

    def why_not(
        self, vehicle_id: str, choices: Mapping[str, str], group_id: str, option_id: str
    ) -> Text | None:
        """The reason ``option_id`` can't be picked in ``group_id`` now, or None if it can."""
        option = self.option(group_id, option_id)
        if not option.offered_on(vehicle_id):
            name = self.vehicle(vehicle_id).name
            return Text(en=f"Not offered on the {name.en}.", zh=f"{name.zh} 不提供此选项。")
        trial = {**choices, group_id: option_id}
        for rule in self.rules:
            if rule.violated_by(vehicle_id, trial):
                return rule.reason
        return None

    def violations(self, vehicle_id: str, choices: Mapping[str, str]) -> list[Rule]:
        return [r for r in self.rules if r.violated_by(vehicle_id, choices)]
