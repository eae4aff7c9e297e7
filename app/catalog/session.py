"""The build a person is configuring, with its undo history: plain Python, no Qt.

``BuildSession`` is everything one can do to a build: pick an option, undo and redo,
reset, draw a random valid build, switch vehicle, open and save a build file, load a
share code. Each action happens whole, or raises and changes nothing. After each
action that went through, the subscribers get a ``SessionChange`` (the window keeps its
undo buttons in step with it); the Build tells its own observers what changed in it.
The caller turns the errors into messages.

    >>> from livery.catalog import load_catalog
    >>> session = BuildSession(load_catalog())
    >>> _ = session.pick("paint", "racing-red")
    >>> _ = session.undo()
    >>> session.build.choices["paint"]
    'gem-green'
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from livery.catalog.build import (
    Build,
    BuildChange,
    BuildError,
    BuildState,
    read_build_file,
    state_from_share_code,
)
from livery.catalog.finish import Finish
from livery.catalog.history import History
from livery.catalog.model import Catalog
from livery.catalog.random_build import random_state
from livery.fileio import write_atomic
from livery.slots import Slot

#: Candidate edits of the same parameters of a slot closer together than this are
#: one undo step (a slider drag).
MERGE_SECONDS = 1.0


@dataclass(frozen=True)
class Snapshot:
    """What undo brings back: the build's state and its candidate paints."""

    state: BuildState
    overrides: tuple[tuple[Slot, Finish], ...] = ()


@dataclass(frozen=True)
class SessionChange:
    """What one action did."""

    #: "pick", "apply", "undo", "redo", "reset", "surprise", "switch_vehicle", "open",
    #: "share_code" or "edit" (a candidate paint changed, e.g. in the paint editor).
    action: str
    #: What changed in the build (empty: the action changed nothing).
    build: BuildChange = field(default_factory=BuildChange)
    #: ``switch_vehicle``: the groups whose choice fell back to the new vehicle's default.
    dropped: tuple[str, ...] = ()


class BuildSession:
    """A Build, its undo history and the actions on them."""

    def __init__(
        self,
        catalog: Catalog,
        state: BuildState | None = None,
        *,
        rng: random.Random | None = None,
        prepare_vehicle: Callable[[str], object] | None = None,
        history_limit: int = 200,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        vehicle_id = state.vehicle if state else catalog.vehicles[0].id
        self.build = Build(catalog, vehicle_id, state.choices if state else None)
        self.history: History[Snapshot] = History(history_limit)
        self.clock = clock
        self.rng = rng or random.Random()
        #: Called with a vehicle id before an action changes the build to that vehicle;
        #: what it raises stops the action. The app loads the vehicle's model there, so a
        #: vehicle that can't be shown leaves the build as it was.
        self.prepare_vehicle = prepare_vehicle
        self._subscribers: list[Callable[[SessionChange], None]] = []
        # Candidate edits (anyone's ``Build.set_override``) are undo steps too: the
        # snapshot before each is kept; ``_edit`` is the last one's (slot, fields, time).
        self._last = self.snapshot()
        self._edit: tuple[Slot, frozenset[str], float] | None = None
        self._restoring = False
        self.build.subscribe(self._on_build)

    @property
    def catalog(self) -> Catalog:
        return self.build.catalog

    # -- observing -------------------------------------------------------------------
    def subscribe(self, callback: Callable[[SessionChange], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[SessionChange], None]) -> None:
        self._subscribers.remove(callback)

    def _emit(self, change: SessionChange) -> None:
        for callback in list(self._subscribers):
            callback(change)

    def can_undo(self) -> bool:
        return self.history.can_undo()

    def can_redo(self) -> bool:
        return self.history.can_redo()

    # -- actions ---------------------------------------------------------------------
    def pick(self, group_id: str, option_id: str) -> BuildChange:
        """Choose one option; BuildError if the rules or the vehicle don't allow it. A
        candidate paint the pick replaces comes back with undo."""
        before = self.snapshot()
        change = self.build.set(group_id, option_id)
        if change:
            self.history.record(before)
        self._emit(SessionChange("pick", change))
        return change

    def fix_for(self, group_id: str, option_id: str) -> BuildState | None:
        """The build with ``option_id`` picked and as few other choices changed as the
        rules need (each back to the vehicle's default where that will do), or None if
        no such build exists (an option the vehicle doesn't offer). Nothing changes:
        ``apply`` it to pick both as one undo step."""
        catalog, vehicle = self.catalog, self.build.vehicle
        if not catalog.option(group_id, option_id).offered_on(vehicle.id):
            return None
        choices = {**self.build.choices, group_id: option_id}
        others = [g.id for g in catalog.groups if g.id != group_id]
        while violated := len(catalog.violations(vehicle.id, choices)):
            best: tuple[int, str, str] | None = None
            for gid in others:
                default = vehicle.defaults.get(gid)
                options = [o.id for o in catalog.options_for(vehicle.id, gid)]
                for oid in sorted(options, key=lambda o: o != default):  # the default first
                    if oid == choices[gid]:
                        continue
                    n = len(catalog.violations(vehicle.id, {**choices, gid: oid}))
                    if best is None or n < best[0]:
                        best = (n, gid, oid)
            if best is None or best[0] >= violated:
                return None
            choices[best[1]] = best[2]
            others.remove(best[1])
        return BuildState(vehicle.id, choices)

    def apply(self, state: BuildState, *, action: str = "apply") -> BuildChange:
        """Become ``state``, recorded for undo; BuildError if it is not a valid build."""
        change = self._become(state, record=True)
        self._emit(SessionChange(action, change))
        return change

    def undo(self) -> BuildChange:
        """Back to the state before the last action (an empty change: nothing to undo)."""
        return self._step(self.history.undo, self.history.redo, "undo")

    def redo(self) -> BuildChange:
        return self._step(self.history.redo, self.history.undo, "redo")

    def reset(self) -> BuildChange:
        """Every group back to the vehicle's default."""
        before = self.snapshot()
        change = self.build.reset()
        if change:
            self.history.record(before)
        self._emit(SessionChange("reset", change))
        return change

    def surprise(self) -> BuildChange:
        """A random build of the current vehicle that the rules allow."""
        state = random_state(self.catalog, self.build.vehicle.id, self.rng)
        return self.apply(state, action="surprise")

    def switch_vehicle(self, vehicle_id: str) -> list[str]:
        """Change vehicle keeping every choice that still applies; the groups that fell
        back to the new vehicle's default are returned. BuildError for an unknown id."""
        before = self.snapshot()
        if vehicle_id != before.state.vehicle:
            self._prepare(vehicle_id)
        change, dropped = self.build.switch_vehicle(vehicle_id)
        if before != self.snapshot():
            self.history.record(before)
        self._emit(SessionChange("switch_vehicle", change, tuple(dropped)))
        return dropped

    # -- files and share codes -------------------------------------------------------
    def open(self, path: str | Path) -> BuildChange:
        """Become the build saved in ``path``: a build file, or a picture the app made
        (it carries its build). FileNotFoundError or UnicodeDecodeError: it can't be read;
        BuildError: it is not a regular file, too large (``build.read_build_file``), not a
        valid build file, or a picture without a build."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(2, "No such file", str(path))
        return self.apply(read_build_file(self.catalog, path), action="open")

    def save(self, path: str | Path) -> None:
        """Write the build as JSON; OSError if it can't be written (an old file stays whole)."""
        write_atomic(path, self.build.to_json())

    def share_code(self) -> str:
        return self.build.share_code()

    def load_share_code(self, code: str) -> BuildChange:
        """Become the build ``code`` stands for; ShareCodeError if it is not a valid code."""
        return self.apply(state_from_share_code(self.catalog, code), action="share_code")

    # -- internals -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return Snapshot(self.build.state(), tuple(self.build.overrides.items()))

    def _step(
        self,
        take: Callable[[Snapshot], Snapshot | None],
        put_back: Callable[[Snapshot], Snapshot | None],
        action: str,
    ) -> BuildChange:
        snap = take(self.snapshot())
        change = BuildChange()
        if snap is not None:
            try:
                change = self._become(snap.state, record=False)
            except Exception:
                put_back(snap)  # the history as it was: the step can be tried again
                raise
            change = self._restore_overrides(snap, change)
        self._emit(SessionChange(action, change))
        return change

    def _restore_overrides(self, snap: Snapshot, change: BuildChange) -> BuildChange:
        wanted = dict(snap.overrides)
        slots = set(change.slots)
        self._restoring = True
        try:
            for slot in set(self.build.overrides) | set(wanted):
                slots |= self.build.set_override(slot, wanted.get(slot)).slots
        finally:
            self._restoring = False
        self._last, self._edit = self.snapshot(), None
        return dataclasses.replace(change, slots=frozenset(slots))

    def _become(self, state: BuildState, *, record: bool) -> BuildChange:
        before = self.snapshot()
        if state.vehicle != before.state.vehicle:
            Build(self.catalog, state.vehicle, state.choices)  # valid? (raises BuildError)
            self._prepare(state.vehicle)
        change = self.build.restore(state)
        if record and before != self.snapshot():
            self.history.record(before)
        return change

    def _shown(self, snap: Snapshot, slot: Slot | None) -> Finish | None:
        """The finish ``snap`` shows on ``slot``: its candidate, else the option's."""
        candidate = dict(snap.overrides).get(slot) if slot is not None else None
        group = self.catalog.group_of_slot(slot) if slot is not None else None
        if candidate is not None or group is None:
            return candidate
        return self.build.option(group.id).finishes.get(slot)

    def _on_build(self, change: BuildChange) -> None:
        """A candidate paint changed outside the session's own actions (the paint
        editor): an undo step, one per drag (MERGE_SECONDS)."""
        edit = change.slots and not (change.groups or change.vehicle_changed)
        if not edit or change.catalog_changed or self._restoring:
            self._last, self._edit = self.snapshot(), None
            return
        now = self.clock()
        before = self._last
        after = self.snapshot()
        (slot,) = change.slots if len(change.slots) == 1 else (None,)
        fields = _changed_fields(self._shown(before, slot), self._shown(after, slot))
        last = self._edit
        merge = last is not None and last[:2] == (slot, fields) and now - last[2] < MERGE_SECONDS
        if not merge:
            self.history.record(before)
        self._last, self._edit = after, (slot, fields, now)
        self._emit(SessionChange("edit", change))

    def _prepare(self, vehicle_id: str) -> None:
        try:
            self.catalog.vehicle(vehicle_id)
        except KeyError as e:
            raise BuildError(str(e.args[0])) from None
        if self.prepare_vehicle is not None:
            self.prepare_vehicle(vehicle_id)


def _changed_fields(a: Finish | None, b: Finish | None) -> frozenset[str]:
    """The parameters in which two candidates differ (all of them if one is None)."""
    if a is None or b is None:
        return frozenset({"*"})
    return frozenset(
        f.name for f in dataclasses.fields(a) if getattr(a, f.name) != getattr(b, f.name)
    )
