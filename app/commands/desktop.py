"""The Linux desktop entry: ``livery --install-desktop-entry`` / ``--uninstall-desktop-entry``.

Writes ``livery-studio.desktop`` and the icon into the user's XDG data folder
(``$XDG_DATA_HOME``, else ``~/.local/share``), so the app appears in the desktop's
launcher with its icon; the window sets the same desktop file name, so the task bar
groups it under that icon. Nothing is written outside the user's folders.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import livery

APP_ID = "livery-studio"
ICON_SIZES = {512: "livery-studio.png", 64: "livery-studio-64.png"}


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def exec_command() -> str:
    """How the launcher starts this installation: its ``livery`` script, else ``python -m``."""
    script = Path(sys.argv[0])
    if script.name == "livery" and script.is_file():
        return shlex.quote(str(script.resolve()))
    found = shutil.which("livery")
    if found:
        return shlex.quote(str(Path(found).resolve()))
    return f"{shlex.quote(sys.executable)} -m livery"


def desktop_file_text(exec_line: str) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=Livery Studio",
            "Name[zh_CN]=Livery 个性化工作室",
            "GenericName=Car configurator",
            "GenericName[zh_CN]=汽车个性化配置",
            "Comment=Configure, compare and present bespoke cars in 3D",
            "Comment[zh_CN]=以三维方式配置、比较和展示个性化车辆",
            f"Exec={exec_line}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Graphics;3DGraphics;Viewer;",
            "Keywords=car;configurator;paint;livery;",
            f"StartupWMClass={APP_ID}",
            "",
        ]
    )


def _targets(home: Path) -> dict[Path, Path | None]:
    """Installed file -> shipped source (None: generated text)."""
    icons = home / "icons" / "hicolor"
    out: dict[Path, Path | None] = {home / "applications" / f"{APP_ID}.desktop": None}
    for size, name in ICON_SIZES.items():
        out[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = livery.ASSETS / "icons" / name
    return out


def install(home: Path | None = None) -> list[Path]:
    """Write the desktop file and the icons; returns the files written."""
    from livery.fileio import write_atomic

    home = home or data_home()
    written = []
    for target, source in _targets(home).items():
        data = source.read_bytes() if source else desktop_file_text(exec_command()).encode()
        write_atomic(target, data)
        written.append(target)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what ``install`` wrote; returns the files removed."""
    removed = []
    for target in _targets(home or data_home()):
        if target.is_file():
            target.unlink()
            removed.append(target)
    return removed
