"""Baseline images for finish tests: small PNGs under tests/baselines, compared with a
tolerance. ``LIVERY_UPDATE_BASELINES=1`` rewrites them (look at them before committing).

Two measures, because they fail differently. The whole image: the mean absolute
difference and its 99th percentile (GL drivers differ by a few levels at edges). The
highlights: the brightest ``HIGHLIGHT_SHARE`` of the baseline's pixels, where a clear
coat, chrome, gold or a mirror polish shows, must keep their colour (mean ΔE2000 over
them). A percentile of the whole image cannot see them: they are under 1% of it.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from livery.catalog.color import delta_e_2000, srgb_to_lab

BASELINES = Path(__file__).resolve().parent / "baselines"
#: The brightest share of a baseline's pixels: its highlights.
HIGHLIGHT_SHARE = 0.01
#: Mean ΔE2000 over the highlights that a change may cost.
HIGHLIGHT_TOL = 3.0


def luminance(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., :3].astype(np.float64) @ np.array([0.2126, 0.7152, 0.0722])


def highlight_mask(ref: np.ndarray) -> np.ndarray:
    """The brightest ``HIGHLIGHT_SHARE`` of ``ref``'s pixels (ties included)."""
    lum = luminance(ref)
    return lum >= np.percentile(lum, 100.0 * (1.0 - HIGHLIGHT_SHARE))


def baseline_difference(
    ref: np.ndarray, rgb: np.ndarray, *, mean_tol: float = 3.0, p99_tol: float = 40.0
) -> str | None:
    """Why ``rgb`` differs from the baseline ``ref`` (both (h, w, 3) uint8), or None."""
    diff = np.abs(ref.astype(np.int16) - rgb.astype(np.int16)).max(axis=-1)
    mean, p99 = float(diff.mean()), float(np.percentile(diff, 99))
    if mean > mean_tol or p99 > p99_tol:
        return f"mean {mean:.2f} > {mean_tol} or p99 {p99:.1f} > {p99_tol}"
    lit = highlight_mask(ref)
    de = delta_e_2000(srgb_to_lab(ref[lit] / 255.0), srgb_to_lab(rgb[lit] / 255.0))
    highlight = float(np.mean(de))
    if highlight > HIGHLIGHT_TOL:
        return f"highlights (brightest {HIGHLIGHT_SHARE:.0%}) mean dE2000 {highlight:.2f} > {HIGHLIGHT_TOL}"
    return None


def check_baseline(
    name: str, image: np.ndarray, *, mean_tol: float = 3.0, p99_tol: float = 40.0
) -> None:
    """Compare ``image`` (h, w, 3|4 uint8) with ``baselines/NAME.png``
    (``baseline_difference``); on failure write ``NAME.actual.png`` beside it."""
    path = BASELINES / f"{name}.png"
    rgb = np.ascontiguousarray(image[..., :3])
    if os.environ.get("LIVERY_UPDATE_BASELINES") == "1" or not path.exists():
        if os.environ.get("LIVERY_UPDATE_BASELINES") != "1":
            raise AssertionError(f"no baseline {path}; run with LIVERY_UPDATE_BASELINES=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rgb).save(path, optimize=True)
        return
    ref = np.asarray(Image.open(path).convert("RGB"))
    assert ref.shape == rgb.shape, f"{name}: size {rgb.shape} differs from baseline {ref.shape}"
    why = baseline_difference(ref, rgb, mean_tol=mean_tol, p99_tol=p99_tol)
    if why is not None:
        out = path.with_name(f"{name}.actual.png")
        Image.fromarray(rgb).save(out)
        raise AssertionError(f"{name}: differs from baseline ({why}); wrote {out}")
