"""Reminders that name nobody: a fresh link to each unused emailed link, on the days chosen."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.mailbox import SITE, Mailbox
from tests.rounds.test_invitations import make_links
from toolkit.core.tokens import hash_token
from toolkit.services import reminders, routine
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, Invitation, Reminder, Round

LINES = (
    "Asha, Community members, , asha@example.org\n"
    "Ben, Commissioners, , ben@example.org\n"
    "Cara, Commissioners\n"
)
ANSWER_LINK = re.compile(rf"{re.escape(SITE)}/r/([\w-]+)")
STOP_LINK = re.compile(rf"{re.escape(SITE)}(/reminders/stop/[\w.-]+)")


@pytest.fixture
def round_open_now(open_round: Round) -> Round:
    """The demo's open round, open from a week ago for another fortnight."""
    open_round.opens_on = date.today() - timedelta(days=7)
    open_round.closes_on = date.today() + timedelta(days=14)
    db.session.commit()
    return open_round


def addresses_kept(found: Round) -> list[str | None]:
    """The addresses a round's personal links keep, as the next request would read them."""
    db.session.expire_all()
    return list(db.session.scalars(select(Invitation.email).where(Invitation.round_id == found.id)))


def link_hashes(found: Round) -> set[str | None]:
    db.session.expire_all()
    return set(
        db.session.scalars(select(Invitation.token_hash).where(Invitation.round_id == found.id))
    )


def plan_day(client: FlaskClient, found: Round, day: date) -> str:
    page = client.post(
        f"/rounds/{found.id}/reminders",
        data={"day_day": day.day, "day_month": day.month, "day_year": day.year},
        follow_redirects=True,
    )
    return page.text


def test_a_reminder_goes_on_its_day_only_to_unused_emailed_links_with_a_fresh_link(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    assert sorted(m["To"] for m in mailbox.messages) == ["asha@example.org", "ben@example.org"]
    asha_link = ANSWER_LINK.search(mailbox.text(mailbox.to("asha@example.org")[0]))
    ben_link = ANSWER_LINK.search(mailbox.text(mailbox.to("ben@example.org")[0]))
    assert asha_link and ben_link
    # Asha starts answering: her link is used, and her address forgotten with it.
    respondent = app.test_client()
    assert respondent.post(f"/r/{asha_link.group(1)}").status_code == 302
    day = date.today() + timedelta(days=3)
    assert "A reminder is planned for that day." in plan_day(facilitator, round_open_now, day)

    routine.tick(datetime.combine(day - timedelta(days=1), datetime.min.time()))
    assert len(mailbox.messages) == 2
    routine.tick(datetime.combine(day, datetime.min.time()))

    [reminder] = [m for m in mailbox.messages[2:]]
    assert reminder["To"] == "ben@example.org"
    assert reminder["Subject"] == f"A reminder: {round_open_now.title}"
    fresh = ANSWER_LINK.search(mailbox.text(reminder))
    assert fresh and fresh.group(1) != ben_link.group(1)
    assert STOP_LINK.search(mailbox.text(reminder))
    assert app.test_client().get(f"/r/{ben_link.group(1)}").status_code == 404
    assert app.test_client().get(f"/r/{fresh.group(1)}").status_code == 200
    # The day counts one reminder, which the facilitator sees only as "fewer than k".
    page = facilitator.get(f"/rounds/{round_open_now.id}/reminders").text
    assert "Sent to fewer than 5 people" in page
    assert "ben@example.org" not in page


def test_a_reminder_day_is_sent_once_however_often_the_tick_runs(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    day = date.today() + timedelta(days=2)
    plan_day(facilitator, round_open_now, day)
    for hour in (0, 1, 2):
        routine.tick(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))
    reminded = [m for m in mailbox.messages if m["Subject"].startswith("A reminder")]
    assert sorted(m["To"] for m in reminded) == ["asha@example.org", "ben@example.org"]


def test_the_stop_link_asks_first_then_forgets_the_address_and_no_reminder_follows(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    stop = STOP_LINK.search(mailbox.text(mailbox.to("ben@example.org")[0]))
    assert stop
    respondent = app.test_client()
    # Opening the link (as a mail scanner would) stops nothing.
    asked = respondent.get(stop.group(1))
    assert "You will get no more reminders about this check" in asked.text
    emails = addresses_kept(round_open_now)
    assert "ben@example.org" in emails
    stopped = respondent.post(stop.group(1))
    assert "We have forgotten the email address" in stopped.text
    emails = addresses_kept(round_open_now)
    assert "ben@example.org" not in emails
    day = date.today() + timedelta(days=2)
    plan_day(facilitator, round_open_now, day)
    routine.tick(datetime.combine(day, datetime.min.time()))
    assert [m["To"] for m in mailbox.messages[2:]] == ["asha@example.org"]


def test_a_stop_link_that_was_tampered_with_is_refused(app: Flask, demo_data: None) -> None:
    page = app.test_client().get("/reminders/stop/not-one-of-ours")
    assert page.status_code == 404
    assert "This link does not work" in page.text


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (0, "Choose a day after today for the reminder."),
        (30, "Choose a day after the check opens and no later than the day it closes."),
    ],
)
def test_a_reminder_day_outside_the_round_is_explained_and_kept(
    facilitator: FlaskClient, round_open_now: Round, offset: int, message: str
) -> None:
    day = date.today() + timedelta(days=offset)
    page = facilitator.post(
        f"/rounds/{round_open_now.id}/reminders",
        data={"day_day": day.day, "day_month": day.month, "day_year": day.year},
    )
    assert page.status_code == 400
    assert message in page.text
    assert f'value="{day.year}"' in page.text
    assert db.session.scalar(select(Reminder)) is None


def test_a_round_has_at_most_three_reminder_days(
    facilitator: FlaskClient, round_open_now: Round
) -> None:
    for days in (1, 2, 3):
        plan_day(facilitator, round_open_now, date.today() + timedelta(days=days))
    page = plan_day(facilitator, round_open_now, date.today() + timedelta(days=4))
    assert "A check can have up to 3 reminders" in page
    assert len(round_open_now.reminders) == 3


def test_closing_a_round_forgets_every_address_kept_for_reminders(
    facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    facilitator.post(f"/rounds/{round_open_now.id}/stage/close")
    emails = addresses_kept(round_open_now)
    assert set(emails) == {None}


def test_a_used_link_keeps_no_address(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    token = ANSWER_LINK.search(mailbox.text(mailbox.to("asha@example.org")[0]))
    assert token
    app.test_client().post(f"/r/{token.group(1)}")
    addresses = addresses_kept(round_open_now)
    assert "asha@example.org" not in addresses
    assert (
        db.session.scalar(
            select(Invitation).where(Invitation.token_hash == hash_token(token.group(1)))
        )
        is None
    )


@pytest.mark.parametrize(
    ("planned", "day", "problem"),
    [
        ([], date(2027, 3, 10), None),
        ([date(2027, 3, 10)], date(2027, 3, 10), reminders.Problem.SAME_DAY),
        ([date(2027, 3, d) for d in (5, 6, 7)], date(2027, 3, 10), reminders.Problem.TOO_MANY),
        ([], date(2027, 3, 1), reminders.Problem.PAST),
        ([], date(2027, 3, 2), reminders.Problem.OUTSIDE),
        ([], date(2027, 4, 1), reminders.Problem.OUTSIDE),
    ],
)
def test_which_reminder_days_can_be_planned(
    planned: list[date], day: date, problem: reminders.Problem | None
) -> None:
    today, opens, closes = date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 31)
    assert reminders.day_problem(day, today, opens, closes, planned) is problem


def test_reminders_are_kept_in_the_outbox_as_reminders_for_their_round(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    from toolkit.storage.models import Email

    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    day = date.today() + timedelta(days=1)
    plan_day(facilitator, round_open_now, day)
    routine.tick(datetime.combine(day, datetime.min.time()))
    kinds = db.session.scalars(
        select(Email.kind).where(Email.round_id == round_open_now.id).order_by(Email.id)
    ).all()
    assert kinds.count(EmailKind.ANSWER_LINK) == 2
    assert kinds.count(EmailKind.REMINDER) == 2


def test_a_reminder_day_that_is_not_a_date_is_explained(
    facilitator: FlaskClient, round_open_now: Round
) -> None:
    page = facilitator.post(
        f"/rounds/{round_open_now.id}/reminders",
        data={"day_day": "31", "day_month": "2", "day_year": "2027"},
    )
    assert page.status_code == 400
    assert "Enter the reminder day as a day, month and year" in page.text
    assert 'value="31"' in page.text


def test_without_a_mail_server_no_reminder_replaces_a_link_and_the_page_says_why(
    app: Flask, facilitator: FlaskClient, round_open_now: Round, mailbox: Mailbox
) -> None:
    make_links(facilitator, round_open_now, lines=LINES, send_email="y")
    hashes = link_hashes(round_open_now)
    day = date.today() + timedelta(days=1)
    plan_day(facilitator, round_open_now, day)
    app.config["SMTP_URL"] = None
    routine.tick(datetime.combine(day, datetime.min.time()))
    assert link_hashes(round_open_now) == hashes
    assert db.session.scalar(select(Reminder.sent_on)) is None
    page = facilitator.get(f"/rounds/{round_open_now.id}/reminders").text
    assert "Sending email is not set up on this toolkit" in page
