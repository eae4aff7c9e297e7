"""Finish previews rendered offscreen: the app's option tiles and ``livery swatch``.

One small scene per process (a render window, a renderer, one actor per shape,
the environment cache), reused by every call: a tile costs one frame, not one
OpenGL context. Shapes:

- ``sphere``: a shader ball (10 cm radius for the procedural scales), UVs and tangents;
- ``panel``: a 24 x 16 cm piece of a door with a gentle double curvature, seen close
  up so that the clear coat mirrors the studio's strip lights (metres);
- ``flat``: a square patch facing the camera (parallel projection).

Every shape is a part as the Stage makes one (``materials.install_shaders`` with
switches that cover every family), and a finish reaches it through the Stage's own
mapping (``materials.apply_finish``): a tile shows what the car shows.

``env="furnace"`` is uniform radiance 1, exposure 1, no tone mapping, written as exact
sRGB: with ``shape="flat"``, a rough dielectric finish comes out at its specified colour
plus its small Fresnel reflection (``tests/test_finishes_color.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkFiltersCore import vtkPolyDataNormals, vtkPolyDataTangents
from vtkmodules.vtkFiltersSources import vtkTexturedSphereSource
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkPolyDataMapper,
    vtkRenderer,
    vtkWindowToImageFilter,
)

from livery.catalog import Family, Finish
from livery.scene import ibl, materials, skies
from livery.scene.looks import SWATCH_SHAPES as SHAPES

#: Object units per millimetre of each shape (the procedural patterns are in mm).
UNITS_PER_MM = {"sphere": 0.025, "panel": 0.001, "flat": 0.01}


def _polydata(points: np.ndarray, faces: np.ndarray, uv: np.ndarray) -> vtkPolyData:
    pd = vtkPolyData()
    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(points, np.float32), deep=True))
    pd.SetPoints(pts)
    cells = vtkCellArray()
    conn = np.ascontiguousarray(faces.reshape(-1), np.int64)
    offsets = np.arange(0, len(conn) + 1, 3, dtype=np.int64)
    cells.SetData(numpy_to_vtk(offsets, deep=True), numpy_to_vtk(conn, deep=True))
    pd.SetPolys(cells)
    tc = numpy_to_vtk(np.ascontiguousarray(uv, np.float32), deep=True)
    tc.SetName("uv")
    pd.GetPointData().SetTCoords(tc)
    return pd


def _grid(nu: int, nv: int) -> tuple[np.ndarray, np.ndarray]:
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv))
    i = np.arange((nu - 1) * (nv - 1))
    r, c = i // (nu - 1), i % (nu - 1)
    a = r * nu + c
    faces = np.concatenate(
        [np.stack([a, a + 1, a + nu + 1], 1), np.stack([a, a + nu + 1, a + nu], 1)]
    )
    return np.stack([u.ravel(), v.ravel()], 1), faces


def panel_polydata() -> vtkPolyData:
    """A door-like panel 0.24 x 0.16 m, curved along both axes, standing upright and
    facing -Y (as a car's right flank does), in metres."""
    uv, faces = _grid(161, 111)
    x = (uv[:, 0] - 0.5) * 0.24
    z = (uv[:, 1] - 0.5) * 0.16
    y = (x**2) / (2 * 0.45) + (z**2) / (2 * 0.6)
    return _polydata(np.stack([x, y, z], 1), faces, uv)


def flat_polydata() -> vtkPolyData:
    uv, faces = _grid(2, 2)
    pts = np.stack([(uv[:, 0] - 0.5) * 2, (uv[:, 1] - 0.5) * 2, np.zeros(len(uv))], 1)
    return _polydata(pts, faces, uv)


def sphere_polydata() -> vtkPolyData:
    s = vtkTexturedSphereSource()
    s.SetThetaResolution(160)
    s.SetPhiResolution(100)
    s.SetRadius(1.0)
    s.Update()
    return s.GetOutput()


def _with_normals_and_tangents(pd: vtkPolyData) -> vtkPolyData:
    n = vtkPolyDataNormals()
    n.SetInputData(pd)
    n.SplittingOff()
    n.ConsistencyOn()
    n.ComputePointNormalsOn()
    t = vtkPolyDataTangents()
    t.SetInputConnection(n.GetOutputPort())
    t.Update()
    return t.GetOutput()


@dataclass
class _View:
    position: tuple[float, float, float]
    focal: tuple[float, float, float]
    up: tuple[float, float, float]
    angle: float = 30.0
    parallel_scale: float = 0.0  # > 0: parallel projection


VIEWS = {
    "sphere": _View((0.0, -4.3, 1.2), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), 30.0),
    # Grazing a little, as one looks along a door, so the coat mirrors the studio lights.
    "panel": _View((0.06, -0.30, 0.03), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), 34.0),
    "flat": _View((0.0, 0.0, 5.0), (0.0, 0.0, 0.0), (0.0, 1.0, 0.0), 30.0, 0.9),
}

#: What a tile's part can show: every family, a clear coat, anisotropy (the shapes have
#: tangents). Opaque: a tile is drawn in one pass on a transparent background.
SWITCHES = materials.Switches(coat=True, anisotropy=True, families=frozenset(Family))


class SwatchRenderer:
    """The preview scene; one per process (``renderer()``), reused by every swatch."""

    def __init__(self) -> None:
        from livery.scene.offscreen import new_offscreen_window

        self.window = new_offscreen_window((256, 256))
        self.renderer = vtkRenderer()
        ibl.install_placeholder(self.renderer)
        self.window.AddRenderer(self.renderer)
        self.environments = skies.EnvironmentCache()  # lit at the Stage's radiance scale
        self.atlas = ibl.atlas_texture()
        self.actors: dict[str, vtkActor] = {}
        builders = {"sphere": sphere_polydata, "panel": panel_polydata, "flat": flat_polydata}
        for shape, build in builders.items():
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(_with_normals_and_tangents(build()))
            actor = vtkActor()
            actor.SetMapper(mapper)
            materials.install_shaders(actor, SWITCHES)
            ibl.install(actor, self.atlas)
            actor.VisibilityOff()
            self.renderer.AddActor(actor)
            self.actors[shape] = actor
        self._passes: dict[bool, object] = {}
        self._filter = vtkWindowToImageFilter()
        self._filter.SetInput(self.window)
        self._filter.SetInputBufferTypeToRGBA()
        self._filter.ReadFrontBufferOff()

    def _tone_pass(self, tone_mapping: bool):  # -> vtkRenderPass | None
        if not tone_mapping:
            return None
        if True not in self._passes:
            from vtkmodules.vtkRenderingOpenGL2 import vtkRenderStepsPass, vtkToneMappingPass

            steps = vtkRenderStepsPass()
            tone = vtkToneMappingPass()
            tone.SetToneMappingType(vtkToneMappingPass.NeutralPBR)
            tone.SetDelegatePass(steps)
            self._passes[True] = tone
        return self._passes[True]

    def render(
        self,
        finish: Finish,
        *,
        shape: str = "sphere",
        env: str = "studio",
        size: tuple[int, int] = (256, 256),
        background: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
    ) -> np.ndarray:
        for name, actor in self.actors.items():
            actor.SetVisibility(name == shape)
        actor = self.actors[shape]
        materials.apply_finish(
            actor,
            finish,
            SWITCHES,
            units_per_mm=UNITS_PER_MM[shape],
            grain_axis=(1.0, 0.0, 0.0),
            output_srgb=env == "furnace",
        )
        self.environments.activate(self.atlas, env)
        self.renderer.SetPass(self._tone_pass(tone_mapping=env != "furnace"))
        r, g, b, a = background
        self.renderer.SetBackground(r, g, b)
        self.renderer.SetBackgroundAlpha(a)
        self.window.SetAlphaBitPlanes(True)
        v = VIEWS[shape]
        cam = self.renderer.GetActiveCamera()
        cam.SetPosition(*v.position)
        cam.SetFocalPoint(*v.focal)
        cam.SetViewUp(*v.up)
        cam.SetViewAngle(v.angle)
        cam.SetParallelProjection(v.parallel_scale > 0)
        if v.parallel_scale > 0:
            cam.SetParallelScale(v.parallel_scale)
        self.renderer.ResetCameraClippingRange()
        w, h = int(size[0]), int(size[1])
        if tuple(self.window.GetSize()) != (w, h):
            self.window.SetSize(w, h)
        self.window.Render()
        self._filter.Modified()
        self._filter.Update()
        img = self._filter.GetOutput()
        arr = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)
        return np.ascontiguousarray(arr[::-1])


_instance: SwatchRenderer | None = None


def renderer() -> SwatchRenderer:
    global _instance
    if _instance is None:
        _instance = SwatchRenderer()
    return _instance


def release() -> None:
    """Free the preview renderer's GL window now (the next preview makes a new one):
    before its X server goes away, a window left to the interpreter's exit would
    talk to a closed connection."""
    global _instance
    if _instance is not None:
        _instance.renderer.RemoveAllViewProps()
        _instance.renderer.SetPass(None)
        for render_pass in _instance._passes.values():  # its framebuffers, with the context
            render_pass.ReleaseGraphicsResources(_instance.window)  # type: ignore[attr-defined]
        _instance.window.Finalize()
        _instance = None


def render_swatch(
    finish: Finish,
    size: int | tuple[int, int] | None = None,
    *,
    shape: str = "sphere",
    env: str = "studio",
) -> np.ndarray:
    """An (h, w, 4) uint8 RGBA preview of ``finish`` (transparent background).

    ``size`` is a side length or (w, h); ``env`` an environment name or a .hdr/.exr path.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; valid: {', '.join(SHAPES)}")
    if size is None:
        size = (256, 256)
    elif isinstance(size, int):
        size = (size, size)
    return renderer().render(finish, shape=shape, env=env, size=size)
