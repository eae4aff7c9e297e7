"""The README's commands and CI stay in step."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert ci[-1].strip() == test


def _imported_roots(module: str) -> set[str]:
    import subprocess
    import sys

    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_layers_keep_to_their_side():
    qt_and_gl = {"PySide6", "vtkmodules", "vtk", "pyvista", "pyvistaqt"}
    for module in (
        "livery.catalog",
        "livery.vehicles.standin",
        "livery.vehicles.loaders",
        "livery.vehicles.glb",
        "livery.vehicles.files",
    ):
        assert not _imported_roots(module) & qt_and_gl, module
    scene = _imported_roots("livery.scene.stage")
    assert "vtkmodules" in scene and "PySide6" not in scene


def test_share_codes_in_the_readme_decode():
    import re

    from livery.catalog import load_catalog, state_from_share_code

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", text))
    assert codes
    catalog = load_catalog()
    for code in codes:
        state_from_share_code(catalog, code)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_is_clean(command):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "app", "tests", "bench", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
