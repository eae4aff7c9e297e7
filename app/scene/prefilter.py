"""Image-based lighting prefiltered on the CPU: one float atlas per environment.

VTK prefilters its environment on the GPU in every new process (a GGX convolution
per mip level, ~0.3 s of a first frame on a software GL) and its Python API cannot
be handed a stored result. So the prefilter is done here, in numpy, once per
environment, and kept on disk (as F3D keeps its HDRI cache); ``livery.scene.ibl``
uploads the atlas and ``shaders/ibl.glsl`` reads it in place of VTK's cube maps.

The atlas holds equirectangular bands in the HDR frame (row 0 the zenith, see
``hdri.directions``), stacked top to bottom:

- ``LEVELS`` specular bands, the environment convolved with the GGX lobe of
  roughness ``level_roughness(i)`` (split-sum, V = N), by filtered importance
  sampling of a box-filtered pyramid of the source;
- one irradiance band: the cosine-weighted integral divided by pi (summed over the
  source's texels, not order-2 spherical harmonics), so a uniform environment of
  radiance L gives L;
- one irradiance band of the light that gets through a clear coat: each direction also
  weighted by the lacquer's Fresnel transmission, normalised the same way (a lacquered
  panel lit from a grazing angle gets less than a bare one; a uniform light, the same);
- the split-sum table of the GGX lobe (``split_sum.table()``), the same in every atlas:
  it rides here so the shaders read it from the texture they already have.

Each band has one wrapped column on either side, so hardware bilinear filtering
across the panorama's seam is right. Pure numpy: no VTK.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from livery import userdirs
from livery.fileio import write_atomic
from livery.scene import hdri, split_sum

log = logging.getLogger(__name__)

#: Rows of the panorama that is prefiltered (2x as many columns): level 0, the mirror
#: reflection, keeps the studio's softboxes crisp in a polished paint.
SOURCE_ROWS = 256
#: Specular levels: roughness 0 (a mirror) to 1.
LEVELS = 13
#: Roughness of level i is (i / (LEVELS - 1)) ** ROUGHNESS_EXPONENT: denser levels
#: where the eye is most sensitive, polished metals, glossy paint and clear coats
#: (0, 0.007, 0.028, 0.06, 0.11, 0.17, 0.25, ...). A roughness between two levels is
#: drawn as a mix of the two lobes: a sharp one with the skirt of a wider one, which a
#: path tracer does not show. With 7 levels at exponent 1.5, gold (0.12) was half a lobe
#: of 0.19: a glow around every softbox (p95 dE 14 in the studio); with 9 at exponent 2,
#: a quarter of one of 0.14 (p95 8.7 on the ball, 6.4 on the panel); now mostly 0.11.
ROUGHNESS_EXPONENT = 2.0
#: Band heights as fractions of the source height (at least MIN_ROWS rows). Level 4
#: (roughness 0.11, gold's lobe about 1.6 degrees wide) keeps full resolution: at half,
#: a texel is as wide as the lobe (gold studio ball p95 6.07 against 5.94; a first
#: prefilter costs 1.2 to 1.4 times as much, the atlas 10.6 MB instead of 9.8).
_HEIGHT_DIVISORS = (1, 1, 1, 1, 1, 2, 4, 4, 8, 8, 16, 16, 16)
MIN_ROWS = 8
IRRADIANCE_ROWS = 16
#: Importance samples per texel, per level.
_SAMPLES = (1, 4, 16, 48, 64, 64, 64, 64, 96, 96, 128, 128, 128)
#: Source level offset of a sample (Karis: +1 smooths; 0 keeps glossy levels crisp).
LOD_BIAS = 0.0
#: Bump when the atlas changes meaning, so cached files are not reused.
FORMAT_VERSION = 5


def level_roughness(i: int | np.ndarray) -> np.ndarray:
    return (np.asarray(i, np.float64) / (LEVELS - 1)) ** ROUGHNESS_EXPONENT


@dataclass(frozen=True)
class Band:
    """Where a band lies in the atlas (texels): first row, rows, and width (no pads)."""

    row: int
    rows: int
    width: int


@dataclass(frozen=True)
class Atlas:
    """The prefiltered environment: ``pixels`` (rows, cols, 3) float32, row 0 on top."""

    pixels: np.ndarray
    bands: tuple[Band, ...]  # LEVELS specular bands, two irradiance bands, the split sum

    def band_pixels(self, i: int) -> np.ndarray:
        """Band ``i`` without its pad columns (rows, width, 3)."""
        b = self.bands[i]
        return self.pixels[b.row : b.row + b.rows, 1 : 1 + b.width]


def layout(source_rows: int) -> tuple[Band, ...]:
    """Band placement for a source panorama ``source_rows`` tall (2x as wide)."""
    bands, row = [], 0
    for div in _HEIGHT_DIVISORS:
        rows = max(source_rows // div, MIN_ROWS)
        bands.append(Band(row, rows, 2 * rows))
        row += rows
    for _ in range(2):
        bands.append(Band(row, IRRADIANCE_ROWS, 2 * IRRADIANCE_ROWS))
        row += IRRADIANCE_ROWS
    bands.append(Band(row, split_sum.ROUGHNESSES, split_sum.COSINES))
    return tuple(bands)


# -- sampling ---------------------------------------------------------------------------
def _pyramid(rgb: np.ndarray) -> list[np.ndarray]:
    """The source and its 2x2 box-filtered halvings down to 4 rows."""
    levels = [rgb.astype(np.float32)]
    while levels[-1].shape[0] >= 8 and levels[-1].shape[0] % 2 == 0:
        h, w = levels[-1].shape[:2]
        levels.append(levels[-1].reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3)))
    return levels


def _lookup(img: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Bilinear radiance of an equirectangular image toward unit directions ``d``."""
    h, w = img.shape[:2]
    lon = np.arctan2(d[..., 1], d[..., 0])
    lat = np.arcsin(np.clip(d[..., 2], -1.0, 1.0))
    x = (0.5 - lon / (2.0 * np.pi)) * w - 0.5
    y = np.clip((0.5 - lat / np.pi) * h - 0.5, 0.0, h - 1.0)
    x0 = np.floor(x)
    y0 = np.minimum(np.floor(y), h - 2)
    fx = (x - x0)[..., None].astype(np.float32)
    fy = (y - y0)[..., None].astype(np.float32)
    xa = x0.astype(np.int64) % w
    xb = (xa + 1) % w
    ya = y0.astype(np.int64)
    top = img[ya, xa] * (1 - fx) + img[ya, xb] * fx
    bottom = img[ya + 1, xa] * (1 - fx) + img[ya + 1, xb] * fx
    return top * (1 - fy) + bottom * fy


def _lookup_lod(pyramid: list[np.ndarray], d: np.ndarray, lod: float) -> np.ndarray:
    lod = float(np.clip(lod, 0.0, len(pyramid) - 1))
    lo = int(lod)
    hi = min(lo + 1, len(pyramid) - 1)
    t = np.float32(lod - lo)
    a = _lookup(pyramid[lo], d)
    return a if t == 0 or hi == lo else a * (1 - t) + _lookup(pyramid[hi], d) * t


def _radical_inverse(i: np.ndarray) -> np.ndarray:
    bits = i.astype(np.uint32)
    bits = (bits << 16) | (bits >> 16)
    bits = ((bits & 0x55555555) << 1) | ((bits & 0xAAAAAAAA) >> 1)
    bits = ((bits & 0x33333333) << 2) | ((bits & 0xCCCCCCCC) >> 2)
    bits = ((bits & 0x0F0F0F0F) << 4) | ((bits & 0xF0F0F0F0) >> 4)
    bits = ((bits & 0x00FF00FF) << 8) | ((bits & 0xFF00FF00) >> 8)
    return bits.astype(np.float64) / 2.0**32


def _specular(pyramid: list[np.ndarray], roughness: float, rows: int, samples: int) -> np.ndarray:
    """GGX-prefiltered radiance on a ``rows`` x 2``rows`` panorama (split sum, V = N)."""
    n = hdri.directions(2 * rows, rows)
    if roughness <= 0.0:
        return _lookup_lod(pyramid, n, np.log2(pyramid[0].shape[0] / rows))
    up = np.where(np.abs(n[..., 2:3]) < 0.999, [0.0, 0.0, 1.0], [1.0, 0.0, 0.0])
    t = np.cross(up, n)
    t /= np.linalg.norm(t, axis=-1, keepdims=True)
    b = np.cross(n, t)
    a2 = roughness**4  # alpha = roughness^2
    i = np.arange(samples)
    u1, u2 = (i + 0.5) / samples, _radical_inverse(i)
    cos_h = np.sqrt((1.0 - u2) / (1.0 + (a2 - 1.0) * u2))
    sin_h = np.sqrt(1.0 - cos_h * cos_h)
    phi = 2.0 * np.pi * u1
    # the light direction L = 2 (N.H) H - N, in the texel's tangent frame
    lx = 2.0 * cos_h * sin_h * np.cos(phi)
    ly = 2.0 * cos_h * sin_h * np.sin(phi)
    lz = 2.0 * cos_h * cos_h - 1.0
    # filtered importance sampling: read the source level whose texel matches the
    # solid angle of a sample (pdf of L = D / 4 when V = N)
    denom = cos_h * cos_h * (a2 - 1.0) + 1.0
    pdf = a2 / (np.pi * denom * denom) / 4.0
    src_rows = pyramid[0].shape[0]
    texel = 4.0 * np.pi / (2.0 * src_rows * src_rows)
    lods = 0.5 * np.log2(1.0 / (samples * pdf) / texel) + LOD_BIAS
    acc = np.zeros(n.shape, np.float32)
    weight = 0.0
    for k in range(samples):
        if lz[k] <= 0.0:
            continue
        d = lx[k] * t + ly[k] * b + lz[k] * n
        acc += _lookup_lod(pyramid, d, lods[k]) * np.float32(lz[k])
        weight += lz[k]
    return acc / np.float32(weight)


def _fresnel_transmission(cos_i: np.ndarray, ior: float = 1.5) -> np.ndarray:
    """The share of unpolarised light that enters a dielectric of index ``ior`` from air."""
    cos_i = np.clip(cos_i, 0.0, 1.0)
    cos_t = np.sqrt(np.maximum(1.0 - (1.0 - cos_i**2) / ior**2, 0.0))
    rs = ((cos_i - ior * cos_t) / np.maximum(cos_i + ior * cos_t, 1e-12)) ** 2
    rp = ((ior * cos_i - cos_t) / np.maximum(ior * cos_i + cos_t, 1e-12)) ** 2
    return 1.0 - 0.5 * (rs + rp)


def _irradiance(rgb: np.ndarray, rows: int, *, through_lacquer: bool = False) -> np.ndarray:
    """Cosine-weighted irradiance / pi on a ``rows`` x 2``rows`` panorama: the clamped
    cosine summed over every texel of ``rgb`` by its solid angle. Exact, where order-2
    spherical harmonics (what VTK and most real-time renderers use) overshoot a small
    bright light by a sixteenth at its peak, undershoot beside it and ring behind it:
    the low sun of the sunset lit a panel facing it 15 % too dark."""
    h, w = rgb.shape[:2]
    lat = (0.5 - (np.arange(h) + 0.5) / h) * np.pi
    solid = np.repeat(np.cos(lat) * (np.pi / h) * (2.0 * np.pi / w), w)
    source = hdri.directions(w, h).reshape(-1, 3)
    normals = hdri.directions(2 * rows, rows).reshape(-1, 3)
    cos = np.maximum(normals @ source.T, 0.0)
    weights = cos * solid
    if through_lacquer:
        # the light that gets through an IOR 1.5 lacquer to the base: grazing light
        # mostly does not (normalised, so a uniform light gives the plain irradiance)
        weights *= _fresnel_transmission(cos)
    weights /= weights.sum(axis=1, keepdims=True)  # the discrete sum of cos / pi is 1
    out = weights @ rgb.reshape(-1, 3).astype(np.float64)
    return out.reshape(rows, 2 * rows, 3).astype(np.float32)


def panorama(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` (h, 2h, 3) resampled to SOURCE_ROWS rows: box-halved, then bilinear."""
    rgb = rgb.astype(np.float32, copy=False)
    while rgb.shape[0] >= 2 * SOURCE_ROWS and rgb.shape[0] % 2 == 0 and rgb.shape[1] % 2 == 0:
        h, w = rgb.shape[:2]
        rgb = rgb.reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3), dtype=np.float32)
    if rgb.shape[:2] == (SOURCE_ROWS, 2 * SOURCE_ROWS):
        return rgb
    return _lookup(rgb, hdri.directions(2 * SOURCE_ROWS, SOURCE_ROWS)).astype(np.float32)


def prefilter(rgb: np.ndarray) -> Atlas:
    """The atlas of a linear equirectangular panorama (h, 2h, 3)."""
    rgb = panorama(rgb)
    pyramid = _pyramid(rgb)
    bands = layout(rgb.shape[0])
    pixels = np.zeros((bands[-1].row + bands[-1].rows, bands[0].width + 2, 3), np.float32)
    images = [
        _specular(pyramid, float(level_roughness(i)), bands[i].rows, _SAMPLES[i])
        for i in range(LEVELS)
    ]
    source = pyramid[min(2, len(pyramid) - 1)]
    images.append(_irradiance(source, IRRADIANCE_ROWS))
    images.append(_irradiance(source, IRRADIANCE_ROWS, through_lacquer=True))
    images.append(split_sum.table())
    for band, image in zip(bands, images, strict=True):
        rows = slice(band.row, band.row + band.rows)
        pixels[rows, 1 : 1 + band.width] = image
        pixels[rows, 0] = image[:, -1]  # the wrapped columns
        pixels[rows, 1 + band.width] = image[:, 0]
    return Atlas(pixels, bands)


# -- disk cache --------------------------------------------------------------------------
def cache_dir() -> Path:
    """Where atlases are kept (``livery.userdirs``: ``$LIVERY_CACHE_DIR`` or the user's)."""
    return userdirs.cache_dir() / "ibl"


def _version() -> str:
    """What the atlas depends on besides the panorama: a change re-prefilters."""
    return (
        f"v{FORMAT_VERSION}:{SOURCE_ROWS}:{LEVELS}:{ROUGHNESS_EXPONENT}:{_HEIGHT_DIVISORS}:"
        f"{_SAMPLES}:{LOD_BIAS}:{IRRADIANCE_ROWS}:{split_sum.COSINES}:{split_sum.ROUGHNESSES}:"
        f"{split_sum.SAMPLES}"
    )


def pixels_key(rgb: np.ndarray) -> str:
    """Cache key of a panorama by its content."""
    h = hashlib.sha1(f"{_version()}:{rgb.shape}".encode())
    h.update(np.ascontiguousarray(rgb, np.float32).tobytes())
    return h.hexdigest()[:20]


def file_key(path: Path, scale: float) -> str:
    """Cache key of a panorama file at a radiance scale: by name, size and time, so a
    warm start does not even read the file."""
    st = path.stat()
    text = f"{_version()}:{path.resolve()}:{st.st_size}:{st.st_mtime_ns}:{scale!r}"
    return hashlib.sha1(text.encode()).hexdigest()[:20]


def cached_prefilter(rgb: np.ndarray | Callable[[], np.ndarray], key: str | None = None) -> Atlas:
    """``prefilter(rgb)``, read from the disk cache when this panorama was seen before.

    ``rgb`` may be a function giving the panorama, called on a cache miss only; then
    ``key`` names it (``file_key``). A missing, unreadable or stale cache file only
    costs the prefilter; a cache that can't be written (read-only home) is logged and
    otherwise ignored.
    """
    if key is None:
        rgb = panorama(rgb)  # type: ignore[arg-type]
        key = pixels_key(rgb)
    bands = layout(SOURCE_ROWS)
    path = cache_dir() / f"{key}.npy"
    try:
        pixels = np.load(path, allow_pickle=False)
        if pixels.shape == (bands[-1].row + bands[-1].rows, bands[0].width + 2, 3):
            os.utime(path)  # recently used: kept by _prune
            return Atlas(pixels.astype(np.float32, copy=False), bands)
    except (OSError, ValueError):
        pass
    if callable(rgb):
        rgb = rgb()
    atlas = prefilter(rgb)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        npy = io.BytesIO()
        np.save(npy, atlas.pixels, allow_pickle=False)
        write_atomic(path, npy.getvalue())
        _prune(path.parent)
    except OSError as e:
        log.warning("could not keep the prefiltered environment in %s: %s", path.parent, e)
    return atlas


#: Atlases kept on disk (10.6 MB each); the least recently used go first.
KEEP_FILES = 32


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.npy"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[KEEP_FILES:]:
        old.unlink(missing_ok=True)
