"""Before the window opens on Linux: are the system libraries Qt's X11 plugin needs there?

Without them Qt prints "could not load the Qt platform plugin xcb" and aborts the
process. The libraries come from the system, not from pip, so the only useful message
names them and the package line that installs them. ``ldd`` on the plugin itself says
what is missing, so the list follows whatever PySide6 release is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: Debian/Ubuntu packages for the libraries the xcb plugin loads. Others follow
#: Debian's naming rule (``libfoo.so.1`` is in ``libfoo1``; ``libfoo-2.so.3`` in ``libfoo-2-3``).
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def debian_package(soname: str) -> str:
    """The Debian package that ships ``soname`` (by table, else by Debian's naming rule)."""
    if soname in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    name = stem.lower().replace("_", "-")
    version = version.split(".")[0]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_in_ldd_output(text: str) -> list[str]:
    """Library names that ``ldd`` reports as ``not found``, in order, once each."""
    return list(dict.fromkeys(_NOT_FOUND.findall(text)))


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    # Qt picks Wayland on a Wayland session and X11 otherwise.
    return os.environ.get("XDG_SESSION_TYPE") != "wayland" or not os.environ.get("WAYLAND_DISPLAY")


def _plugin_files() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    return [
        p
        for p in (qt / "plugins/platforms/libqxcb.so", qt / "lib/libQt6XcbQpa.so.6")
        if p.is_file()
    ]


def missing_libraries() -> list[str]:
    """System libraries the X11 platform plugin cannot find (empty where it can't tell)."""
    ldd = shutil.which("ldd")
    if not sys.platform.startswith("linux") or not _uses_xcb() or ldd is None:
        return []
    found: list[str] = []
    for path in _plugin_files():
        try:
            out = subprocess.run(
                [ldd, str(path)], capture_output=True, text=True, timeout=20, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        found += missing_in_ldd_output(out)
    return list(dict.fromkeys(found))


def explain(missing: list[str]) -> str:
    """The one-paragraph message for missing libraries, with the line that installs them."""
    packages = " ".join(dict.fromkeys(debian_package(m) for m in missing))
    return (
        "the window cannot open: Qt's X11 platform plugin needs system libraries that are "
        f"not installed: {', '.join(missing)}. On Debian or Ubuntu: "
        f"sudo apt-get install {packages}. (The headless commands, such as `livery render`, "
        "work without them.)"
    )
