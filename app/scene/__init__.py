"""The scene: the only layer that touches VTK.

``Stage`` turns a ``VehicleModel`` and a ``Build`` into lit actors, keeps them in step
with the build, and renders offscreen or into a window someone else owns. The
pure-numpy helpers (``hdri``, ``shadow``) import without VTK; ``Stage`` and
``CameraPose`` are imported lazily so that ``python -m livery.scene.hdri`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CameraPose", "Stage"]


def __getattr__(name: str) -> Any:
    if name == "Stage":
        from livery.scene.stage import Stage

        return Stage
    if name == "CameraPose":
        from livery.scene.cameras import CameraPose

        return CameraPose
    raise AttributeError(name)
