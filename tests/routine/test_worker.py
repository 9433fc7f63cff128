"""With REDIS_URL set, email goes out on the RQ worker and the routine runs on its scheduler."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask

from tests.mailbox import SITE, Mailbox
from toolkit.services import letters, outbox, routine
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, EmailStatus, Round, RoundStatus

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()
# A Redis database of its own for each pytest-xdist worker (the report tests use the one
# TEST_REDIS_URL names), so two workers never empty each other's queues.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = urlunsplit(urlsplit(TEST_REDIS_URL)._replace(path=f"/{14 - _WORKER % 14}"))

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL"),
]


@pytest.fixture
def queue(app: Flask) -> Iterator[Any]:
    """The email queue, empty, with the app sending through Redis."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job

    connection = Redis.from_url(REDIS_URL)
    found = Queue(outbox.QUEUE, connection=connection)
    found.empty()
    # A run stopped part-way can leave an id in the schedule whose job has since expired,
    # so the two are removed apart rather than by fetching the job.
    scheduled = found.scheduled_job_registry
    for job_id in scheduled.get_job_ids():
        scheduled.remove(job_id)
        connection.delete(Job.key_for(job_id))
    app.config["REDIS_URL"] = REDIS_URL
    yield found
    found.empty()


def work(queue: Any) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True, with_scheduler=True)


def test_an_email_waits_for_the_worker_and_a_failed_one_is_scheduled_again(
    app: Flask, demo_data: None, mailbox: Mailbox, queue: Any
) -> None:
    mailbox.refuse_with = "451 4.3.0 Try again later"
    email = outbox.add(
        EmailKind.PASSWORD, DEMO_EMAIL, "en", lambda: letters.password(f"{SITE}/reset-password/x")
    )
    db.session.commit()
    outbox.send_waiting()
    # Nothing is sent in this process: the job waits on the queue.
    assert mailbox.messages == [] and queue.count == 1
    work(queue)
    db.session.expire_all()
    assert (email.status, email.attempts) == (EmailStatus.WAITING, 1)
    [retry] = queue.scheduled_job_registry.get_job_ids()
    when = queue.scheduled_job_registry.get_scheduled_time(retry)
    # The retry is due when the outbox says: a minute after the first failure.
    assert abs(when - email.next_attempt_at.astimezone(UTC)) < timedelta(seconds=1)
    mailbox.refuse_with = None
    email.next_attempt_at = datetime.now()
    db.session.commit()
    outbox.send_waiting()
    work(queue)
    db.session.expire_all()
    assert email.status is EmailStatus.SENT
    assert [m["To"] for m in mailbox.messages] == [DEMO_EMAIL]


def test_the_worker_runs_the_tick_and_schedules_the_next(
    app: Flask, open_round: Round, mailbox: Mailbox, queue: Any
) -> None:
    open_round.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    routine.schedule_ticks(REDIS_URL, timedelta(0))
    work(queue)
    db.session.expire_all()
    assert db.session.get_one(Round, open_round.id).status is RoundStatus.CLOSED
    assert routine.TICK_JOB in queue.scheduled_job_registry.get_job_ids()
    assert any(m["Subject"].endswith("has closed") for m in mailbox.messages)
