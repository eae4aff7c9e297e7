"""The project holds together: README commands and CI in step, layer contracts, ruff."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks, inside = [], False
    for line in lines[:20]:
        if line.startswith("```"):
            inside = not inside
        elif inside:
            blocks.append(line.strip())
    return blocks


def test_readme_opens_with_install_and_test_commands():
    install, test = _readme_commands()[:2]
    assert "pip install" in install and install.endswith("livery")
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    test = _readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    commands = [line.strip() for line in ci if line.strip() and not line.startswith("#")]
    # The README's command, then the installed-wheel smoke test (nothing else after it).
    assert commands[-2:] == [test, "bash .ci/wheel-smoke"]


def _lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` (import-linter's command) of this environment in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    command = shutil.which("lint-imports", path=Path(sys.executable).parent) or "lint-imports"
    return subprocess.run(
        [command, "--no-cache", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_layers_keep_to_their_side():
    """The import contracts in pyproject.toml ([tool.importlinter]) hold."""
    out = _lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("catalog/finish.py", "import livery.scene.stage", "commands > ui"),
        ("vehicles/model.py", "import livery.catalog.finish", "commands > ui"),
        ("scene/shading.py", "import livery.ui.theme", "commands > ui"),
        ("ui/theme.py", "import livery.commands.gui", "commands > ui"),
        ("vehicles/glb.py", "import PySide6.QtCore", "neither Qt nor VTK"),
        ("catalog/model.py", "import vtkmodules.vtkRenderingCore", "neither Qt nor VTK"),
        ("scene/floor.py", "from PySide6 import QtGui", "VTK, never Qt"),
    ],
)
def test_layer_contracts_catch_a_forbidden_import(tmp_path, module, forbidden, contract):
    """Negative control: a copy of the package with one forbidden import breaks a contract.

    The copy is named ``liveryprobe`` (so the installed ``livery`` can't shadow it) and is
    checked with the project's own contracts, renamed the same way.
    """
    rename = re.compile(r"\blivery\b")
    probe = tmp_path / "liveryprobe"
    shutil.copytree(ROOT / "app", probe, ignore=shutil.ignore_patterns("__pycache__"))
    for path in probe.rglob("*.py"):
        path.write_text(rename.sub("liveryprobe", path.read_text(encoding="utf-8")), "utf-8")
    target = probe / module
    target.write_text(
        target.read_text(encoding="utf-8") + rename.sub("liveryprobe", forbidden) + "\n", "utf-8"
    )
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = json.loads(rename.sub("liveryprobe", json.dumps(config["tool"]["importlinter"])))
    (tmp_path / "contracts.toml").write_text(tomli_w.dumps({"tool": {"importlinter": linter}}))
    out = _lint_imports(tmp_path, "--config", "contracts.toml")
    assert out.returncode == 1, out.stdout + out.stderr
    broken = [line for line in out.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), out.stdout


def test_share_codes_in_the_readme_decode():
    from livery.catalog import load_catalog, state_from_share_code

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", text))
    assert codes
    catalog = load_catalog()
    for code in codes:
        state_from_share_code(catalog, code)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_is_clean(command):
    out = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "app", "tests", "bench", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def writes_outside_the_helper(root: Path) -> list[str]:
    """Calls in ``root`` that write a file other than through ``fileio.write_atomic``:
    ``.write_text``/``.write_bytes``, ``open`` in a writing mode, ``numpy.save``/``tofile``."""
    import ast

    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "fileio.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            mode = None
            if name == "open":
                mode = node.args[1] if len(node.args) > 1 else None
                mode = mode or next((k.value for k in node.keywords if k.arg == "mode"), None)
            writes_mode = isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax+")
            if name in {"write_text", "write_bytes", "tofile"} or writes_mode:
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    return found


def test_every_file_the_app_writes_goes_through_one_atomic_helper(tmp_path):
    """Issue 12, nothing lost: a crash mid-write never leaves half a file, because every
    write is ``fileio.write_atomic`` (temp file, fsync, rename)."""
    assert writes_outside_the_helper(ROOT / "app") == []
    bad = tmp_path / "pkg"
    bad.mkdir()
    (bad / "m.py").write_text(
        "from pathlib import Path\nPath('x').write_text('y')\nopen('z', 'wb')\n"
    )
    assert writes_outside_the_helper(bad) == ["m.py:2 write_text", "m.py:3 open"]
