"""Showing and saving a question page stay within a fixed number of SQL statements.

Counted, not timed: a statement more per request is a cost every respondent pays,
and a lazy load crept back in shows up here however fast the machine is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from flask import Flask
from sqlalchemy import func, select

from bench.respond_costs import BUDGET, Costs, CountingBrowser, Send, in_process_sender
from bench.respondent import answer_pages, start
from tests.live import served
from tests.respond.conftest import SHARED
from toolkit.storage.db import db
from toolkit.storage.models import Answer, Response, ResponseStatus, Round


def http_sender(session: requests.Session) -> Send:
    """Send through a real HTTP client, one hop at a time."""

    def send(
        method: str, url: str, data: list[tuple[str, str]] | None
    ) -> tuple[int, str | None, str]:
        reply = session.request(method, url, data=data, allow_redirects=False, timeout=30)
        return reply.status_code, reply.headers.get("Location"), reply.text

    return send


def answer_everything(send: Send, base: str) -> Costs:
    costs = Costs()
    browser = CountingBrowser(send, db.engine, costs)
    review = answer_pages(browser, start(browser, f"{base}/s/{SHARED}"))
    assert urlsplit(review.url).path == "/answer/check"
    return costs


def assert_within_budget(costs: Costs) -> None:
    # Every question page of the demo's questionnaire was shown and saved.
    assert len(costs.statements["show page"]) >= 5
    assert len(costs.statements["save page"]) >= 5
    for step, most in BUDGET.items():
        assert max(costs.statements[step]) <= most, (step, costs.statements[step])


def drafts_answers(check: Round) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(Response)
            .where(Response.round_id == check.id, Response.status == ResponseStatus.DRAFT)
        )
        or 0
    )


def test_question_pages_stay_within_their_statements_over_http(
    app: Flask, open_round: Round
) -> None:
    session = requests.Session()
    session.trust_env = False  # never through a proxy from the environment
    with served(app) as base:
        costs = answer_everything(http_sender(session), base)
    assert_within_budget(costs)


def test_question_pages_stay_within_their_statements(app: Flask, open_round: Round) -> None:
    before = drafts_answers(open_round)
    costs = answer_everything(in_process_sender(app, "127.1.0.9"), "http://localhost")
    assert_within_budget(costs)
    # The saves counted really kept the answers given.
    assert drafts_answers(open_round) > before
