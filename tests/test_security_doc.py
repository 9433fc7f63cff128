"""docs/security.md names the test behind each promise: every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_every_test_the_security_page_names_exists() -> None:
    page = (ROOT / "docs" / "security.md").read_text()
    # Test names, not the files they are in (test_accounts.py).
    named = set(re.findall(r"(?<![\w/])(test_\w+)(?![\w.])", page))
    defined = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(), re.M))
    assert named, "the page names no tests"
    assert sorted(named - defined) == []
