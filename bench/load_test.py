"""Load test: people answer the demo's open round through gunicorn, all at once or arriving.

Each simulated respondent opens the shared link, starts, answers the first
page, then carries on from their resume link in a fresh cookie jar (another
device), answers every other page, checks and sends. All of them at once,
against gunicorn with several workers. Prints errors and responses lost
(both must be 0) and the median and 95th-percentile time of each kind of
request.

    python bench/load_test.py                 # PostgreSQL, schema bench_load, dropped after
    python bench/load_test.py --sqlite        # a SQLite file in a temporary folder
    python bench/load_test.py --database-url postgresql://user@host/db
    python bench/load_test.py --respondents 1000 --arrive-over 600   # open loop

With ``--arrive-over SECONDS`` the test is open-loop: respondents arrive one
after another at a steady rate over that time, as they do when a facilitator
shares the link in a meeting, each starting whether or not the others have
finished. Without it, all start at the same moment (closed loop).

Traffic goes only to 127.0.0.1. Each respondent sends from its own loopback
address (127.1.x.y), as people on their own phones do, so the per-address
rate limit on answer links sees 200 people, not one. Every loop is bounded
and the whole run stops after --time-limit seconds.

Beside the respondents' figures it prints two baselines from the same gunicorn,
taken just before: a static file, and the plainest page Flask draws. It also
prints the CPU a request of gunicorn, PostgreSQL, this program and the whole
machine, read from /proc, and the most requests a second each leaves room for
on this machine's cores.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from threading import BrokenBarrierError
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.respondent import (
    JourneyFailed,
    Page,
    finish,
    resume_link,
    start,
    submit_form,
)

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_load"
SHARED_TOKEN = "load-test-shared-link-token"
SECRET = "load-test-secret-key-" + "x" * 32
MOST_REDIRECTS = 5
KINDS = ("open link", "start", "show page", "save page", "resume", "review", "submit", "thank-you")


@dataclass(frozen=True)
class Timing:
    kind: str
    seconds: float
    status: int


class Deadline(Exception):
    """The run's time limit passed before this respondent finished."""


class SourceAddressAdapter(HTTPAdapter):
    """Send from one loopback address, as one phone would."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]


def kind_of(method: str, path: str) -> str:
    """Name a request the way the report groups it."""
    if path.startswith("/s/"):
        return "open link" if method == "GET" else "start"
    if path.startswith("/resume/"):
        return "resume"
    if path.startswith("/answer/check"):
        return "review" if method == "GET" else "submit"
    if path.startswith("/answer/sent"):
        return "thank-you"
    return "show page" if method == "GET" else "save page"


class TimedBrowser:
    """A cookie jar that times every request, following redirects one hop at a time."""

    def __init__(self, address: str, timings: list[Timing], deadline: float) -> None:
        self.session = requests.Session()
        # Never through a proxy from the environment: traffic stays on this machine.
        self.session.trust_env = False
        self.session.mount("http://", SourceAddressAdapter(address))
        self.timings = timings
        self.deadline = deadline

    def get(self, url: str) -> Page:
        return self._send("GET", url, None)

    def post(self, url: str, data: list[tuple[str, str]]) -> Page:
        return self._send("POST", url, data)

    def _send(self, method: str, url: str, data: list[tuple[str, str]] | None) -> Page:
        for _ in range(MOST_REDIRECTS):
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise Deadline(url)
            began = time.perf_counter()
            reply = self.session.request(
                method, url, data=data, allow_redirects=False, timeout=min(60.0, left)
            )
            seconds = time.perf_counter() - began
            path = urlsplit(url).path
            self.timings.append(Timing(kind_of(method, path), seconds, reply.status_code))
            if reply.status_code >= 400:
                raise JourneyFailed(f"{reply.status_code} from {method} {path}")
            if reply.status_code not in {301, 302, 303}:
                return Page(url, reply.status_code, reply.text)
            method, data, url = "GET", None, urljoin(url, reply.headers["Location"])
        raise JourneyFailed(f"more than {MOST_REDIRECTS} redirects from {url}")


def respondent_address(number: int) -> str:
    return f"127.1.{number // 250}.{number % 250 + 1}"


def one_respondent(number: int, base: str, timings: list[Timing], deadline: float) -> None:
    """Open, start, answer a page, resume on a 'new device', finish and send."""
    first_device = TimedBrowser(respondent_address(number), timings, deadline)
    first_page = start(first_device, f"{base}/s/{SHARED_TOKEN}")
    after_first = submit_form(first_device, first_page)
    second_device = TimedBrowser(respondent_address(number), timings, deadline)
    resumed = second_device.get(base + resume_link(after_first))
    finish(second_device, resumed)


@dataclass
class Outcome:
    thanked: int
    failures: list[str]
    timings: list[Timing]
    seconds: float
    # CPU seconds spent during the run by gunicorn's processes, by PostgreSQL's
    # (none on SQLite, which works inside gunicorn), by this program (the simulated
    # phones), which shares the same cores, and by the whole machine.
    server_cpu: float = 0.0
    database_cpu: float = 0.0
    client_cpu: float = 0.0
    machine_cpu: float = 0.0
    # Resident memory of each gunicorn worker at the end of the run, in MB.
    worker_mb: list[float] = field(default_factory=list)


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) a process and its children have used, from /proc."""
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            total += name_and_cpu(current)[1]
            pids += children(current)
        except (FileNotFoundError, ProcessLookupError):
            continue  # a worker that ended meanwhile
    return total


def name_and_cpu(pid: int) -> tuple[str, float]:
    """A process's name and the CPU seconds (user and system) it has used, from /proc."""
    name, fields = Path(f"/proc/{pid}/stat").read_text().split(" (", 1)[1].rsplit(")", 1)
    numbers = fields.split()
    return name, (int(numbers[11]) + int(numbers[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def database_cpu() -> float:
    """CPU seconds every PostgreSQL process on this machine has used, from /proc."""
    total = 0.0
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            name, seconds = name_and_cpu(int(folder.name))
        except (FileNotFoundError, ProcessLookupError):
            continue  # a process that ended meanwhile
        if name == "postgres":
            total += seconds
    return total


def machine_cpu() -> float:
    """CPU seconds all cores have spent busy since the machine started, from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_respondents(base: str, count: int, time_limit: float, arrive_over: float = 0) -> Outcome:
    """Send every respondent on its own thread, all stopping by the deadline.

    With ``arrive_over`` they arrive one by one at a steady rate over that many seconds;
    without it, all at once.
    """
    timings: list[Timing] = []
    failures: list[str] = []
    thanked = 0
    lock = threading.Lock()
    deadline = time.monotonic() + arrive_over + time_limit
    gate = threading.Barrier(count, timeout=30)
    spacing = arrive_over / count

    def run(number: int) -> None:
        nonlocal thanked
        try:
            gate.wait()
            # Open loop: each arrives at their own moment, however busy the server is.
            time.sleep(number * spacing)
            one_respondent(number, base, timings, deadline)
        except (JourneyFailed, Deadline, requests.RequestException, BrokenBarrierError) as failure:
            with lock:
                failures.append(f"respondent {number}: {type(failure).__name__}: {failure}")
            return
        with lock:
            thanked += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(run, range(count)))
    return Outcome(thanked, failures, timings, time.perf_counter() - began)


def measured(server_pid: int, run: Callable[[], Outcome]) -> Outcome:
    """Run the respondents, counting the CPU the server, the database, this program
    and the whole machine spend meanwhile."""
    server_before, database_before = process_cpu(server_pid), database_cpu()
    client_before, machine_before = time.process_time(), machine_cpu()
    outcome = run()
    outcome.server_cpu = process_cpu(server_pid) - server_before
    outcome.database_cpu = database_cpu() - database_before
    outcome.client_cpu = time.process_time() - client_before
    outcome.machine_cpu = machine_cpu() - machine_before
    outcome.worker_mb = [resident_mb(worker) for worker in children(server_pid)]
    return outcome


@dataclass
class Baseline:
    """Requests to the same gunicorn just before the respondents, a few at a time."""

    name: str
    rate: float  # a second
    p50_ms: float
    server_ms: float  # gunicorn's CPU a request


# What the server and this machine manage at best, to read the respondents' figures
# against: a static file (no Flask at all), and the plainest page Flask draws (a
# template, no database, no session, no form).
BASELINES = {"a static file": "/static/charts.js", "the accessibility page": "/accessibility"}


def baselines(base: str, server_pid: int) -> list[Baseline]:
    return [baseline(base, server_pid, name, path) for name, path in BASELINES.items()]


def baseline(
    base: str, server_pid: int, name: str, path: str, count: int = 400, threads: int = 8
) -> Baseline:
    seconds: list[float] = []

    def fetch_some(_: int) -> None:
        with requests.Session() as session:
            session.trust_env = False
            for _ in range(count // threads):
                began = time.perf_counter()
                session.get(f"{base}{path}", timeout=30).raise_for_status()
                seconds.append(time.perf_counter() - began)

    cpu_before = process_cpu(server_pid)
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(fetch_some, range(threads)))
    rate = len(seconds) / (time.perf_counter() - began)
    server_ms = (process_cpu(server_pid) - cpu_before) / len(seconds) * 1000
    return Baseline(name, rate, percentile(seconds, 0.5) * 1000, server_ms)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(
    outcome: Outcome,
    lost: int,
    respondents: int,
    label: str,
    arrive_over: float,
    measured_baselines: list[Baseline],
) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for timing in outcome.timings:
        by_kind[timing.kind].append(timing.seconds * 1000)
    errors = len(outcome.failures) + sum(1 for t in outcome.timings if t.status >= 400)
    how = f"arriving over {arrive_over:.0f} s" if arrive_over else "at once"
    print(f"\nLoad test on {label}: {respondents} respondents {how}")
    print(f"{'request':<12}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in KINDS:
        values = by_kind.get(kind)
        if values:
            print(
                f"{kind:<12}{len(values):>7}{percentile(values, 0.5):>9.0f}"
                f"{percentile(values, 0.95):>9.0f}{max(values):>9.0f}"
            )
    rate = len(outcome.timings) / outcome.seconds if outcome.seconds else 0.0
    print(f"requests: {len(outcome.timings)} in {outcome.seconds:.1f} s ({rate:.0f} a second)")
    for baseline in measured_baselines:
        print(
            f"baseline, {baseline.name} from the same gunicorn just before: {baseline.rate:.0f}"
            f" a second, p50 {baseline.p50_ms:.0f} ms, {baseline.server_ms:.1f} ms of gunicorn's"
            f" CPU each; respondents' requests a second / baseline: {rate / baseline.rate:.2f}"
        )
    if outcome.server_cpu:
        served = len(outcome.timings)
        cores = os.cpu_count() or 1
        server_ms, database_ms, client_ms, machine_ms = (
            seconds / served * 1000
            for seconds in (
                outcome.server_cpu,
                outcome.database_cpu,
                outcome.client_cpu,
                outcome.machine_cpu,
            )
        )
        print(
            f"CPU a request: {server_ms:.1f} ms in gunicorn, {database_ms:.1f} ms in PostgreSQL,"
            f" {client_ms:.1f} ms in this program's simulated phones (same cores);"
            f" {machine_ms:.1f} ms for the whole machine, which was"
            f" {outcome.machine_cpu / outcome.seconds / cores:.0%} busy"
        )
        print(
            f"most requests a second on {cores} cores: {cores * 1000 / machine_ms:.0f} with"
            f" everything as in this run, {cores * 1000 / (server_ms + database_ms):.0f} for"
            f" gunicorn and its database with the phones elsewhere,"
            f" {cores * 1000 / server_ms:.0f} for gunicorn alone"
        )
    if outcome.worker_mb:
        worker_mb = statistics.median(outcome.worker_mb)
        print(
            f"memory of each gunicorn worker after the run: {worker_mb:.0f} MB"
            f" (median of {len(outcome.worker_mb)})"
        )
    print(f"thanked: {outcome.thanked} of {respondents}")
    print(f"errors: {errors}")
    print(f"responses lost: {lost}")
    for failure in outcome.failures[:10]:
        print("  " + failure)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """Create a schema of our own for the run and drop it afterwards."""
    admin = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


def prepare_demo(environment: dict[str, str]) -> None:
    """Load the demo, give its open round a known shared link, and keep it open today."""
    os.environ.update(environment)
    from toolkit import create_app
    from toolkit.core.tokens import hash_token
    from toolkit.storage.db import db
    from toolkit.storage.models import Round, RoundStatus

    app = create_app()
    result = app.test_cli_runner().invoke(args=["demo"])
    if result.exit_code != 0:
        raise SystemExit(f"toolkit demo failed: {result.output}")
    with app.app_context():
        open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
        if open_round is None:
            raise SystemExit("The demo has no open round to answer.")
        open_round.shared_token_hash = hash_token(SHARED_TOKEN)
        open_round.opens_on = date.today() - timedelta(days=7)
        open_round.closes_on = date.today() + timedelta(days=14)
        db.session.commit()
        db.engine.dispose()


def sent_responses(environment: dict[str, str]) -> int:
    """Count the sent responses in the open round, straight from the database."""
    from toolkit.config import database_url
    from toolkit.core.tokens import hash_token
    from toolkit.storage.models import Response, ResponseStatus, Round

    engine = create_engine(database_url(Path(environment["INSTANCE_PATH"])))
    with engine.connect() as connection:
        count = connection.scalar(
            select(func.count())
            .select_from(Response)
            .join(Round, Response.round_id == Round.id)
            .where(
                Round.shared_token_hash == hash_token(SHARED_TOKEN),
                Response.status == ResponseStatus.SUBMITTED,
            )
        )
    engine.dispose()
    return int(count or 0)


@contextmanager
def gunicorn(
    environment: dict[str, str], workers: int, threads: int = 1
) -> Iterator[tuple[str, int]]:
    """Serve the toolkit with gunicorn on a free local port; yield its address and pid."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            # More than one makes gunicorn use its threaded worker (gthread).
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "toolkit:create_app()",
        ],
        env={**os.environ, **environment},
    )
    base = f"http://127.0.0.1:{port}"
    probe = requests.Session()
    probe.trust_env = False
    try:
        for _ in range(60):
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped with code {server.returncode}")
            try:
                probe.get(base + "/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.25)
        else:
            raise SystemExit("gunicorn did not answer within a minute")
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def load_test(database_url: str, label: str, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="toolkit-load-") as instance:
        environment = {
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": instance,
        }
        prepare_demo(environment)
        before = sent_responses(environment)
        with gunicorn(environment, args.workers, args.threads) as (base, pid):
            measured_baselines = baselines(base, pid)
            outcome = measured(
                pid,
                lambda: run_respondents(base, args.respondents, args.time_limit, args.arrive_over),
            )
        recorded = sent_responses(environment) - before
        lost = outcome.thanked - recorded
        label = f"{label}, gunicorn x{args.workers}" + (
            f" with {args.threads} threads each" if args.threads > 1 else ""
        )
        report(outcome, lost, args.respondents, label, args.arrive_over, measured_baselines)
        errors = len(outcome.failures)
        return 0 if errors == 0 and lost == 0 and outcome.thanked == args.respondents else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads in each gunicorn worker")
    parser.add_argument(
        "--time-limit", type=float, default=600, help="seconds for the run, after the last arrives"
    )
    parser.add_argument(
        "--arrive-over",
        type=float,
        default=0,
        help="seconds over which respondents arrive at a steady rate (default: all at once)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--sqlite", action="store_true", help="use a SQLite file instead")
    where.add_argument(
        "--database-url", help=f"PostgreSQL to use (default {POSTGRES}, in schema {SCHEMA})"
    )
    args = parser.parse_args()
    if not 1 <= args.respondents <= 1000:
        parser.error("--respondents must be between 1 and 1000")
    if args.sqlite:
        with tempfile.TemporaryDirectory(prefix="toolkit-load-db-") as folder:
            return load_test(f"sqlite:///{folder}/load.sqlite", "SQLite", args)
    with postgres_schema(args.database_url or POSTGRES) as url:
        return load_test(url, "PostgreSQL", args)


if __name__ == "__main__":
    sys.exit(main())
