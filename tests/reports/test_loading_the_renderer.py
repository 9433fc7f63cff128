"""A web worker carries the PDF renderer only once it draws a report.

WeasyPrint and matplotlib take about 60 MB of each worker's memory. With
``REDIS_URL`` set, web workers never draw a report, so they should never pay
for them; the workers that draw reports load them once, before they fork for
each job.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RENDERER = ("weasyprint", "matplotlib")


def loaded_after(setup: str, tmp_path: Path) -> list[str]:
    code = (
        "import os, sys; "
        f"os.environ['INSTANCE_PATH'] = {str(tmp_path)!r}; "
        "from toolkit import create_app; "
        "app = create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://'}); "
        f"{setup}; "
        f"print('loaded:', *sorted(m for m in {RENDERER!r} if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    (line,) = [line for line in found.splitlines() if line.startswith("loaded:")]
    return line.split()[1:]


def test_starting_the_web_app_leaves_the_renderer_unloaded(tmp_path: Path) -> None:
    assert loaded_after("app.test_client().get('/accessibility')", tmp_path) == []


def test_drawing_a_report_loads_it(tmp_path: Path) -> None:
    # What `toolkit worker` and `toolkit report-worker` do before they fork for each job.
    setup = "from toolkit.reports.jobs import load_renderer; load_renderer()"
    assert loaded_after(setup, tmp_path) == sorted(RENDERER)
