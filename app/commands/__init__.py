"""Sub-commands of ``livery`` (see app/cli.py)."""

from __future__ import annotations

#: Module names under livery.commands, in help order.
COMMANDS = ["render", "export", "catalog", "inspect", "swatch", "batch", "sheet"]
#: Paint review (issue 15).
COMMANDS += ["import_candidates", "candidates", "decide", "booth", "angles", "board"]


class UsageError(Exception):
    """A user mistake on the command line: printed without a traceback, exit status 2."""
