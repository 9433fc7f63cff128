"""Nothing is kept in process memory between requests.

Two app instances share one database and one secret key, like two workers or
two hosts behind a load balancer; every request of a respondent's journey,
every redirect included, goes to the other instance than the last one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import cycle

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from bench.respondent import Page, answer_pages, finish, resume_link, start, submit_form
from toolkit import create_app
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Response, ResponseStatus, Round, RoundStatus

SHARED = "two-instances-token"
MOST_REDIRECTS = 5


class Alternating:
    """A browser whose every request goes to the next instance in turn, cookies carried over."""

    def __init__(self, apps: list[Flask]) -> None:
        self.clients = cycle([app.test_client() for app in apps])
        self.cookies: dict[str, str] = {}
        self.instances_used: list[int] = []

    def get(self, url: str) -> Page:
        return self._send("GET", url, None)

    def post(self, url: str, data: list[tuple[str, str]]) -> Page:
        return self._send("POST", url, data)

    def _send(self, method: str, url: str, data: list[tuple[str, str]] | None) -> Page:
        for _ in range(MOST_REDIRECTS):
            client = next(self.clients)
            self.instances_used.append(id(client.application))
            for name, value in self.cookies.items():
                client.set_cookie(name, value)
            reply = client.open(url, method=method, data=MultiDict(data or []))
            for name in {*self.cookies, "session"}:
                cookie = client.get_cookie(name)
                if cookie is not None:
                    self.cookies[name] = cookie.value
            if reply.status_code not in {301, 302, 303}:
                return Page(url, reply.status_code, reply.get_data(as_text=True))
            method, data, url = "GET", None, reply.headers["Location"]
        raise AssertionError(f"more than {MOST_REDIRECTS} redirects from {url}")


@pytest.fixture
def two_instances(app: Flask, demo_data: None) -> Iterator[list[Flask]]:
    """The demo with a known link on its open round, served by two separate app objects."""
    open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert open_round is not None
    open_round.shared_token_hash = hash_token(SHARED)
    open_round.opens_on = date.today() - timedelta(days=7)
    open_round.closes_on = date.today() + timedelta(days=14)
    db.session.commit()
    # CSRF on: its token lives in the signed session, so it must survive the hop too.
    settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    instances = [create_app(settings), create_app(settings)]
    yield instances
    for instance in instances:
        with instance.app_context():
            db.engine.dispose()


def sent_count() -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.status == ResponseStatus.SUBMITTED)
    )


def test_a_journey_works_when_every_request_goes_to_another_instance(
    two_instances: list[Flask],
) -> None:
    before = sent_count()
    phone = Alternating(two_instances)
    first_page = start(phone, f"/s/{SHARED}")
    after_first = submit_form(phone, first_page)

    laptop = Alternating(list(reversed(two_instances)))
    thanks = finish(laptop, laptop.get(resume_link(after_first)))

    assert "Thank you" in thanks.html
    assert sent_count() == before + 1
    assert len(set(phone.instances_used)) == len(set(laptop.instances_used)) == 2


def test_sending_twice_through_two_instances_records_one_response(
    two_instances: list[Flask],
) -> None:
    before = sent_count()
    phone = Alternating(two_instances)
    review = answer_pages(phone, start(phone, f"/s/{SHARED}"))
    submit_form(phone, review)
    again = submit_form(phone, review)

    assert again.status == 200 and "Thank you" in again.html
    assert sent_count() == before + 1
