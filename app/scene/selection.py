"""Which part covers each pixel: an ID render in a private offscreen window.

The part actors are never touched: a hardware selector would switch their mappers
to selection shaders and back, which is the shader churn the stage avoids. Here
every part gets a twin actor that shares its polydata, drawn unlit in a flat
colour that encodes its index, with the main camera, no AA and no tone mapping,
so each pixel reads back exactly. The twins' window is made on first use.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkCamera,
    vtkPolyDataMapper,
    vtkRenderer,
    vtkRenderWindow,
)

from livery.scene.offscreen import grab_rgb, new_offscreen_window


class IdRender:
    def __init__(self) -> None:
        self._window: vtkRenderWindow | None = None
        self._renderer: vtkRenderer | None = None
        self._actors: list[vtkActor] = []

    def set_parts(self, polydata: list[vtkPolyData]) -> None:
        """The parts, in index order (index i is drawn as colour i + 1)."""
        renderer = self._ensure()
        for a in self._actors:
            renderer.RemoveActor(a)
        self._actors = []
        for i, pd in enumerate(polydata):
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(pd)
            mapper.StaticOn()
            mapper.ScalarVisibilityOff()
            actor = vtkActor()
            actor.SetMapper(mapper)
            prop = actor.GetProperty()
            prop.LightingOff()
            code = i + 1
            prop.SetColor((code & 255) / 255.0, ((code >> 8) & 255) / 255.0, 0.0)
            renderer.AddActor(actor)
            self._actors.append(actor)

    def _ensure(self) -> vtkRenderer:
        if self._renderer is None:
            self._window = new_offscreen_window((64, 64))
            self._renderer = vtkRenderer()
            self._renderer.SetBackground(0.0, 0.0, 0.0)
            self._window.AddRenderer(self._renderer)
        return self._renderer

    def part_ids(self, camera: vtkCamera, size: tuple[int, int], visible: list[bool]) -> np.ndarray:
        """(h, w) int32 index of the part at each pixel, -1 for none; row 0 on top."""
        renderer = self._ensure()
        assert self._window is not None
        for actor, shown in zip(self._actors, visible, strict=True):
            actor.SetVisibility(shown)
        self._window.SetSize(int(size[0]), int(size[1]))
        renderer.GetActiveCamera().DeepCopy(camera)
        self._window.Render()
        rgb = grab_rgb(self._window)
        code = rgb[..., 0].astype(np.int32) + (rgb[..., 1].astype(np.int32) << 8)
        return code - 1

    def close(self) -> None:
        if self._window is not None:
            if self._renderer is not None:
                self._renderer.RemoveAllViewProps()
            self._window.Finalize()
        self._window = self._renderer = None
        self._actors = []
