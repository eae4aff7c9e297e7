"""Writing a file so that readers see the old content or the new, never half of it.

Saved builds, paint option files, manifests and cache files are all written this way:
the bytes go to a temporary file beside the target, which then replaces it in one step.
A base module (standard library only) that every layer may import.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` in one step; OSError leaves ``path`` as it was."""
    path = Path(path)
    # One temporary name per process and thread: concurrent writers never share it.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
