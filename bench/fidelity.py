"""Benchmark: every finish family against a path-traced reference (Mitsuba 3).

Livery's image of a finish (the option tiles' renderer, ``livery.scene.swatch``) is set
beside a Mitsuba 3 render of the same scene from the same inputs: the same shape (the
shader ball and the flat-and-curved door panel, with the same vertices and normals), the
same camera, the same equirectangular environment at the same radiance scale (studio,
sunset, and the white furnace), and the finish mapped onto Mitsuba's ``principled``
BSDF. Both linear images then go through the same exposure and tone mapping (Khronos
PBR Neutral as VTK's tone-mapping pass computes it, ``tone_map``; the furnace view is
not tone mapped: exact sRGB), and the ΔE2000 of every pixel of the object (its edge
pixels left out) gives a median and a 95th percentile per family, shape and
environment. ``docs/fidelity/`` gets the table (``README.md``) and per case the two
images side by side with a ΔE heat map.

What the reference can and cannot say:

- ``principled`` is Disney's BSDF. The base's specular reflection is set to the same
  reflectance at normal incidence as Livery's (``materials.base_f0``: against air, or
  against the lacquer under a coat, where a base of the same index reflects nothing).
- A clear coat over a dielectric base is Mitsuba's ``plastic`` / ``roughplastic``: a
  real IOR 1.5 dielectric interface over a diffuse base, whose reflection goes to white
  at grazing angles as a lacquer's does (``reference_object``). Principled's own clear
  coat (a GTR1 lobe with Schlick Fresnel, scaled as Disney's) reflects 8 % instead of
  75 % at 87 degrees and made every lacquered ball's rim a "miss" here; it is still used
  for a partial coat over a dielectric (film), which has no physical counterpart among
  Mitsuba 3's BSDFs (see ``reference_object``).
- A clear coat over a metal or part-metal base (forged rims, metallic and pearl paints)
  has no counterpart either: Mitsuba 3 has no layered BSDF, principled's coat is far
  too weak at grazing angles (above), and a real IOR 1.5 shell around the base (tried)
  adds the lacquer-metal inter-reflections and total internal reflection that Livery's
  coat does not model (its metallic paint then differs by a median 5.0 under the
  furnace; a physical difference, not a tone one). So these cases are compared
  *without the coat* on both sides (``compared_finish``; "no coat" in the table): the
  base, which Mitsuba represents, is checked per pixel or as a mean, and the coat's own
  reflection is checked on the lacquered dielectrics (solid, ceramic, calipers).
- Flakes, orange peel, pearl flop, wood, ash with metal powder and carbon weave have no
  counterpart in the reference. Their cases compare the *mean appearance at a
  distance*: both images are averaged over blocks of ``MEAN_BLOCK`` x ``MEAN_BLOCK``
  pixels in linear light before the ΔE (the patterns average out; the shading of the
  shape does not), and the reference gets the finish's plain twin (same colour,
  metal, roughness, coat). They say whether the pattern keeps the finish's tone, not
  whether the pattern is right.
- Glass is drawn opaque by the tile renderer (its alpha blend is the Stage's
  translucent pass), so it is not compared.

    python bench/fidelity.py [--spp 144] [--only NAME[,NAME]] [--shapes S] [--envs E] [--no-docs]

Needs the ``test`` extra (``mitsuba``). Writes the reference images it uses for the test
suite (``REFS_FOR_TESTS``) into ``tests/fidelity/`` so that ``tests/test_fidelity.py``
runs without Mitsuba. Prints last ``fidelity median dE2000: X``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import statistics
import tempfile
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

from livery.catalog import Family, Finish, load_catalog  # noqa: E402
from livery.catalog.color import delta_e_2000, srgb_to_lab  # noqa: E402
from livery.scene import looks  # noqa: E402

DOCS = ROOT / "docs" / "fidelity"
TEST_REFS = ROOT / "tests" / "fidelity"
SIZE = 128
SHAPES = ("sphere", "panel")
ENVIRONMENTS = ("studio", "sunset", "furnace")
#: Pixels per block side in the "mean appearance at a distance" comparison.
MEAN_BLOCK = 8
#: Targets for the families the reference can represent.
TARGET_MEDIAN, TARGET_P95 = 2.0, 6.0
#: The reference's own noise (p95 ΔE2000 against the converged image) it is rendered
#: down to, and the most samples per pixel spent on it (``converged_reference``).
NOISE_TARGET, SPP_CAP = 0.5, 4096
#: Light paths longer than this add nothing visible on a convex object in an environment.
MAX_DEPTH = 6


@dataclass(frozen=True)
class Case:
    """A family's representative finish: (group, option, slot) in the catalog, or a
    fixed slot; ``mean``: compared at a distance (a pattern the reference lacks)."""

    name: str
    group: str
    option: str
    slot: str | None = None
    mean: bool = False


CASES = (
    Case("solid", "paint", "sprout-yellow", mean=True),  # orange peel
    Case("solid-smooth", "calipers", "racing-red"),
    Case("metallic", "paint", "gem-green", mean=True),  # flakes
    Case("metallic-rim", "wheels", "forged-gold"),
    Case("pearl", "paint", "twilight-rose", mean=True),  # flop colour, flakes
    Case("matte", "paint", "golden-pink-matte", mean=True),  # flakes
    Case("film", "decal", "lightning-white"),
    Case("ceramic-white", "badge", "gold-white-ceramic", "badge"),
    Case("ceramic-black", "badge", "gold-black-ceramic", "badge"),
    Case("gold-24k", "badge", "gold-white-ceramic", "badge-inlay"),
    Case("chrome", "badge", "standard", "badge-inlay"),
    Case("plastic", "badge", "standard", "badge"),
    Case("alcantara", "interior", "blue-alcantara-wood", "upholstery", mean=True),  # mottle
    Case("leather", "interior", "cognac-leather", "upholstery"),
    Case("wood-walnut", "interior", "cognac-leather", "interior-trim", mean=True),
    Case("wood-ash-metal", "interior", "white-ash-metal", "interior-trim", mean=True),
    Case("carbon", "interior", "obsidian-black", "interior-trim", mean=True),
    Case("rubber", "", "tyres"),
    Case("brushed", "", "discs"),
)
#: Cases whose references the test suite keeps (tests/fidelity/), on the shader ball.
REFS_FOR_TESTS = (
    ("chrome", "sunset"),
    ("gold-24k", "sunset"),
    ("leather", "studio"),
    ("rubber", "studio"),
    ("ceramic-black", "furnace"),  # a lacquer's rim: its Fresnel, nothing of the base
    ("alcantara", "furnace"),  # microfibre: Burley's diffuse and sheen
    ("wood-ash-metal", "studio"),  # pores and powder keep the trim's tone
    ("metallic-rim", "furnace"),  # a glossy metal's split sum, nothing of the prefilter
    ("metallic-rim", "sunset"),  # the low sun on its rim: the lobe as seen at grazing
    ("brushed", "sunset"),  # the low sun's glint on an anisotropic lobe, as it is seen
)
#: Under the white furnace the prefiltered light is 1 in every direction, so a metal
#: ball shows the split sum alone, which is exact: it must match far tighter than the
#: target (tests/test_fidelity.py).
FURNACE_METAL_P95 = 1.0


def case_finish(case: Case) -> Finish:
    catalog = load_catalog()
    if not case.group:
        return next(f for k, f in catalog.fixed.items() if k.value == case.option)
    fs = catalog.group(case.group).option(case.option).finishes
    return next(f for s, f in fs.items() if case.slot is None or s.value == case.slot)


def coat_over_metal(finish: Finish) -> bool:
    """Whether ``finish`` is a clear coat over a (partly) metal base: Mitsuba 3 has no
    BSDF for it (see the module doc), so both renderers draw it without the coat."""
    return finish.coat > 0 and finish.metallic > 0


def compared_finish(case: Case) -> Finish:
    """The finish both renderers draw for ``case``: the catalog's, without its coat where
    the coat lies over a metal (``coat_over_metal``)."""
    finish = case_finish(case)
    return replace(finish, coat=0.0) if coat_over_metal(finish) else finish


# -- tone mapping: the CPU twin of VTK's vtkToneMappingPass ------------------------------
def neutral_pbr(color: np.ndarray) -> np.ndarray:
    """Khronos PBR Neutral, as VTK's tone-mapping pass computes it (linear in and out)."""
    c = np.asarray(color, np.float64)
    start, desaturation = 0.8 - 0.04, 0.15
    x = c.min(axis=-1, keepdims=True)
    offset = np.where(x < 0.08, x - 6.25 * x * x, 0.04)
    toned = c - offset
    peak = toned.max(axis=-1, keepdims=True)
    d = 1.0 - start
    new_peak = 1.0 - d * d / (np.maximum(peak, start) + d - start)
    compressed = toned * new_peak / np.maximum(peak, 1e-12)
    g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0)
    compressed = compressed * (1.0 - g) + new_peak * g
    return np.where(peak >= start, compressed, toned)


def tone_map(linear: np.ndarray, env: str) -> np.ndarray:
    """Display values in [0, 1] of a linear image, as Livery's tiles show it: PBR Neutral
    and VTK's 1/2.2 power, or, under the furnace, exact sRGB without tone mapping."""
    from livery.srgb import linear_to_srgb

    if env == "furnace":
        return np.clip(linear_to_srgb(np.clip(linear, 0.0, 1.0)), 0.0, 1.0)
    return np.clip(neutral_pbr(np.maximum(linear, 0.0)), 0.0, 1.0) ** (1.0 / 2.2)


def radiance_scale(env: str) -> float:
    """The environments' radiance scale in the tiles (the furnace stays at 1)."""

    return 1.0 if env == "furnace" else looks.RADIANCE_SCALE


# -- Livery's image ----------------------------------------------------------------------
#: Livery's image is rendered this many times larger and averaged, as ``livery render``
#: does by default: a pixel then covers its area, as the reference's box filter does.
SUPERSAMPLE = 2


def livery_image(finish: Finish, shape: str, env: str, size: int = SIZE) -> np.ndarray:
    """Livery's tile image of ``finish``: (h, w, 4) uint8, alpha 255 on the object,
    averaged in linear light from ``SUPERSAMPLE`` x ``SUPERSAMPLE`` pixels."""
    from livery.scene.swatch import render_swatch
    from livery.srgb import linear_to_srgb, srgb_to_linear

    k = SUPERSAMPLE
    big = render_swatch(finish, size * k, shape=shape, env=env).astype(np.float64) / 255.0
    alpha = big[..., 3].reshape(size, k, size, k).mean(axis=(1, 3))
    weighted = srgb_to_linear(big[..., :3]) * big[..., 3:]
    colour = (
        weighted.reshape(size, k, size, k, 3).mean(axis=(1, 3)) / np.maximum(alpha, 1e-6)[..., None]
    )
    rgba = np.concatenate([linear_to_srgb(colour), alpha[..., None]], -1)
    return np.clip(rgba * 255.0 + 0.5, 0, 255).astype(np.uint8)


# -- the reference -----------------------------------------------------------------------
def plain_twin(finish: Finish) -> Finish:
    """The finish without the patterns the reference cannot draw (its family stays: it
    says what the base reflects, e.g. a microfibre's F0 of 0)."""
    return replace(finish, flake_density=0.0, orange_peel=0.0, flop_color=None, texture=None)


def principled(finish: Finish) -> dict:
    """Mitsuba's principled BSDF for ``finish`` (see the module doc for the coat)."""
    from livery.scene import materials, shading

    color = shading.GOLD_F0 if finish.family is Family.GOLD else finish.color.linear
    bsdf: dict = {
        "type": "principled",
        "base_color": {"type": "rgb", "value": [float(c) for c in color]},
        "metallic": float(finish.metallic),
        "roughness": float(max(finish.roughness, 0.02)),
    }
    # The base's own reflection against what lies on it (air, or the lacquer): Disney's
    # ``specular`` is F0 / 0.08. Exactly 0 where Livery's F0 is (microfibre): any other
    # value keeps principled's Schlick lobe, whose rough microfacets then reflect a grey
    # 2 % at any F0. Not quite 0 on a metal: Mitsuba drops the metallic lobe with it.
    f0 = materials.base_f0(finish)
    bsdf["specular"] = (max(f0, 1e-4) if finish.metallic > 0 else f0) / 0.08
    if finish.sheen > 0:
        bsdf["sheen"] = float(finish.sheen)
        bsdf["sheen_tint"] = 0.7  # LV_SHEEN_TINT in shaders/finish_common.glsl
    if finish.anisotropy > 0:
        # VTK's PBR shader takes Disney's parameter as it is: alphas roughness^2 / aspect
        # along the tangent and roughness^2 x aspect across it, aspect = sqrt(1 - 0.9 a),
        # the tangent being dP/du as Mitsuba's (the mapping assumed (1 + a) / (1 - a)
        # before, a ratio of 3 where Livery draws 1.8)
        bsdf["anisotropic"] = float(finish.anisotropy)
    return bsdf


def reference_object(finish: Finish, shape: str, folder: Path) -> dict:
    """The scene's object for ``finish``.

    A dielectric base under a full clear coat is Mitsuba's ``plastic`` (smooth lacquer)
    or ``roughplastic`` (GGX lacquer) with the catalog colour as its diffuse reflectance,
    in its linear mode: the colour is what the lacquered paint looks like, as in the
    catalog, not the pigment before the lacquer's inner reflections saturate it. A partial
    coat over a dielectric gets principled's clear coat: Mitsuba 3 has no layered-coating
    BSDF, and a dielectric shell over the base adds a partial coat's hard mix, which
    Livery's coat (``coat x Ec`` over ``base x (1 - coat x Ec)``) does not model. A coat
    over a metal does not come here (``compared_finish``)."""
    from livery.scene import materials

    mesh = {"type": "ply", "filename": str(shape_ply(shape, folder))}
    if finish.coat <= 0:
        return {"object": {**mesh, "bsdf": principled(finish)}}
    alpha = float(finish.coat_roughness**2)
    if finish.coat >= 1.0 and finish.metallic == 0 and finish.sheen == 0:
        colour = [float(c) for c in finish.color.linear]
        plastic: dict = {
            "type": "plastic",
            "diffuse_reflectance": {"type": "rgb", "value": colour},
            "int_ior": materials.GLASS_IOR,
            "ext_ior": 1.0,
            "nonlinear": False,
        }
        if alpha >= 1e-3:
            plastic.update(type="roughplastic", distribution="ggx", alpha=alpha)
        return {"object": {**mesh, "bsdf": plastic}}
    return {"object": {**mesh, "bsdf": {**principled(finish), **disney_coat(finish)}}}


def disney_coat(finish: Finish) -> dict:
    """Principled's own clear coat: a GTR1 lobe with Schlick Fresnel from F0 = 0.04 at
    ``clearcoat = coat``; ``clearcoat_gloss`` maps the coat's GGX alpha onto Disney's
    0.1..0.001 range. It reflects what an IOR 1.5 lacquer does head-on but far less at
    grazing angles (8 % instead of 75 % at 87 degrees)."""
    alpha = float(np.clip(finish.coat_roughness**2, 0.001, 0.1))
    return {"clearcoat": float(finish.coat), "clearcoat_gloss": (0.1 - alpha) / 0.099}


def _write_ply(path: Path, points: np.ndarray, normals: np.ndarray, uv: np.ndarray, faces) -> None:
    vertex = np.empty(
        len(points),
        dtype=[(n, "<f4") for n in ("x", "y", "z", "nx", "ny", "nz", "u", "v")],
    )
    for i, n in enumerate("xyz"):
        vertex[n] = points[:, i]
        vertex["n" + n] = normals[:, i]
    vertex["u"], vertex["v"] = uv[:, 0], uv[:, 1]
    face = np.empty(len(faces), dtype=[("n", "u1"), ("i", "<i4", (3,))])
    face["n"], face["i"] = 3, faces
    header = (
        "ply\nformat binary_little_endian 1.0\n"
        f"element vertex {len(points)}\n"
        + "".join(f"property float {n}\n" for n in vertex.dtype.names)
        + f"element face {len(faces)}\nproperty list uchar int vertex_indices\nend_header\n"
    )
    with open(path, "wb") as f:
        f.write(header.encode("ascii"))
        f.write(vertex.tobytes())
        f.write(face.tobytes())


def shape_ply(shape: str, folder: Path) -> Path:
    """The tile renderer's own mesh of ``shape`` (vertices, normals, UVs) as a PLY file."""
    from vtkmodules.util.numpy_support import vtk_to_numpy

    from livery.scene import swatch

    path = folder / f"{shape}.ply"
    if path.exists():
        return path
    build = {"sphere": swatch.sphere_polydata, "panel": swatch.panel_polydata}[shape]
    pd = swatch._with_normals_and_tangents(build())
    points = vtk_to_numpy(pd.GetPoints().GetData())
    normals = vtk_to_numpy(pd.GetPointData().GetNormals())
    uv = vtk_to_numpy(pd.GetPointData().GetTCoords())
    polys = vtk_to_numpy(pd.GetPolys().GetConnectivityArray()).reshape(-1, 3)
    _write_ply(path, points, normals, uv, polys)
    return path


def reference_scene(finish: Finish, shape: str, env: str, folder: Path, size: int) -> dict:
    """Mitsuba's scene for ``finish`` on ``shape`` in ``env``, the panorama as an array
    (``_loadable`` turns it into Mitsuba's bitmap)."""
    import mitsuba as mi

    from livery.scene import prefilter, skies, swatch

    mi.set_variant("scalar_rgb")
    # The tiles light with this panorama (resampled to the prefilter's size) at this scale.
    pano = prefilter.panorama(skies.load_pixels(env)) * np.float32(radiance_scale(env))
    # Mitsuba's envmap frame (Y up, u = 0 toward -Z) onto the vehicle frame of the
    # panorama (Z up, the middle column toward +X): local z -> X, x -> Y, y -> Z.
    env_to_world = mi.ScalarTransform4f([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    view = swatch.VIEWS[shape]
    return {
        "type": "scene",
        "integrator": {"type": "path", "max_depth": MAX_DEPTH, "hide_emitters": True},
        "light": {
            "type": "envmap",
            "bitmap": np.ascontiguousarray(pano, np.float32),
            "to_world": env_to_world,
        },
        **reference_object(finish, shape, folder),
        "sensor": {
            "type": "perspective",
            "fov": float(view.angle),
            "fov_axis": "y",
            "to_world": mi.ScalarTransform4f().look_at(
                origin=list(view.position), target=list(view.focal), up=list(view.up)
            ),
            "film": {
                "type": "hdrfilm",
                "width": size,
                "height": size,
                "pixel_format": "rgba",
                "rfilter": {"type": "box"},
            },
            "sampler": {"type": "multijitter"},
        },
    }


def _loadable(scene: dict):  # type: ignore[no-untyped-def]
    import mitsuba as mi

    light = {**scene["light"], "bitmap": mi.Bitmap(scene["light"]["bitmap"])}
    return mi.load_dict({**scene, "light": light})


def _scene_key(scene: dict, size: int, spp: int) -> str:
    """What a reference depends on: Mitsuba's version and every input of the scene (the
    panorama's and the mesh's bytes, not their names), the batch size and the noise
    target. A change to the finish mapping, the shapes or the skies renders anew."""
    import mitsuba as mi

    h = hashlib.sha1(f"{mi.__version__}:{size}:{spp}:{NOISE_TARGET}:{SPP_CAP}".encode())
    h.update(scene["light"]["bitmap"].tobytes())
    h.update(Path(scene["object"]["filename"]).read_bytes())
    text = {**scene, "light": {**scene["light"], "bitmap": None}}
    text["object"] = {**scene["object"], "filename": None}
    h.update(json.dumps(text, sort_keys=True, default=repr).encode())
    return h.hexdigest()[:24]


@dataclass(frozen=True)
class Reference:
    """A converged reference: linear RGBA (h, w, 4), row 0 on top; the samples per pixel
    it took; its own noise (p95 ΔE2000 against the fully converged image, estimated)."""

    linear: np.ndarray
    spp: int
    noise: float


def reference_noise(a: np.ndarray, b: np.ndarray, env: str, *, mean: bool) -> float:
    """The p95 ΔE2000 between the mean of two independent renders and the converged
    image, measured as the comparison measures (per pixel or as block means): half that
    between the two (the difference of two renders has twice the variance of one, their
    mean half of it)."""
    da, db = reference_display(a, env), reference_display(b, env)
    mask = (da[..., 3] > 0.999) & (db[..., 3] > 0.999)
    if mean:
        ma, keep = block_mean(da[..., :3], mask, MEAN_BLOCK)
        mb, _ = block_mean(db[..., :3], mask, MEAN_BLOCK)
        de = delta_e_map(ma, mb)[keep]
    else:
        de = delta_e_map(da[..., :3], db[..., :3])[mask]
    return float(np.percentile(de, 95)) / 2.0 if de.size else 0.0


def converged_reference(
    finish: Finish, shape: str, env: str, folder: Path, *, spp: int, mean: bool, size: int = SIZE
) -> Reference:
    """The reference rendered in batches of ``spp`` samples with distinct seeds, doubled
    until its noise (``reference_noise`` between the even and the odd batches) is at most
    ``NOISE_TARGET`` or at least ``SPP_CAP`` samples are spent: a glossy metal in the studio
    needs some thirty times the samples of a rough dielectric. Kept on disk
    (``userdirs.cache_dir() / "fidelity"``, by ``_scene_key``), so a second run renders
    only what changed."""
    import mitsuba as mi

    from livery import fileio, userdirs

    scene = reference_scene(finish, shape, env, folder, size)
    path = userdirs.cache_dir() / "fidelity" / f"{_scene_key(scene, size, spp)}-{int(mean)}.npz"
    damaged = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)  # renders anew
    with contextlib.suppress(*damaged), np.load(path) as kept:
        return Reference(kept["linear"], int(kept["spp"]), float(kept["noise"]))
    loaded = _loadable(scene)
    halves = [np.zeros((size, size, 4)), np.zeros((size, size, 4))]
    batches = 0
    while True:
        for _ in range(max(batches, 2)):
            halves[batches % 2] += np.array(mi.render(loaded, seed=batches, spp=spp), np.float64)
            batches += 1
        per_half = batches // 2
        noise = reference_noise(halves[0] / per_half, halves[1] / per_half, env, mean=mean)
        if noise <= NOISE_TARGET or batches * spp >= SPP_CAP:
            break
    ref = Reference((halves[0] + halves[1]) / batches, batches * spp, noise)
    buf = io.BytesIO()
    np.savez_compressed(buf, linear=ref.linear, spp=ref.spp, noise=ref.noise)
    try:
        fileio.write_atomic(path, buf.getvalue())
    except OSError as e:
        print(f"could not keep the reference in {path.parent}: {e}", flush=True)
    return ref


# -- comparison --------------------------------------------------------------------------
def object_mask(livery_rgba: np.ndarray, reference_alpha: np.ndarray) -> np.ndarray:
    """Pixels wholly on the object in both images, one pixel in from its edge (a pixel
    centre sample there differs from the reference's pixel area by construction)."""
    m = (livery_rgba[..., 3] == 255) & (reference_alpha > 0.999)
    inner = m.copy()
    inner[1:] &= m[:-1]
    inner[:-1] &= m[1:]
    inner[:, 1:] &= m[:, :-1]
    inner[:, :-1] &= m[:, 1:]
    return inner


def _srgb_linear(display: np.ndarray) -> np.ndarray:
    from livery.srgb import srgb_to_linear

    return srgb_to_linear(display)


def block_mean(display: np.ndarray, mask: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Display colours averaged in linear light over ``block`` x ``block`` tiles of the
    mask, and which tiles are at least three quarters on the object."""
    from livery.srgb import linear_to_srgb

    h, w = mask.shape
    lin = _srgb_linear(display) * mask[..., None]
    shape = (h // block, block, w // block, block)
    sums = lin[: shape[0] * block, : shape[2] * block].reshape(*shape, 3).sum(axis=(1, 3))
    counts = mask[: shape[0] * block, : shape[2] * block].reshape(shape).sum(axis=(1, 3))
    mean = sums / np.maximum(counts, 1)[..., None]
    return linear_to_srgb(mean), counts >= 0.75 * block * block


def delta_e_map(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per-pixel ΔE2000 between two display images (values 0..1, sRGB)."""
    return np.asarray(delta_e_2000(srgb_to_lab(a), srgb_to_lab(b)))


@dataclass
class Result:
    case: str
    shape: str
    env: str
    median: float
    p95: float
    mean: bool
    bare: bool  # a coat over metal, compared without it
    heat: np.ndarray  # ΔE per pixel (or per block), NaN off the object
    spp: int  # the reference's samples per pixel
    noise: float  # the reference's own noise (p95 ΔE2000, estimated)


def reference_display(reference_rgba: np.ndarray, env: str) -> np.ndarray:
    """The reference as the tiles would show it: display RGB in [0, 1] and coverage."""
    return np.concatenate(
        [tone_map(reference_rgba[..., :3], env), np.clip(reference_rgba[..., 3:], 0.0, 1.0)], -1
    )


def compare(
    livery_rgba: np.ndarray, reference: np.ndarray, *, mean: bool
) -> tuple[float, float, np.ndarray]:
    """Median and 95th percentile ΔE2000 over the object between Livery's image (uint8
    RGBA) and the reference's display image (``reference_display``), and the ΔE image."""
    mask = object_mask(livery_rgba, reference[..., 3])
    ours = livery_rgba[..., :3] / 255.0
    theirs = reference[..., :3]
    if mean:
        ours, keep = block_mean(ours, mask, MEAN_BLOCK)
        theirs, _ = block_mean(theirs, mask, MEAN_BLOCK)
        de = delta_e_map(ours, theirs)
        heat = np.where(keep, de, np.nan).repeat(MEAN_BLOCK, 0).repeat(MEAN_BLOCK, 1)
        values = de[keep]
    else:
        de = delta_e_map(ours, theirs)
        heat = np.where(mask, de, np.nan)
        values = de[mask]
    return float(np.median(values)), float(np.percentile(values, 95)), heat


def heat_rgb(heat: np.ndarray, top: float = 10.0) -> np.ndarray:
    """ΔE 0 black, 2 blue, 6 yellow, >= 10 red; off the object mid-grey."""
    stops = np.array([0.0, 2.0, 6.0, top])
    colours = np.array([[0, 0, 0], [40, 90, 255], [255, 220, 0], [255, 0, 0]], np.float64)
    h = np.nan_to_num(heat, nan=-1.0)
    out = np.stack([np.interp(h, stops, colours[:, i]) for i in range(3)], -1)
    out[np.isnan(heat)] = 96
    return out.astype(np.uint8)


def side_by_side(livery_rgba: np.ndarray, reference: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """Livery | reference | ΔE heat map, on mid-grey."""

    def on_grey(display: np.ndarray, alpha: np.ndarray) -> np.ndarray:
        a = np.clip(alpha, 0.0, 1.0)[..., None]
        return (display * a + 0.376 * (1.0 - a)) * 255.0

    ours = on_grey(livery_rgba[..., :3] / 255.0, livery_rgba[..., 3] / 255.0)
    theirs = on_grey(reference[..., :3], reference[..., 3])
    gap = np.full((ours.shape[0], 4, 3), 255.0)
    row = np.concatenate([ours, gap, theirs, gap, heat_rgb(heat)], axis=1)
    return np.clip(row + 0.5, 0, 255).astype(np.uint8)


def reference_path(name: str, env: str) -> Path:
    return TEST_REFS / f"{name}-sphere-{env}.png"


def save_reference_for_tests(name: str, env: str, reference: np.ndarray) -> None:
    """A reference's display image as 8-bit RGBA PNG (alpha: the object's coverage)."""
    from PIL import Image

    TEST_REFS.mkdir(parents=True, exist_ok=True)
    rgba = np.clip(reference * 255.0 + 0.5, 0, 255).astype(np.uint8)
    Image.fromarray(rgba).save(reference_path(name, env), optimize=True)


def load_reference_for_tests(name: str, env: str) -> np.ndarray:
    """A reference the benchmark kept (``save_reference_for_tests``), as display values."""
    from PIL import Image

    return np.asarray(Image.open(reference_path(name, env)).convert("RGBA")) / 255.0


def write_docs(results: list[Result], seconds: float) -> None:
    lines = [
        "# Fidelity: Livery against a path-traced reference",
        "",
        "Written by `python bench/fidelity.py` (Mitsuba 3 `scalar_rgb`, principled BSDF, "
        f"{SIZE}x{SIZE}, {seconds:.0f} s). ΔE2000 over the "
        "object's pixels, between Livery's tile renderer and the reference, the same "
        "exposure and tone mapping applied to both. *mean*: a pattern the reference lacks "
        f"(flakes, orange peel, pearl flop, wood, carbon, microfibre), compared as "
        f"{MEAN_BLOCK}x{MEAN_BLOCK}-pixel means (its appearance at a distance) against the "
        "finish's plain twin. *no coat*: a clear coat over a (part-)metal base, which no "
        "Mitsuba 3 BSDF represents, left off on both sides (see `bench/fidelity.py`). "
        "Target: median <= 2.0, p95 <= 6.0.",
        "",
        "Each reference is rendered until its own noise (the p95 ΔE2000 between it and the "
        "converged image, estimated from two independent halves, measured as its case is "
        f"compared) is at most {NOISE_TARGET}, or {SPP_CAP} samples per pixel are spent "
        "(*spp* and *noise* below).",
        "",
        "Each image: Livery | Mitsuba | ΔE (black 0, blue 2, yellow 6, red >= 10).",
        "",
        "| family | shape | env | median | p95 | compared | spp | noise | |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ok = r.median <= TARGET_MEDIAN and r.p95 <= TARGET_P95
        lines.append(
            f"| {r.case} | {r.shape} | {r.env} | {r.median:.2f} | {r.p95:.2f} | "
            f"{'mean' if r.mean else 'per pixel'}{', no coat' if r.bare else ''} | "
            f"{r.spp} | {r.noise:.2f} | {'' if ok else 'misses'} |"
        )
    (DOCS / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


#: The README's summary table is written between these lines.
README_MARKS = ("<!-- fidelity table: bench/fidelity.py -->", "<!-- end fidelity table -->")


def summary_table(results: list[Result]) -> str:
    """One row per family: its worst median and p95 over shapes and environments, and
    where the worst p95 is."""
    rows = [
        "| family | compared | worst median | worst p95 (where) | target |",
        "|---|---|---|---|---|",
    ]
    for case in CASES:
        mine = [r for r in results if r.case == case.name]
        if not mine:
            continue
        worst = max(mine, key=lambda r: r.p95)
        median = max(r.median for r in mine)
        ok = all(r.median <= TARGET_MEDIAN and r.p95 <= TARGET_P95 for r in mine)
        how = ("mean" if case.mean else "per pixel") + (", no coat" if mine[0].bare else "")
        verdict = "met" if ok else ("off (a pattern: see below)" if case.mean else "**missed**")
        rows.append(
            f"| {case.name} | {how} | {median:.2f} | {worst.p95:.2f} ({worst.shape}, "
            f"{worst.env}) | {verdict} |"
        )
    return "\n".join(rows)


def write_readme_table(results: list[Result]) -> None:
    """Replace the summary table in the project's README (between ``README_MARKS``)."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = (text.index(m) for m in README_MARKS)
    table = f"{README_MARKS[0]}\n{summary_table(results)}\n"
    readme.write_text(text[:start] + table + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from PIL import Image

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--spp", type=int, default=144, help="reference samples per pixel in one batch"
    )
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--envs", default=",".join(ENVIRONMENTS))
    parser.add_argument("--no-docs", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    only = set(filter(None, args.only.split(",")))
    cases = [c for c in CASES if not only or c.name in only]
    shapes = args.shapes.split(",")
    envs = args.envs.split(",")
    for given, valid, what in (
        (only, [c.name for c in CASES], "case"),
        (shapes, SHAPES, "shape"),
        (envs, ENVIRONMENTS, "environment"),
    ):
        unknown = sorted(set(given) - set(valid))
        if unknown:
            parser.error(f"unknown {what} {', '.join(unknown)}; valid: {', '.join(valid)}")

    t0 = time.perf_counter()
    results: list[Result] = []
    DOCS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case in cases:
            bare = coat_over_metal(case_finish(case))
            finish = compared_finish(case)
            reference_finish = plain_twin(finish) if case.mean else finish
            for shape in shapes:
                for env in envs:
                    ours = livery_image(finish, shape, env)
                    ref = converged_reference(
                        reference_finish, shape, env, folder, spp=args.spp, mean=case.mean
                    )
                    theirs = reference_display(ref.linear, env)
                    median, p95, heat = compare(ours, theirs, mean=case.mean)
                    r = Result(
                        case.name,
                        shape,
                        env,
                        median,
                        p95,
                        case.mean,
                        bare,
                        heat,
                        ref.spp,
                        ref.noise,
                    )
                    results.append(r)
                    print(
                        f"{case.name:16s} {shape:6s} {env:8s} median {median:5.2f}  p95 {p95:5.2f}"
                        f"  (reference {ref.spp} spp, noise {ref.noise:.2f})"
                        + ("  (mean)" if case.mean else "")
                        + ("  (no coat)" if bare else ""),
                        flush=True,
                    )
                    if not args.no_docs:
                        Image.fromarray(side_by_side(ours, theirs, heat)).save(
                            DOCS / f"{case.name}-{shape}-{env}.png", optimize=True
                        )
                    if shape == "sphere" and (case.name, env) in REFS_FOR_TESTS:
                        save_reference_for_tests(case.name, env, theirs)
    from livery.scene import swatch

    swatch.release()  # its GL resources now, not in the interpreter's teardown
    seconds = time.perf_counter() - t0
    if not args.no_docs and not only:
        write_docs(results, seconds)
        write_readme_table(results)
    misses = [r for r in results if not r.mean and (r.median > TARGET_MEDIAN or r.p95 > TARGET_P95)]
    print(f"{len(results)} cases in {seconds:.0f} s; {len(misses)} per-pixel cases miss the target")
    noise = [r.noise for r in results]
    print(
        f"reference noise (p95 dE2000): median {statistics.median(noise):.2f}, "
        f"max {max(noise):.2f}; {sum(n > NOISE_TARGET for n in noise)} above {NOISE_TARGET}"
    )
    print(f"fidelity median dE2000: {statistics.median(r.median for r in results):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
