"""Livery Studio: a desktop 3D car customization visualizer."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

#: Root of the shipped assets (catalog, vehicles, environments).
ASSETS = Path(__file__).resolve().parent.parent / "assets"
#: GLSL snippets for VTK shader replacements.
SHADERS = Path(__file__).resolve().parent.parent / "shaders"
