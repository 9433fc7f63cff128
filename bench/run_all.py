"""Run every benchmark, one after another, and print the machine and their figures.

    python bench/run_all.py                  # everything; about 20 minutes on 2 cores
    python bench/run_all.py --quick          # smaller sizes, a few minutes
    python bench/run_all.py --database-url postgresql://user@host:5432/db

The PostgreSQL runs use postgresql://postgres@127.0.0.1:5432/test unless told
otherwise, and are left out (saying so) when no server answers there. Each
benchmark runs alone, so they do not slow each other down, and is stopped if
it takes longer than its time limit. Exits non-zero if any benchmark failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
# Generous: a loaded shared machine can be several times slower than a quiet one.
TIME_LIMIT = 30 * 60


def machine() -> str:
    """Describe the machine in one line: cores, CPU model and memory."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GB RAM"
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{os.cpu_count()} cores ({model}){memory}{load}; Python {platform.python_version()}"


def postgres_answers(url: str) -> bool:
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


def benchmarks(quick: bool, postgres: str | None) -> list[tuple[str, list[str]]]:
    """List each benchmark's name and command line."""
    respondents = ["--respondents", "50"] if quick else []
    runs = ["--runs", "3"] if quick else []
    sizes = ["--sizes", "0.5"] if quick else []
    plan = [
        ("Respondent page weight", ["page_weight.py"]),
        ("Results page weight, first visit", ["results_weight.py"]),
        ("PDF report render", ["pdf_render.py", *runs]),
        ("Opening rounds on their dates, per page", ["round_dates.py"]),
        ("Profile against database size, SQLite", ["profile_scale.py", *sizes, *runs]),
        ("Load test, SQLite", ["load_test.py", "--sqlite", *respondents]),
    ]
    if postgres:
        plan += [
            (
                "Profile against database size, PostgreSQL",
                ["profile_scale.py", "--database-url", postgres, *sizes, *runs],
            ),
            ("Load test, PostgreSQL", ["load_test.py", "--database-url", postgres, *respondents]),
        ]
    return [(name, [sys.executable, str(BENCH / args[0]), *args[1:]]) for name, args in plan]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    parser.add_argument("--database-url", default=POSTGRES, help=f"PostgreSQL (default {POSTGRES})")
    args = parser.parse_args()
    postgres = args.database_url if postgres_answers(args.database_url) else None

    print(f"Machine: {machine()}")
    if postgres is None:
        print(f"No PostgreSQL answers at {args.database_url}: its benchmarks are left out.")
    failed: list[str] = []
    for name, command in benchmarks(args.quick, postgres):
        shown = " ".join([Path(command[1]).name, *command[2:]])
        print(f"\n=== {name}: {shown}", flush=True)
        began = time.perf_counter()
        try:
            finished = subprocess.run(command, timeout=TIME_LIMIT, check=False)
            if finished.returncode != 0:
                failed.append(f"{name} (exit code {finished.returncode})")
        except subprocess.TimeoutExpired:
            failed.append(f"{name} (stopped after {TIME_LIMIT // 60} minutes)")
        print(f"--- {name}: {time.perf_counter() - began:.0f} s", flush=True)

    print("\nAll benchmarks finished." if not failed else "\nFailed: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
