"""The README's commands and CI stay in step."""

from __future__ import annotations

from pathlib import Path

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
