from __future__ import annotations

import subprocess
import sys


def test_scoring_imports_neither_flask_nor_sqlalchemy() -> None:
    code = (
        "import sys, toolkit.core.scoring, toolkit.core.scoring.snapshot; "
        "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"
