"""Livery Studio: a desktop 3D car customization visualizer.

Installed as the import package ``livery`` (the repository keeps it in ``app/``). The
shipped data lives in the sibling packages ``livery.assets`` and ``livery.shaders``,
found through ``importlib.resources`` so that a wheel, an editable install and a
checkout all work; nothing at run time writes there (see ``livery.userdirs``).
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path


def _version() -> str:
    try:
        return metadata.version("livery-studio")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


__version__ = _version()


def _package_dir(name: str) -> Path:
    # Wheels and editable installs both put packages on the file system; a zipped
    # install would need as_file(), which no supported way of installing produces.
    return Path(str(resources.files(name)))


#: Root of the shipped assets (catalog, vehicles, environments, icons). Read only.
ASSETS = _package_dir("livery.assets")
#: GLSL snippets for VTK shader replacements. Read only.
SHADERS = _package_dir("livery.shaders")
#: The application icon (window, task bar, desktop entry), 512 px.
ICON = ASSETS / "icons" / "livery-studio.png"
