"""The cabin: seats, sculpted dashboard, screens, wheel, console, door cards and linings.

Left-hand drive (driver at +Y). Pieces are softened boxes, lofts and reliefs laid
on the body side, so they stay cheap and every position comes from the body: the
dashboard's ends and the door cards follow the shell, and the lining is the painted
shell itself offset into the cabin, so no paint back face shows from inside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from livery.vehicles.standin_body import BodyShape
from livery.vehicles.standin_geometry import (
    Mesh,
    compact,
    concat,
    fan_cap,
    grid_faces,
    orient,
    rotation,
    rounded_rect,
    smoothstep,
    superellipsoid,
    sweep,
    unit,
)
from livery.vehicles.standin_parts import cut
from livery.vehicles.standin_seats import sport_seat

#: How far the lining sits inside the painted shell (m); its edges come back to the shell.
LINING_INSET = 0.012
LINING_EDGE = 0.0015


@dataclass(frozen=True)
class CabinSpec:
    """Where the people sit: hip height, front and rear seat positions, dash position."""

    hip_z: float
    front_x: float
    rear_x: float
    dash_x: float
    dash_z: float
    floor_z: float
    screen_x: float  # windscreen foot
    pillar_x: float  # B-pillar: where the front and rear door cards meet


def _box(
    centre: tuple[float, float, float],
    half: tuple[float, float, float],
    exponent: float = 5.0,
    pitch: float = 0.0,
    n: tuple[int, int] = (14, 8),
) -> Mesh:
    """A softened box, pitched about Y (positive tips its top toward -X)."""
    m = superellipsoid(half, exponent, *n)
    return m.transformed(rotation("y", -pitch), np.asarray(centre, dtype=float))


def _steering(c: CabinSpec, y: float) -> tuple[Mesh, Mesh]:
    """(wheel, trim inserts): a flat-bottomed sport rim, three spokes, hub and column.

    The two side spokes carry inserts of the interior trim (wood, ash, carbon).
    """
    phi = np.linspace(0.0, 2 * np.pi, 97)[:-1]
    a, b = 0.182 * np.cos(phi), 0.172 * np.sin(phi)
    b = np.maximum(b, -0.140)  # the flat bottom
    path = np.stack([a, np.zeros_like(a), b], 1)
    for _ in range(6):  # round the flat bottom's corners
        path = 0.5 * path + 0.25 * (np.roll(path, 1, 0) + np.roll(path, -1, 0))
    path = np.concatenate([path, path[:2]])
    rim = sweep(path, rounded_rect(0.036, 0.030, 0.013, 4), np.array([0.0, 1.0, 0.0]))
    hub = superellipsoid((0.065, 0.035, 0.055), 3.0, 24, 12)
    spokes, inserts = [], []
    for s in (-1.0, 1.0):
        spokes.append(_box((s * 0.115, 0.006, -0.012), (0.062, 0.014, 0.024), 3.0, n=(14, 8)))
        inserts.append(_box((s * 0.112, -0.006, -0.010), (0.042, 0.004, 0.013), 6.0, n=(12, 6)))
    spokes.append(_box((0.0, 0.006, -0.095), (0.022, 0.013, 0.05), 3.0, n=(12, 8)))
    col = _box((0.0, 0.18, 0.0), (0.03, 0.16, 0.03), 2.5, n=(16, 8))
    # wheel frame: local Y becomes the column axis, forward and up into the dash (the
    # column runs away from the driver); the rim's top leans back toward the driver
    rot = rotation("y", -0.42) @ rotation("z", -np.pi / 2)
    at = np.array([c.dash_x - 0.33, y, c.dash_z - 0.02])
    return (
        concat([rim, hub, *spokes, col]).transformed(rot, at),
        concat(inserts).transformed(rot, at),
    )


def _closed_spline(points: np.ndarray, per: int) -> np.ndarray:
    """A closed Catmull-Rom curve through ``points`` with ``per`` samples per span."""
    n = len(points)
    out = []
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        for t in np.arange(per) / per:
            out.append(
                0.5
                * (
                    2 * p1
                    + (-p0 + p2) * t
                    + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                    + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
                )
            )
    return np.asarray(out)


def _grid_mesh(pts: np.ndarray, outward: np.ndarray, wrap: bool, uv: np.ndarray) -> Mesh:
    """A (rows, cols, 3) grid with normals from its derivatives, turned toward ``outward``."""
    rows, cols = pts.shape[:2]
    du = np.gradient(pts, axis=0)
    dv = np.roll(pts, -1, axis=1) - np.roll(pts, 1, axis=1) if wrap else np.gradient(pts, axis=1)
    n = unit(np.cross(du, dv))
    n = np.where(np.sum(n * outward, -1, keepdims=True) < 0, -n, n)
    faces = grid_faces(rows, cols, wrap_cols=wrap)
    return orient(Mesh(pts.reshape(-1, 3), faces, n.reshape(-1, 3), uv.reshape(-1, 2)))


def _dashboard(shape: BodyShape, c: CabinSpec) -> tuple[Mesh, float, float]:
    """The dash across the cabin as a loft of one side section; its ends meet the lining.

    Returns the mesh and the (x, z) of the face where the trim band runs.
    """
    dx, dz, ws = c.dash_x, c.dash_z, c.screen_x
    zfoot = float(shape._prof(shape.spec.belt, np.array([ws]))[0])
    low = c.floor_z + 0.03
    key = np.array(
        [
            (ws + 0.01, zfoot + 0.015),
            (dx + 0.06, dz + 0.118),
            (dx - 0.15, dz + 0.105),
            (dx - 0.235, dz + 0.075),
            (dx - 0.262, dz + 0.030),
            (dx - 0.262, dz - 0.035),
            (dx - 0.235, dz - 0.075),
            (dx - 0.15, dz - 0.16),
            (dx - 0.06, low + 0.03),
            (dx + 0.10, low),
            (ws - 0.02, low + 0.02),
            (ws + 0.01, zfoot - 0.08),
        ]
    )
    prof = _closed_spline(key, 3)
    # sidewise: the ends follow the body side, a little into the lining
    side = shape.surface_y(prof[:, 0], prof[:, 1]) - LINING_INSET + 0.003
    t = np.sin(np.linspace(-np.pi / 2, np.pi / 2, 25))  # denser toward the ends
    pts = np.stack(
        [
            np.broadcast_to(prof[:, 0], (len(t), len(prof))),
            t[:, None] * side[None, :],
            np.broadcast_to(prof[:, 1], (len(t), len(prof))),
        ],
        -1,
    )
    centre = np.array([dx, 0.0, dz])
    outward = pts - centre
    outward[..., 1] = 0.0
    uv = np.stack([pts[..., 1], np.broadcast_to(np.linspace(0, 1, len(prof)), pts.shape[:2])], -1)
    dash = _grid_mesh(pts, outward, True, uv)
    caps = [fan_cap(pts[k], np.array([0.0, s, 0.0])) for k, s in ((0, -1.0), (-1, 1.0))]
    return concat([dash, *caps]), dx - 0.262, dz - 0.002


def _relief(
    shape: BodyShape,
    x: tuple[float, float],
    z: tuple[float, float],
    depth: Callable[[np.ndarray, np.ndarray], np.ndarray],
    n: tuple[int, int],
    base: float = LINING_INSET + 0.0015,
) -> Mesh:
    """A panel on the left door lining: its height above the lining is ``depth(u, v)``."""
    xs = np.linspace(*x, n[0])
    zs = np.linspace(*z, n[1])
    X, Z = np.meshgrid(xs, zs, indexing="ij")
    side = shape.surface_y(X.ravel(), Z.ravel()).reshape(X.shape)
    u, v = np.meshgrid(np.linspace(0, 1, n[0]), np.linspace(0, 1, n[1]), indexing="ij")
    pts = np.stack([X, side - base - depth(u, v), Z], -1)
    outward = np.zeros_like(pts)
    outward[..., 1] = -1.0
    return _grid_mesh(pts, outward, False, np.stack([X, Z], -1))


def _pad(
    edge_u: float, edge_v: float, height: float
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """A plateau of ``height`` with rolled edges (fractions of the panel)."""

    def f(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        eu = smoothstep(0.0, edge_u, np.minimum(u, 1 - u))
        ev = smoothstep(0.0, edge_v, np.minimum(v, 1 - v))
        return height * np.sqrt(eu * ev)

    return f


def _door_cards(shape: BodyShape, c: CabinSpec, band_z: float) -> dict[str, list[Mesh]]:
    """Left door cards: trim band, upholstered insert, armrest; front and rear doors."""
    out: dict[str, list[Mesh]] = {"band": [], "insert": [], "panel": []}
    doors = ((c.pillar_x + 0.03, c.dash_x - 0.2), (c.rear_x - 0.32, c.pillar_x - 0.03))
    z_arm = c.hip_z + 0.17
    for k, (x0, x1) in enumerate(doors):
        span = x1 - x0
        nx = max(8, int(span / 0.035))
        bx1 = x1 + (0.12 if k == 0 else 0.0)  # the front band runs into the dash end
        out["band"].append(
            _relief(
                shape,
                (x0, bx1),
                (band_z - 0.04, band_z + 0.04),
                _pad(0.03, 0.25, 0.014),
                (nx + 4, 6),
            )
        )
        ins = (c.hip_z + 0.235, band_z - 0.055)
        out["insert"].append(
            _relief(shape, (x0 + 0.06, x1 - 0.08), ins, _pad(0.06, 0.25, 0.010), (nx, 7))
        )

        def arm(u: np.ndarray, v: np.ndarray) -> np.ndarray:
            bump = np.sin(np.pi * np.clip(v, 0, 1)) ** 0.6
            return 0.055 * bump * smoothstep(0.0, 0.12, np.minimum(u, 1 - u))

        a0 = x0 + 0.04 if k == 0 else x0 + 0.10
        out["panel"].append(
            _relief(shape, (a0, x1 - 0.05), (z_arm - 0.06, z_arm + 0.055), arm, (nx, 9))
        )
    return out


def _console(c: CabinSpec) -> dict[str, Mesh]:
    """Floating centre console between the front seats: body, wood top, armrest pad."""
    x0, x1 = c.front_x - 0.30, c.dash_x - 0.20
    top = c.hip_z + 0.12
    zc = 0.5 * (c.floor_z + top)
    body = _box(
        (0.5 * (x0 + x1), 0.0, zc),
        (0.5 * (x1 - x0), 0.115, 0.5 * (top - c.floor_z)),
        6.0,
        n=(24, 10),
    )
    arm = _box((x0 + 0.17, 0.0, top + 0.02), (0.17, 0.095, 0.035), 3.5, n=(16, 8))
    wood = _box(
        (0.5 * (x0 + 0.36 + x1), 0.0, top + 0.004),
        (0.5 * (x1 - x0 - 0.38), 0.10, 0.008),
        6.0,
        n=(20, 6),
    )
    return {
        "interior.console": body,
        "upholstery.console-armrest": arm,
        "interior-trim.console": wood,
    }


def cabin_parts(shape: BodyShape, c: CabinSpec, well_y: float) -> dict[str, Mesh]:
    """Interior parts keyed by part name; ``well_y``: the rear wheel wells' inboard wall."""
    dx, dz = c.dash_x, c.dash_z
    dash, face_x, band_z = _dashboard(shape, c)
    x0, x1 = c.rear_x - 0.55, c.screen_x
    fx = np.linspace(c.rear_x + 0.2, x1, 12)
    side = float(
        min(
            shape.surface_y(fx, np.full_like(fx, z)).min()
            for z in (c.floor_z - 0.05, c.floor_z + 0.05)
        )
    )
    xm = c.rear_x + 0.25  # ahead of the rear wheel wells the floor runs out to the sills
    floor = concat(
        [
            _box(
                (0.5 * (xm + x1), 0.0, c.floor_z),
                (0.5 * (x1 - xm), side - 0.02, 0.05),
                8.0,
                n=(20, 8),
            ),
            _box(
                (0.5 * (x0 + xm + 0.05), 0.0, c.floor_z),
                (0.5 * (xm + 0.05 - x0), well_y - 0.02, 0.05),
                8.0,
                n=(16, 8),
            ),
            _box((c.rear_x - 0.42, 0.0, c.hip_z + 0.20), (0.06, well_y - 0.03, 0.40), 6.0),
        ]
    )
    drv_y = 0.37
    # dash trim band: across the face, into the door cards at both ends
    band_y = float(shape.surface_y(np.array([face_x]), np.array([band_z]))[0]) - LINING_INSET
    ys = np.linspace(-band_y, band_y, 40)
    band_path = np.stack([np.full_like(ys, face_x - 0.006), ys, np.full_like(ys, band_z)], 1)
    dash_band = sweep(band_path, rounded_rect(0.026, 0.078, 0.008, 4), np.array([0.0, 0.0, 1.0]))
    stalk = _box((dx - 0.255, 0.0, dz + 0.09), (0.02, 0.035, 0.04), 4.0, n=(10, 6))
    cluster = _box(
        (dx - 0.17, drv_y - 0.02, dz + 0.135), (0.009, 0.15, 0.038), 8.0, pitch=0.32, n=(16, 8)
    )
    centre = _box((dx - 0.30, 0.0, dz + 0.175), (0.010, 0.185, 0.105), 8.0, pitch=0.22, n=(16, 8))
    doors = _door_cards(shape, c, band_z)
    wheel, wheel_trim = _steering(c, drv_y)
    left = {k: concat(v) for k, v in doors.items()}
    both = {k: concat([m, m.mirrored_y()]) for k, m in left.items()}
    seats = {
        "driver": sport_seat(c.front_x, drv_y, c.hip_z, 0.54, 0.28),
        "passenger": sport_seat(c.front_x, -drv_y, c.hip_z, 0.54, 0.28),
        "rear-l": sport_seat(c.rear_x, 0.36, c.hip_z + 0.03, 0.50, 0.32),
        "rear-r": sport_seat(c.rear_x, -0.36, c.hip_z + 0.03, 0.50, 0.32),
    }
    parts = {
        "upholstery.seat-driver": seats["driver"][0],
        "upholstery.seat-passenger": seats["passenger"][0],
        "upholstery.rear-bench": concat([seats["rear-l"][0], seats["rear-r"][0]]),
        "interior.seat-bolsters": concat([s[1] for s in seats.values()]),
        "upholstery.door-cards": both["insert"],
        "interior.dashboard": concat([dash, stalk]),
        "interior.door-panels": both["panel"],
        "interior.steering-wheel": wheel,
        "interior-trim.steering-wheel": wheel_trim,
        "interior.floor": floor,
        "interior-trim.dashboard": dash_band,
        "interior-trim.doors": both["band"],
        "trim.instrument-display": cluster,
        "trim.centre-display": centre,
    }
    parts.update(_console(c))
    return parts


def _merged_boundary(mesh: Mesh) -> np.ndarray:
    """Per vertex: does it lie on the open border (vertices welded by position)?"""
    _, weld = np.unique(np.round(mesh.vertices, 7), axis=0, return_inverse=True)
    weld = weld.reshape(-1)
    f = weld[mesh.faces]
    edges = np.sort(np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), axis=1)
    uniq, count = np.unique(edges, axis=0, return_counts=True)
    border = np.zeros(weld.max() + 1, dtype=bool)
    border[uniq[count == 1].ravel()] = True
    return border[weld]


def shell_lining(shape: BodyShape, c: CabinSpec, body: Mesh, glass: Mesh) -> dict[str, Mesh]:
    """Door linings, pillar trims and headliner frame for the left half.

    The painted shell around the cabin, and a frame of the glass roof, pushed into the
    cabin with flipped normals; their open borders come back to the shell so no gap
    shows the paint's back face. The headliner frame leaves the panoramic roof open.
    """
    s = shape.spec
    x0, x1 = c.rear_x - 0.50, c.screen_x + 0.04
    # Cut on the true surface like the exterior parts: the headliner frame's border
    # shows through the glass roof, and the normal term would stair-step it.
    shell, _ = cut(
        body,
        lambda v, n: np.maximum.reduce([x0 - v[:, 0], v[:, 0] - x1, c.floor_z - 0.10 - v[:, 2]]),
        shape,
    )
    frame, _ = cut(
        glass,
        lambda v, n: np.maximum.reduce([s.roof_z - 0.17 - v[:, 2], 0.5 - n[:, 2], x0 - v[:, 0]]),
        shape,
    )
    _, frame = cut(
        frame,
        lambda v, n: np.maximum(
            v[:, 1] - (shape._prof(s.roof_half_width, v[:, 0]) - 0.13), s.roof_z - 0.115 - v[:, 2]
        ),
        shape,
    )
    whole = concat([shell, frame])
    border = _merged_boundary(whole)
    nshell = len(shell.vertices)
    inset = np.where(border, LINING_EDGE, LINING_INSET)
    lined = Mesh(
        whole.vertices - whole.normals * inset[:, None],
        whole.faces[:, ::-1],
        -whole.normals,
        whole.uvs,
    )
    # faces: headliner frame / above the belt (pillar trims) / door linings
    fc = lined.vertices[lined.faces].mean(axis=1)
    zbelt = shape._prof(s.belt, fc[:, 0])
    head = (lined.faces >= nshell).all(axis=1)
    upper = ~head & (fc[:, 2] > zbelt + 0.03)
    lower = ~head & ~upper
    return {
        "interior.lining": compact(lined, lined.faces[lower]),
        "interior.pillars": compact(lined, lined.faces[upper]),
        "interior.headliner": compact(lined, lined.faces[head]),
    }
