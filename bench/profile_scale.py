"""Time a large group's profile as the rest of the database grows.

Builds one group with 20 rounds x 200 responses x 40 items (160,000 answers)
inside a database that grows to 5 million answers with other organisations'
groups, and prints the median time to compute the group's profile at each
size. The profile reads only its own group's rows through indexes, so the
figure should stay flat as other groups' data grows.

Pages, PDFs, the API and downloads do not work the profile out from answers
each time: they show each round's release, made once and kept
(``toolkit.services.releases``). So each size also prints, measured in the
same run, the time ``results_for`` takes once the releases stand: reading them
back from the database ("released"), and with the worker's kept copies
("kept", what every request after a worker's first one costs), with the ratio
to working it out from the answers.

    python bench/profile_scale.py                      # SQLite file in /tmp
    python bench/profile_scale.py --database-url postgresql://postgres@127.0.0.1:5432/test

On PostgreSQL everything goes into a schema named ``bench``, dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

ITEMS = 40
DIMENSIONS = ("trust", "power", "joining", "listening")
PERSPECTIVES = ("commissioner", "provider", "community")
RESPONSES_PER_ROUND = 200
TARGET_ROUNDS = 20
FILLER_ROUNDS = 10
SCHEMA = "bench"


def questionnaire_yaml() -> str:
    """Write a questionnaire of 40 five-point items over four dimensions, and a story."""
    items = [
        {
            "key": f"item-{i:02d}",
            "dimension": DIMENSIONS[i % len(DIMENSIONS)],
            "text": f"Statement {i}",
            "scale": "agree",
            "reverse": i % 7 == 3,
        }
        for i in range(ITEMS)
    ]
    items.append({"key": "story", "type": "text", "text": "Tell us a story"})
    return yaml.safe_dump(
        {
            "id": "bench",
            "version": "1",
            "title": "Benchmark check",
            "description": "Forty statements for timing profiles.",
            "use": ["partnership"],
            "minutes": 20,
            "source": "Written for the benchmark",
            "licence": "CC-BY-4.0",
            "scales": {
                "agree": {
                    "kind": "agreement",
                    "options": [{"value": v} for v in range(1, 6)],
                    "excluded": [{"value": "dont-know", "label": "Don't know"}],
                }
            },
            "dimensions": [{"key": d, "label": d.capitalize()} for d in DIMENSIONS],
            "sections": [{"key": "all", "title": "All", "items": items}],
        }
    )


class Builder:
    """Add organisations, groups, rounds and answers with bulk inserts."""

    def __init__(self, app: Any, seed: int = 1) -> None:
        from toolkit.storage.db import db

        self.db = db
        self.app = app
        self.random = random.Random(seed)
        self.answers = 0
        self.next_response = 1
        self.postgres = db.engine.dialect.name == "postgresql"

    def questionnaire_version(self) -> int:
        from toolkit.core.questionnaire.schema import Questionnaire
        from toolkit.storage.questionnaire_store import pin

        source = questionnaire_yaml()
        version = pin(Questionnaire.model_validate(yaml.safe_load(source)), source)
        self.db.session.commit()
        return int(version.id)

    def group(self, name: str) -> int:
        from toolkit.storage.models import Group, GroupKind, Organisation, Perspective

        owner = Organisation(name=name, slug=f"{name.lower().replace(' ', '-')}")
        group = Group(organisation=owner, name=f"{name} partnership", kind=GroupKind.PARTNERSHIP)
        group.perspectives = [
            Perspective(key=key, label=key.capitalize(), position=i)
            for i, key in enumerate(PERSPECTIVES)
        ]
        self.db.session.add(group)
        self.db.session.commit()
        return int(group.id)

    def round(self, group_id: int, version_id: int, index: int) -> None:
        """Add one closed round of 200 responses of 40 answers each, and a few stories."""
        from toolkit.storage.models import Response, ResponseStatus, Round, RoundStatus

        opens = date(2020, 1, 6) + timedelta(weeks=13 * index)
        round_id = self.db.session.execute(
            insert(Round)
            .values(
                group_id=group_id,
                questionnaire_version_id=version_id,
                title=f"Check {index + 1}",
                opens_on=opens,
                closes_on=opens + timedelta(weeks=3),
                status=RoundStatus.SHARED,
                threshold=5,
                collect_comments=True,
                anonymous=True,
                perspective_keys=",".join(PERSPECTIVES),
            )
            .returning(Round.id)
        ).scalar_one()
        first = self.next_response
        self.next_response += RESPONSES_PER_ROUND
        # Core inserts, so column defaults (such as stable ids) are still applied.
        self.db.session.execute(
            insert(Response),
            [
                {
                    "id": first + n,
                    "round_id": round_id,
                    "resume_token_hash": secrets.token_hex(32),
                    "status": ResponseStatus.SUBMITTED,
                    "perspective_key": PERSPECTIVES[n % len(PERSPECTIVES)],
                    "started_on": opens,
                    "submitted_on": opens,
                }
                for n in range(RESPONSES_PER_ROUND)
            ],
        )
        self._answers(range(first, first + RESPONSES_PER_ROUND))
        self.db.session.commit()

    def _answers(self, response_ids: range) -> None:
        keys = [f"item-{i:02d}" for i in range(ITEMS)]
        pick = self.random.random
        rows = []
        for response_id in response_ids:
            for key in keys:
                roll = pick()
                if roll < 0.03:
                    rows.append((response_id, key, "", None, "dont-know"))
                else:
                    rows.append((response_id, key, "", 1 + int(roll * 5) % 5, None))
        stories = [(r, "story", "We met on the estate.") for r in response_ids if r % 10 == 0]
        self.answers += len(rows)
        connection = self.db.session.connection().connection.driver_connection
        cursor = connection.cursor()
        if self.postgres:
            columns = "answers (response_id, item_key, partner_key, value, excluded)"
            with cursor.copy(f"COPY {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            with cursor.copy("COPY comments (response_id, item_key, text) FROM STDIN") as copy:
                for row in stories:
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO answers (response_id, item_key, partner_key, value, excluded) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            cursor.executemany(
                "INSERT INTO comments (response_id, item_key, text) VALUES (?, ?, ?)", stories
            )


def timings(group_id: int, runs: int) -> dict[str, float]:
    """Return median milliseconds: whole profile, reading answers, scoring, CPU time, best.

    CPU time is this process's own: on a busy shared machine it moves less than
    the wall clock, though it leaves out the database server's work. The best
    (fastest) whole profile shows what the code costs when nothing else runs.
    """
    from toolkit.core.scoring import build_profile
    from toolkit.services.readers import WITH_RESULTS
    from toolkit.storage.db import db
    from toolkit.storage.models import Group
    from toolkit.storage.round_data import rounds_data

    found: dict[str, list[float]] = {"profile": [], "reading": [], "scoring": [], "cpu": []}
    for run in range(runs + 1):
        db.session.remove()
        cpu = time.process_time()
        start = time.perf_counter()
        group = db.session.get(Group, group_id)
        assert group is not None
        rounds = sorted(group.rounds, key=lambda r: (r.opens_on, r.id))
        data = rounds_data([r for r in rounds if r.status in WITH_RESULTS])
        read = time.perf_counter()
        profile = build_profile(data)
        end = time.perf_counter()
        assert len(profile.rounds) == TARGET_ROUNDS
        # The first run warms caches (the parsed questionnaire, the database's pages).
        if run:
            found["profile"].append(end - start)
            found["reading"].append(read - start)
            found["scoring"].append(end - read)
            found["cpu"].append(time.process_time() - cpu)
    medians = {name: statistics.median(values) * 1000 for name, values in found.items()}
    return {**medians, "best": min(found["profile"]) * 1000, **released(group_id, runs)}


def released(group_id: int, runs: int) -> dict[str, float]:
    """Return median milliseconds to gather the group's results from its standing releases."""
    from toolkit.services.readers import Reader, ReaderKind
    from toolkit.services.releases import _read
    from toolkit.services.results import results_for
    from toolkit.storage.db import db
    from toolkit.storage.models import Group

    reader = Reader(ReaderKind.FACILITATOR)
    found: dict[str, list[float]] = {"released": [], "kept": []}
    for run in range(runs + 1):
        for name in found:
            if name == "released":
                _read.cache_clear()
            db.session.remove()
            start = time.perf_counter()
            group = db.session.get(Group, group_id)
            results = results_for(group, reader)
            # The first run makes the releases: that is the "profile" column's work.
            if run:
                found[name].append(time.perf_counter() - start)
            assert results is not None and len(results.rounds) == TARGET_ROUNDS
    return {name: statistics.median(values) * 1000 for name, values in found.items()}


def sizes_in_answers(text_sizes: str) -> list[int]:
    return [int(float(size) * 1_000_000) for size in text_sizes.split(",")]


def filler_names() -> Iterator[str]:
    number = 0
    while True:
        number += 1
        yield f"Filler organisation {number}"


def database(url: str | None) -> tuple[str, Any]:
    """Return the app's database address and a function that clears it away afterwards."""
    if not url:
        # A file of its own: others may be running this benchmark on the same machine.
        path = Path(tempfile.mkdtemp(prefix="toolkit-bench-")) / "bench.sqlite"
        print(f"database: {path}")
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    admin_url = make_url(url).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()

    scoped = admin_url.update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    return scoped.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--sizes", default="0.5,2,5", help="millions of answers, e.g. 0.5,2,5")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    url, clear_away = database(args.database_url)
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="toolkit-bench-"))
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    from flask_migrate import upgrade

    from toolkit import create_app
    from toolkit.storage.db import db
    from toolkit.storage.models import Answer

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade()
            builder = Builder(app)
            version = builder.questionnaire_version()
            target = builder.group("Target organisation")
            names = filler_names()
            filler = builder.group(next(names))
            filler_rounds = 0
            print(f"{db.engine.dialect.name}: median of {args.runs} runs, milliseconds")
            headings = ("profile", "reading", "scoring", "cpu", "best", "released", "kept")
            print(
                f"{'answers in database':>20} "
                + " ".join(f"{h:>8}" for h in headings)
                + "  profile/kept"
            )
            for size in sizes_in_answers(args.sizes):
                # The target's rounds go in between other groups' answers, as they
                # would over years, so its rows are not all side by side on disk.
                while builder.answers < size:
                    done = builder.answers
                    target_rounds = len(profiled_target(target))
                    if target_rounds < TARGET_ROUNDS and done >= target_rounds * size / (
                        TARGET_ROUNDS + 1
                    ):
                        builder.round(target, version, target_rounds)
                        continue
                    if filler_rounds == FILLER_ROUNDS:
                        filler, filler_rounds = builder.group(next(names)), 0
                    builder.round(filler, version, filler_rounds)
                    filler_rounds += 1
                if db.engine.dialect.name == "postgresql":
                    db.session.execute(text("ANALYZE"))
                    db.session.commit()
                stored = db.session.scalar(select(func.count()).select_from(Answer))
                found = timings(target, args.runs)
                figures = " ".join(f"{found[name]:>8.0f}" for name in headings)
                ratio = found["profile"] / found["kept"]
                print(
                    f"{stored:>20,} {figures} {ratio:>12.0f}x  load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
            db.session.remove()
            db.engine.dispose()
    finally:
        if not os.environ.get("BENCH_KEEP"):
            clear_away()


def profiled_target(group_id: int) -> list[int]:
    from toolkit.storage.db import db
    from toolkit.storage.models import Round

    return list(db.session.scalars(select(Round.id).where(Round.group_id == group_id)))


if __name__ == "__main__":
    main()
