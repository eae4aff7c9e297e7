"""What a picture may be asked for, declared once: camera presets, lighting, sizes.

The Stage, the app's panels, the tiles and every command read these names and limits
from here. Plain Python with no VTK and no numpy, so that the command line can parse
and check its arguments before it loads the renderer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

# -- cameras -------------------------------------------------------------------------
#: Camera presets in menu order (fitted to each vehicle by ``livery.scene.cameras``).
CAMERAS = ("front34", "side", "rear34", "top", "wheel", "interior", "badge", "seat")
DEFAULT_CAMERA = "front34"
#: Presets whose camera may be inside the body; from every other view the camera's
#: bounds keep it out of the body and above the floor.
INSIDE_CAMERAS = ("interior", "seat")
#: The view that shows an option group's parts: where the camera goes when an option of
#: that group is picked in the app (groups not named here keep the view).
GROUP_CAMERAS = {
    "wheels": "wheel",
    "calipers": "wheel",
    "badge": "badge",
    "interior": "seat",
    "decal": "side",
}
#: Views not meant for turning round the car: attract mode leaves them for the default.
STILL_CAMERAS = ("top", "wheel", "interior", "badge", "seat")

# -- lighting ------------------------------------------------------------------------
#: Named environments in menu order (``livery.scene.skies`` makes them).
ENVIRONMENTS = ("studio", "showroom", "overcast", "sunset", "night", "furnace")
DEFAULT_ENVIRONMENT = "studio"
#: Uniform radiance 1, for colour calibration: rendered when asked for, never offered
#: for viewing.
CALIBRATION_ENVIRONMENT = "furnace"
VIEW_ENVIRONMENTS = tuple(e for e in ENVIRONMENTS if e != CALIBRATION_ENVIRONMENT)
#: A user's own equirectangular panorama.
ENVIRONMENT_SUFFIXES = (".hdr", ".exr")

#: Tone mappings: Khronos PBR Neutral (hue-preserving), ACES filmic, a plain clamp.
TONES = ("neutral", "aces", "off")
DEFAULT_TONE = "neutral"

#: Exposure multiplies the scene's radiance before tone mapping; 1 is as lit.
DEFAULT_EXPOSURE = 1.0
#: What a script may ask for (``livery render --exposure``).
EXPOSURE_RANGE = (0.01, 100.0)
#: What the lighting panel offers, in photographic stops either side of 1x.
EV_RANGE = (-3.0, 3.0)
#: Environment rotation (azimuth about the vertical, degrees): what the panel and
#: ``--env-rotation`` offer; any value is taken modulo 360, so 360 is 0.
ROTATION_RANGE = (0.0, 360.0)
DEFAULT_ROTATION = 0.0

#: Every environment's radiance is scaled by this (the app, the commands, the tiles):
#: a mid-grey diffuse surface then reads mid-grey at exposure 1. The furnace stays at 1.
RADIANCE_SCALE = 0.55

# -- pictures ------------------------------------------------------------------------
#: Smallest and largest side of a rendered or exported picture, in pixels.
IMAGE_SIDE = (16, 8192)
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX]\s*(\d{1,5})\s*$")


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x900"`` as (1600, 900); ValueError saying what is wrong (form or limits)."""
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"must be WxH in pixels, like 1600x900; got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    lo, hi = IMAGE_SIDE
    if not (lo <= w <= hi and lo <= h <= hi):
        raise ValueError(f"sides must be {lo}..{hi} pixels; got {w}x{h}")
    return w, h


#: Supersampling factors: rendered k times larger and averaged.
SUPERSAMPLE_RANGE = (1, 4)
#: The largest side the renderer draws in one pass (a picture times its supersampling)
#: before a GL context says its own: OpenGL's usual largest texture, and Mesa's
#: llvmpipe's. Beyond the GL limit VTK cannot make its buffers and the process aborts, so
#: a request is refused before rendering. ``scene.render_limits`` asks the context and
#: the memory for the real limits.
MAX_RENDER_SIDE = 16384


def check_render_size(
    size: tuple[int, int],
    supersample: int,
    *,
    max_side: int = MAX_RENDER_SIDE,
    max_pixels: int | None = None,
    why: str = "",
) -> None:
    """ValueError, naming the largest size that works at ``supersample``, when ``size``
    times ``supersample`` is over the renderer's largest side or ``max_pixels`` (what the
    memory holds; ``why`` says where that limit comes from)."""
    w, h = size
    k = max(1, int(supersample))
    rw, rh = w * k, h * k
    f = min(1.0, max_side / rw, max_side / rh)
    if max_pixels is not None:
        f = min(f, (max_pixels / (rw * rh)) ** 0.5)
    if f >= 1.0:
        return
    largest = f"{int(w * f)}x{int(h * f)}"
    limit = f"the renderer's {max_side}-pixel side"
    if max_pixels is not None and rw * rh > max_pixels:
        limit = f"the {max_pixels:,} pixels {why or 'memory allows'}"
    room = max_pixels if max_pixels is not None else rw * rh
    fits = max(
        (j for j in range(1, k) if max(w, h) * j <= max_side and w * h * j * j <= room),
        default=0,
    )
    raise ValueError(
        f"{w}x{h} at supersample {k} renders {rw}x{rh} pixels, over {limit}; "
        f"the largest at supersample {k} is {largest}"
        + (f" (or {w}x{h} at supersample {fits})" if fits else "")
    )


#: Shapes of a finish preview (``livery.scene.swatch``).
SWATCH_SHAPES = ("sphere", "panel", "flat")


@dataclass(frozen=True)
class Look:
    """Everything about the frame that is neither the car nor the lighting."""

    #: Scale of every environment's radiance.
    radiance_scale: float = RADIANCE_SCALE
    #: How far the floor reaches from the car (m).
    floor_radius: float = 14.0


class EnvironmentFileError(ValueError):
    """An environment name or file that cannot be used; the message says why."""


def is_environment_file(spec: str) -> bool:
    """Whether ``spec`` names a panorama file (by its suffix) rather than an environment."""
    return Path(spec).suffix.lower() in ENVIRONMENT_SUFFIXES


def check_environment(spec: str) -> str:
    """``spec`` if it is a named environment or an existing .hdr/.exr file; else an
    EnvironmentFileError naming the valid choices."""
    if spec in ENVIRONMENTS:
        return spec
    if not is_environment_file(spec):
        raise EnvironmentFileError(
            f"unknown environment {spec!r}; valid: {', '.join(ENVIRONMENTS)}, or a .hdr/.exr file"
        )
    try:
        present = Path(spec).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL in it
        present = False
    if not present:
        raise EnvironmentFileError(f"environment file {spec} does not exist")
    return spec


@dataclass(frozen=True)
class Lighting:
    """How a picture is lit: an environment (a name or a .hdr/.exr path), a tone
    mapping, an exposure (radiance multiplier before tone mapping) and the
    environment's rotation about the vertical (degrees; it sweeps the highlights over
    the body, the image light and the floor's light turning together)."""

    environment: str = DEFAULT_ENVIRONMENT
    tone: str = DEFAULT_TONE
    exposure: float = DEFAULT_EXPOSURE
    rotation: float = DEFAULT_ROTATION

    @staticmethod
    def rotation_of(degrees: object) -> float:
        """``degrees`` as an angle in [0, 360) (360 is 0); ValueError for a non-number."""
        value = float(degrees)  # type: ignore[arg-type]
        if not math.isfinite(value):
            raise ValueError(f"rotation must be a finite number of degrees; got {degrees!r}")
        return value % 360.0

    def for_review(self) -> Lighting:
        """This lighting with the review look: the tone mapping and exposure every
        designer in a locked review sees (the environment and its rotation stay)."""
        return replace(self, tone=DEFAULT_TONE, exposure=DEFAULT_EXPOSURE)

    @property
    def ev(self) -> float:
        """The exposure in stops."""
        return math.log2(self.exposure)

    @staticmethod
    def exposure_of(ev: float) -> float:
        """The exposure of ``ev`` stops, kept within EV_RANGE."""
        lo, hi = EV_RANGE
        return float(2.0 ** min(max(ev, lo), hi))

    def valid(self) -> Lighting:
        """The same lighting with anything the app cannot offer replaced by the default
        (a damaged settings file, a user file that has gone, the calibration light)."""
        try:
            env = check_environment(self.environment)
        except EnvironmentFileError:
            env = DEFAULT_ENVIRONMENT
        if env == CALIBRATION_ENVIRONMENT:
            env = DEFAULT_ENVIRONMENT
        tone = self.tone if self.tone in TONES else DEFAULT_TONE
        try:
            exposure = Lighting.exposure_of(math.log2(float(self.exposure)))
        except (TypeError, ValueError):
            exposure = DEFAULT_EXPOSURE
        try:
            rotation = Lighting.rotation_of(self.rotation)
        except (TypeError, ValueError):
            rotation = DEFAULT_ROTATION
        return Lighting(env, tone, exposure, rotation)
