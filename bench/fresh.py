"""Run a measuring script in a fresh Python process and read the JSON it prints last.

The load and orbit benchmarks time Livery and F3D each in a process of its own (no
warm caches in memory, no shared GL context); this is their one way to start one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_json(script: str, *args: object, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
