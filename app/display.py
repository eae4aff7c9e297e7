"""The display's colour space: what the screen shows and exported pictures are encoded for.

Livery renders in sRGB (the catalog's colours, the tone mapping's output). A designer's
wide-gamut monitor (Display P3) shows sRGB values over-saturated unless they are
converted; a calibrated monitor has its own ICC profile. A display space is:

- ``"srgb"`` (the default): nothing is converted, pictures are untagged sRGB;
- ``"display-p3"``: sRGB is re-encoded for Display P3 (D65, the sRGB curve), exactly:
  decoded, converted between the two sets of primaries, encoded again; exported pictures
  carry a Display P3 ICC profile built here from the published primaries;
- a path to a monitor's ``.icc``/``.icm`` profile: converted through littleCMS
  (Pillow's ImageCms, relative colorimetric), pictures carry that profile.

The conversion is tabulated once per space as a full 8-bit 3D lookup table (every one
of the 256³ sRGB colours, 64 MB), so the final pass is one gather per pixel: the Stage
applies it to every frame it puts on screen and to every picture it saves, and both
therefore show the same thing.
"""

from __future__ import annotations

import functools
import io
import struct
from pathlib import Path

import numpy as np

from livery.srgb import linear_to_srgb, srgb_to_linear

SRGB = "srgb"
DISPLAY_P3 = "display-p3"
SPACES = (SRGB, DISPLAY_P3)
#: The largest ICC profile read (monitor profiles are a few kB; some carry big LUTs).
MAX_PROFILE_BYTES = 4 << 20

#: CIE 1931 xy chromaticities of the primaries (R, G, B) and white (D65).
_P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
_SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
_D65 = (0.3127, 0.3290)
_D50_XYZ = (0.9642, 1.0, 0.8249)  # the ICC profile connection space's white


class DisplayError(ValueError):
    """A display space that can't be used (names the file and the problem)."""


def _rgb_to_xyz(
    primaries: tuple[tuple[float, float], ...], white: tuple[float, float]
) -> np.ndarray:
    """The RGB -> XYZ matrix of a set of primaries and a white point (SMPTE RP 177)."""
    xyz = np.array([[x / y, 1.0, (1 - x - y) / y] for x, y in primaries]).T
    wx, wy = white
    w = np.array([wx / wy, 1.0, (1 - wx - wy) / wy])
    return xyz * np.linalg.solve(xyz, w)


#: Linear sRGB -> linear Display P3 (the same white: no adaptation).
SRGB_TO_P3 = np.linalg.inv(_rgb_to_xyz(_P3_PRIMARIES, _D65)) @ _rgb_to_xyz(_SRGB_PRIMARIES, _D65)


def check(spec: str) -> str:
    """``spec`` if it is a display space the app can use; DisplayError otherwise."""
    if spec in SPACES:
        return spec
    path = Path(spec)
    if path.suffix.lower() not in (".icc", ".icm"):
        raise DisplayError(
            f"unknown display colour space {spec!r}; valid: {', '.join(SPACES)}, "
            "or a monitor's .icc/.icm profile"
        )
    _load_profile(path)
    return spec


def _load_profile(path: Path):  # type: ignore[no-untyped-def]
    from PIL import ImageCms

    try:
        if not path.is_file():
            raise DisplayError(f"{path}: no such ICC profile (or not a regular file)")
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise DisplayError(f"{path}: too large for an ICC profile")
        data = path.read_bytes()
    except OSError as e:
        raise DisplayError(f"{path}: can't be read ({e})") from None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as e:
        raise DisplayError(f"{path}: not a usable ICC profile ({e})") from None
    if profile.profile.xcolor_space.strip() != "RGB":
        raise DisplayError(f"{path}: not an RGB display profile")
    return profile


def _all_colours() -> np.ndarray:
    """Every 8-bit RGB colour, (256**3, 3) uint8, in index order r << 16 | g << 8 | b."""
    v = np.arange(256, dtype=np.uint8)
    return np.stack(np.meshgrid(v, v, v, indexing="ij"), -1).reshape(-1, 3)


@functools.lru_cache(maxsize=2)
def table(spec: str) -> np.ndarray | None:
    """The 3D lookup table of ``spec``: (256**3,) uint32, each entry the display's RGBA
    bytes (alpha 255) in memory order; None for sRGB (identity)."""
    rgb = _table_rgb(spec)
    if rgb is None:
        return None
    rgba = np.empty((len(rgb), 4), np.uint8)
    rgba[:, :3], rgba[:, 3] = rgb, 255
    return rgba.view(np.uint32).reshape(-1)


def _table_rgb(spec: str) -> np.ndarray | None:
    check(spec)
    if spec == SRGB:
        return None
    colours = _all_colours()
    if spec == DISPLAY_P3:
        # per channel: decode by a 256-entry table, convert, encode by a 16-bit table
        decode = srgb_to_linear(np.arange(256) / 255.0).astype(np.float32)
        encode = np.clip(linear_to_srgb(np.linspace(0.0, 1.0, 65536)) * 255.0 + 0.5, 0, 255)
        encode = encode.astype(np.uint8)
        matrix = SRGB_TO_P3.T.astype(np.float32)
        out = np.empty_like(colours)
        step = 1 << 20
        for i in range(0, len(colours), step):
            p3 = decode[colours[i : i + step]] @ matrix
            out[i : i + step] = encode[np.clip(p3 * 65535.0 + 0.5, 0, 65535).astype(np.int32)]
        return out
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        _load_profile(Path(spec)),
        "RGB",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    image = Image.fromarray(colours.reshape(4096, 4096, 3))
    return np.asarray(ImageCms.applyTransform(image, transform)).reshape(-1, 3)


def convert(pixels: np.ndarray, spec: str) -> np.ndarray:
    """(h, w, 3 or 4) uint8 sRGB -> the same encoded for the display ``spec``."""
    lut = table(spec)
    if lut is None:
        return pixels
    rgb = pixels[..., :3].astype(np.uint32)
    index = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    out = np.take(lut, index).view(np.uint8).reshape(*pixels.shape[:-1], 4)
    if pixels.shape[-1] == 4:
        out = out.copy()
        out[..., 3] = pixels[..., 3]
        return out
    return out[..., :3]


def icc_profile(spec: str) -> bytes | None:
    """The ICC profile a picture for ``spec`` is tagged with (None: untagged sRGB)."""
    check(spec)
    if spec == SRGB:
        return None
    if spec == DISPLAY_P3:
        return display_p3_profile()
    return Path(spec).read_bytes()


# -- a Display P3 ICC profile (v2, matrix/TRC), from the published primaries ------------
def _s15f16(x: float) -> bytes:
    return struct.pack(">i", round(x * 65536))


def _xyz_tag(xyz: np.ndarray) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15f16(float(v)) for v in xyz)


def _text_desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_))
        + ascii_
        + b"\0" * 8  # no Unicode description
        + b"\0\0\0"  # no ScriptCode description
        + b"\0" * 67
    )


def _srgb_curve() -> bytes:
    """The sRGB transfer curve as a parametric curve (ICC type 3): Display P3 uses it."""
    g, a, b, c, d = 2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045
    return (
        b"para\0\0\0\0"
        + struct.pack(">H", 3)
        + b"\0\0"
        + b"".join(_s15f16(v) for v in (g, a, b, c, d))
    )


def _bradford_d65_to_d50() -> np.ndarray:
    m = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
    wx, wy = _D65
    src = m @ np.array([wx / wy, 1.0, (1 - wx - wy) / wy])
    dst = m @ np.array(_D50_XYZ)
    return np.linalg.inv(m) @ np.diag(dst / src) @ m


@functools.lru_cache(maxsize=1)
def display_p3_profile() -> bytes:
    """An ICC v2 display profile of Display P3: D50-adapted colorants, the sRGB curve."""
    colorants = _bradford_d65_to_d50() @ _rgb_to_xyz(_P3_PRIMARIES, _D65)
    curve = _srgb_curve()
    tags = [
        (b"desc", _text_desc("Display P3 (Livery Studio)")),
        (b"cprt", b"text\0\0\0\0No copyright, use freely.\0"),
        (b"wtpt", _xyz_tag(np.array(_D50_XYZ))),
        (b"rXYZ", _xyz_tag(colorants[:, 0])),
        (b"gXYZ", _xyz_tag(colorants[:, 1])),
        (b"bXYZ", _xyz_tag(colorants[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table_, data = b"", b""
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table_ += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + bytes([2, 0x40, 0, 0])  # version 2.4
        + b"mntrRGB XYZ "
        + b"\0" * 12  # date
        + b"acsp"
        + b"\0" * 4  # platform
        + b"\0" * 4  # flags
        + b"\0" * 8  # manufacturer, model
        + b"\0" * 8  # attributes
        + struct.pack(">I", 0)  # perceptual intent
        + b"".join(_s15f16(v) for v in _D50_XYZ)
        + b"\0" * 4  # creator
        + b"\0" * 44
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table_ + data
