"""The studio floor and the contact shadow as VTK actors.

Both are unlit textured planes drawn in display colours, so the floor can fade
into the background gradient without a horizon line. The shadow is a separate,
finer plane a millimetre above the floor: its texture changes per vehicle, the
floor's never.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkFiltersSources import vtkPlaneSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

from app.scene.environment import Look
from app.scene.shadow import ContactShadow

SHADOW_LIFT = 0.0015  # metres above the floor: no z-fighting, no visible gap


def _rgba_texture(rgba: np.ndarray) -> vtkTexture:
    """An RGBA uint8 texture from an (h, w, 4) array with row 0 at the plane's origin."""
    h, w = rgba.shape[:2]
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    image.GetPointData().SetScalars(
        numpy_to_vtk(np.ascontiguousarray(rgba.reshape(-1, 4)), deep=True)
    )
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOn()
    texture.MipmapOn()
    texture.EdgeClampOn()
    texture.SetColorModeToDirectScalars()
    return texture


def _plane(x0: float, x1: float, y0: float, y1: float, z: float) -> vtkPolyDataMapper:
    src = vtkPlaneSource()
    src.SetOrigin(x0, y0, z)
    src.SetPoint1(x1, y0, z)
    src.SetPoint2(x0, y1, z)
    src.Update()
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(src.GetOutput())
    return mapper


def _unlit(actor: vtkActor) -> None:
    prop = actor.GetProperty()
    prop.LightingOff()
    prop.SetColor(1.0, 1.0, 1.0)
    actor.PickableOff()
    # Drawn with the opaque geometry (blending stays on), so glass still blends over it.
    actor.ForceOpaqueOn()


def floor_actor(look: Look, resolution: int = 512) -> vtkActor:
    """A disc of floor colour that fades out radially into the background."""
    r = look.floor_radius
    t = (np.arange(resolution) + 0.5) / resolution * 2.0 - 1.0
    d = np.hypot(*np.meshgrid(t, t))
    fade = np.clip((1.0 - d) / 0.55, 0.0, 1.0)
    fade = fade * fade * (3.0 - 2.0 * fade)
    # A slight darkening away from the centre, like a light pool on a studio floor.
    shade = 1.0 - 0.10 * np.clip(d / 0.6, 0.0, 1.0) ** 1.5
    rgba = np.empty((resolution, resolution, 4), dtype=np.uint8)
    rgba[..., :3] = np.clip(np.array(look.floor_color) * shade[..., None] * 255.0, 0, 255)
    rgba[..., 3] = np.clip(fade * 255.0, 0, 255)
    actor = vtkActor()
    actor.SetMapper(_plane(-r, r, -r, r, 0.0))
    actor.SetTexture(_rgba_texture(rgba))
    _unlit(actor)
    return actor


def shadow_actor() -> vtkActor:
    """The contact-shadow plane; ``set_shadow`` gives it a vehicle's shadow."""
    actor = vtkActor()
    _unlit(actor)
    actor.VisibilityOff()
    return actor


def set_shadow(actor: vtkActor, shadow: ContactShadow) -> None:
    rgba = np.zeros(shadow.alpha.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = np.clip(shadow.alpha * 255.0 + 0.5, 0, 255).astype(np.uint8)
    actor.SetMapper(_plane(shadow.x0, shadow.x1, shadow.y0, shadow.y1, SHADOW_LIFT))
    actor.SetTexture(_rgba_texture(rgba))
    actor.VisibilityOn()
