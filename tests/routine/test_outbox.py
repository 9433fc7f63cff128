"""Email that arrives: kept in the outbox until a real SMTP server has taken it."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.live import served
from tests.mailbox import SITE, Mailbox
from toolkit.services import letters, outbox
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import Email, EmailKind, EmailStatus, Round, RoundStatus


def password_email() -> Email:
    """A password link for the demo's facilitator, waiting in the outbox."""
    email = outbox.add(
        EmailKind.PASSWORD, DEMO_EMAIL, "en", lambda: letters.password(f"{SITE}/reset-password/x")
    )
    db.session.commit()
    return email


def test_a_password_link_arrives_in_welsh_with_a_text_and_an_html_part(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    with served(app) as address:
        request = urllib.request.Request(
            f"{address}/reset-password",
            data=urllib.parse.urlencode({"email": DEMO_EMAIL}).encode(),
            headers={"Accept-Language": "cy"},
        )
        page = urllib.request.urlopen(request, timeout=10).read().decode()
    assert 'lang="cy"' in page
    [message] = mailbox.messages
    assert message["To"] == DEMO_EMAIL
    assert message["Subject"] == "Dewiswch gyfrinair newydd"
    text, html = mailbox.text(message), mailbox.html(message)
    link = re.search(rf"{re.escape(SITE)}/reset-password/[\w-]+", text)
    assert link is not None
    assert f'href="{link.group(0)}"' in html
    assert '<html lang="cy">' in html
    assert "<" not in text


def test_an_email_the_server_turns_away_waits_and_is_tried_again_until_it_goes(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    mailbox.refuse_with = "451 4.3.0 Try again later"
    email = password_email()
    start = datetime.now()
    assert outbox.deliver_due(start) == 0
    assert (email.status, email.attempts) == (EmailStatus.WAITING, 1)
    assert email.next_attempt_at == start + timedelta(minutes=1)
    assert "Try again later" in email.problem
    # Not due again yet: nothing is sent, nothing counted.
    assert outbox.deliver_due(start + timedelta(seconds=30)) == 0
    assert email.attempts == 1
    later = start + timedelta(minutes=1)
    assert outbox.deliver_due(later) == 0
    assert email.next_attempt_at == later + timedelta(minutes=5)
    mailbox.refuse_with = None
    assert outbox.deliver_due(later + timedelta(minutes=5)) == 1
    assert [m["Subject"] for m in mailbox.messages] == ["Choose a new password"]
    assert email.status is EmailStatus.SENT


def test_a_sent_email_keeps_neither_its_address_nor_its_link(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    email = password_email()
    assert "/reset-password/x" in email.text_body
    outbox.deliver_due()
    assert email.status is EmailStatus.SENT
    assert (email.recipient, email.text_body, email.html_body) == ("", "", "")


def test_after_the_last_try_an_email_is_kept_as_failed_with_its_reason(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    mailbox.refuse_with = "451 4.3.0 Try again later"
    email = password_email()
    when = datetime.now()
    for _ in range(len(outbox.RETRY_DELAYS) + 1):
        outbox.deliver_due(when)
        when = email.next_attempt_at
    assert email.status is EmailStatus.FAILED
    assert email.attempts == len(outbox.RETRY_DELAYS) + 1
    assert email.recipient == DEMO_EMAIL and "/reset-password/x" in email.text_body
    assert "Try again later" in email.problem


def test_an_address_the_server_refuses_for_good_is_not_tried_again(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    mailbox.refuse_with = "550 5.1.1 No such mailbox"
    email = password_email()
    outbox.deliver_due()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 1)
    assert "No such mailbox" in email.problem


def test_an_email_claimed_by_one_sender_is_not_sent_by_another(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    email = password_email()
    now = datetime.now()
    # As a tick and a worker looking at once would: the first claim wins.
    db.session.execute(
        Email.__table__.update()
        .where(Email.id == email.id)
        .values(next_attempt_at=now + outbox.CLAIM)
    )
    db.session.commit()
    assert outbox.deliver_due(now) == 0
    assert mailbox.messages == []


@pytest.mark.parametrize(("failures", "wait"), [(1, 1), (2, 5), (3, 30), (4, 120), (5, 720)])
def test_each_failed_try_waits_longer_before_the_next(failures: int, wait: int) -> None:
    assert outbox.retry_delay(failures) == timedelta(minutes=wait)


def test_after_six_failed_tries_no_more_are_made() -> None:
    assert outbox.retry_delay(6) is None


def test_without_a_mail_server_nothing_is_kept_to_send(
    client: FlaskClient, demo_data: None, app: Flask
) -> None:
    client.post("/reset-password", data={"email": DEMO_EMAIL})
    assert db.session.scalars(select(Email)).all() == []


def test_deleting_an_organisation_deletes_the_emails_it_has_waiting(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    from toolkit.opendata.organisation_data import delete_everything
    from toolkit.storage.models import Organisation

    organisation = db.session.scalars(select(Organisation)).one()
    mailbox.refuse_with = "451 4.3.0 Try again later"
    outbox.add(
        EmailKind.JOIN,
        "new.hire@example.org",
        "en",
        lambda: letters.join(organisation.name, "viewer", f"{SITE}/invited/x"),
        organisation_id=organisation.id,
    )
    db.session.commit()
    outbox.deliver_due()
    delete_everything(organisation)
    assert db.session.scalars(select(Email)).all() == []


def test_once_the_mail_server_works_again_failed_emails_are_sent_by_email_retry(
    app: Flask, demo_data: None, mailbox: Mailbox
) -> None:
    runner = app.test_cli_runner()
    # Nothing else for the tick to do: the demo's open round is not due to close.
    for found in db.session.scalars(select(Round).where(Round.status == RoundStatus.OPEN)):
        found.closes_on = date.today() + timedelta(days=7)
    mailbox.refuse_with = "554 5.3.0 Mail server misconfigured"
    password_email()
    said = runner.invoke(args=["tick"]).output
    assert "1 email(s) could not be sent after every try" in said
    assert "toolkit email-retry" in said
    mailbox.refuse_with = None
    retried = runner.invoke(args=["email-retry"])
    assert "1 email(s) will be tried again." in retried.output
    assert [m["To"] for m in mailbox.messages] == [DEMO_EMAIL]
    assert "could not be sent" not in runner.invoke(args=["tick"]).output
