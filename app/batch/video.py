"""Turntables as MP4: each turntable's frames encoded beside them, for screens and sites.

H.264 in yuv420p (what every browser, phone and showroom player decodes), so sizes
are made even by repeating the last row or column. The encoder is the ffmpeg that
``imageio-ffmpeg`` ships, driven through a pipe: no system ffmpeg needed. A video is
written atomically (a temporary file, then a rename) and only again when one of its
frames was rendered anew.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
from PIL import Image

from livery.batch.plan import Shot

FPS = 12  # a 36-frame turn in 3 s
QUALITY = 7  # imageio-ffmpeg's 0-10 scale; 7 is x264 CRF 15, clean on a car's gradients


def video_of(frame: str) -> str:
    """``V/turntable/CODE/007.png`` -> ``V/turntable/CODE.mp4``, beside its frames."""
    return f"{PurePosixPath(frame).parent}.mp4"


def turntables(shots: Iterable[Shot]) -> dict[str, list[Shot]]:
    """Each turntable's video (relative path) and its frames, in order."""
    out: dict[str, list[Shot]] = {}
    for s in shots:
        if s.turntable is not None:
            out.setdefault(video_of(s.out), []).append(s)
    for frames in out.values():
        frames.sort(key=lambda s: s.frame)
    return out


def _even(frame: np.ndarray) -> np.ndarray:
    h, w = frame.shape[:2]
    return np.pad(frame, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def encode(frames: Sequence[Path], out: Path, fps: int = FPS) -> Path:
    """Write the PNGs ``frames`` as an H.264 MP4 at ``out`` (atomically)."""
    import imageio_ffmpeg

    if not frames:
        raise ValueError("a video needs at least one frame")
    with Image.open(frames[0]) as first:
        w, h = first.size
    size = (w + w % 2, h + h % 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=".mp4")
    os.close(fd)
    try:
        writer = imageio_ffmpeg.write_frames(
            tmp,
            size,
            fps=fps,
            codec="libx264",
            pix_fmt_out="yuv420p",
            quality=QUALITY,
            macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=["-movflags", "+faststart"],  # plays while it loads
        )
        writer.send(None)
        try:
            for path in frames:
                with Image.open(path) as im:
                    frame = np.asarray(im.convert("RGB"))
                if frame.shape[1::-1] != (w, h):
                    raise ValueError(f"{path} is {frame.shape[1]}x{frame.shape[0]}, not {w}x{h}")
                writer.send(np.ascontiguousarray(_even(frame)))
        finally:
            writer.close()
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def write_all(
    folder: Path,
    shots: Iterable[Shot],
    results: Mapping[str, Mapping[str, Any]],
    fresh: set[str],
    echo: Callable[[str], None],
) -> dict[str, str]:
    """Encode every complete turntable whose video is missing or has a fresh frame.

    ``results``: each shot's outcome by key (an ``error`` when it failed); ``fresh``:
    the keys rendered in this run. Returns the video of each frame's key; a turntable
    with a failed frame gets none.
    """
    videos: dict[str, str] = {}
    for rel, frames in turntables(shots).items():
        if any("error" in results.get(s.key, {"error": None}) for s in frames):
            echo(f"no video for {rel}: some of its frames failed")
            continue
        target = folder / rel
        if not target.is_file() or any(s.key in fresh for s in frames):
            try:
                encode([folder / s.out for s in frames], target)
            except (OSError, RuntimeError, ValueError) as e:  # the frames are still there
                echo(f"no video for {rel}: {e}")
                continue
        videos.update(dict.fromkeys((s.key for s in frames), rel))
    return videos
