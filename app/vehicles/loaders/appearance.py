"""What a part's material and shape say about it, when its names say nothing.

Realistic car files name their materials ``Material.012``: the paint, the glass, the lamps
and the rubber must then be told apart by how they look (colour, transparency, emission,
roughness) and where they sit. Each test here is small and named for what it recognises,
so the frame (nose direction) and the slot mapping read the same evidence.
"""

from __future__ import annotations

import numpy as np

from livery.vehicles.model import SourceMaterial


def luminance(material: SourceMaterial) -> float:
    r, g, b = material.base_color[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def is_overlay(material: SourceMaterial) -> bool:
    """An alpha-blended layer that is not glass (decal, wrap, dirt or reflection film)."""
    return (
        material.alpha_mode == "BLEND"
        and material.transmission == 0.0
        and not is_glass_like(material)
    )


def is_glass_like(material: SourceMaterial) -> bool:
    """Transmissive, or blended and mostly see-through with no texture to show."""
    if material.transmission > 0.3:
        return True
    return (
        material.alpha_mode == "BLEND"
        and material.base_color[3] < 0.7
        and material.base_color_texture is None
    )


def is_emissive(material: SourceMaterial) -> bool:
    return max(material.emissive) > 0.2


def lamp_end(material: SourceMaterial) -> str | None:
    """ "rear" for a glowing red lamp, "front" for a glowing white or amber one, else None."""
    if not is_emissive(material):
        return None
    r, g, b = (e * c for e, c in zip(material.emissive, material.base_color[:3], strict=True))
    if max(r, g, b) <= 0.05:
        r, g, b = material.emissive
    if r > 0.3 and g < 0.45 * r and b < 0.45 * r:
        return "rear"
    if min(r, g) > 0.3:
        return "front"
    return None


def is_rubber(material: SourceMaterial) -> bool:
    """Dark, rough and not metal: what a tyre looks like (a texture may carry the lettering)."""
    dark = luminance(material) < 0.25 or (
        material.base_color_texture is not None and texture_luminance(material) < 0.25
    )
    return (
        dark and material.roughness >= 0.5 and material.metallic < 0.5 and not is_emissive(material)
    )


def texture_luminance(material: SourceMaterial) -> float:
    """Mean luminance of the base colour (texture times factor), 0..1."""
    tex = material.base_color_texture
    lum = luminance(material)
    if tex is None:
        return lum
    step = max(1, int(max(tex.shape[:2]) // 64))
    rgb = tex[::step, ::step, :3].reshape(-1, 3).astype(np.float32) / 255.0
    return lum * float((rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)).mean())


def triangle_normals(vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit normals and areas of the triangles."""
    v = np.asarray(vertices, dtype=np.float64)
    cross = np.cross(v[faces[:, 1]] - v[faces[:, 0]], v[faces[:, 2]] - v[faces[:, 0]])
    area = np.linalg.norm(cross, axis=1)
    return cross / np.where(area > 0, area, 1.0)[:, None], area / 2
