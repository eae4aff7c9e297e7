"""The warm worker: one Stage per process, kept from shot to shot.

A Dask worker process imports this module once and keeps ``_WARM`` alive between
tasks: the catalog, the vehicle models and their actors, the prefiltered lights and
the compiled shaders all survive, so a shot that changes only options costs uniform
swaps and one frame. This is the only module of ``livery.batch`` that imports VTK
(through the Stage, lazily).
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from livery import pngfile
from livery.batch.job import EnvRef, Turntable, VehicleRef
from livery.batch.plan import TURNTABLE, Shot, catalog_digest
from livery.catalog import Build, BuildState, Catalog
from livery.catalog.loader import load_app_catalog
from livery.scene.looks import Lighting

if TYPE_CHECKING:
    from livery.scene.cameras import CameraPose
    from livery.scene.stage import Stage
    from livery.vehicles.model import VehicleModel

#: Files the client shipped (content hash -> bytes) for workers that can't see them.
Shipped = Mapping[str, bytes]


class _Warm:
    """What a worker process keeps between shots."""

    def __init__(self) -> None:
        self.catalog: Catalog = load_app_catalog()  # with the paint library, as the client
        self.stage: Stage | None = None
        self.build: Build | None = None
        self.models: dict[str, VehicleModel] = {}

    def model(self, ref: VehicleRef, shipped: Shipped | None) -> VehicleModel:
        if ref.digest not in self.models:
            from livery.vehicles.files import load_vehicle

            spec = _local_path(ref.spec, ref.digest, shipped)
            self.models[ref.digest] = load_vehicle(spec, self.catalog.vehicles)
        return self.models[ref.digest]

    def stage_for(self, size: tuple[int, int]) -> Stage:
        from livery.scene.stage import Stage

        if self.stage is None:
            self.stage = Stage(self.catalog, size=size)
        elif self.stage.size != size:
            self.stage.resize(size)
        return self.stage

    def prepare(self, shot: Shot, shipped: Shipped | None) -> tuple[Stage, Build]:
        """The stage showing ``shot``'s build, vehicle and light at its size (no camera)."""
        model = self.model(shot.vehicle, shipped)
        stage = self.stage_for(shot.size)
        if self.build is None:
            self.build = Build(self.catalog, shot.build.vehicle, shot.build.choices)
        else:
            self.build.restore(shot.build)  # the stage updates the slots that changed
        if stage.model is not model or stage.build is not self.build:
            stage.show(self.build, model)
        lighting = Lighting(_env_spec(shot.env, shipped), shot.tone, shot.exposure)
        if stage.lighting != lighting:
            stage.set_lighting(lighting)
        return stage, self.build


_WARM: _Warm | None = None


def _warm() -> _Warm:
    global _WARM
    if _WARM is None:
        _WARM = _Warm()
    return _WARM


def _local_path(spec: str, digest: str, shipped: Shipped | None) -> str:
    """``spec`` itself when this machine has the file, else the shipped copy."""
    if not os.path.isabs(spec) or Path(spec).is_file():
        return spec
    if shipped is None or digest not in shipped:
        raise FileNotFoundError(f"{spec} is not on this worker and the job did not ship it")
    folder = Path(tempfile.gettempdir()) / "livery-batch" / digest
    path = folder / Path(spec).name
    if not path.is_file():
        from livery.fileio import write_atomic

        write_atomic(path, shipped[digest])
    return str(path)


def _env_spec(env: EnvRef, shipped: Shipped | None) -> str:
    return env.spec if env.spec == env.digest else _local_path(env.spec, env.digest, shipped)


def turntable_pose(stage: Stage, turntable: Turntable, frame: int) -> CameraPose:
    """Frame ``frame`` of a turn around the car, at the distance that fits every side."""
    from livery.scene.cameras import MIN_EYE_HEIGHT, CameraPose

    start = stage.camera_pose("front34")
    focal = np.array(start.focal_point)
    distance = max(
        float(np.linalg.norm(np.array(p.position) - np.array(p.focal_point)))
        for p in (stage.camera_pose(n) for n in ("front34", "side", "rear34"))
    )
    d0 = np.array(start.position) - focal
    azimuth = math.atan2(d0[1], d0[0]) + 2 * math.pi * frame / turntable.frames
    el = math.radians(turntable.elevation)
    eye = focal + distance * np.array(
        [math.cos(el) * math.cos(azimuth), math.cos(el) * math.sin(azimuth), math.sin(el)]
    )
    eye[2] = max(eye[2], MIN_EYE_HEIGHT)
    return CameraPose(tuple(eye), tuple(focal), (0.0, 0.0, 1.0), start.view_angle)


def image_text(shot: Shot, stage: Stage) -> dict[str, str]:
    """The PNG text chunks of ``shot``'s image: what every picture carries
    (``Stage.picture_text``), with the job's names for the vehicle, camera and light, the
    catalog's content hash and the shot's key (a rerun skips an image whose key matches)."""
    if shot.turntable is not None:
        camera = f"{TURNTABLE} {shot.frame + 1}/{shot.turntable.frames}"
        camera += f" at {shot.turntable.elevation:g} deg"
    else:
        camera = shot.camera
    return stage.picture_text(shot.size, shot.supersample) | {
        "vehicle": shot.vehicle.label,
        "camera": camera,
        "environment": shot.env.label,
        "catalog": catalog_digest(),
        "key": shot.key,
    }


def render_shot(shot: Shot, shipped: Shipped | None = None) -> dict[str, Any]:
    """Render ``shot`` on this process's warm Stage; the PNG comes back as bytes (the
    client writes it, so workers need not see the output folder)."""
    t0 = time.perf_counter()
    stage, _ = _warm().prepare(shot, shipped)
    if shot.turntable is not None:
        stage.set_camera_pose(turntable_pose(stage, shot.turntable, shot.frame))
    else:
        stage.set_camera(shot.camera)
    pixels = stage.snapshot(shot.size, supersample=shot.supersample)
    png = pngfile.encode_png(pixels, image_text(shot, stage), compress_level=1)
    return {"key": shot.key, "png": png, "seconds": time.perf_counter() - t0, "pid": os.getpid()}


def visible_groups(
    vehicle: VehicleRef,
    build: BuildState,
    cameras: list[str],
    size: tuple[int, int],
    shipped: Shipped | None = None,
) -> dict[str, list[str]]:
    """Per camera, the option groups whose parts cover at least one pixel of the view.

    Each group is drawn (in an ID render) with its own parts and the parts every build
    shows (fixed slots, parts with their own material, slots no option hides), so a
    group counts as seen if any of its options could show there.
    """
    w = _warm()
    studio = EnvRef("studio", "studio", "studio")
    stage, _ = w.prepare(Shot(vehicle, build, cameras[0], studio, "neutral", 1.0, size, 1), shipped)
    catalog, views, rules = w.catalog, stage.views, build.vehicle
    always = [_always_shown(catalog, rules, v.slot) for v in views]
    out: dict[str, list[str]] = {}
    for camera in cameras:
        stage.set_camera(camera)
        out[camera] = []
        for group in catalog.groups:
            mine = [v.slot in group.slots for v in views]
            if not any(mine):
                continue
            ids = stage.part_ids(visible=[a or m for a, m in zip(always, mine, strict=True)])
            if np.isin(ids, np.flatnonzero(mine)).any():
                out[camera].append(group.id)
    return out


def _always_shown(catalog: Catalog, vehicle_id: str, slot: Any) -> bool:
    if slot is None:
        return True
    if slot in catalog.fixed:
        return catalog.fixed[slot] is not None
    group = catalog.group_of_slot(slot)
    if group is None:
        return True  # no option drives it: the part keeps its own material
    return all(slot in o.finishes for o in catalog.options_for(vehicle_id, group.id))
