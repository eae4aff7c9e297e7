"""Pictures of one car in several paints, from one camera under one light.

The wipe and the grid of the compare window show paints in one image or a grid of
cells, so every paint must be drawn by the same car, camera and light: one offscreen
Stage (kept for the window's life, made on first use) shows a copy of the build and
is given each paint in turn, a uniform swap per paint, no new actors. The pictures
come from ``Stage.snapshot``, the capture under ``Stage.save_png``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from livery.catalog import Build, BuildError, BuildState, Catalog, Finish
from livery.scene.camera_rig import CameraState
from livery.scene.looks import Lighting

PAINT_GROUP = "paint"


@dataclass(frozen=True)
class PaintLook:
    """A paint to show: the build's choices with a paint option, and optionally a
    finish shown on the paint's slots instead (the paint editor's candidate)."""

    choices: tuple[tuple[str, str], ...]
    finish: Finish | None = None

    @staticmethod
    def of_build(build: Build, group: str = PAINT_GROUP) -> PaintLook:
        slot = build.catalog.group(group).slots[0]
        return PaintLook(tuple(build.choices.items()), build.overrides.get(slot))

    @staticmethod
    def of_option(build: Build, option_id: str, group: str = PAINT_GROUP) -> PaintLook:
        choices = dict(build.choices)
        choices[group] = option_id
        return PaintLook(tuple(choices.items()))


class PaintShots:
    """An offscreen Stage that pictures ``PaintLook``s of one vehicle."""

    def __init__(self, catalog: Catalog, group: str = PAINT_GROUP) -> None:
        self.catalog, self.group = catalog, group
        self._stage: Any = None
        self._build: Build | None = None
        self._model: Any = None

    def _ready(self, vehicle_id: str, model: Any, size: tuple[int, int]) -> Any:
        from livery.scene.stage import Stage

        if self._stage is not None and (
            self._stage.catalog is not self.catalog or self._stage.size != size
        ):
            self.close()
        if self._stage is None:
            self._stage = Stage(self.catalog, size=size)
        if self._build is None or self._build.vehicle.id != vehicle_id or self._model is not model:
            self._build = Build(self.catalog, vehicle_id)
            self._model = model
            self._stage.show(self._build, model)
        return self._stage

    def _put(self, look: PaintLook) -> None:
        """Show ``look`` (a paint the rules refuse with these choices is shown on the
        paint's slots all the same: the picture is about the paint)."""
        assert self._build is not None
        build = self._build
        choices = dict(look.choices)
        finishes = None
        try:
            build.restore(BuildState(build.vehicle.id, choices))
        except BuildError:
            option = self.catalog.option(self.group, choices[self.group])
            finishes = option.finishes
        for slot in self.catalog.group(self.group).slots:
            finish = look.finish
            if finish is None and finishes is not None:
                finish = finishes.get(slot)
            build.set_override(slot, finish)

    def shots(
        self,
        looks: Sequence[PaintLook],
        vehicle_id: str,
        model: Any,
        size: tuple[int, int],
        camera: CameraState,
        lighting: Lighting,
    ) -> list[np.ndarray]:
        """One (h, w, 3) picture per look, at ``size``, from ``camera`` in ``lighting``."""
        stage = self._ready(vehicle_id, model, size)
        stage.set_lighting(lighting)
        stage.set_camera_state(camera)
        out = []
        for look in looks:
            self._put(look)
            out.append(stage.snapshot())
        return out

    def body_mask(self) -> np.ndarray:
        """(h, w) bool: the pixels of the last pictures that show the paint's first slot."""
        slot = self.catalog.group(self.group).slots[0]
        return self._stage.slot_mask(slot)

    def close(self) -> None:
        if self._stage is not None:
            self._stage.close()
        self._stage = self._build = self._model = None
