"""Time the demo partnership's report over time, and measure the memory it takes.

Loads the demo into a fresh SQLite file, draws the report a few times in one
process and prints the median time (wall clock and CPU), the peak of Python
allocations during one render (tracemalloc), and the peak resident memory of a
fresh process that starts the app and draws the report once, which is what a
web worker or an RQ worker pays, with how long that first render took.
Target (issue 17): 1 s and 200 MB on a 2-core machine.

Between the report's renders, in turns, the same process draws a fixed
document with bare WeasyPrint (no toolkit code: headings, paragraphs and a
table in each of 6 sections, 12 A4 pages), so the report's time can be read as
a ratio to work the machine's speed and load move just as much.

    python bench/pdf_render.py [--runs 5] [--lang cy]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TARGET_SECONDS = 1.0
TARGET_MB = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en", choices=("en", "cy"))
    parser.add_argument("--once", metavar="INSTANCE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.once:
        # The fresh process measured for peak memory: start, draw once, stop.
        with _app(Path(options.once)).app_context():
            started = time.perf_counter()
            _render(options.lang)
            print(time.perf_counter() - started, _peak_resident_mb())
        return

    instance = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    app = _app(instance)
    with app.app_context():
        from flask_migrate import upgrade

        from toolkit.services.demo import create_demo

        upgrade()
        create_demo()
        pdf = _render(options.lang)  # warm up: imports, fonts, questionnaire cache
        walls, cpus = [], []
        resident_before = _resident_mb()
        for _ in range(options.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            _render(options.lang)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        # A render that leaves garbage behind shows here, growing with every run.
        growth = _resident_mb() - resident_before
        report_cpus, baseline_cpus = _in_turns(options.lang, options.runs)
        tracemalloc.start()
        _render(options.lang)
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    fresh = subprocess.run(
        [sys.executable, __file__, "--once", str(instance), "--lang", options.lang],
        check=True,
        capture_output=True,
        text=True,
    )
    first_render, process_peak = map(float, fresh.stdout.split()[-2:])
    median = statistics.median(walls)
    print(f"Demo partnership, report over time ({options.lang}), {len(pdf) // 1024} KB PDF")
    print(f"  median render: {median:.2f} s wall, {statistics.median(cpus):.2f} s CPU")
    print(f"  fastest / slowest: {min(walls):.2f} s / {max(walls):.2f} s over {options.runs} runs")
    baseline_cpu = statistics.median(baseline_cpus)
    ratio = statistics.median(report_cpus) / baseline_cpu
    print(
        f"  baseline, bare WeasyPrint on a fixed {BASELINE_SECTIONS}-section document, in turns:"
        f" {baseline_cpu:.2f} s CPU; report / baseline: {ratio:.2f}"
    )
    print(f"  peak Python allocations during one render: {python_peak / 2**20:.0f} MB")
    print(f"  resident memory gained over the {options.runs} runs: {growth:+.0f} MB")
    print(f"  peak resident memory of a fresh process: {process_peak:.0f} MB")
    print(f"  its first render, before anything is warm: {first_render:.2f} s")
    print(f"  load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    within = median <= TARGET_SECONDS and process_peak <= TARGET_MB
    print(f"  target {TARGET_SECONDS:.0f} s and {TARGET_MB} MB: {'met' if within else 'NOT met'}")


BASELINE_SECTIONS = 6


def _baseline_document() -> str:
    """A fixed document of text and tables, a third as long as the demo's report."""
    words = "Trust grows when partners share plans early and say what they think. " * 6
    rows = "".join(
        f"<tr><td>Statement {row}: {words[:80]}</td>"
        + "".join(f"<td>{(row * 7 + column) % 23}</td>" for column in range(5))
        + "</tr>"
        for row in range(8)
    )
    page = (
        "<h2>A section of the document</h2>"
        f"<p>{words}</p><p>{words}</p>"
        f"<table><thead><tr><th>Statement</th>{'<th>Count</th>' * 5}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    sections = "".join(
        f'<section style="break-before: page">{page}</section>' for _ in range(BASELINE_SECTIONS)
    )
    return (
        "<!doctype html><html lang=en><head><style>"
        "@page { size: A4; margin: 2cm } body { font: 10pt sans-serif }"
        " table { width: 100%; border-collapse: collapse; table-layout: fixed }"
        " td, th { border: 1px solid #999; padding: 2pt }"
        f"</style></head><body>{sections}</body></html>"
    )


def _in_turns(language: str, runs: int) -> tuple[list[float], list[float]]:
    """CPU seconds of the report and of the fixed document, drawn one after the other."""
    baseline = _baseline_document()
    _draw_baseline(baseline)
    report_cpus, baseline_cpus = [], []
    for _ in range(runs):
        cpu = time.process_time()
        _render(language)
        report_cpus.append(time.process_time() - cpu)
        cpu = time.process_time()
        _draw_baseline(baseline)
        baseline_cpus.append(time.process_time() - cpu)
    return report_cpus, baseline_cpus


def _draw_baseline(document: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=document).write_pdf()  # type: ignore[no-any-return]


def _resident_mb() -> float:
    return _proc_status_mb("VmRSS:") or 0.0


def _proc_status_mb(field: str) -> float | None:
    """Return a memory figure from /proc/self/status, where Linux keeps one."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return None


def _peak_resident_mb() -> float:
    """Return this process's peak resident memory since it started its program.

    Not getrusage: Linux carries the parent's peak across fork and exec into
    ``ru_maxrss``, so a child started by a large benchmark process would report
    the benchmark's own size.
    """
    peak = _proc_status_mb("VmHWM:")
    if peak is not None:
        return peak
    # Elsewhere ru_maxrss is what there is (kilobytes on Linux, bytes on macOS).
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 2**20 if sys.platform == "darwin" else usage / 1024


def _app(instance: Path):  # type: ignore[no-untyped-def]
    os.environ["INSTANCE_PATH"] = str(instance)
    from toolkit import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite'}"})


def _render(language: str) -> bytes:
    from sqlalchemy import select

    from toolkit.reports.jobs import render_report
    from toolkit.services.readers import Reader, ReaderKind
    from toolkit.storage.db import db
    from toolkit.storage.models import Group, GroupKind

    partnership = db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))
    assert partnership is not None, "the demo partnership is missing"
    return render_report(partnership, None, language, Reader(ReaderKind.FACILITATOR))


if __name__ == "__main__":
    main()
