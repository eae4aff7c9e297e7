"""The one error every loader raises: which file, and what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class VehicleLoadError(Exception):
    """A vehicle file (or its manifest, buffer or texture) cannot be used.

    ``path`` names the file at fault, ``problem`` says what is wrong in words a user can act on.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
