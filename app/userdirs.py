"""The user's folders: the one place that says where Livery Studio keeps what it writes.

The installed package is read-only (a wheel in site-packages, replaced on upgrade), so
everything the app writes at run time goes to the user's folders, per platform through
``platformdirs``, each movable by an environment variable (a studio pointing every
machine at a shared library, tests pointing at a throwaway folder):

- ``cache_dir()``: derived data that can be rebuilt (prefiltered light, tile previews).
  ``$LIVERY_CACHE_DIR``.
- ``library_dir()``: the paint library, paints saved by designers, layered over the
  shipped catalog. ``$LIVERY_LIBRARY``.
- ``state_dir()``: what a running app keeps to survive a crash (autosaved sessions).
  ``$LIVERY_STATE_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "LiveryStudio"


def cache_dir() -> Path:
    override = os.environ.get("LIVERY_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_DIR_NAME))


def library_dir() -> Path:
    override = os.environ.get("LIVERY_LIBRARY")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME)) / "library"


def state_dir() -> Path:
    override = os.environ.get("LIVERY_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir(APP_DIR_NAME))
