"""The studio environment: a procedurally generated HDR image, and Radiance .hdr I/O.

Why generate it: a photographed studio HDRI is large, licensed, and fixed; ours is a
few hundred kilobytes, reproducible bit for bit (``python -m livery.scene.hdri``), and
its lights are placed for cars: a long overhead softbox for the highlight along
bonnet and roof, strip lights along both flanks for the long reflections that show
a body's shape, dark flags between them for contrast, and a neutral grey floor.

The image is an equirectangular panorama in the vehicle frame (Z up, nose +X, left
+Y): row 0 is the zenith, the middle row the horizon, and the middle column looks
along +X; longitude grows toward +Y to the left of the middle. Pure numpy: no VTK.

A user's panorama is checked before it is decoded (``check_panorama_file``: a capped
regular file whose header declares at most ``MAX_WIDTH`` pixels across) and after
(``check_light``: a panorama with no finite, positive pixel would light nothing); every
failure is a ``looks.EnvironmentFileError`` naming the file.
"""

from __future__ import annotations

import argparse
import re
import struct
from pathlib import Path

import numpy as np

from livery import ASSETS
from livery.fileio import InputFileError, check_regular, read_capped, write_atomic
from livery.scene.looks import EnvironmentFileError

STUDIO_HDR = ASSETS / "environments" / "studio.hdr"
#: Limits on a user's panorama (README "Hostile input"): its file size, and its width in
#: pixels (an equirectangular panorama is twice as wide as it is high; 16384 x 8192 is
#: 1.5 GiB of float radiance, the most a showroom PC is asked to hold).
MAX_FILE_BYTES = 1 << 30
MAX_WIDTH = 16384
_HEADER_BYTES = 1 << 16  # where an .hdr or .exr header must end


# -- directions ------------------------------------------------------------------------
def directions(width: int, height: int) -> np.ndarray:
    """Unit direction (h, w, 3) of every pixel centre, in the vehicle frame."""
    u = (np.arange(width) + 0.5) / width
    v = (np.arange(height) + 0.5) / height
    lon = (0.5 - u) * 2.0 * np.pi  # 0 at the middle column (+X), +pi/2 toward +Y
    lat = (0.5 - v) * np.pi  # +pi/2 at row 0 (zenith)
    lon, lat = np.meshgrid(lon, lat)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def _smooth_box(a: np.ndarray, lo: float, hi: float, soft: float) -> np.ndarray:
    """1 inside [lo, hi], 0 outside, with smooth edges ``soft`` wide."""

    def step(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
        t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
        return t * t * (3.0 - 2.0 * t)

    return step(lo - soft, lo + soft, a) * (1.0 - step(hi - soft, hi + soft, a))


def _on_plane(d: np.ndarray, axis: int, distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the rays from the origin meet the plane ``coord[axis] == distance``."""
    comp = d[..., axis]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = distance / comp
    hit = t > 0
    t = np.where(hit, t, 0.0)
    return d * t[..., None], hit


# -- the studio ------------------------------------------------------------------------
def studio(width: int = 1024, height: int = 512) -> np.ndarray:
    """The studio panorama as (h, w, 3) float32 linear radiance.

    Units are arbitrary but balanced so that ``looks.RADIANCE_SCALE`` gives a
    mid-grey diffuse surface a mid-grey pixel. The car stands at the origin; the
    light rig is placed relative to a camera-height centre 0.7 m above the floor.
    """
    d = directions(width, height)
    z = d[..., 2]
    img = np.zeros(d.shape, dtype=np.float64)

    # Walls: dark, slightly warmer toward the horizon; the floor: neutral grey that
    # darkens toward the nadir, where the car itself would stand.
    up = np.clip(z, 0.0, 1.0)
    down = np.clip(-z, 0.0, 1.0)
    wall = 0.05 + 0.06 * np.exp(-((z / 0.18) ** 2))
    floor = 0.18 * (0.55 + 0.45 * np.exp(-((down / 0.35) ** 2)))
    horizon = np.clip(z / 0.02, -1.0, 1.0) * 0.5 + 0.5  # 1 above, 0 below, soft
    base = wall * horizon + floor * (1.0 - horizon)
    img += base[..., None] * np.array([1.0, 0.99, 0.97])

    # Overhead softbox: 7 m x 2.6 m, 3.3 m above the rig centre, its long side along X.
    p, hit = _on_plane(d, 2, 3.3)
    box = _smooth_box(p[..., 0], -3.5, 3.5, 0.25) * _smooth_box(p[..., 1], -1.3, 1.3, 0.18)
    # A softbox is brighter at its centre and falls off toward its edges.
    fall = 0.75 + 0.25 * np.exp(-((p[..., 1] / 1.1) ** 2))
    img += (hit * box * fall * 9.0)[..., None] * np.array([1.0, 1.0, 1.0])

    # Two ceiling strips either side of the softbox: thin lines on bonnet and roof.
    for sy in (-2.4, 2.4):
        strip = _smooth_box(p[..., 0], -4.0, 4.0, 0.2) * _smooth_box(
            p[..., 1], sy - 0.12, sy + 0.12, 0.05
        )
        img += (hit * strip * 14.0)[..., None]

    # Side strips: long horizontal lights 4.5 m out on both flanks, 0.6 m to 1.1 m
    # above the rig centre: the long reflections along doors and shoulders.
    for side in (-1.0, 1.0):
        q, hit_s = _on_plane(d, 1, side * 4.5)
        strip = _smooth_box(q[..., 0], -4.5, 4.5, 0.35) * _smooth_box(q[..., 2], 0.55, 1.05, 0.08)
        img += (hit_s * strip * 7.0)[..., None] * np.array([1.0, 1.0, 1.0])
        low = _smooth_box(q[..., 0], -3.5, 3.5, 0.3) * _smooth_box(q[..., 2], -0.25, -0.05, 0.05)
        img += (hit_s * low * 2.0)[..., None]

    # Front and rear: tall vertical softboxes at the corners (the three-quarter views'
    # rim light), slightly warm in front, slightly cool behind.
    for sx, tint in ((1.0, (1.0, 0.97, 0.92)), (-1.0, (0.92, 0.96, 1.0))):
        q, hit_f = _on_plane(d, 0, sx * 5.5)
        for cy in (-2.6, 2.6):
            panel = _smooth_box(q[..., 1], cy - 0.7, cy + 0.7, 0.2) * _smooth_box(
                q[..., 2], -0.3, 2.2, 0.2
            )
            img += (hit_f * panel * 3.5)[..., None] * np.array(tint)

    # A gentle fill everywhere above the horizon, so shadowed paint keeps its colour.
    img += (0.06 * up)[..., None]
    return img.astype(np.float32)


# -- Radiance RGBE ---------------------------------------------------------------------
def to_rgbe(rgb: np.ndarray) -> np.ndarray:
    """(h, w, 3) float radiance to (h, w, 4) uint8 RGBE."""
    rgb = np.maximum(np.asarray(rgb, dtype=np.float64), 0.0)
    peak = rgb.max(axis=-1)
    mant, expo = np.frexp(peak)
    scale = np.where(peak > 1e-32, mant * 256.0 / np.where(peak > 0, peak, 1.0), 0.0)
    out = np.zeros(rgb.shape[:-1] + (4,), dtype=np.uint8)
    out[..., :3] = np.clip(rgb * scale[..., None], 0, 255).astype(np.uint8)
    out[..., 3] = np.where(peak > 1e-32, expo + 128, 0).astype(np.uint8)
    return out


def from_rgbe(rgbe: np.ndarray) -> np.ndarray:
    """(h, w, 4) uint8 RGBE to (h, w, 3) float32 radiance."""
    e = rgbe[..., 3].astype(np.int32)
    f = np.where(e > 0, np.ldexp(1.0, e - (128 + 8)), 0.0)
    return ((rgbe[..., :3].astype(np.float64) + 0.5) * f[..., None] * (e > 0)[..., None]).astype(
        np.float32
    )


def _rle_channel(data: np.ndarray) -> bytes:
    """Radiance's run-length code for one channel of one scanline."""
    out = bytearray()
    n, i = len(data), 0
    while i < n:
        # A run: at least 3 equal bytes.
        j = i + 1
        while j < n and j - i < 127 and data[j] == data[i]:
            j += 1
        if j - i >= 3:
            out += bytes((128 + j - i, int(data[i])))
            i = j
            continue
        # A literal stretch up to the next run of 3 (or 128 bytes).
        j = i
        while j < n and j - i < 128:
            if j + 2 < n and data[j] == data[j + 1] == data[j + 2]:
                break
            j += 1
        out.append(j - i)
        out += data[i:j].tobytes()
        i = j
    return bytes(out)


def write_hdr(path: Path | str, rgb: np.ndarray) -> None:
    """Write a Radiance .hdr (new-style run-length encoded scanlines)."""
    rgbe = to_rgbe(rgb)
    h, w = rgbe.shape[:2]
    chunks = [b"#?RADIANCE\n# Livery Studio procedural studio\nFORMAT=32-bit_rle_rgbe\n\n"]
    chunks.append(f"-Y {h} +X {w}\n".encode())
    header = bytes((2, 2, w >> 8, w & 255))
    for row in rgbe:
        chunks.append(header)
        for c in range(4):
            chunks.append(_rle_channel(np.ascontiguousarray(row[:, c])))
    write_atomic(path, b"".join(chunks))


def _hdr_header(path: Path | str, raw: bytes) -> tuple[int, int, int]:
    """(height, width, offset of the pixels) of a Radiance .hdr, checked against the limits."""
    end = raw.find(b"\n\n", 0, _HEADER_BYTES)
    if not raw.startswith(b"#?") or end < 0:
        raise EnvironmentFileError(f"{path}: not a Radiance HDR file")
    header = raw[:end].decode("ascii", "replace")
    if "FORMAT=32-bit_rle_rgbe" not in header:
        raise EnvironmentFileError(f"{path}: only 32-bit_rle_rgbe is supported")
    nl = raw.find(b"\n", end + 2, end + 2 + 64)
    dims = raw[end + 2 : nl].split() if nl > 0 else []
    if (
        len(dims) != 4
        or dims[0] != b"-Y"
        or dims[2] != b"+X"
        or not all(re.fullmatch(rb"[0-9]{1,9}", d) for d in dims[1::2])
    ):
        raise EnvironmentFileError(
            f"{path}: unsupported orientation or size {bytes(raw[end + 2 : end + 40])!r}"
        )
    h, w = int(dims[1]), int(dims[3])
    _check_size(path, w, h)
    return h, w, nl + 1


def _check_size(path: Path | str, w: int, h: int) -> None:
    if not 0 < w <= MAX_WIDTH or not 0 < h <= MAX_WIDTH // 2:
        raise EnvironmentFileError(
            f"{path}: the panorama is {w}x{h} pixels; at most {MAX_WIDTH}x{MAX_WIDTH // 2} is read"
        )


def read_hdr(path: Path | str) -> np.ndarray:
    """Read a Radiance .hdr (flat or run-length encoded) as (h, w, 3) float32, row 0 on top."""
    try:
        raw = read_capped(path, MAX_FILE_BYTES, what="panorama")
    except InputFileError as e:
        raise EnvironmentFileError(str(e)) from None
    h, w, start = _hdr_header(path, raw)
    buf = np.frombuffer(raw, dtype=np.uint8, offset=start)
    if len(buf) < h * 4:  # each scanline needs at least its 4-byte header or a pixel
        raise EnvironmentFileError(f"{path}: truncated ({len(buf)} bytes of pixels for {h} rows)")
    out = np.empty((h, w, 4), dtype=np.uint8)
    try:
        _decode_rle(buf, out)
    except (IndexError, ValueError):
        raise EnvironmentFileError(f"{path}: truncated or corrupt pixel data") from None
    return from_rgbe(out)


def _decode_rle(buf: np.ndarray, out: np.ndarray) -> None:
    h, w = out.shape[:2]
    pos = 0
    for y in range(h):
        if 8 <= w < 32768 and buf[pos] == 2 and buf[pos + 1] == 2 and buf[pos + 2] < 128:
            pos += 4
            for c in range(4):
                x = 0
                while x < w:
                    count = int(buf[pos])
                    pos += 1
                    if count > 128:
                        count -= 128
                        out[y, x : x + count, c] = buf[pos]
                        pos += 1
                    elif count == 0:  # a zero-length run would never end
                        raise ValueError("a run of length 0")
                    else:
                        out[y, x : x + count, c] = buf[pos : pos + count]
                        pos += count
                    x += count
                if x != w:
                    raise ValueError("a run past the end of its scanline")
        else:
            out[y] = buf[pos : pos + 4 * w].reshape(w, 4)
            pos += 4 * w


def _exr_size(path: Path | str, raw: bytes) -> tuple[int, int]:
    """(width, height) of an OpenEXR file's data window, read from its header (the
    attributes ``name\\0 type\\0 size value`` up to an empty name)."""
    if raw[:4] != b"\x76\x2f\x31\x01":
        raise EnvironmentFileError(f"{path}: not an OpenEXR file")
    pos = 8
    while pos < len(raw):
        name_end = raw.find(b"\0", pos, pos + 256)
        if name_end == pos:
            break
        type_end = raw.find(b"\0", name_end + 1, name_end + 257)
        if name_end < 0 or type_end < 0 or type_end + 5 > len(raw):
            break
        (size,) = struct.unpack_from("<i", raw, type_end + 1)
        value = type_end + 5
        if raw[pos:name_end] == b"dataWindow" and size == 16 and value + 16 <= len(raw):
            x0, y0, x1, y1 = struct.unpack_from("<4i", raw, value)
            return x1 - x0 + 1, y1 - y0 + 1
        if size < 0:
            break
        pos = value + size
    raise EnvironmentFileError(f"{path}: corrupt OpenEXR header (no data window)")


def check_panorama_file(path: Path | str) -> None:
    """Refuse a panorama file before any library decodes it: not a regular file, over
    ``MAX_FILE_BYTES``, or a header that declares more than ``MAX_WIDTH`` pixels across."""
    try:
        check_regular(path, MAX_FILE_BYTES, what="panorama")
        with open(path, "rb") as f:  # a regular file: reading its head cannot block
            head = f.read(_HEADER_BYTES)
    except InputFileError as e:
        raise EnvironmentFileError(str(e)) from None
    except OSError as e:
        raise EnvironmentFileError(f"{path}: {e.strerror or e}") from None
    if str(path).lower().endswith(".exr"):
        _check_size(path, *_exr_size(path, head))
    else:
        _hdr_header(path, head)


def check_light(path: Path | str, rgb: np.ndarray) -> None:
    """Refuse a panorama with no finite, positive pixel: it would light nothing (an
    all-NaN or all-black file), where the user expects their light."""
    finite = np.isfinite(rgb)
    if not finite.any() or not (np.where(finite, rgb, 0.0) > 0).any():
        raise EnvironmentFileError(
            f"{path}: the panorama has no light (every pixel is NaN, infinite or black)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the studio environment HDR.")
    parser.add_argument("--out", type=Path, default=STUDIO_HDR)
    parser.add_argument("--size", default="1024x512", help="WxH, width twice the height")
    args = parser.parse_args(argv)
    w, h = (int(s) for s in args.size.split("x"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_hdr(args.out, studio(w, h))
    print(f"wrote {args.out} ({w}x{h}, {args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
