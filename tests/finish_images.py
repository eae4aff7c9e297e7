"""Baseline images for finish tests: small PNGs under tests/baselines, compared with a
tolerance. ``LIVERY_UPDATE_BASELINES=1`` rewrites them (look at them before committing)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

BASELINES = Path(__file__).resolve().parent / "baselines"


def check_baseline(
    name: str, image: np.ndarray, *, mean_tol: float = 3.0, p99_tol: float = 40.0
) -> None:
    """Compare ``image`` (h, w, 3|4 uint8) with ``baselines/NAME.png``.

    The mean absolute difference over RGB must stay under ``mean_tol`` and its 99th
    percentile under ``p99_tol`` (GL drivers differ by a few levels at edges).
    """
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
    diff = np.abs(ref.astype(np.int16) - rgb.astype(np.int16)).max(axis=-1)
    mean, p99 = float(diff.mean()), float(np.percentile(diff, 99))
    if mean > mean_tol or p99 > p99_tol:
        out = path.with_name(f"{name}.actual.png")
        Image.fromarray(rgb).save(out)
        raise AssertionError(
            f"{name}: differs from baseline (mean {mean:.2f} > {mean_tol} or p99 {p99:.1f} > "
            f"{p99_tol}); wrote {out}"
        )
