"""Small numpy mesh toolkit for the stand-in cars.

The stand-ins are built from parametric surfaces (grids, revolutions, sweeps,
superellipsoids) so that every vertex has an exact smooth normal and a UV for
free, and from level-set splits of those surfaces so that glass, lamps, decals
and cut-outs get clean curved borders without any CSG library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass
class Mesh:
    """Triangles with per-vertex normals and optional UVs (float64 while building)."""

    vertices: np.ndarray
    faces: np.ndarray
    normals: np.ndarray
    uvs: np.ndarray | None = None

    def transformed(self, rotation: np.ndarray, offset: np.ndarray) -> Mesh:
        """Rotate then translate (rotation must be proper, det = +1)."""
        return Mesh(
            self.vertices @ rotation.T + offset, self.faces, self.normals @ rotation.T, self.uvs
        )

    def mirrored_y(self) -> Mesh:
        """Mirror across the car's centre plane; the winding is flipped to stay outward."""
        flip = np.array([1.0, -1.0, 1.0])
        return Mesh(self.vertices * flip, self.faces[:, ::-1], self.normals * flip, self.uvs)

    def offset(self, distance: float) -> Mesh:
        """Push every vertex along its normal (decals, glass, lamps sit proud of the body)."""
        return Mesh(self.vertices + self.normals * distance, self.faces, self.normals, self.uvs)


def concat(meshes: list[Mesh]) -> Mesh:
    """Join meshes into one; UVs are kept only when every piece has them."""
    verts, faces, norms, uvs = [], [], [], []
    base = 0
    for m in meshes:
        verts.append(m.vertices)
        faces.append(m.faces + base)
        norms.append(m.normals)
        uvs.append(m.uvs)
        base += len(m.vertices)
    all_uv = None if any(u is None for u in uvs) else np.concatenate(uvs)
    return Mesh(np.concatenate(verts), np.concatenate(faces), np.concatenate(norms), all_uv)


def unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


def grid_faces(rows: int, cols: int, wrap_cols: bool = False) -> np.ndarray:
    """Two triangles per quad of a rows x cols vertex grid (row-major)."""
    c = cols if wrap_cols else cols - 1
    i, j = np.meshgrid(np.arange(rows - 1), np.arange(c), indexing="ij")
    a = i * cols + j
    b = i * cols + (j + 1) % cols
    d = (i + 1) * cols + j
    e = (i + 1) * cols + (j + 1) % cols
    tri = np.stack([np.stack([a, d, e], -1), np.stack([a, e, b], -1)], axis=2)
    return tri.reshape(-1, 3).astype(np.int64)


def grid_faces_along(normals: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Grid faces with each quad split along the diagonal whose ends' normals agree best.

    Where the normal changes fast across a quad (a crease or a fillet that drifts
    across rows), the diagonal that follows the crease keeps the interpolated
    shading along it; the fixed diagonal of ``grid_faces`` zig-zags there.
    """
    i, j = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = i * cols + j
    b = a + 1
    d = a + cols
    e = d + 1
    n = normals.reshape(-1, 3)
    keep = np.einsum("...k,...k->...", n[a], n[e]) >= np.einsum("...k,...k->...", n[b], n[d])
    t1 = np.where(keep[..., None], np.stack([a, d, e], -1), np.stack([a, d, b], -1))
    t2 = np.where(keep[..., None], np.stack([a, e, b], -1), np.stack([b, d, e], -1))
    return np.stack([t1, t2], axis=2).reshape(-1, 3).astype(np.int64)


def drop_degenerate(mesh: Mesh, eps: float = 1e-12) -> Mesh:
    """Remove zero-area triangles (grid poles) and vertices no face uses."""
    tri = mesh.vertices[mesh.faces]
    area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    return compact(mesh, mesh.faces[area > eps])


def compact(mesh: Mesh, faces: np.ndarray) -> Mesh:
    """Keep only ``faces`` and the vertices they reference."""
    used = np.unique(faces)
    remap = np.full(len(mesh.vertices), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    uvs = None if mesh.uvs is None else mesh.uvs[used]
    return Mesh(mesh.vertices[used], remap[faces], mesh.normals[used], uvs)


#: Places the cut vertices on crossing edges (p, q) given the per-vertex field:
#: returns their positions, normals and UVs (None where the mesh has no UVs).
Locate = Callable[
    [Mesh, np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray | None]
]


def lerp_zero(
    mesh: Mesh, p: np.ndarray, q: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Cut vertices at the linearly interpolated zero of the field on each edge."""
    t = (f[p] / (f[p] - f[q]))[:, None]
    new_v = mesh.vertices[p] + t * (mesh.vertices[q] - mesh.vertices[p])
    new_n = unit(mesh.normals[p] + t * (mesh.normals[q] - mesh.normals[p]))
    new_uv = None
    if mesh.uvs is not None:
        new_uv = mesh.uvs[p] + t * (mesh.uvs[q] - mesh.uvs[p])
    return new_v, new_n, new_uv


def split(mesh: Mesh, field: np.ndarray, locate: Locate = lerp_zero) -> tuple[Mesh, Mesh]:
    """Cut ``mesh`` along the zero set of a per-vertex scalar ``field``.

    Returns (inside, outside): field < 0 and field >= 0. Crossing edges get a new
    vertex at the zero, shared by both halves, so the border is a clean curve at
    sub-triangle precision (marching triangles). ``locate`` places those vertices:
    by default at the linearly interpolated zero; a surface-aware one can put them
    on the exact zero of a field that is not linear across a triangle.
    """
    f = np.where(np.abs(field) < 1e-9, 1e-9, field)
    inside_v = f < 0
    cnt = inside_v[mesh.faces].sum(axis=1)
    keep_in = mesh.faces[cnt == 3]
    keep_out = mesh.faces[cnt == 0]
    cross = mesh.faces[(cnt == 1) | (cnt == 2)]
    if len(cross) == 0:
        return compact(mesh, keep_in) if len(keep_in) else _empty(), compact(mesh, keep_out) if len(
            keep_out
        ) else _empty()

    # rotate each crossing triangle so that vertex 0 is the odd one out
    flags = inside_v[cross]
    odd_is_in = flags.sum(axis=1) == 1
    odd = np.where(odd_is_in[:, None], flags, ~flags).argmax(axis=1)
    idx = np.arange(3)[None, :]
    rolled = cross[np.arange(len(cross))[:, None], (idx + odd[:, None]) % 3]
    a, b, c = rolled[:, 0], rolled[:, 1], rolled[:, 2]

    # one new vertex per undirected crossing edge
    edges = np.concatenate([np.stack([a, b], 1), np.stack([a, c], 1)])
    key = np.sort(edges, axis=1)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    p, q = uniq[:, 0], uniq[:, 1]
    new_v, new_n, new_uv = locate(mesh, p, q, f)
    n0 = len(mesh.vertices)
    ab = n0 + inv[: len(cross)]
    ac = n0 + inv[len(cross) :]

    tip = np.stack([a, ab, ac], 1)  # the odd vertex's side
    quad1 = np.stack([ab, b, c], 1)
    quad2 = np.stack([ab, c, ac], 1)
    tip_in = odd_is_in
    faces_in = np.concatenate([keep_in, tip[tip_in], quad1[~tip_in], quad2[~tip_in]])
    faces_out = np.concatenate([keep_out, tip[~tip_in], quad1[tip_in], quad2[tip_in]])

    full = Mesh(
        np.concatenate([mesh.vertices, new_v]),
        mesh.faces,
        np.concatenate([mesh.normals, new_n]),
        None if new_uv is None else np.concatenate([mesh.uvs, new_uv]),
    )
    inside = compact(full, faces_in) if len(faces_in) else _empty()
    outside = compact(full, faces_out) if len(faces_out) else _empty()
    return inside, outside


def _empty() -> Mesh:
    return Mesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), np.zeros((0, 3)))


def revolve(
    profile: np.ndarray,
    segments: int,
    start: float = 0.0,
    sweep: float = 2 * np.pi,
) -> Mesh:
    """Revolve an (n, 2) profile of (radius, y) about the Y axis (wheels spin about Y).

    Angle 0 points to +X, increasing toward +Z. The outward side of the profile is
    its right-hand side when drawn with r to the right and y up; normals come from
    the profile tangent. UVs: (angle fraction, profile arc length fraction).
    """
    full = bool(np.isclose(sweep, 2 * np.pi))
    n_ang = segments if full else segments + 1
    ang = start + sweep * np.arange(n_ang) / segments
    r, y = profile[:, 0], profile[:, 1]
    tan = np.gradient(profile, axis=0)
    nrz = unit(np.stack([tan[:, 1], -tan[:, 0]], 1))
    ca, sa = np.cos(ang)[:, None], np.sin(ang)[:, None]
    shape = (n_ang, len(profile))
    verts = np.stack([r * ca, np.broadcast_to(y, shape), r * sa], -1)
    norms = np.stack([nrz[:, 0] * ca, np.broadcast_to(nrz[:, 1], shape), nrz[:, 0] * sa], -1)
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(profile, axis=0), axis=1))])
    uu, vv = np.meshgrid(np.arange(n_ang) / segments, arc / max(arc[-1], 1e-12), indexing="ij")
    faces = _wrap_rows(n_ang, len(profile)) if full else grid_faces(n_ang, len(profile))
    mesh = Mesh(
        verts.reshape(-1, 3), faces, norms.reshape(-1, 3), np.stack([uu, vv], -1).reshape(-1, 2)
    )
    return orient(drop_degenerate(mesh))


def orient(mesh: Mesh) -> Mesh:
    """Wind every triangle so its geometric normal agrees with its vertex normals."""
    tri = mesh.vertices[mesh.faces]
    fn = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    vn = mesh.normals[mesh.faces].sum(axis=1)
    flip = np.einsum("ij,ij->i", fn, vn) < 0
    faces = np.where(flip[:, None], mesh.faces[:, ::-1], mesh.faces)
    return Mesh(mesh.vertices, faces, mesh.normals, mesh.uvs)


def _wrap_rows(rows: int, cols: int) -> np.ndarray:
    """Grid faces where the last row connects back to the first (closed revolution)."""
    i, j = np.meshgrid(np.arange(rows), np.arange(cols - 1), indexing="ij")
    a = i * cols + j
    b = i * cols + j + 1
    d = ((i + 1) % rows) * cols + j
    e = ((i + 1) % rows) * cols + j + 1
    tri = np.stack([np.stack([a, d, e], -1), np.stack([a, e, b], -1)], axis=2)
    return tri.reshape(-1, 3).astype(np.int64)


def superellipsoid(
    half: tuple[float, float, float], exponent: float = 4.0, nu: int = 32, nv: int = 20
) -> Mesh:
    """A rounded box centred at the origin: |x/a|^n + |y/b|^n + |z/c|^n = 1.

    Seats, badges, mirrors and the dashboard are all softened boxes; normals are the
    exact gradient of the implicit form, UVs the longitude/latitude fractions.
    """
    a, b, c = half
    e = 2.0 / exponent
    lon = np.linspace(-np.pi, np.pi, nu + 1)[:-1]
    lat = np.linspace(-np.pi / 2, np.pi / 2, nv + 1)

    def spow(x: np.ndarray, p: float) -> np.ndarray:
        return np.sign(x) * np.abs(x) ** p

    la, lo = np.meshgrid(lat, lon, indexing="ij")
    x = a * spow(np.cos(la), e) * spow(np.cos(lo), e)
    y = b * spow(np.cos(la), e) * spow(np.sin(lo), e)
    z = c * spow(np.sin(la), e)
    verts = np.stack([x, y, z], -1).reshape(-1, 3)
    g = exponent - 1
    grad = np.stack([spow(x / a, g) / a, spow(y / b, g) / b, spow(z / c, g) / c], -1).reshape(-1, 3)
    grad[np.linalg.norm(grad, axis=1) < 1e-9] = 0.0
    pole_s = np.arange(nu)
    pole_n = np.arange(nu) + nv * nu
    grad[pole_s] = [0.0, 0.0, -1.0]
    grad[pole_n] = [0.0, 0.0, 1.0]
    uv = np.stack([(lo + np.pi) / (2 * np.pi), (la + np.pi / 2) / np.pi], -1).reshape(-1, 2)
    faces = grid_faces(nv + 1, nu, wrap_cols=True)
    return orient(drop_degenerate(Mesh(verts, faces, unit(grad), uv)))


def sweep(
    path: np.ndarray,
    section: np.ndarray,
    up: np.ndarray,
    closed_section: bool = True,
    scale: np.ndarray | None = None,
) -> Mesh:
    """Sweep a 2D (m, 2) section along an (n, 3) path.

    Section coordinates are (side, up) in the frame made of the path tangent and
    ``up``; ``scale`` (n, 2), if given, scales them per path point (tapers, closed
    rounded ends). UVs: u = path arc length in metres (so textures tile along
    strips), v = section fraction. Ends are left open; callers hide them in other
    geometry or scale them to a point.
    """
    tan = unit(np.gradient(path, axis=0))
    side = unit(np.cross(up, tan))
    upv = np.cross(tan, side)
    k = np.ones((len(path), 2)) if scale is None else np.asarray(scale, dtype=float)
    pts = (
        path[:, None, :]
        + (section[None, :, 0] * k[:, None, 0])[..., None] * side[:, None, :]
        + (section[None, :, 1] * k[:, None, 1])[..., None] * upv[:, None, :]
    )
    sec_tan = (
        np.gradient(section, axis=0)
        if not closed_section
        else (np.roll(section, -1, axis=0) - np.roll(section, 1, axis=0))
    )
    sec_n = unit(np.stack([sec_tan[:, 1], -sec_tan[:, 0]], 1))
    # a scaled section's normal scales inversely (the along-path taper is ignored)
    ns = sec_n[None, :, :] / np.maximum(k[:, None, :], 1e-6)
    norms = ns[..., 0:1] * side[:, None, :] + ns[..., 1:2] * upv[:, None, :]
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])
    m = len(section)
    uu, vv = np.meshgrid(arc, np.arange(m) / m, indexing="ij")
    faces = grid_faces(len(path), m, wrap_cols=closed_section)
    uv = np.stack([uu, vv], -1).reshape(-1, 2)
    return orient(Mesh(pts.reshape(-1, 3), faces, unit(norms.reshape(-1, 3)), uv))


def rounded_rect(w: float, h: float, r: float, n_corner: int = 5) -> np.ndarray:
    """A counter-clockwise rounded rectangle outline centred at the origin."""
    pts = []
    for cx, cy, a0 in (
        (w / 2 - r, h / 2 - r, 0.0),
        (-w / 2 + r, h / 2 - r, np.pi / 2),
        (-w / 2 + r, -h / 2 + r, np.pi),
        (w / 2 - r, -h / 2 + r, 1.5 * np.pi),
    ):
        a = a0 + np.linspace(0, np.pi / 2, n_corner)
        pts.append(np.stack([cx + r * np.cos(a), cy + r * np.sin(a)], 1))
    return np.concatenate(pts)


def fan_cap(outline3d: np.ndarray, normal: np.ndarray) -> Mesh:
    """Close a convex planar outline with a triangle fan around its centroid."""
    c = outline3d.mean(axis=0)
    verts = np.concatenate([c[None], outline3d])
    n = len(outline3d)
    i = np.arange(n)
    faces = np.stack([np.zeros(n, dtype=np.int64), 1 + i, 1 + (i + 1) % n], 1)
    tri = verts[faces]
    if np.dot(np.cross(tri[0, 1] - tri[0, 0], tri[0, 2] - tri[0, 0]), normal) < 0:
        faces = faces[:, ::-1]
    norms = np.broadcast_to(unit(normal), verts.shape).copy()
    return Mesh(verts, faces, norms, np.zeros((len(verts), 2)))


def rotation(axis: str, angle: float) -> np.ndarray:
    """Right-handed rotation matrix about a principal axis."""
    c, s = np.cos(angle), np.sin(angle)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def pchip(xk: np.ndarray, yk: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Monotone piecewise-cubic (Fritsch-Carlson) interpolation: smooth, no overshoot."""
    xk = np.asarray(xk, dtype=float)
    yk = np.asarray(yk, dtype=float)
    h = np.diff(xk)
    d = np.diff(yk) / h
    m = np.zeros_like(yk)
    same = d[:-1] * d[1:] > 0
    w1 = 2 * h[1:] + h[:-1]
    w2 = h[1:] + 2 * h[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hm = (w1 + w2) / (w1 / d[:-1] + w2 / d[1:])
    m[1:-1] = np.where(same, hm, 0.0)
    m[0], m[-1] = d[0], d[-1]
    x = np.clip(np.asarray(x, dtype=float), xk[0], xk[-1])
    i = np.clip(np.searchsorted(xk, x) - 1, 0, len(h) - 1)
    t = (x - xk[i]) / h[i]
    h00 = (1 + 2 * t) * (1 - t) ** 2
    h10 = t * (1 - t) ** 2
    h01 = t * t * (3 - 2 * t)
    h11 = t * t * (t - 1)
    return h00 * yk[i] + h10 * h[i] * m[i] + h01 * yk[i + 1] + h11 * h[i] * m[i + 1]


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def polygon_sdf(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Signed distance from 2D points to a closed polygon (negative inside)."""
    d = np.full(len(points), np.inf)
    inside = np.zeros(len(points), dtype=bool)
    n = len(poly)
    for k in range(n):
        a, b = poly[k], poly[(k + 1) % n]
        ab = b - a
        ap = points - a
        t = np.clip(ap @ ab / (ab @ ab), 0.0, 1.0)
        d = np.minimum(d, np.linalg.norm(ap - t[:, None] * ab, axis=1))
        cond = (a[1] > points[:, 1]) != (b[1] > points[:, 1])
        xc = a[0] + (points[:, 1] - a[1]) * ab[0] / (ab[1] if ab[1] != 0 else 1e-12)
        inside ^= cond & (points[:, 0] < xc)
    return np.where(inside, -d, d)
