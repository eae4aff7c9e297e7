"""``livery export`` files pass the Khronos glTF validator (other viewers accept them).

Runs where Node and the ``gltf-validator`` npm package are found: in the folder named by
``LIVERY_GLTF_VALIDATOR``, a ``node_modules`` in the checkout, or the global npm root
(``npm install -g gltf-validator``); skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from livery.cli import main

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT.parent / "shared" / "models"

_SCRIPT = """
const fs = require("fs");
const validator = require(process.argv[1]);
validator.validateBytes(new Uint8Array(fs.readFileSync(process.argv[2])), {maxIssues: 1000})
  .then((r) => console.log(JSON.stringify(r.issues)))
  .catch((e) => { console.error(String(e)); process.exit(2); });
"""


def _validator() -> Path | None:
    node = shutil.which("node")
    if node is None:
        return None
    places = [os.environ.get("LIVERY_GLTF_VALIDATOR", ""), str(ROOT / "node_modules")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60)
        places.append(root.stdout.strip())
    for place in filter(None, places):
        for candidate in (Path(place), Path(place) / "gltf-validator"):
            if (candidate / "package.json").is_file() and candidate.name == "gltf-validator":
                return candidate
    return None


VALIDATOR = _validator()
pytestmark = pytest.mark.skipif(VALIDATOR is None, reason="node or gltf-validator not found")


def validate(path: Path) -> dict:
    out = subprocess.run(
        ["node", "-e", _SCRIPT, str(VALIDATOR), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout)


def _errors(issues: dict) -> list[str]:
    return [
        f"{m['code']} {m.get('pointer', '')}: {m['message']}"
        for m in issues["messages"]
        if m["severity"] == 0
    ]


@pytest.mark.parametrize("variants", [None, "paint,wheels,calipers"])
def test_stand_in_export_is_valid(tmp_path, variants, capsys):
    out = tmp_path / "car.glb"
    argv = ["export", "--vehicle", "su7-ultra", "--out", str(out)]
    assert main(argv + (["--variants", variants] if variants else [])) == 0
    issues = validate(out)
    assert issues["numErrors"] == 0, _errors(issues)


@pytest.mark.skipif(not MODELS.is_dir(), reason=f"the shared test models are not at {MODELS}")
@pytest.mark.parametrize("variants", [None, "paint,wheels"])
def test_real_car_export_is_valid(tmp_path, variants, capsys):
    """A realistic car of many primitives, with its wheels split into pieces."""
    out = tmp_path / "countach.glb"
    car = MODELS / "lamborghini-countach" / "lamborghini-countach.glb"
    argv = ["export", "--vehicle", str(car), "--out", str(out)]
    assert main(argv + (["--variants", variants] if variants else [])) == 0
    issues = validate(out)
    assert issues["numErrors"] == 0, _errors(issues)
