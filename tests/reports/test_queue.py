"""With REDIS_URL set, reports are drawn by an RQ worker, never by the web process."""

from __future__ import annotations

import os
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.reports.conftest import needs_poppler
from tests.reports.test_web import people
from tests.sessions import sign_in_as
from toolkit.storage.db import db
from toolkit.storage.models import Account
from toolkit.storage.models.reports import ReportStatus, StoredReport

REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()

pytestmark = [
    needs_poppler,
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL"),
]


def test_the_page_waits_for_a_worker_and_then_offers_the_file(
    app: Flask, client: FlaskClient
) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(REDIS_URL)
    queue = Queue("reports", connection=connection)
    queue.empty()
    app.config["REDIS_URL"] = REDIS_URL
    owner = factories.organisation()
    group = factories.group(owner)
    factories.check(group, people(5, "staff", 4), opens_on=date(2026, 3, 2))
    alice = db.session.scalar(db.select(Account).where(Account.email == "alice@example.org"))
    sign_in_as(client, alice)

    answer = client.get(f"/groups/{group.id}/report.pdf")
    assert answer.status_code == 302
    progress = answer.headers["Location"]
    assert 'http-equiv="refresh"' in client.get(progress).get_data(as_text=True)
    assert queue.count == 1

    SimpleWorker([queue], connection=connection).work(burst=True)

    db.session.expire_all()
    stored = db.session.scalar(db.select(StoredReport))
    assert stored is not None and stored.status is ReportStatus.READY
    page = client.get(progress).get_data(as_text=True)
    assert "http-equiv" not in page
    download = client.get(f"{progress}/file")
    assert download.data.startswith(b"%PDF")
