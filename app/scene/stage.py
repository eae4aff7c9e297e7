"""The Stage: one VTK renderer that shows a Build on a VehicleModel.

It is an adapter over the Build (docs/architecture.md): it builds one actor per part once
per vehicle, listens to the build's changes, and updates only the properties of
the parts whose slots changed. No geometry is reloaded, no actor is created and,
because every part's shader-selecting switches are fixed when its actor is made
(``materials.Switches``), no shader is recompiled after the first frame.
``stats`` counts all three so tests and benchmarks can hold us to it.

It renders offscreen (a window of its own, EGL when headless) or into a
vtkRenderWindow someone else owns (the Qt viewport), adding its own renderer.
Whoever renders it gets the same picture: its ``lighting`` (a ``looks.Lighting``) and
its ``camera`` (a ``camera_rig.CameraRig``: presets, bounds kept before every frame,
moves, linking) are the Stage's, not its owner's.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from vtkmodules.util.misc import calldata_type
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray, vtk_to_numpy
from vtkmodules.util.vtkConstants import VTK_OBJECT
from vtkmodules.vtkCommonCore import vtkCommand, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkFiltersCore import vtkPolyDataNormals, vtkPolyDataTangents
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkPolyDataMapper,
    vtkRenderer,
    vtkRenderWindow,
)
from vtkmodules.vtkRenderingOpenGL2 import vtkToneMappingPass

import livery
from livery import display, pngfile
from livery.catalog import Build, BuildChange, Catalog, Finish
from livery.scene import cameras, environment, floor, ibl, materials, reduced, skies
from livery.scene.camera_moves import Bounds
from livery.scene.camera_rig import CameraRig, CameraState
from livery.scene.cameras import CameraPose
from livery.scene.display_pass import ScreenEncoding
from livery.scene.looks import (
    CAMERAS,
    DEFAULT_CAMERA,
    DEFAULT_EXPOSURE,
    DEFAULT_TONE,
    Lighting,
    Look,
)
from livery.scene.markers import Markers, Point, surface_point
from livery.scene.offscreen import grab_rgb, new_offscreen_window, use_on_screen_kind
from livery.scene.render_limits import limits_for
from livery.scene.selection import IdRender
from livery.scene.shadow import ContactShadow, contact_shadow
from livery.slots import Slot
from livery.srgb import linear_to_srgb, srgb_to_linear
from livery.vehicles.model import Part, VehicleModel

log = logging.getLogger(__name__)

#: Vehicles whose actors stay built after being shown (switching back is instant).
KEPT_VEHICLES = 3


@dataclass
class FrameStats:
    """Counters that make the stage's promises testable.

    ``shader_programs`` counts distinct shader programs the part mappers have used
    (a new one means a compile); ``program_switches`` counts frames in which a part
    mapper used another program than in its previous frame (a shader rebuild, even
    if the cache had it); ``geometry_uploads`` counts vertex-buffer uploads.
    """

    frames: int = 0
    actors_created: int = 0
    geometry_uploads: int = 0
    shader_programs: int = 0
    program_switches: int = 0
    finishes_applied: int = 0

    def copy(self) -> FrameStats:
        return FrameStats(**vars(self))


@dataclass(eq=False)
class PartView:
    """One part on stage: its geometry, mapper, actor and fixed shader switches."""

    part: Part
    polydata: vtkPolyData
    mapper: vtkPolyDataMapper
    actor: vtkActor
    switches: materials.Switches
    program: str = ""
    upload: int = 0
    observer: int = 0

    @property
    def slot(self) -> Slot | None:
        return self.part.slot


@dataclass(eq=False)
class _Cast:
    """Everything built for one vehicle (kept, so switching back costs nothing)."""

    model: VehicleModel
    views: list[PartView]
    shadow: ContactShadow
    by_slot: dict[Slot, list[PartView]] = field(default_factory=dict)


def polydata_of(part: Part, *, tangents: bool = False) -> vtkPolyData:
    """VTK geometry for a part: points, triangles, normals, UVs (and tangents)."""
    pd = vtkPolyData()
    points = vtkPoints()
    points.SetData(numpy_to_vtk(np.ascontiguousarray(part.vertices, dtype=np.float32), deep=True))
    pd.SetPoints(points)
    faces = np.ascontiguousarray(part.faces, dtype=np.int64).reshape(-1)
    offsets = np.arange(0, len(faces) + 1, 3, dtype=np.int64)
    cells = vtkCellArray()
    cells.SetData(
        numpy_to_vtkIdTypeArray(offsets, deep=True), numpy_to_vtkIdTypeArray(faces, deep=True)
    )
    pd.SetPolys(cells)
    uvs = part.uvs
    if uvs is None:  # VTK reads textures (the emissive one too) through texture coordinates
        uvs = np.zeros((len(part.vertices), 2), dtype=np.float32)
    tc = numpy_to_vtk(np.ascontiguousarray(uvs, dtype=np.float32), deep=True)
    tc.SetName("uv")
    pd.GetPointData().SetTCoords(tc)
    if part.normals is not None:
        n = numpy_to_vtk(np.ascontiguousarray(part.normals, dtype=np.float32), deep=True)
        n.SetName("Normals")
        pd.GetPointData().SetNormals(n)
    else:
        f = vtkPolyDataNormals()
        f.SetInputData(pd)
        f.SetFeatureAngle(40.0)
        f.ConsistencyOff()
        f.Update()
        pd = f.GetOutput()
    if tangents and part.uvs is not None:
        t = vtkPolyDataTangents()
        t.SetInputData(pd)
        t.Update()
        pd = t.GetOutput()
        _orthonormalise_tangents(pd)
    return pd


def _orthonormalise_tangents(pd: vtkPolyData) -> None:
    """Make every tangent perpendicular to its normal, in place.

    vtkPolyDataTangents averages face tangents without projecting them off the vertex
    normal; where the two come out parallel (curved corners, collapsed UVs), VTK's
    shader normalises a zero vector and a normal map turns the pixel black or cyan.
    """
    arr = pd.GetPointData().GetTangents()
    nrm = pd.GetPointData().GetNormals()
    if arr is None or nrm is None:
        return
    n = vtk_to_numpy(nrm).astype(np.float64)
    t = vtk_to_numpy(arr).astype(np.float64)[:, :3]
    t -= n * np.einsum("ij,ij->i", t, n)[:, None]
    length = np.linalg.norm(t, axis=1)
    bad = length < 1e-3
    if bad.any():  # any direction in the tangent plane beats none
        axis = np.where(np.abs(n[bad, 2:3]) < 0.9, [0.0, 0.0, 1.0], [1.0, 0.0, 0.0])
        t[bad] = np.cross(axis, n[bad])
        length[bad] = np.linalg.norm(t[bad], axis=1)
    fixed = numpy_to_vtk(np.ascontiguousarray(t / length[:, None], dtype=np.float32), deep=True)
    fixed.SetName(arr.GetName() or "Tangents")
    pd.GetPointData().SetTangents(fixed)


class _RendererLens:
    """A camera rig's poses on a renderer's active camera."""

    def __init__(self, renderer: vtkRenderer) -> None:
        self._renderer = renderer

    def pose(self) -> CameraPose:
        cam = self._renderer.GetActiveCamera()
        return CameraPose(
            tuple(cam.GetPosition()),
            tuple(cam.GetFocalPoint()),
            tuple(cam.GetViewUp()),
            float(cam.GetViewAngle()),
        )

    def set_pose(self, pose: CameraPose) -> None:
        cam = self._renderer.GetActiveCamera()
        cam.SetPosition(*pose.position)
        cam.SetFocalPoint(*pose.focal_point)
        cam.SetViewUp(*pose.view_up)
        cam.SetViewAngle(pose.view_angle)
        cam.OrthogonalizeViewUp()
        self._renderer.ResetCameraClippingRange()


class Stage:
    """Shows a Build on a VehicleModel; offscreen by default or inside ``render_window``."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        size: tuple[int, int] = (800, 450),
        render_window: vtkRenderWindow | None = None,
        look: Look | None = None,
        fxaa: bool = True,
    ) -> None:
        self.catalog = catalog
        self.look = look or Look()
        self.stats = FrameStats()
        self._fxaa = fxaa
        self._owns_window = render_window is None
        if render_window is not None:
            use_on_screen_kind()
        self._window = render_window if render_window is not None else new_offscreen_window(size)
        self._screen = ScreenEncoding(self._window, on_screen=not self._owns_window)
        if not self._owns_window and tuple(self._window.GetSize()) == (0, 0):
            self._window.SetSize(int(size[0]), int(size[1]))
        self._renderer = vtkRenderer()
        self._window.AddRenderer(self._renderer)
        ibl.install_placeholder(self._renderer)
        self._lighting = Lighting()
        self._atlas = ibl.atlas_texture()  # the image light every PBR actor reads
        self._skies = skies.EnvironmentCache(self.look.radiance_scale)
        self._skies.activate(self._atlas, self._lighting.environment)
        environment.install_background(self._renderer)
        self._renderer.SetPass(environment.make_passes(fxaa=fxaa))
        self._renderer.SetNearClippingPlaneTolerance(0.0005)
        self._floors: dict[skies.Backdrop, np.ndarray] = {}  # floor texture per backdrop
        backdrop = skies.backdrop(self._lighting.environment)
        self._floor = floor.floor_actor(self._floor_rgba(backdrop), self.look.floor_radius)
        self._gloss = floor.gloss_actor(self.look.floor_radius)
        ibl.install(self._gloss, self._atlas)
        self._shadow = floor.shadow_actor()
        # drawn in this order: matte floor, polished layer, contact shadow, then the car
        self._renderer.AddActor(self._floor)
        self._renderer.AddActor(self._gloss)
        self._renderer.AddActor(self._shadow)
        self._casts: dict[int, _Cast] = {}
        self._cast: _Cast | None = None
        self._build: Build | None = None
        #: The camera: its preset, bounds, moves; shared with a linked stage.
        self.camera = CameraRig(_RendererLens(self._renderer))
        self.camera.watch(self._camera_moved)
        #: Called when a stage linked to this one moved the shared camera (the owner
        #: schedules a frame).
        self.on_camera_moved: Callable[[], None] | None = None
        self._frame_observer = self._renderer.AddObserver("StartEvent", self._before_frame)
        self._warm = False
        self._programs: set[str] = set()
        self._ids = IdRender()
        self._ids_for: int | None = None
        #: Numbered markers of pinned notes (left out of pictures unless asked).
        self.markers = Markers(self._renderer)
        self._closed = False
        self._exposure = DEFAULT_EXPOSURE  # the finish shaders' share of the exposure
        #: The share of the window's size the last frame was drawn at (1.0: full quality).
        self.frame_scale = 1.0
        self._set_backdrop(backdrop)
        self._set_tone(self._lighting.tone, self._lighting.exposure)

    # -- what is shown ----------------------------------------------------------------
    @property
    def renderer(self) -> vtkRenderer:
        return self._renderer

    @property
    def render_window(self) -> vtkRenderWindow:
        return self._window

    @property
    def model(self) -> VehicleModel | None:
        return self._cast.model if self._cast else None

    @property
    def build(self) -> Build | None:
        return self._build

    @property
    def views(self) -> list[PartView]:
        """The parts on stage (read-only use: tests, picking)."""
        return list(self._cast.views) if self._cast else []

    def show(self, build: Build, model: VehicleModel) -> None:
        """Show ``build`` on ``model`` and follow the build's changes from now on.

        Actors are built once per vehicle; showing another vehicle swaps the actor
        sets (a vehicle seen before comes back without a rebuild).
        """
        if self._build is not build:
            self.detach()
            build.subscribe(self._on_build_change)
            self._build = build
        if self._cast is None or self._cast.model is not model:
            self._swap_cast(model)
        self._apply(None)

    def detach(self) -> None:
        """Stop following the build (the actors stay as they are)."""
        if self._build is not None:
            with contextlib.suppress(ValueError):  # already unsubscribed by its owner
                self._build.unsubscribe(self._on_build_change)
            self._build = None

    def close(self) -> None:
        """Release everything: subscriptions, actors, GL resources, the own window."""
        if self._closed:
            return
        self._closed = True
        self.detach()
        self._screen.close()
        self._renderer.RemoveObserver(self._frame_observer)
        self.camera.unwatch(self._camera_moved)
        self._ids.close()
        self.markers.clear()
        for cast in self._casts.values():
            for v in cast.views:
                v.mapper.RemoveObserver(v.observer)
        # Release GL objects (the render passes' too) while the context still exists.
        self._window.MakeCurrent()
        self._renderer.ReleaseGraphicsResources(self._window)
        self._renderer.RemoveAllViewProps()
        self._window.RemoveRenderer(self._renderer)
        if self._owns_window:
            self._window.Finalize()
        self._renderer.SetPass(None)
        self._renderer.SetEnvironmentTexture(None)
        self._casts.clear()
        self._cast = None

    # -- build changes --------------------------------------------------------------------
    def _on_build_change(self, change: BuildChange) -> None:
        if change.vehicle_changed and self._build is not None:
            vehicle_id = self._build.vehicle.id
            model = next((c.model for c in self._casts.values() if c.model.id == vehicle_id), None)
            if model is not None:
                self._swap_cast(model)
            else:  # the owner shows the new vehicle; keep finishes in step meanwhile
                log.info("vehicle changed to %s: waiting for show()", vehicle_id)
            self._apply(None)
        else:
            self._apply(change.slots)

    def _apply(self, slots: Iterable[Slot] | None) -> None:
        """Apply the build's finishes to the parts of ``slots`` (None: every slot)."""
        if self._cast is None or self._build is None:
            return
        finishes = self._build.finishes()
        targets = self._cast.by_slot.keys() if slots is None else slots
        for slot in targets:
            for view in self._cast.by_slot.get(slot, ()):
                finish = finishes.get(slot, self._fallback(view))
                self._set_finish(view, finish)

    def _fallback(self, view: PartView) -> Finish:
        return materials.finish_from_source(view.part.material)

    def _set_finish(self, view: PartView, finish: Finish | None) -> None:
        if finish is None:
            view.actor.VisibilityOff()
            return
        materials.apply_finish(view.actor, finish, view.switches)
        view.actor.VisibilityOn()
        self.stats.finishes_applied += 1

    # -- actors --------------------------------------------------------------------------
    def _swap_cast(self, model: VehicleModel) -> None:
        first = self._cast is None
        if self._cast is not None:
            for v in self._cast.views:
                self._renderer.RemoveActor(v.actor)
        cast = self._casts.pop(id(model), None)
        if cast is None or cast.model is not model:
            cast = self._make_cast(model)
        self._casts[id(model)] = cast  # most recently shown last
        self._evict_casts()
        for v in cast.views:
            self._renderer.AddActor(v.actor)
        floor.set_shadow(self._shadow, cast.shadow)
        self._cast = cast
        self._warm = False
        self._ids_for = None
        self._frame_vehicle(model, first)

    def _evict_casts(self) -> None:
        """Keep the few most recent vehicles ready; free the GL side of older ones.

        Switching between the two cars stays instant, while an app that reloads a
        vehicle file all day (the slot-mapping dialog) does not grow without bound.
        """
        while len(self._casts) > KEPT_VEHICLES:
            old = self._casts.pop(next(iter(self._casts)))
            for v in old.views:
                v.mapper.RemoveObserver(v.observer)
                v.mapper.ReleaseGraphicsResources(self._window)

    def _make_cast(self, model: VehicleModel) -> _Cast:
        views = []
        for part in model.parts:
            views.append(self._make_view(part))
        cast = _Cast(model, views, contact_shadow(model))
        for v in views:
            if v.slot is not None:
                cast.by_slot.setdefault(v.slot, []).append(v)
        return cast

    def _make_view(self, part: Part) -> PartView:
        candidates = self.catalog.finishes_for_slot(part.slot) if part.slot is not None else []
        if not candidates:
            candidates = [materials.finish_from_source(part.material)]
        own = part.slot is None  # keeps its own material
        wants_tangents = part.uvs is not None and (
            any(f.anisotropy > 0 for f in candidates) or part.material.normal_texture is not None
        )
        pd = polydata_of(part, tangents=wants_tangents)
        switches = materials.Switches.covering(candidates, has_tangents=wants_tangents)
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(pd)
        mapper.ScalarVisibilityOff()
        mapper.StaticOn()  # geometry never changes: skip the pipeline checks every frame
        actor = vtkActor()
        actor.SetMapper(mapper)
        materials.install_shaders(actor, switches)
        ibl.install(actor, self._atlas)
        if part.uvs is not None:
            materials.install_file_maps(actor, part.material, tangents=wants_tangents, own=own)
        if own:
            materials.apply_source(actor, part.material, switches)
        else:
            materials.apply_finish(actor, candidates[0], switches)
        actor.GetShaderProperty().GetFragmentCustomUniforms().SetUniformf(
            "lvExposure", self._exposure
        )
        view = PartView(part, pd, mapper, actor, switches)
        view.observer = mapper.AddObserver(
            vtkCommand.UpdateShaderEvent, self._shader_observer(view)
        )
        self.stats.actors_created += 1
        return view

    def _shader_observer(self, view: PartView) -> Callable[..., None]:
        @calldata_type(VTK_OBJECT)
        def on_update(_mapper: object, _event: str, program: object) -> None:
            if program is None:
                return
            address = program.GetAddressAsString("vtkShaderProgram")  # type: ignore[attr-defined]
            if address not in self._programs:
                self._programs.add(address)
                self.stats.shader_programs += 1
                ibl.check_program(program.GetFragmentShader().GetSource(), view.part.name)  # type: ignore[attr-defined]
            if view.program and view.program != address:
                self.stats.program_switches += 1
            view.program = address

        return on_update

    def _count_uploads(self) -> None:
        if self._cast is None:
            return
        for v in self._cast.views:
            vbos = v.mapper.GetVBOs()
            vbo = vbos.GetVBO("vertexMC") if vbos is not None else None
            if vbo is None:
                continue
            t = vbo.GetUploadTime().GetMTime()
            if t != v.upload:
                v.upload = t
                self.stats.geometry_uploads += 1

    # -- lighting ------------------------------------------------------------------------
    @property
    def lighting(self) -> Lighting:
        """The environment, tone mapping and exposure the stage is lit with."""
        return self._lighting

    @property
    def environment(self) -> str:
        return self._lighting.environment

    def set_lighting(self, lighting: Lighting) -> None:
        """Light the stage with ``lighting``. A bad environment raises
        ``looks.EnvironmentFileError`` and changes nothing.

        Each environment (a name in ``looks.ENVIRONMENTS`` or a .hdr/.exr file) is
        prefiltered once; switching back to one is a pointer swap. The background, the
        floor and its light pools or polish follow the environment (``skies.BACKDROPS``).
        """
        if lighting.environment != self._lighting.environment:
            self._skies.activate(self._atlas, lighting.environment)
            self._set_backdrop(skies.backdrop(lighting.environment))
        self._set_tone(lighting.tone, lighting.exposure)
        if lighting.rotation != self._lighting.rotation:
            ibl.set_rotation(self._renderer, lighting.rotation, self._floor)
        self._lighting = lighting

    def set_environment(self, name: str) -> None:
        self.set_lighting(replace(self._lighting, environment=name))

    def set_tone_mapping(
        self, kind: str = DEFAULT_TONE, exposure: float = DEFAULT_EXPOSURE
    ) -> None:
        self.set_lighting(replace(self._lighting, tone=kind, exposure=exposure))

    def _floor_rgba(self, bd: skies.Backdrop) -> np.ndarray:
        if bd not in self._floors:
            self._floors[bd] = floor.floor_rgba(
                bd.floor, self.look.floor_radius, bd.pools, bd.pool_color
            )
        return self._floors[bd]

    def _set_backdrop(self, bd: skies.Backdrop) -> None:
        environment.set_background(self._renderer, bd.center, bd.edge)
        floor.set_floor(self._floor, self._floor_rgba(bd))
        floor.set_gloss(self._gloss, bd.gloss, bd.gloss_roughness, bd.gloss_color)

    def _set_tone(self, kind: str, exposure: float) -> None:
        """``neutral`` (Khronos PBR Neutral, hue-preserving), ``aces`` or ``off``; exposure
        multiplies the scene's radiance before tone mapping."""
        tone = _tone_pass(self._renderer.GetPass())
        if tone is None:
            return
        if kind == "aces":
            tone.SetToneMappingType(vtkToneMappingPass.GenericFilmic)
            tone.SetUseACES(True)
        elif kind == "off":
            tone.SetToneMappingType(vtkToneMappingPass.Clamp)
        else:
            tone.SetToneMappingType(vtkToneMappingPass.NeutralPBR)
        tone.SetExposure(exposure)
        # VTK's pass applies exposure for its filmic curves only: for PBR Neutral and the
        # clamp, the finish shaders scale the radiance themselves.
        self._exposure = exposure if kind in ("neutral", "off") else 1.0
        for view in self.views:
            view.actor.GetShaderProperty().GetFragmentCustomUniforms().SetUniformf(
                "lvExposure", self._exposure
            )

    # -- rendering -----------------------------------------------------------------------
    def render(self, scale: float = 1.0, *, warm_up: bool = True) -> None:
        """Draw one frame (the first frame of a vehicle also compiles every shader;
        ``warm_up=False`` leaves the hidden parts' shaders to a later frame:
        ``needs_warm_up``).

        ``scale`` < 1 draws an interactive frame: at that share of the window's width
        and height, stretched to the window (``reduced``); ``frame_scale`` says which
        the last frame was. Nothing to draw while the window has no area (a viewport
        being laid out or minimised): its render passes could not even make their buffers."""
        if self._closed or min(self.size) < 1:
            return
        if not self._warm and warm_up:
            self._warm_up()
        self._renderer.ResetCameraClippingRange()
        if scale < 1.0:
            encoded = not self._owns_window and self.display != display.SRGB
            with self._screen.paused():  # encoded (and shown) once stretched
                reduced.render_reduced(self._window, self._renderer, scale, show=not encoded)
        else:
            self._window.Render()
        self.frame_scale = scale
        self.stats.frames += 1
        self._count_uploads()

    @property
    def needs_warm_up(self) -> bool:
        """Whether the next frame compiles the hidden parts' shaders first."""
        return not self._warm and self._cast is not None

    def _warm_up(self) -> None:
        """Draw the hidden parts once, alone, so that showing one later compiles no
        shader and uploads no geometry (the frame that follows draws the rest)."""
        self._warm = True
        if self._cast is None:
            return
        hidden = [v for v in self._cast.views if not v.actor.GetVisibility()]
        if not hidden:
            return
        shown = [v for v in self._cast.views if v.actor.GetVisibility()]
        for v in hidden:
            v.actor.VisibilityOn()
        for v in shown:
            v.actor.VisibilityOff()
        swap = self._window.GetSwapBuffers()
        self._window.SwapBuffersOff()
        self._renderer.ResetCameraClippingRange()
        with self._screen.paused(show_after=False):  # never on screen, encoded or not
            self._window.Render()
        self._window.SetSwapBuffers(swap)
        for v in hidden:
            v.actor.VisibilityOff()
        for v in shown:
            v.actor.VisibilityOn()

    def _grab(self) -> np.ndarray:
        return grab_rgb(self._window)

    @property
    def size(self) -> tuple[int, int]:
        w, h = self._window.GetSize()
        return int(w), int(h)

    def resize(self, size: tuple[int, int]) -> None:
        """Make the Stage's own (offscreen) window ``size``; set the camera after it (a
        preset is fitted to the window's aspect). An embedded Stage's size is its widget's."""
        if not self._owns_window:
            raise RuntimeError("an embedded Stage is sized by its widget")
        self._window.SetSize(int(size[0]), int(size[1]))

    def snapshot(
        self, size: tuple[int, int] | None = None, *, supersample: int = 1, markers: bool = False
    ) -> np.ndarray:
        """The current view as (h, w, 3) uint8 RGB, rendered now.

        ``size`` may differ from (and exceed) the window's: an own window is resized
        for the shot; an embedded one hands the shot to an offscreen twin stage.
        ``supersample`` renders k times larger and averages in linear light. The
        markers of pinned notes are in it only with ``markers``.
        """
        k = max(1, int(supersample))
        self.check_picture_size(size or self.size, k)  # before anything is resized or drawn
        with self.markers.left_out(not markers) as left_out:
            img = self._snapshot(size, k, markers)
        if left_out and not self._owns_window:
            self.render()  # the screen shows them again
        return img

    def _snapshot(self, size: tuple[int, int] | None, k: int, markers: bool) -> np.ndarray:
        w, h = size or self.size
        if (w, h) == self.size and k == 1:
            with self._screen.paused():  # the frame as rendered, not as the screen shows it
                self.render()
                return self._grab()
        if not self._owns_window:
            return self._twin_snapshot((w, h), k, markers)
        old = self.size
        state = self.camera_state()
        self._window.SetSize(w * k, h * k)
        if state.at_preset:
            self.set_camera(state.preset)  # refit for the new aspect
        try:
            self.render()
            img = self._grab()
        finally:
            self._window.SetSize(*old)
            if state.at_preset:
                self.set_camera(state.preset)
        return _downsample(img, k)

    def check_picture_size(self, size: tuple[int, int], supersample: int = 1) -> None:
        """ValueError naming the largest size that works, when a ``size`` picture at
        ``supersample`` is over what this machine's GL context or free memory can render
        (``render_limits``): refused before anything is resized or drawn."""
        if size == self.size and supersample == 1:
            return  # the frame on screen
        limits_for(self._window).check(size, supersample)

    def _twin_snapshot(self, size: tuple[int, int], k: int, markers: bool) -> np.ndarray:
        twin = Stage(self.catalog, size=(size[0] * k, size[1] * k), look=self.look, fxaa=self._fxaa)
        try:
            twin.set_lighting(self._lighting)
            if self._build is not None and self._cast is not None:
                twin.show(self._build, self._cast.model)
            twin.set_camera_state(self.camera_state())
            if markers:
                twin.markers.show(self.markers.points, self.markers.numbers, self.markers.scale * k)
                twin.markers.highlight(self.markers.highlighted)
            twin.render()
            return _downsample(twin._grab(), k)
        finally:
            twin.close()

    def picture_text(
        self, size: tuple[int, int] | None = None, supersample: int = 1
    ) -> dict[str, str]:
        """What a picture of the current view carries in its PNG text: the build (its
        JSON and share code), the camera, the lighting, the size and the versions."""
        state = self.camera_state()
        lit = self._lighting
        w, h = size or self.size
        text = {
            "camera": state.preset if state.at_preset else "free",
            "environment": Path(lit.environment).name,
            "tone": f"{lit.tone} {lit.exposure:g}",
            "size": f"{w}x{h}",
            "supersample": str(supersample),
            "version": livery.__version__,
            "catalog": self.catalog.version,
            "display": Path(self.display).name,
        }
        if lit.rotation:
            text["env-rotation"] = f"{lit.rotation:g}"
        if self._build is not None:
            text |= {"build": self._build.to_json(), "share-code": self._build.share_code()}
        if self._cast is not None:
            text["vehicle"] = self._cast.model.id
        return text

    def picture(
        self, size: tuple[int, int] | None = None, *, supersample: int = 1, markers: bool = False
    ) -> Picture:
        """The one capture path: the current view rendered now (``snapshot``), encoded
        for the display colour space (``set_display``), with what its PNG carries."""
        shot = self.snapshot(size, supersample=supersample, markers=markers)
        pixels = display.convert(shot, self.display)
        text = self.picture_text(size, supersample)
        return Picture(pixels, text, display.icc_profile(self.display))

    def save_png(
        self,
        path: str | Path,
        size: tuple[int, int] | None = None,
        *,
        supersample: int = 1,
        markers: bool = False,
    ) -> Path:
        """``picture`` written atomically as a PNG (its text chunks, and its ICC profile
        for a display space other than sRGB)."""
        return self.picture(size, supersample=supersample, markers=markers).save(path)

    # -- display colour ------------------------------------------------------------------
    @property
    def display(self) -> str:
        """The display colour space frames and pictures are encoded for (``livery.display``)."""
        return self._screen.spec

    def set_display(self, spec: str) -> None:
        """Encode what this stage shows on screen and saves for ``spec`` ("srgb",
        "display-p3" or a monitor's ICC profile); DisplayError if it can't be used.
        ``snapshot`` stays scene sRGB: the conversion is the last step of a picture."""
        self._screen.set(spec)

    # -- camera ------------------------------------------------------------------------
    def camera_presets(self) -> list[str]:
        return list(CAMERAS)

    def camera_pose(self, name: str) -> CameraPose:
        """The preset ``name`` fitted to the current vehicle and window aspect."""
        if name not in CAMERAS:
            raise ValueError(f"unknown camera preset {name!r}; valid: {', '.join(CAMERAS)}")
        if self._cast is None:
            raise RuntimeError("no vehicle on stage: call show() first")
        w, h = self.size
        return cameras.presets(self._cast.model, w / max(h, 1))[name]

    def set_camera(self, name: str, seconds: float = 0.0) -> None:
        """Send the camera to preset ``name``: at once, or as an eased move over
        ``seconds`` (stepped by ``camera.advance``)."""
        self.camera.go_to(name, self.camera_pose(name), seconds)

    def set_camera_pose(self, pose: CameraPose) -> None:
        """Put the camera at a free pose (no preset)."""
        self.camera.set_pose(pose)

    def current_pose(self) -> CameraPose:
        return self.camera.pose()

    def camera_state(self) -> CameraState:
        """The camera as the next frame shows it (kept in bounds), to reproduce it on
        another stage: ``set_camera_state``."""
        self.camera.keep_in_bounds()
        preset = self.camera.preset
        at = bool(preset) and self._cast is not None and self.camera.at(self.camera_pose(preset))
        return CameraState(self.current_pose(), preset, at)

    def set_camera_state(self, state: CameraState) -> None:
        """Show the camera of ``state``: at its preset it is the preset refitted to this
        stage's aspect, elsewhere the same pose (with the preset's bounds)."""
        if state.at_preset and self._cast is not None:
            self.set_camera(state.preset)
        else:
            self.camera.set_pose(state.pose, state.preset)

    def link_camera(self, other: Stage) -> None:
        """Let ``other`` show this stage's camera: one pose, preset, bounds and move for
        both; a pose new to one reaches the other's ``on_camera_moved``."""
        other.camera.unwatch(other._camera_moved)
        other._renderer.SetActiveCamera(self._renderer.GetActiveCamera())
        other.camera = self.camera
        self.camera.watch(other._camera_moved)

    def _frame_vehicle(self, model: VehicleModel, first: bool) -> None:
        """A vehicle came on stage: the camera's bounds follow it and the preset chosen
        last (the default at first) is fitted to it."""
        self.camera.bounds = Bounds.around(*model.bounds())
        if first or self.camera.preset:
            self.set_camera(self.camera.preset or DEFAULT_CAMERA)

    def _before_frame(self, _obj: object, _event: str) -> None:
        """Before every frame, interaction included: the camera's bounds and watchers."""
        self.camera.frame_starting(self)

    def _camera_moved(self, view: object) -> None:
        if view is not self and self.on_camera_moved is not None:
            self.on_camera_moved()

    # -- picking -------------------------------------------------------------------------
    def part_ids(self, visible: Sequence[bool] | None = None) -> np.ndarray:
        """(h, w) index into ``views`` of the part seen at each pixel (-1: none).

        ``visible``: which parts to draw, one flag per view (default: as shown), so a
        caller can ask what a set of parts would cover without changing the picture.
        """
        if self._cast is None:
            return np.full(self.size[::-1], -1, dtype=np.int32)
        if self._ids_for != id(self._cast):
            self._ids.set_parts([v.polydata for v in self._cast.views])
            self._ids_for = id(self._cast)
        self._renderer.ResetCameraClippingRange()
        if visible is None:
            visible = [bool(v.actor.GetVisibility()) for v in self._cast.views]
        return self._ids.part_ids(self._renderer.GetActiveCamera(), self.size, list(visible))

    def slot_mask(self, slot: Slot | str) -> np.ndarray:
        """(h, w) bool: the pixels of the current view that show ``slot``."""
        slot = Slot(slot)
        ids = self.part_ids()
        wanted = [i for i, v in enumerate(self.views) if v.slot == slot]
        return np.isin(ids, wanted)

    def pick_part(self, x: int, y: int) -> Part | None:
        """The part at pixel (x, y), origin top-left like ``snapshot``; None for none."""
        ids = self.part_ids()
        h, w = ids.shape
        if not (0 <= x < w and 0 <= y < h):
            return None
        i = int(ids[int(y), int(x)])
        return self.views[i].part if i >= 0 else None

    def pick_point(self, x: int, y: int) -> tuple[Point, Part] | None:
        """The point on the car at pixel (x, y) (vehicle frame, metres) and its part."""
        part = self.pick_part(x, y)
        view = next((v for v in self.views if v.part is part), None)
        if view is None:
            return None
        point = surface_point(self._renderer, view.polydata, x, y)
        return None if point is None else (point, view.part)


@dataclass(frozen=True)
class Picture:
    """A captured view: display-encoded pixels, its PNG text and ICC profile."""

    pixels: np.ndarray
    text: dict[str, str]
    icc: bytes | None = None

    def save(self, path: str | Path) -> Path:
        return pngfile.write_png(path, self.pixels, self.text, icc=self.icc)


def _tone_pass(p: object) -> vtkToneMappingPass | None:
    """The tone-mapping pass in the stage's chain ([FXAA] <- tone <- steps)."""
    while p is not None:
        if isinstance(p, vtkToneMappingPass):
            return p
        p = p.GetDelegatePass() if hasattr(p, "GetDelegatePass") else None
    return None


def _downsample(img: np.ndarray, k: int) -> np.ndarray:
    if k == 1:
        return img
    h, w = img.shape[0] // k, img.shape[1] // k
    out = np.empty((h, w, 3), np.uint8)
    band = max(1, (1 << 22) // max(1, w * k * k))  # output rows per ~4M-pixel slice
    for y in range(0, h, band):  # in slices: a float copy of the whole render is 12 B/px
        rows = img[y * k : min(h, y + band) * k, : w * k]
        lin = srgb_to_linear(rows.astype(np.float32) / 255.0)
        lin = lin.reshape(-1, k, w, k, 3).mean(axis=(1, 3))
        out[y : y + len(lin)] = np.clip(linear_to_srgb(lin) * 255.0 + 0.5, 0, 255)
    return out
