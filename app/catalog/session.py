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

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from livery.catalog.build import (
    Build,
    BuildChange,
    BuildError,
    BuildState,
    state_from_json,
    state_from_picture,
    state_from_share_code,
)
from livery.catalog.history import History
from livery.catalog.model import Catalog
from livery.catalog.random_build import random_state
from livery.fileio import write_atomic


@dataclass(frozen=True)
class SessionChange:
    """What one action did."""

    #: "pick", "apply", "undo", "redo", "reset", "surprise", "switch_vehicle", "open" or
    #: "share_code".
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
    ) -> None:
        vehicle_id = state.vehicle if state else catalog.vehicles[0].id
        self.build = Build(catalog, vehicle_id, state.choices if state else None)
        self.history = History(history_limit)
        self.rng = rng or random.Random()
        #: Called with a vehicle id before an action changes the build to that vehicle;
        #: what it raises stops the action. The app loads the vehicle's model there, so a
        #: vehicle that can't be shown leaves the build as it was.
        self.prepare_vehicle = prepare_vehicle
        self._subscribers: list[Callable[[SessionChange], None]] = []

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
        """Choose one option; BuildError if the rules or the vehicle don't allow it."""
        before = self.build.state()
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
        before = self.build.state()
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
        before = self.build.state()
        if vehicle_id != before.vehicle:
            self._prepare(vehicle_id)
        change, dropped = self.build.switch_vehicle(vehicle_id)
        if before != self.build.state():
            self.history.record(before)
        self._emit(SessionChange("switch_vehicle", change, tuple(dropped)))
        return dropped

    # -- files and share codes -------------------------------------------------------
    def open(self, path: str | Path) -> BuildChange:
        """Become the build saved in ``path``: a build file, or a picture the app made
        (it carries its build). OSError or UnicodeDecodeError: it can't be read;
        BuildError: it is not a valid build file, or a picture without a build."""
        path = Path(path)
        if path.suffix.lower() == ".png":
            if not path.is_file():
                raise FileNotFoundError(2, "No such file", str(path))
            return self.apply(state_from_picture(self.catalog, path), action="open")
        text = path.read_text(encoding="utf-8")
        return self.apply(state_from_json(self.catalog, text), action="open")

    def save(self, path: str | Path) -> None:
        """Write the build as JSON; OSError if it can't be written (an old file stays whole)."""
        write_atomic(path, self.build.to_json())

    def share_code(self) -> str:
        return self.build.share_code()

    def load_share_code(self, code: str) -> BuildChange:
        """Become the build ``code`` stands for; ShareCodeError if it is not a valid code."""
        return self.apply(state_from_share_code(self.catalog, code), action="share_code")

    # -- internals -------------------------------------------------------------------
    def _step(
        self,
        take: Callable[[BuildState], BuildState | None],
        put_back: Callable[[BuildState], BuildState | None],
        action: str,
    ) -> BuildChange:
        state = take(self.build.state())
        change = BuildChange()
        if state is not None:
            try:
                change = self._become(state, record=False)
            except Exception:
                put_back(state)  # the history as it was: the step can be tried again
                raise
        self._emit(SessionChange(action, change))
        return change

    def _become(self, state: BuildState, *, record: bool) -> BuildChange:
        before = self.build.state()
        if state.vehicle != before.vehicle:
            Build(self.catalog, state.vehicle, state.choices)  # valid? (raises BuildError)
            self._prepare(state.vehicle)
        change = self.build.restore(state)
        if record and before != self.build.state():
            self.history.record(before)
        return change

    def _prepare(self, vehicle_id: str) -> None:
        try:
            self.catalog.vehicle(vehicle_id)
        except KeyError as e:
            raise BuildError(str(e.args[0])) from None
        if self.prepare_vehicle is not None:
            self.prepare_vehicle(vehicle_id)
