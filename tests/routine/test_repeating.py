"""Closing on the closing day, telling facilitators, and making the next round of a repeat."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.mailbox import SITE, Mailbox
from toolkit.services.demo import DEMO_EMAIL
from toolkit.services.routine import months_later
from toolkit.storage.db import db
from toolkit.storage.models import Account, Reminder, Round, RoundStatus


@pytest.fixture
def round_due_to_close(open_round: Round) -> Round:
    """The demo's open round, whose closing day was yesterday."""
    open_round.opens_on = date.today() - timedelta(days=20)
    open_round.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    return open_round


def test_tick_closes_a_round_after_its_closing_day_and_tells_its_facilitators(
    runner: FlaskCliRunner, round_due_to_close: Round, mailbox: Mailbox
) -> None:
    result = runner.invoke(args=["tick"])
    assert result.exit_code == 0, result.output
    assert "closed 1 round(s)" in result.output
    db.session.expire_all()
    assert db.session.get_one(Round, round_due_to_close.id).status is RoundStatus.CLOSED
    [notice] = mailbox.to(DEMO_EMAIL)
    assert notice["Subject"] == f"“{round_due_to_close.title}” has closed"
    assert f"{SITE}/rounds/{round_due_to_close.id}" in mailbox.text(notice)
    # Counts about respondents come only from the results model, never in an email.
    assert "answered" not in mailbox.text(notice)
    again = runner.invoke(args=["tick"])
    assert "closed 0 round(s)" in again.output
    assert len(mailbox.messages) == 1


def test_a_facilitator_is_told_in_the_language_they_sign_in_with(
    runner: FlaskCliRunner, round_due_to_close: Round, mailbox: Mailbox
) -> None:
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert account is not None
    account.language = "cy"
    db.session.commit()
    runner.invoke(args=["tick"])
    [notice] = mailbox.messages
    assert '<html lang="cy">' in mailbox.html(notice)


def test_a_repeating_check_gets_its_next_round_as_a_draft_once(
    facilitator: FlaskClient, round_due_to_close: Round, mailbox: Mailbox
) -> None:
    group = round_due_to_close.group
    saved = facilitator.post(f"/groups/{group.id}/repeat", data={"months": "3"})
    assert saved.status_code == 302
    assert "repeats every 3 months" in facilitator.get(f"/groups/{group.id}").text
    round_due_to_close.reminders.append(
        Reminder(send_on=round_due_to_close.opens_on + timedelta(days=5))
    )
    db.session.commit()
    facilitator.post(f"/rounds/{round_due_to_close.id}/stage/close")
    db.session.expire_all()
    following = db.session.scalar(
        select(Round).where(Round.repeats_round_id == round_due_to_close.id)
    )
    assert following is not None
    assert following.status is RoundStatus.DRAFT
    assert following.opens_on == months_later(round_due_to_close.opens_on, 3)
    assert following.closes_on == months_later(round_due_to_close.closes_on, 3)
    same = ("title", "threshold", "collect_comments", "perspective_keys", "retention_days")
    assert all(getattr(following, name) == getattr(round_due_to_close, name) for name in same)
    assert following.questionnaire_version_id == round_due_to_close.questionnaire_version_id
    assert [r.send_on for r in following.reminders] == [
        months_later(round_due_to_close.opens_on + timedelta(days=5), 3)
    ]
    subjects = [m["Subject"] for m in mailbox.to(DEMO_EMAIL)]
    assert f"The next check for {group.name} is ready" in subjects
    # Reopened and closed again: still one next round.
    facilitator.post(f"/rounds/{round_due_to_close.id}/stage/reopen")
    facilitator.post(f"/rounds/{round_due_to_close.id}/stage/close")
    repeats = db.session.scalars(
        select(Round).where(Round.repeats_round_id == round_due_to_close.id)
    ).all()
    assert len(repeats) == 1


def test_a_group_that_does_not_repeat_gets_no_next_round(
    facilitator: FlaskClient, round_due_to_close: Round
) -> None:
    facilitator.post(f"/rounds/{round_due_to_close.id}/stage/close")
    assert db.session.scalar(select(Round).where(Round.repeats_round_id.is_not(None))) is None


@pytest.mark.parametrize("typed", ["0", "25", "three", "2.5"])
def test_how_often_to_repeat_must_be_a_whole_number_of_months(
    facilitator: FlaskClient, open_round: Round, typed: str
) -> None:
    page = facilitator.post(f"/groups/{open_round.group_id}/repeat", data={"months": typed})
    assert page.status_code == 400
    assert "as a whole number from 1 to 24" in page.text
    assert f'value="{typed}"' in page.text


def test_an_empty_answer_stops_repeating(
    app: Flask, facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.group.repeat_months = 6
    db.session.commit()
    facilitator.post(f"/groups/{open_round.group_id}/repeat", data={"months": ""})
    db.session.expire_all()
    assert db.session.get_one(Round, open_round.id).group.repeat_months is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 5, 5), 12, date(2027, 5, 5)),
    ],
)
def test_months_later_keeps_the_day_or_takes_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert months_later(day, months) == expected


def test_the_worker_command_says_to_use_cron_without_redis(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "run `toolkit tick` from cron instead" in result.output
