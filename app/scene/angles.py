"""Multi-angle numbers: the rendered CIELAB of a flat test panel at the aspecular angles
of a multi-angle spectrophotometer, so a metallic's flop reads as numbers beside the
supplier's.

The geometry and light (what defines the numbers):

- a flat panel (the previews' ``flat`` shape, 200 mm square, normal +Z) with the
  finish mapped exactly as on the car (``materials.apply_finish``);
- one collimated light at 45° incidence in the X-Z plane, white in the renderer's
  linear sRGB (D65 white), of an irradiance at which a perfect white diffuser reads
  L* = 100 (``HEADROOM`` times below that in the frame, so that bright flakes near the
  specular direction are not clipped); no environment light, no tone mapping,
  exposure 1;
- the detector (a parallel camera filling its view with the panel) in the plane of
  incidence at aspecular angle γ, measured from the specular direction toward the
  light: γ = 15° is 30° from the normal on the specular side, 45° is the normal, 110°
  is 65° from the normal on the light's side (the 45°as15...as110 geometry of
  ASTM E2194 / DIN 6175-2 instruments);
- the reading is the mean over the central half of the frame (an aperture that
  averages the flakes), decoded from sRGB, times ``HEADROOM``, as CIE XYZ (sRGB
  primaries, D65) and CIELAB D65.

VTK only here (the layers' rule); the numbers come back as plain tuples.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from vtkmodules.vtkRenderingCore import vtkActor, vtkLight, vtkPolyDataMapper, vtkRenderer

from livery.catalog import Finish
from livery.catalog.candidates import ASPECULAR_ANGLES
from livery.catalog.color import srgb_to_lab
from livery.scene import ibl, materials, swatch
from livery.scene.offscreen import grab_rgb, new_offscreen_window
from livery.srgb import linear_to_srgb, srgb_to_linear

ILLUMINATION_DEG = 45.0
#: The frame holds reflectance factors up to this (a white diffuser reads 1 / HEADROOM).
HEADROOM = 3.0
SIZE = 96  # pixels a side: flakes of the default size average out over the aperture


def detector_direction(aspecular_deg: float) -> tuple[float, float, float]:
    """Unit vector from the panel to the detector (X-Z plane; the light is at -X)."""
    theta = math.radians(ILLUMINATION_DEG - aspecular_deg)  # from the normal, + = specular side
    return (math.sin(theta), 0.0, math.cos(theta))


def light_direction() -> tuple[float, float, float]:
    """Unit vector from the panel toward the light."""
    t = math.radians(ILLUMINATION_DEG)
    return (-math.sin(t), 0.0, math.cos(t))


@contextmanager
def _scene() -> Iterator[tuple[vtkRenderer, vtkActor, object]]:
    window = new_offscreen_window((SIZE, SIZE))
    renderer = vtkRenderer()
    ibl.install_placeholder(renderer)  # VTK's image light on, lit black: no environment
    window.AddRenderer(renderer)
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(swatch._with_normals_and_tangents(swatch.flat_polydata()))
    actor = vtkActor()
    actor.SetMapper(mapper)
    materials.install_shaders(actor, swatch.SWITCHES)
    renderer.AddActor(actor)
    light = vtkLight()
    light.SetLightTypeToSceneLight()
    light.SetPositional(False)
    light.SetFocalPoint(0.0, 0.0, 0.0)
    light.SetPosition(*light_direction())
    light.SetColor(1.0, 1.0, 1.0)
    # A Lambertian white reflects irradiance E as radiance E/π; E = I cos(45°).
    light.SetIntensity(math.pi / math.cos(math.radians(ILLUMINATION_DEG)) / HEADROOM)
    renderer.AddLight(light)
    renderer.SetBackground(0.0, 0.0, 0.0)
    try:
        yield renderer, actor, window
    finally:
        renderer.RemoveAllViewProps()
        window.Finalize()


def panel_readings(
    finish: Finish, angles: Iterable[int] = ASPECULAR_ANGLES
) -> dict[int, tuple[float, float, float]]:
    """{aspecular degrees: rendered CIELAB D65} of ``finish`` on the flat test panel."""
    out = {}
    with _scene() as (renderer, actor, window):
        materials.apply_finish(
            actor,
            finish,
            swatch.SWITCHES,
            units_per_mm=swatch.UNITS_PER_MM["flat"],
            grain_axis=(1.0, 0.0, 0.0),
            output_srgb=True,
        )
        cam = renderer.GetActiveCamera()
        cam.SetParallelProjection(True)
        cam.SetParallelScale(0.4)
        cam.SetFocalPoint(0.0, 0.0, 0.0)
        cam.SetViewUp(0.0, 1.0, 0.0)
        for angle in angles:
            d = detector_direction(angle)
            cam.SetPosition(*(5.0 * x for x in d))
            renderer.ResetCameraClippingRange()
            window.Render()
            frame = grab_rgb(window).astype(np.float64) / 255.0
            q = SIZE // 4
            linear = srgb_to_linear(frame[q:-q, q:-q]).reshape(-1, 3).mean(axis=0) * HEADROOM
            out[int(angle)] = tuple(float(x) for x in srgb_to_lab(linear_to_srgb(linear)))
    return out  # type: ignore[return-value]
