"""Sub-commands of ``livery`` (see app/cli.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Module names under livery.commands, in help order.
COMMANDS = ["render", "export", "catalog", "inspect", "swatch", "batch", "sheet"]
#: Paint review (issue 15).
COMMANDS += ["import_candidates", "candidates", "decide", "booth", "angles", "board"]


#: The longest file name (one path component, in bytes) common file systems take.
MAX_NAME_BYTES = 255


class UsageError(Exception):
    """A user mistake on the command line: printed without a traceback, exit status 2."""


def check_writable(out: Path, flag: str = "--out") -> None:
    """Refuse, before any work, an output file that cannot be written: a name too long,
    a folder that does not exist or takes no files (``/proc``), a folder or a device at
    the name. A probe file is created and removed in the folder, so what the file system
    says now is what the write would meet after a long render."""
    if len(os.fsencode(out.name)) > MAX_NAME_BYTES:
        raise UsageError(
            f"cannot write {flag}: the file name is {len(os.fsencode(out.name))} bytes long; "
            f"at most {MAX_NAME_BYTES}"
        )
    try:
        folder = out.parent.resolve()
        if not folder.is_dir():
            raise UsageError(f"output directory {out.parent} does not exist")
        if out.is_dir():
            raise UsageError(f"cannot write {out}: it is a folder ({flag} names a file)")
        if (out.exists() or out.is_symlink()) and not out.is_file():
            raise UsageError(f"cannot write {out}: it is not a regular file")
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".livery-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror or e}") from None
