"""What importing a module really pulls in, measured in a fresh interpreter.

The import-linter contracts check the import statements; this checks what a module
loads at run time (lazy and indirect imports included), for the modules that must stay
light: the command line's declarations, the Qt-free session.
"""

from __future__ import annotations

import subprocess
import sys


def imported_roots(*modules: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after importing ``modules`` and nothing else."""
    code = (
        f"import sys, {', '.join(modules)}; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())
