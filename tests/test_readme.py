"""The README's promises hold: CI runs its test command word for word."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (REPO / "README.md").read_text())


def test_ci_runs_the_readme_test_command() -> None:
    test_command = readme_commands()[1]
    assert "pytest" in test_command
    assert test_command in (REPO / ".ci" / "run").read_text()


def test_the_first_command_installs_the_demo_and_serves_it() -> None:
    first = readme_commands()[0]
    assert "toolkit demo" in first and "toolkit serve" in first
