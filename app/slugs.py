"""Identifiers made from names people type: ``"Midnight Blue 2"`` -> ``midnight-blue-2``.

A new paint's id (from its English name) and a vehicle file's id (from its file name)
are made the same way. A base module (standard library only).
"""

from __future__ import annotations

import re


def slugify(text: str, fallback: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens; ``fallback`` if none are left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback
