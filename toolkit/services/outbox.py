"""The outbox: every email is stored first, then sent, and retried until it goes.

Sending happens on an RQ worker when ``REDIS_URL`` is set and in this process
otherwise; either way an email that fails stays waiting with its next try, which
``toolkit tick`` (or the worker's scheduler) picks up, so nothing is lost.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update

from toolkit.services.letters import Letter
from toolkit.services.mail import send_mail
from toolkit.storage.db import count_rows, db
from toolkit.storage.models import Email, EmailKind, EmailStatus

if TYPE_CHECKING:
    from rq import Queue

QUEUE = "email"
# Named, not imported: the job opens the app, which sits above this layer.
DELIVER_JOB = "toolkit.jobs.deliver_emails"
# Waits after the first, second, ... failed try; after the last, the email is kept as failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
# Long enough for one send: another process leaves an email it sees claimed alone this long.
CLAIM = timedelta(minutes=10)


def retry_delay(failures: int) -> timedelta | None:
    """Return how long to wait after this many failed tries, or None to stop trying."""
    return RETRY_DELAYS[failures - 1] if 1 <= failures <= len(RETRY_DELAYS) else None


def can_send() -> bool:
    """Say whether this toolkit has a mail server to send through."""
    return bool(current_app.config.get("SMTP_URL"))


def add(
    kind: EmailKind,
    to: str,
    language: str,
    write: Callable[[], Letter],
    organisation_id: int | None = None,
    round_id: int | None = None,
) -> Email:
    """Write an email in the given language and keep it in the outbox.

    ``write`` is called with that language in force. The caller commits, then calls
    ``send_waiting``.
    """
    with force_locale(language):
        letter = write()
        email = Email(
            kind=kind,
            organisation_id=organisation_id,
            round_id=round_id,
            recipient=to,
            subject=letter.subject,
            text_body=render_template("email/letter.txt", letter=letter),
            html_body=render_template("email/letter.html", letter=letter, language=language),
            next_attempt_at=datetime.now(),
            created_at=datetime.now(),
        )
    db.session.add(email)
    return email


def send_waiting() -> None:
    """Send every email that is due: on a worker with Redis, here and now without."""
    if not can_send():
        return
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        _queue(redis_url).enqueue(DELIVER_JOB)
    else:
        deliver_due()


def failed_count() -> int:
    """Return how many emails every try failed for."""
    return count_rows(Email, Email.status == EmailStatus.FAILED)


def try_failed_again(now: datetime | None = None) -> int:
    """Put every failed email back in the queue with a fresh set of tries; return how many."""
    moved = db.session.execute(
        update(Email)
        .where(Email.status == EmailStatus.FAILED)
        .values(status=EmailStatus.WAITING, attempts=0, next_attempt_at=now or datetime.now())
    )
    db.session.commit()
    return int(moved.rowcount or 0)  # type: ignore[attr-defined]


def deliver_due(now: datetime | None = None) -> int:
    """Try every email that is due once; return how many went."""
    now = now or datetime.now()
    due = db.session.scalars(
        select(Email.id)
        .where(Email.status == EmailStatus.WAITING, Email.next_attempt_at <= now)
        .order_by(Email.id)
    ).all()
    return sum(_deliver(email_id, now) for email_id in due)


def _deliver(email_id: int, now: datetime) -> bool:
    # Claim it first, so a tick and a worker running together never send it twice.
    claimed = db.session.execute(
        update(Email)
        .where(
            Email.id == email_id,
            Email.status == EmailStatus.WAITING,
            Email.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + CLAIM)
    )
    db.session.commit()
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return False
    email = db.session.get_one(Email, email_id)
    try:
        send_mail(
            current_app.config["SMTP_URL"],
            current_app.config["MAIL_FROM"],
            email.recipient,
            email.subject,
            email.text_body,
            email.html_body,
        )
    except (OSError, smtplib.SMTPException) as error:
        _failed(email, error, now)
        db.session.commit()
        return False
    email.status = EmailStatus.SENT
    email.sent_at = now
    # Sent: keep that it went, not where to or the link it carried.
    email.recipient = email.text_body = email.html_body = ""
    email.problem = ""
    db.session.commit()
    return True


def _failed(email: Email, error: Exception, now: datetime) -> None:
    email.attempts += 1
    email.problem = f"{type(error).__name__}: {error}"[:500]
    # A 5xx reply means the server will never take it (a mistyped address, say).
    refused_for_good = isinstance(error, smtplib.SMTPResponseException) and (
        500 <= error.smtp_code < 600
    )
    delay = None if refused_for_good else retry_delay(email.attempts)
    if delay is None:
        email.status = EmailStatus.FAILED
        return
    email.next_attempt_at = now + delay
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        _queue(redis_url).enqueue_at(email.next_attempt_at, DELIVER_JOB)


def _queue(redis_url: str) -> Queue:
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(redis_url))
