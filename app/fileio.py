"""Reading and writing files safely: whole files out, capped regular files in.

Every file the app writes (builds, paints, manifests, caches, images) goes through
``write_atomic``: the bytes go to a temporary file in the same folder, which then
replaces the target in one step (``os.replace`` is atomic on POSIX and Windows).

Every file the app reads from a user or a stranger goes through ``read_capped`` (or
``check_regular`` where a library opens the file itself): only regular files (never a
FIFO, a device such as ``/dev/zero`` or a symlink to one, which block forever or never
end), never more than a stated number of bytes, and every failure an ``InputFileError``
naming the file and the problem. ``inside_folder`` keeps a file's references (textures,
buffers, materials) inside the file's own folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The process's umask, read once at import (reading it means setting it, which is not
#: safe while other threads create files).
_UMASK = _read_umask()


def write_atomic(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically, creating its folder; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); the result is a normal file (0666 less
        # the umask, usually 0644), as open() would make it, so a shared library, a
        # gallery or a customer's PDF stays readable by others.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class InputFileError(ValueError):
    """A file cannot be read safely: missing, not a regular file, too large, unreadable,
    or outside the folder it must stay in. ``path`` names it; ``problem`` says what is wrong
    in words a user can act on."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def _os_problem(e: OSError) -> str:
    if e.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if e.errno == errno.ENOENT:
        return "no such file"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if e.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return e.strerror or str(e)


def _check_stat(path: Path, st: os.stat_result, limit: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(path, f"is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(path, "is not a regular file (a device, pipe or socket)")
    if st.st_size > limit:
        raise InputFileError(
            path, f"is {st.st_size:,} bytes; a {what} may be at most {limit:,} bytes"
        )


def check_regular(path: str | Path, limit: int, *, what: str = "file") -> int:
    """The size of ``path`` if it is a regular file (symlinks followed) of at most
    ``limit`` bytes, else ``InputFileError``. For files a library opens by name."""
    path = Path(path)
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:  # ValueError: a NUL in the name
        raise InputFileError(path, _os_problem(e) if isinstance(e, OSError) else str(e)) from None
    _check_stat(path, st, limit, what)
    return st.st_size


def read_capped(path: str | Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of ``path``: a regular file (symlinks followed) of at most ``limit`` bytes.

    Opened without blocking (a FIFO neither blocks nor is read) and checked on the open
    descriptor, so a file swapped after a check is still refused; a file that grows past
    ``limit`` while read is refused too. Raises ``InputFileError`` naming the file and
    the problem (``what`` names the kind of file in that message).
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as e:
        raise InputFileError(path, _os_problem(e) if isinstance(e, OSError) else str(e)) from None
    try:
        _check_stat(path, os.fstat(fd), limit, what)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as e:
        raise InputFileError(path, _os_problem(e)) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise InputFileError(path, f"grew past the {limit:,} byte limit for a {what} while read")
    return b"".join(chunks)


def read_text_capped(path: str | Path, limit: int, *, what: str = "file") -> str:
    """``read_capped`` decoded as UTF-8 (a BOM is allowed); bad bytes are an ``InputFileError``."""
    data = read_capped(path, limit, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputFileError(path, f"is not UTF-8 text (byte {e.start})") from None


_DRIVE = re.compile(r"^[A-Za-z]:")


def inside_folder(folder: str | Path, reference: str, *, owner: str | Path) -> Path:
    """``reference`` (a relative path a file names) resolved inside ``folder``.

    Absolute paths, drive letters, ``..`` that climbs out and symlinks that lead out are
    refused with an ``InputFileError`` on ``owner`` (the file that holds the reference),
    so a file sent by a stranger can read nothing but its own folder.
    """
    root = Path(folder).resolve()
    if not reference or "\0" in reference:
        raise InputFileError(owner, f"names an empty or invalid path {reference!r}")
    ref = Path(reference.replace("\\", "/"))
    if ref.is_absolute() or ref.drive or _DRIVE.match(reference) or reference[0] in "/\\":
        raise InputFileError(owner, f"refers to {reference!r} outside its folder (absolute path)")
    try:
        target = (root / ref).resolve()
    except (OSError, RuntimeError, ValueError) as e:
        raise InputFileError(owner, f"refers to {reference!r}: {e}") from None
    if not target.is_relative_to(root):
        raise InputFileError(owner, f"refers to {reference!r} outside its folder")
    return target
