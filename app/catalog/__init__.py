"""The catalog and the build model: plain Python, no Qt, no VTK."""

from __future__ import annotations

from livery.catalog.build import (
    Build,
    BuildChange,
    BuildError,
    BuildState,
    picture_camera,
    state_from_json,
    state_from_picture,
    state_from_share_code,
)
from livery.catalog.color import Color
from livery.catalog.finish import Family, Finish
from livery.catalog.loader import CatalogError, load_catalog
from livery.catalog.model import Catalog, Option, OptionGroup, Rule, Text, Vehicle
from livery.catalog.sharecode import ShareCodeError

__all__ = [
    "Build",
    "BuildChange",
    "BuildError",
    "BuildState",
    "Catalog",
    "CatalogError",
    "Color",
    "Family",
    "Finish",
    "Option",
    "OptionGroup",
    "Rule",
    "ShareCodeError",
    "Text",
    "Vehicle",
    "load_catalog",
    "picture_camera",
    "state_from_json",
    "state_from_picture",
    "state_from_share_code",
]
