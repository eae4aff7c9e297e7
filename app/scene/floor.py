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

from livery.scene.shadow import ContactShadow

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


def floor_rgba(
    color: tuple[float, float, float],
    radius: float,
    pools: tuple[tuple[float, float, float, float], ...] = (),
    pool_color: tuple[float, float, float] = (1.0, 1.0, 1.0),
    resolution: int = 512,
) -> np.ndarray:
    """The floor disc's texture: ``color`` near the car, fading out radially into the
    background, with light ``pools`` (x, y, radius, gain in metres) added on top."""
    t = (np.arange(resolution) + 0.5) / resolution * 2.0 - 1.0
    gx, gy = np.meshgrid(t, t)
    d = np.hypot(gx, gy)
    fade = np.clip((1.0 - d) / 0.55, 0.0, 1.0)
    fade = fade * fade * (3.0 - 2.0 * fade)
    # A slight darkening away from the centre, like a light pool on a studio floor.
    shade = 1.0 - 0.10 * np.clip(d / 0.6, 0.0, 1.0) ** 1.5
    rgb = np.array(color, np.float64) * shade[..., None]
    for px, py, pr, gain in pools:
        r = np.hypot(gx * radius - px, gy * radius - py) / pr
        rgb = rgb + gain * np.exp(-2.5 * r * r)[..., None] * np.array(pool_color)
    rgba = np.empty((resolution, resolution, 4), dtype=np.uint8)
    rgba[..., :3] = np.clip(rgb * 255.0 + 0.5, 0, 255)
    rgba[..., 3] = np.clip(fade * 255.0, 0, 255)
    return rgba


def floor_actor(rgba: np.ndarray, radius: float) -> vtkActor:
    """A disc of floor (texture ``floor_rgba``) that fades out into the background."""
    actor = vtkActor()
    actor.SetMapper(_plane(-radius, radius, -radius, radius, 0.0))
    actor.SetTexture(_rgba_texture(rgba))
    _unlit(actor)
    return actor


def set_floor(actor: vtkActor, rgba: np.ndarray) -> None:
    """Give the floor another texture of the same size: new pixels, same texture object
    (an upload, no shader change)."""
    image = actor.GetTexture().GetInput()
    image.GetPointData().SetScalars(
        numpy_to_vtk(np.ascontiguousarray(rgba.reshape(-1, 4)), deep=True)
    )
    image.Modified()


#: The polished layer covers the middle of the floor and fades out well before its edge.
GLOSS_FRACTION = 0.55


def gloss_actor(floor_radius: float, resolution: int = 256) -> vtkActor:
    """A polished floor: a PBR layer just above the matte floor that mirrors the
    environment (low roughness, dark base), its opacity fading out radially. Hidden
    until an environment's backdrop asks for it (``set_gloss``)."""
    r = floor_radius * GLOSS_FRACTION
    t = (np.arange(resolution) + 0.5) / resolution * 2.0 - 1.0
    d = np.hypot(*np.meshgrid(t, t))
    fade = np.clip((1.0 - d) / 0.6, 0.0, 1.0)
    rgba = np.full((resolution, resolution, 4), 255, dtype=np.uint8)
    rgba[..., 3] = np.clip(fade * fade * (3.0 - 2.0 * fade) * 255.0, 0, 255)
    actor = vtkActor()
    actor.SetMapper(_plane(-r, r, -r, r, SHADOW_LIFT / 2))
    texture = _rgba_texture(rgba)
    texture.UseSRGBColorSpaceOn()  # VTK asks this of base-colour textures; white is white
    prop = actor.GetProperty()
    prop.SetInterpolationToPBR()
    prop.SetBaseColorTexture(texture)
    prop.SetMetallic(0.0)
    prop.SetBaseIOR(1.5)
    actor.PickableOff()
    actor.ForceOpaqueOn()  # with the opaque geometry, before the shadow; blending stays on
    actor.VisibilityOff()
    return actor


def set_gloss(
    actor: vtkActor, opacity: float, roughness: float, color: tuple[float, float, float]
) -> None:
    prop = actor.GetProperty()
    prop.SetColor(*color)
    prop.SetRoughness(roughness)
    prop.SetOpacity(max(min(opacity, 1.0), 0.0))
    actor.SetVisibility(opacity > 0)


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
