"""The code stays linted, formatted and typed: ruff and mypy run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_to_fix() -> None:
    pytest.importorskip("ruff")
    lint = run(sys.executable, "-m", "ruff", "check", "toolkit", "tests", "bench")
    assert lint.returncode == 0, lint.stdout
    layout = run(sys.executable, "-m", "ruff", "format", "--check", "toolkit", "tests", "bench")
    assert layout.returncode == 0, layout.stdout


def test_mypy_finds_no_type_errors() -> None:
    pytest.importorskip("mypy")
    result = run(sys.executable, "-m", "mypy", "toolkit")
    assert result.returncode == 0, result.stdout


def test_every_layer_imports_only_from_the_layers_below_it() -> None:
    pytest.importorskip("importlinter")
    contracts = run(str(Path(sys.executable).parent / "lint-imports"), "--no-cache")
    assert contracts.returncode == 0, contracts.stdout
