"""Who made what Livery Studio is built on: the libraries it ships with and the test models.

One declaration for Help > About and the README's credits. A library's licence is read
from its installed metadata where the package states one, so the list follows the
versions actually installed; the table gives the licence where the metadata is silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Component:
    distribution: str  # the name pip knows it by
    purpose: str
    licence: str  # used when the package's metadata names none


COMPONENTS: tuple[Component, ...] = (
    Component("PySide6-Essentials", "Qt for Python: the window and widgets", "LGPL-3.0-only"),
    Component("vtk", "the 3D renderer", "BSD-3-Clause"),
    Component("numpy", "arrays", "BSD-3-Clause"),
    Component("trimesh", "mesh files", "MIT"),
    Component("colour-science", "colour maths (CIELAB, CIEDE2000)", "BSD-3-Clause"),
    Component("pillow", "images", "MIT-CMU"),
    Component("qrcode", "QR codes", "BSD-3-Clause"),
    Component("platformdirs", "per-user folders", "MIT"),
    Component("OpenEXR", "OpenEXR environments", "BSD-3-Clause"),
    Component("DracoPy", "Draco-compressed glTF", "Apache-2.0"),
    Component("meshoptimizer", "meshopt-compressed glTF", "MIT"),
    Component("tomli_w", "writing TOML", "MIT"),
    Component("distributed", "render sets on many machines (Dask)", "BSD-3-Clause"),
    Component(
        "imageio-ffmpeg", "MP4 turntables (its bundled ffmpeg binary is GPL-3.0)", "BSD-2-Clause"
    ),
)


@dataclass(frozen=True)
class Model:
    title: str
    author: str
    licence: str
    source: str


#: Third-party car models the tests load from ../shared/models (not shipped), credited as
#: their licences ask wherever a picture of them is published.
TEST_MODELS: tuple[Model, ...] = (
    Model(
        "ToyCar",
        "Guido Odendahl, materials by Eric Chadwick (Khronos glTF sample models)",
        "CC0-1.0",
        "https://github.com/KhronosGroup/glTF-Sample-Assets",
    ),
    Model(
        "2021 Lamborghini Countach LPI 800-4",
        "Lexyc16 (https://sketchfab.com/Lexyc16)",
        "CC-BY-4.0",
        "https://sketchfab.com/3d-models/2021-lamborghini-countach-lpi-800-4-d76b94884432422b966d1a7f8815afb5",
    ),
    Model(
        "Triumph Spitfire MKIII",
        "Alexios Apokaukos (https://sketchfab.com/Alexios_Apokaukos)",
        "CC-BY-4.0",
        "https://sketchfab.com/3d-models/triumph-spitfire-mkiii-9c5c1a73f65046459051f9d0bf1132a0",
    ),
    Model("Starter Kit Racing", "Kenney", "CC0-1.0", "https://kenney.nl"),
)


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def licence_of(component: Component) -> str:
    """The licence the installed package declares (SPDX expression or short name), else ours."""
    try:
        meta = metadata.metadata(component.distribution)
    except metadata.PackageNotFoundError:
        return component.licence
    expr = meta.get("License-Expression")
    if expr:
        return expr
    short = (meta.get("License") or "").strip()
    return short if short and "\n" not in short and len(short) <= 40 else component.licence
