"""A job expanded to shots: one image each, knowing its inputs, its key and its file.

A shot's key hashes everything the image depends on (build, camera, environment,
tone, size, app version, catalog and vehicle content), so a rerun can tell an image
that is still good from one to render again. Shots are ordered so that a worker
taking them in turn rarely changes vehicle, environment or size. Plain Python.

"Only what differs": a request (a build seen by a camera) whose differences from an
earlier request all lie in option groups that camera cannot see is not rendered;
the manifest points it at the earlier request's image.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

import livery
from livery import ASSETS
from livery.batch.job import EnvRef, Job, Turntable, VehicleRef
from livery.catalog import BuildState, Catalog

TURNTABLE = "turntable"


@cache
def catalog_digest() -> str:
    """Content hash of the shipped catalog files: a changed paint re-renders its images."""
    h = hashlib.sha256()
    root = ASSETS / "catalog"
    for path in sorted(root.rglob("*.toml")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Shot:
    """One image to render (a turntable frame is one too)."""

    vehicle: VehicleRef
    build: BuildState
    camera: str  # a preset, or TURNTABLE
    env: EnvRef
    tone: str
    exposure: float
    size: tuple[int, int]
    supersample: int
    turntable: Turntable | None = None
    frame: int = 0
    key: str = ""
    out: str = ""  # path relative to the output folder, "/" separated

    def inputs(self) -> dict[str, object]:
        """What the image depends on (hashed into ``key``, kept in the PNG)."""
        return {
            "vehicle": self.vehicle.digest,
            "build": {"vehicle": self.build.vehicle, "choices": dict(self.build.choices)},
            "camera": self.camera,
            "frame": [self.frame, self.turntable.frames, self.turntable.elevation]
            if self.turntable
            else None,
            "environment": self.env.digest,
            "tone": [self.tone, self.exposure],
            "size": [*self.size, self.supersample],
            "version": livery.__version__,
            "catalog": catalog_digest(),
        }

    @property
    def group(self) -> tuple[object, ...]:
        """Shots with the same group render on a warm Stage without switching anything big."""
        return (self.vehicle.label, self.env.label, self.size, self.supersample, self.tone)


@dataclass
class Request:
    """One requested image: a build seen by a camera (or a turntable frame) under a
    light; ``shot`` renders it, perhaps the shot of an earlier request."""

    vehicle: VehicleRef
    build: BuildState
    shot: Shot
    shown_by: BuildState | None = None  # another build's image shows this one


@dataclass
class Plan:
    requests: list[Request] = field(default_factory=list)

    @property
    def shots(self) -> list[Shot]:
        """The distinct shots to render, in warm-worker order."""
        seen: dict[str, Shot] = {}
        for r in self.requests:
            seen.setdefault(r.shot.key, r.shot)
        return sorted(seen.values(), key=_order)

    @property
    def saved(self) -> int:
        """Renders saved by not varying what a camera cannot see."""
        return sum(1 for r in self.requests if r.shown_by is not None)


def _order(s: Shot) -> tuple[object, ...]:
    return (*s.group, s.camera, s.frame, json.dumps(dict(s.build.choices), sort_keys=True))


def shot_key(shot: Shot) -> str:
    text = json.dumps(shot.inputs(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _out_name(shot: Shot, code: str, many: Mapping[str, bool]) -> str:
    parts = [code]
    if many["env"]:
        parts.append(shot.env.label)
    if many["size"]:
        parts.append(f"{shot.size[0]}x{shot.size[1]}")
    if many["tone"]:
        parts.append(shot.tone)
    stem = "_".join(parts)
    if shot.camera == TURNTABLE:
        return f"{shot.vehicle.label}/{TURNTABLE}/{stem}/{shot.frame:03d}.png"
    return f"{shot.vehicle.label}/{shot.camera}/{stem}.png"


def share_code(catalog: Catalog, state: BuildState) -> str:
    from livery.catalog import sharecode

    return sharecode.encode(catalog, state.vehicle, dict(state.choices))


def expand(
    job: Job,
    catalog: Catalog,
    visible: Mapping[tuple[str, str], Iterable[str]] | None = None,
) -> Plan:
    """Every requested image of ``job`` and the shot that renders it.

    ``visible`` maps (vehicle label, camera) to the option groups seen in that view;
    a pair missing from it varies every group.
    """
    many = {
        "env": len(job.environments) > 1,
        "size": len(job.sizes) > 1,
        "tone": len(job.tones) > 1,
    }
    group_ids = [g.id for g in catalog.groups]
    plan = Plan()
    views: list[tuple[str, int]] = [(c, 0) for c in job.cameras]
    if job.turntable is not None:
        views += [(TURNTABLE, i) for i in range(job.turntable.frames)]
    for vehicle in job.vehicles:
        for camera, frame in views:
            seen = visible.get((vehicle.label, camera)) if visible and job.prune else None
            shown = group_ids if seen is None else [g for g in group_ids if g in set(seen)]
            for env in job.environments:
                for tone in job.tones:
                    for size in job.sizes:
                        firsts: dict[tuple[str, ...], Shot] = {}
                        for state in job.builds[vehicle.label]:
                            projection = tuple(state.choices[g] for g in shown)
                            shot = firsts.get(projection)
                            shown_by = None
                            if shot is None:
                                look = (env, tone, size)
                                view = (camera, frame)
                                shot = _make_shot(job, catalog, vehicle, state, view, look, many)
                                firsts[projection] = shot
                            elif shot.build != state:
                                shown_by = shot.build
                            plan.requests.append(Request(vehicle, state, shot, shown_by))
    return plan


def _make_shot(
    job: Job,
    catalog: Catalog,
    vehicle: VehicleRef,
    state: BuildState,
    view: tuple[str, int],
    look: tuple[EnvRef, str, tuple[int, int]],
    many: Mapping[str, bool],
) -> Shot:
    (camera, frame), (env, tone, size) = view, look
    shot = Shot(
        vehicle=vehicle,
        build=state,
        camera=camera,
        env=env,
        tone=tone,
        exposure=job.exposure,
        size=size,
        supersample=job.supersample,
        turntable=job.turntable if camera == TURNTABLE else None,
        frame=frame,
    )
    shot = replace(shot, key=shot_key(shot))
    return replace(shot, out=_out_name(shot, share_code(catalog, state), many))
