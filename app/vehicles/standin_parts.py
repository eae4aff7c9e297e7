"""Cutting the body skin into the customizable exterior parts.

Every exterior part except wheels and mirrors is a region of the one smooth body
skin, split off along a level set, so parts meet without gaps and keep the skin's
smooth normals. Regions are written as fields over (vertex, normal), negative
inside the region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_body import BodyShape
from livery.vehicles.standin_geometry import (
    Locate,
    Mesh,
    concat,
    fan_cap,
    grid_faces,
    orient,
    split,
    superellipsoid,
    unit,
)

Field = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Axle:
    x: float
    wheel_radius: float
    arch_radius: float
    inner_y: float  # the wheel well's inboard wall


def arch_field(axles: list[Axle]) -> Field:
    """Inside the wheel-arch cylinders, outboard of the wheel wells."""

    def f(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        out = []
        for a in axles:
            d = np.hypot(v[:, 0] - a.x, v[:, 2] - a.wheel_radius) - a.arch_radius
            out.append(np.maximum(d, a.inner_y - v[:, 1]))
        return np.min(out, axis=0)

    return f


def on_surface_zero(shape: BodyShape, field: Field, iterations: int = 14) -> Locate:
    """Cut vertices at the exact zero of ``field`` on the true body surface.

    A region field is far from linear across a triangle: its normal terms turn
    fast through the roof and shoulder fillets, and its max/min corners fold. Put
    at the linearly interpolated zero, the border's vertices wander off the curve
    by a different amount on every edge and the border reads as a stair-step. Here
    each crossing edge is searched for the zero (Illinois regula falsi, bracketed,
    so it stays on the edge) with every trial point projected onto the implicit
    surface and given its exact normal, so the border vertices lie on the true
    curve, on the true surface, with the skin's smooth normals.
    """

    def at(
        mesh: Mesh, p: np.ndarray, q: np.ndarray, t: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        v0, v1 = mesh.vertices[p], mesh.vertices[q]
        v = shape.project(v0 + t[:, None] * (v1 - v0))
        mid = v1[:, 1] <= 1e-12
        v[:, 1] = np.where((v0[:, 1] <= 1e-12) & mid, 0.0, v[:, 1])  # stay on the centre plane
        n = shape.normal(v)
        n[:, 1] = np.where(v[:, 1] <= 1e-12, 0.0, n[:, 1])
        return v, unit(n)

    def locate(
        mesh: Mesh, p: np.ndarray, q: np.ndarray, f: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        a, b = np.zeros(len(p)), np.ones(len(p))
        fa, fb = f[p].astype(float), f[q].astype(float)
        side = np.zeros(len(p), dtype=np.int8)
        t = fa / (fa - fb)
        for _ in range(iterations):
            t = np.clip((a * fb - b * fa) / (fb - fa), a, b)
            v, n = at(mesh, p, q, t)
            ft = field(v, n)
            done = ft == 0
            same = (ft < 0) == (fa < 0)
            # Illinois: halve the stale end's value when the same end moves twice
            fb = np.where(same & (side == -1), 0.5 * fb, fb)
            fa = np.where(~same & (side == 1), 0.5 * fa, fa)
            a, fa = np.where(same, t, a), np.where(same, ft, fa)
            b, fb = np.where(same, b, t), np.where(same, fb, ft)
            side = np.where(same, -1, 1).astype(np.int8)
            a, b = np.where(done, t, a), np.where(done, t, b)
            fa = np.where(done, -1e-12, fa)
            fb = np.where(done, 1e-12, fb)
        v, n = at(mesh, p, q, t)
        uv = None
        if mesh.uvs is not None:
            uv = mesh.uvs[p] + t[:, None] * (mesh.uvs[q] - mesh.uvs[p])
        return v, n, uv

    return locate


def cut(mesh: Mesh, field: Field, shape: BodyShape | None = None) -> tuple[Mesh, Mesh]:
    """(region, rest) of ``mesh`` for a region field.

    With ``shape`` (the implicit surface ``mesh`` samples), the border follows the
    field's exact zero on that surface; without, its linear interpolation.
    """
    values = field(mesh.vertices, mesh.normals)
    if shape is None:
        return split(mesh, values)
    return split(mesh, values, on_surface_zero(shape, field))


def rounded_box_sdf(
    p: np.ndarray, centre: tuple[float, float], half: tuple[float, float], radius: float
) -> np.ndarray:
    """2D signed distance to a rounded rectangle."""
    q = np.abs(p - np.asarray(centre)) - (np.asarray(half) - radius)
    return np.linalg.norm(np.maximum(q, 0.0), axis=1) + np.minimum(q.max(axis=1), 0.0) - radius


def capsule_sdf(
    p: np.ndarray, a: tuple[float, float], b: tuple[float, float], ra: float, rb: float
) -> np.ndarray:
    """2D signed distance-like field to a tapered capsule (teardrop lamps)."""
    a_, b_ = np.asarray(a), np.asarray(b)
    ab = b_ - a_
    t = np.clip((p - a_) @ ab / (ab @ ab), 0.0, 1.0)
    return np.linalg.norm(p - (a_ + t[:, None] * ab), axis=1) - (ra + (rb - ra) * t)


def arch_liner(shape: BodyShape, a: Axle, y_outer_gap: float = 0.004) -> Mesh:
    """Black wheel-well liner: the arch cylinder from the well wall to the body side."""
    zb = float(shape._prof(shape.spec.bottom, np.array([a.x]))[0])
    ang = np.linspace(-0.7, np.pi + 0.7, 90)
    z = a.wheel_radius + a.arch_radius * np.sin(ang)
    ang = ang[z > zb + 0.01]
    x = a.x + a.arch_radius * np.cos(ang)
    z = a.wheel_radius + a.arch_radius * np.sin(ang)
    y_out = shape.surface_y(x, z) - y_outer_gap
    cols = 2  # the liner is straight across: two columns are exact
    frac = np.linspace(0.0, 1.0, cols)
    yy = a.inner_y + (y_out[:, None] - a.inner_y) * frac[None, :]
    verts = np.stack([np.repeat(x[:, None], cols, 1), yy, np.repeat(z[:, None], cols, 1)], -1)
    inward = -np.stack([np.cos(ang), np.zeros_like(ang), np.sin(ang)], 1)
    norms = np.repeat(inward[:, None, :], cols, 1)
    shell = Mesh(
        verts.reshape(-1, 3),
        grid_faces(len(ang), cols),
        norms.reshape(-1, 3),
        np.zeros((verts.shape[0] * cols, 2)),
    )
    rim = np.stack([x, np.full_like(x, a.inner_y), z], 1)
    wall = fan_cap(rim, np.array([0.0, 1.0, 0.0]))
    return concat([orient(shell), wall])


def mirror_pod(shape: BodyShape, x: float, z: float) -> tuple[Mesh, Mesh]:
    """Left door mirror just ahead of the side glass: (painted cap, black housing and arm).

    The cap is the pod's forward part, as on cars whose mirror caps match the paint.
    """
    y_side = float(shape.surface_y(np.array([x]), np.array([z - 0.03]))[0])
    pod = superellipsoid((0.095, 0.09, 0.052), 2.8, 40, 20)
    centre = np.array([x - 0.05, y_side + 0.13, z + 0.06])
    pod = Mesh(pod.vertices + centre, pod.faces, pod.normals, pod.uvs)
    cap, housing = split(pod, centre[0] - 0.015 - pod.vertices[:, 0])
    arm = superellipsoid((0.035, 0.08, 0.018), 3.0, 20, 10)
    arm = Mesh(arm.vertices + [x, y_side + 0.03, z + 0.03], arm.faces, arm.normals, arm.uvs)
    return cap, concat([housing, arm])


def tyre_hub_y(shape: BodyShape, a: Axle, width: float, z_probe: float) -> float:
    """Wheel centre Y so the tyre's outer face sits just inside the body side."""
    side = float(shape.surface_y(np.array([a.x]), np.array([z_probe]))[0])
    return side - 0.5 * width - 0.012
