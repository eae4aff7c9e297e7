"""The environment library: named HDR panoramas, user .hdr/.exr files, a texture cache.

Environments besides the studio (``livery.scene.hdri.studio``) are generated here,
deterministically, in the same frame and units (equirectangular, row 0 the zenith,
vehicle frame Z up; a mid-grey diffuse surface under the default exposure reads
mid-grey): ``showroom`` (ceiling panels over a polished dark floor that mirrors
them), ``overcast`` (CIE overcast sky over grey ground), ``sunset`` (a low, warm,
very bright sun in a graded sky), ``night`` (a dark hall lit by a few spotlights)
and ``furnace`` (uniform radiance 1: the calibration environment). Shipped copies
live in ``assets/environments/NAME.hdr`` (``python -m livery.scene.skies`` rewrites
them); a user's own ``.hdr`` or ``.exr`` loads by path.

``EnvironmentCache`` keeps, per environment, its prefiltered atlas
(``livery.scene.prefilter``, cached on disk across runs), so switching back to an
environment already seen swaps pointers instead of prefiltering again.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from livery import ASSETS
from livery.scene import hdri
from livery.scene.looks import (
    CALIBRATION_ENVIRONMENT,
    DEFAULT_ENVIRONMENT,
    ENVIRONMENTS,
    RADIANCE_SCALE,
    EnvironmentFileError,
    check_environment,
)

ENV_DIR = ASSETS / "environments"


def _dirs(w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = hdri.directions(w, h)
    return d, np.arcsin(np.clip(d[..., 2], -1, 1)), np.arctan2(d[..., 1], d[..., 0])


def _disc(d: np.ndarray, centre: np.ndarray, radius: float, soft: float) -> np.ndarray:
    """1 inside a cone of ``radius`` (radians) around ``centre``, smooth edge."""
    c = centre / np.linalg.norm(centre)
    ang = np.arccos(np.clip(d @ c, -1.0, 1.0))
    t = np.clip((radius + soft - ang) / (2 * soft), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _box(x: np.ndarray, lo: float, hi: float, soft: float) -> np.ndarray:
    a = np.clip((x - lo + soft) / (2 * soft), 0, 1)
    b = np.clip((hi + soft - x) / (2 * soft), 0, 1)
    return a * a * (3 - 2 * a) * b * b * (3 - 2 * b)


def showroom(w: int = 1024, h: int = 512) -> np.ndarray:
    """Ceiling light panels in a warm-grey hall; the polished floor mirrors them dimly."""
    d, lat, lon = _dirs(w, h)
    rgb = np.zeros((h, w, 3), np.float32)
    wall = np.array([0.46, 0.44, 0.41], np.float32)
    rgb[:] = wall * (0.75 + 0.25 * np.clip(np.sin(lat), 0, 1))[..., None]
    up = d[..., 2] > 0.05
    # Ceiling 4 m above: a 3 x 5 grid of 1.2 m square panels.
    t = np.where(up, 3.3 / np.maximum(d[..., 2], 1e-3), 0.0)
    x, y = d[..., 0] * t, d[..., 1] * t
    panels = np.zeros((h, w), np.float32)
    for cx in (-4.0, 0.0, 4.0):
        for cy in (-6.0, -3.0, 0.0, 3.0, 6.0):
            panels += _box(x, cx - 1.3, cx + 1.3, 0.08) * _box(y, cy - 0.6, cy + 0.6, 0.08)
    panels *= up
    rgb += (np.array([9.0, 8.8, 8.4], np.float32) * panels[..., None]).astype(np.float32)
    # Floor: dark polished stone reflecting the upper half (a mirror image, dimmed).
    low = d[..., 2] < 0
    mirrored = rgb[::-1]
    floor = 0.05 * np.array([0.30, 0.29, 0.28], np.float32) + 0.12 * mirrored
    rgb = np.where(low[..., None], floor, rgb)
    return rgb.astype(np.float32)


def overcast(w: int = 1024, h: int = 512) -> np.ndarray:
    """CIE standard overcast sky: zenith three times as bright as the horizon; grey ground."""
    d, lat, _ = _dirs(w, h)
    sky = (1 + 2 * np.clip(np.sin(lat), 0, 1)) / 3
    tint = np.array([0.92, 0.96, 1.0], np.float32)
    rgb = 2.6 * sky[..., None] * tint
    ground = np.array([0.22, 0.23, 0.21], np.float32) * 2.6 * 0.75
    blend = np.clip((lat + 0.02) / 0.04, 0, 1)[..., None]
    return (blend * rgb + (1 - blend) * ground).astype(np.float32)


def sunset(w: int = 1024, h: int = 512) -> np.ndarray:
    """A sun 4 degrees above the horizon, front-left; orange horizon to deep blue zenith."""
    d, lat, lon = _dirs(w, h)
    e = np.clip(lat, 0, None)
    horizon = np.array([1.6, 0.75, 0.32], np.float32)
    zenith = np.array([0.10, 0.16, 0.42], np.float32)
    k = (1 - np.exp(-e / 0.25))[..., None]
    sky = horizon * (1 - k) + zenith * k
    sun_dir = np.array(
        [
            np.cos(np.radians(4)) * np.cos(np.radians(35)),
            np.cos(np.radians(4)) * np.sin(np.radians(35)),
            np.sin(np.radians(4)),
        ]
    )
    glow = np.clip(d @ (sun_dir / np.linalg.norm(sun_dir)), 0, 1) ** 24
    sky = sky + glow[..., None] * np.array([2.5, 1.2, 0.4], np.float32)
    sun = _disc(d, sun_dir, np.radians(1.6), np.radians(0.4))
    sky = sky + sun[..., None] * np.array([900.0, 520.0, 220.0], np.float32)
    ground = np.array([0.10, 0.07, 0.05], np.float32)
    blend = np.clip((lat + 0.01) / 0.02, 0, 1)[..., None]
    return (blend * sky + (1 - blend) * ground).astype(np.float32)


def night(w: int = 1024, h: int = 512) -> np.ndarray:
    """A dark hall: three spotlights high in front, above and behind; a faint city glow."""
    d, lat, _ = _dirs(w, h)
    rgb = np.zeros((h, w, 3), np.float32) + np.array([0.006, 0.007, 0.010], np.float32)
    glow = np.exp(-np.abs(lat) / 0.06)[..., None] * np.array([0.05, 0.04, 0.06], np.float32)
    rgb += glow
    for direction, power in (
        ((0.55, 0.25, 0.80), 700.0),
        ((-0.1, -0.35, 0.93), 500.0),
        ((-0.6, 0.2, 0.78), 420.0),
    ):
        s = _disc(d, np.array(direction), np.radians(2.2), np.radians(0.6))
        rgb += s[..., None] * np.array([1.0, 0.95, 0.86], np.float32) * power
    floor = np.clip(-lat, 0, None)
    rgb = np.where((floor > 0)[..., None], np.array([0.01, 0.01, 0.012], np.float32), rgb)
    return rgb.astype(np.float32)


def furnace(w: int = 256, h: int = 128) -> np.ndarray:
    """Uniform radiance 1 in every direction: the colour calibration environment."""
    return np.ones((h, w, 3), np.float32)


GENERATORS: dict[str, Callable[..., np.ndarray]] = {
    "studio": hdri.studio,
    "showroom": showroom,
    "overcast": overcast,
    "sunset": sunset,
    "night": night,
    "furnace": furnace,
}


RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Backdrop:
    """What the Stage shows around the car in an environment: the background gradient,
    the floor, light pools on it, and whether the floor is polished.

    Colours are display (sRGB-encoded) values, like the unlit floor and background.
    """

    #: Background gradient at the centre and in the corners.
    center: RGB
    edge: RGB
    #: Floor colour near the car.
    floor: RGB
    #: Light pools on the floor: (x, y, radius, gain) in metres, gain adds to the floor
    #: colour times ``pool_color`` at the pool's centre.
    pools: tuple[tuple[float, float, float, float], ...] = ()
    pool_color: RGB = (1.0, 0.96, 0.88)
    #: Polished floor: opacity of a glossy dark layer that mirrors the environment
    #: (0: none), its roughness and its base colour (linear).
    gloss: float = 0.0
    gloss_roughness: float = 0.08
    gloss_color: RGB = (0.02, 0.02, 0.02)


#: One row per environment (``looks.ENVIRONMENTS``): the backdrop follows the light.
#: A user's .hdr/.exr gets ``USER_BACKDROP``.
BACKDROPS: dict[str, Backdrop] = {
    # a press-photo cyclorama: light grey, a slightly darker floor pool
    "studio": Backdrop((0.86, 0.865, 0.87), (0.62, 0.63, 0.64), (0.80, 0.805, 0.81)),
    # a warm-grey hall over polished dark stone that mirrors the ceiling panels
    "showroom": Backdrop(
        (0.50, 0.48, 0.45),
        (0.20, 0.19, 0.18),
        (0.22, 0.21, 0.20),
        gloss=0.9,
        gloss_roughness=0.05,
        gloss_color=(0.012, 0.011, 0.010),
    ),
    # soft, cool daylight: pale blue-grey sky, grey ground
    "overcast": Backdrop((0.80, 0.835, 0.87), (0.56, 0.60, 0.65), (0.60, 0.62, 0.64)),
    # a warm, low sun: peach glow behind the car, dusky corners, warm ground
    "sunset": Backdrop((0.95, 0.70, 0.48), (0.36, 0.25, 0.26), (0.52, 0.40, 0.32)),
    # a dark hall: near-black backdrop, the car standing in spotlight pools
    "night": Backdrop(
        (0.085, 0.09, 0.11),
        (0.01, 0.01, 0.015),
        (0.035, 0.035, 0.04),
        pools=((0.0, 0.0, 3.0, 0.5), (3.2, 1.6, 1.5, 0.3), (-3.0, -1.8, 1.5, 0.22)),
    ),
    # the calibration sphere of light: uniform, mid-light grey
    "furnace": Backdrop((0.80, 0.80, 0.80), (0.74, 0.74, 0.74), (0.78, 0.78, 0.78)),
}
USER_BACKDROP = BACKDROPS[DEFAULT_ENVIRONMENT]


def backdrop(name: str) -> Backdrop:
    """The backdrop of environment ``name`` (a user file: ``USER_BACKDROP``)."""
    return BACKDROPS.get(str(name), USER_BACKDROP)


def read_exr(path: Path) -> np.ndarray:
    """An OpenEXR file as (h, w, 3) float32 linear radiance.

    Read with the ``OpenEXR`` package (3.x, the Academy Software Foundation's own
    bindings: half and float channels, every compression, scanline and tiled files).
    Colour comes from the R, G, B channels (RGBA files drop A); a luminance-only file
    (Y) is grey. imageio is tried only where OpenEXR is missing.
    """
    try:
        import OpenEXR  # type: ignore[import-not-found]
    except ImportError:
        OpenEXR = None  # noqa: N806
    if OpenEXR is not None:
        try:
            with OpenEXR.File(str(path), separate_channels=True) as f:
                channels = {name: ch.pixels for name, ch in f.channels().items()}
        except Exception as e:  # noqa: BLE001 - the library's errors are plain RuntimeErrors
            raise EnvironmentFileError(f"{path}: not a readable OpenEXR file ({e})") from None
        if all(c in channels for c in "RGB"):
            return np.stack([np.asarray(channels[c], np.float32) for c in "RGB"], -1)
        if "Y" in channels:
            return np.repeat(np.asarray(channels["Y"], np.float32)[..., None], 3, -1)
        raise EnvironmentFileError(
            f"{path}: no R, G, B (or Y) channels; it has {', '.join(sorted(channels))}"
        )
    try:
        import imageio.v3 as iio

        return np.asarray(iio.imread(path), np.float32)[..., :3]
    except Exception as e:  # noqa: BLE001 - any plugin failure means "cannot read"
        raise EnvironmentFileError(
            f"{path}: cannot read OpenEXR here ({e}); install the 'OpenEXR' package, "
            "or convert the file to Radiance .hdr"
        ) from None


def environment_file(name_or_path: str | Path) -> Path | None:
    """The file of a named environment or a .hdr/.exr path; None for a generated one."""
    text = check_environment(str(name_or_path))
    if text in GENERATORS:
        shipped = ENV_DIR / f"{text}.hdr"
        return shipped if shipped.is_file() else None
    return Path(text)


def load_pixels(name_or_path: str | Path) -> np.ndarray:
    """Linear radiance (h, w, 3) float32 of a named environment or a .hdr/.exr file."""
    text = str(name_or_path)
    path = environment_file(text)
    if path is None:
        return GENERATORS[text]()
    hdri.check_panorama_file(path)
    rgb = read_exr(path) if path.suffix.lower() == ".exr" else hdri.read_hdr(path)
    hdri.check_light(path, rgb)
    if rgb.ndim != 3 or rgb.shape[1] != 2 * rgb.shape[0]:
        raise EnvironmentFileError(
            f"{text}: not an equirectangular panorama (width must be 2x height)"
        )
    return np.nan_to_num(rgb.astype(np.float32), nan=0.0, posinf=0.0).clip(0, None)


def atlas(name: str, scale: float):  # -> prefilter.Atlas
    """The prefiltered atlas of environment ``name`` at radiance ``scale`` (the furnace
    stays at 1), from the disk cache when it was made before. Pure numpy: safe to call
    from a worker thread."""
    from livery.scene import prefilter

    scale = 1.0 if name == CALIBRATION_ENVIRONMENT else scale
    path = environment_file(name)

    def pixels() -> np.ndarray:
        return prefilter.panorama(load_pixels(name)) * np.float32(scale)

    if path is None:  # generated here: keyed by its pixels
        return prefilter.cached_prefilter(pixels())
    return prefilter.cached_prefilter(pixels, prefilter.file_key(path, scale))


def prefilter_all(scale: float = RADIANCE_SCALE, names: tuple[str, ...] = ENVIRONMENTS) -> None:
    """Fill the disk cache for the named environments (the app does this once, in the
    background, so that a first switch on a showroom PC never waits)."""
    for name in names:
        atlas(name, scale)


class EnvironmentCache:
    """Per environment, its prefiltered atlas as VTK image data.

    The prefilter itself is cached on disk across runs (``prefilter.cached_prefilter``);
    this keeps the images of the environments seen in this process, so switching back
    to one is a pointer swap and a texture upload.
    """

    def __init__(self, scale: float = RADIANCE_SCALE) -> None:
        self.scale = scale  # radiance scale (``Look.radiance_scale``); the furnace stays at 1
        self._images: dict[str, object] = {}

    def image(self, name: str):  # -> vtkImageData
        if name not in self._images:
            from livery.scene import ibl

            self._images[name] = ibl.atlas_image(atlas(name, self.scale))
        return self._images[name]

    def activate(self, texture, name: str) -> None:  # texture: vtkTexture (ibl.atlas_texture)
        """Light with environment ``name``: ``texture`` gets its atlas."""
        from livery.scene import ibl

        ibl.set_atlas(texture, self.image(name))

    def __contains__(self, name: str) -> bool:
        return name in self._images


def main(argv: list[str] | None = None) -> int:
    """Write the shipped environments (the studio one is hdri's to write)."""
    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--out", type=Path, default=ENV_DIR)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ENVIRONMENTS:
        if name in ("studio", CALIBRATION_ENVIRONMENT):
            continue
        hdri.write_hdr(args.out / f"{name}.hdr", GENERATORS[name]())
        print(args.out / f"{name}.hdr")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
