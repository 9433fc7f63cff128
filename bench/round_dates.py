"""Time the check that opens rounds on their dates, which runs before every page showing rounds.

Loads the demo into a fresh SQLite file, adds rounds still being set up (none of
them due, the usual case), and prints the median time of one check, and of one
that finds a round due and opens it.

    python bench/round_dates.py [--runs 2000] [--drafts 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--drafts", type=int, default=200)
    options = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="round-dates-bench-"))
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key")
    from flask_migrate import upgrade
    from sqlalchemy import select

    from toolkit import create_app
    from toolkit.services.demo import create_demo
    from toolkit.services.opening import open_rounds_due
    from toolkit.storage.db import db
    from toolkit.storage.models import Round, RoundStatus

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite'}"})
    with app.app_context():
        upgrade()
        create_demo()
        like = db.session.scalars(select(Round)).first()
        assert like is not None
        later = date.today() + timedelta(days=30)
        for number in range(options.drafts):
            db.session.add(
                Round(
                    group=like.group,
                    questionnaire_version=like.questionnaire_version,
                    title=f"Being set up {number}",
                    opens_on=later,
                    closes_on=later + timedelta(days=14),
                    status=RoundStatus.DRAFT,
                )
            )
        db.session.commit()
        nothing_due = []
        for _ in range(options.runs):
            started = time.perf_counter()
            open_rounds_due(date.today())
            db.session.rollback()  # as the end of a request would
            nothing_due.append(time.perf_counter() - started)
        one_due = []
        for number in range(min(options.runs, options.drafts)):
            found = db.session.scalar(select(Round).where(Round.title == f"Being set up {number}"))
            assert found is not None
            found.opens_on = date.today()
            db.session.commit()
            started = time.perf_counter()
            assert open_rounds_due(date.today()) == [found]
            one_due.append(time.perf_counter() - started)
    print(f"Demo plus {options.drafts} rounds being set up, SQLite")
    print(f"  median check, nothing due: {statistics.median(nothing_due) * 1e6:.0f} µs")
    print(f"  median check that opens one round: {statistics.median(one_due) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
