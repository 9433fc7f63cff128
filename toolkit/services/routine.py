"""The work a check's routine needs, done by `toolkit tick` or the worker's scheduler.

Opening a round on its opening day (and inviting a repeating check's list),
closing it on its closing day, sending the reminders due, making the next round of
a repeating check and sending what waits in the outbox: each step can run again, or
twice at once, without doing anything twice.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import select

from toolkit.core.tokens import hash_token, new_token
from toolkit.services import letters, outbox, reminders
from toolkit.services.audit import record
from toolkit.services.letters import Letter
from toolkit.services.links import emailed_url
from toolkit.services.opening import open_rounds_due
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, Membership, Reminder, Role, Round, RoundStatus

# With Redis, the worker's scheduler runs the tick this often.
EVERY = timedelta(minutes=5)
TICK_JOB = "toolkit-tick"
# Named, not imported: the job opens the app, which sits above this layer.
TICK_JOB_FUNCTION = "toolkit.jobs.tick"


@dataclass(frozen=True)
class Tick:
    opened: int
    closed: int
    reminders: int
    sent: int
    failed: int

    def __str__(self) -> str:
        said = (
            f"Opened {self.opened} round(s) on their opening day; closed {self.closed} "
            f"round(s) on their closing day; wrote {self.reminders} reminder(s); sent "
            f"{self.sent} email(s)."
        )
        if self.failed:
            said += (
                f" {self.failed} email(s) could not be sent after every try; once the mail "
                "server works, run `toolkit email-retry`."
            )
        return said


def months_later(day: date, months: int) -> date:
    """Return the same day ``months`` months on, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def close(round_: Round) -> None:
    """Close a round: forget reminder addresses, tell facilitators, make the next repeat.

    The caller has moved the round to closed and commits afterwards.
    """
    reminders.forget_addresses(round_)
    following = _repeat(round_)
    if not outbox.can_send():
        return
    _tell_facilitators(
        round_,
        EmailKind.ROUND_CLOSED,
        partial(
            letters.round_closed,
            round_.title,
            round_.group.name,
            emailed_url("rounds.show", round_id=round_.id),
        ),
    )
    if following is not None:
        _tell_facilitators(
            following,
            EmailKind.NEXT_ROUND,
            partial(
                letters.next_round,
                following.title,
                following.group.name,
                following.opens_on,
                following.closes_on,
                bool(following.group.standing_invitations),
                emailed_url("rounds.show", round_id=following.id),
            ),
        )


def _repeat(round_: Round) -> Round | None:
    """Make the group's next round as a draft, once; return it when made now."""
    months = round_.group.repeat_months
    already = db.session.scalar(select(Round.id).where(Round.repeats_round_id == round_.id))
    if not months or already is not None:
        return None
    token = new_token()
    following = Round(
        group=round_.group,
        questionnaire_version=round_.questionnaire_version,
        title=round_.title,
        opens_on=months_later(round_.opens_on, months),
        closes_on=months_later(round_.closes_on, months),
        threshold=round_.threshold,
        collect_comments=round_.collect_comments,
        anonymous=round_.anonymous,
        perspective_keys=round_.perspective_keys,
        retention_days=round_.retention_days,
        shared_token=token,
        shared_token_hash=hash_token(token),
        repeats_round_id=round_.id,
        reminders=[
            Reminder(send_on=months_later(reminder.send_on, months))
            for reminder in round_.reminders
        ],
    )
    db.session.add(following)
    db.session.flush()
    record("made the next round", following.title, round_.group.organisation_id)
    return following


def _tell_facilitators(round_: Round, kind: EmailKind, write: Callable[[], Letter]) -> None:
    members = db.session.scalars(
        select(Membership).where(
            Membership.organisation_id == round_.group.organisation_id,
            Membership.role.in_((Role.ADMIN, Role.FACILITATOR)),
        )
    ).all()
    for member in members:
        if member.account.is_active:
            outbox.add(
                kind,
                member.account.email,
                member.account.language or "en",
                write,
                organisation_id=round_.group.organisation_id,
                round_id=round_.id,
            )


def close_due(today: date) -> int:
    """Close every open round whose closing day has passed; return how many."""
    due = db.session.scalars(
        select(Round).where(Round.status == RoundStatus.OPEN, Round.closes_on < today)
    ).all()
    for round_ in due:
        round_.status = RoundStatus.CLOSED
        record("close round (its closing day passed)", round_.title, round_.group.organisation_id)
        close(round_)
        db.session.commit()
    return len(due)


def tick(now: datetime | None = None) -> Tick:
    """Do everything that has come due."""
    now = now or datetime.now()
    closed = close_due(now.date())
    # After closing, so that a next round already due opens in the same tick.
    opened = len(open_rounds_due(now.date()))
    # Without a mail server a reminder would replace links it cannot deliver: wait for one.
    reminded = reminders.send_due(now.date()) if outbox.can_send() else 0
    # Emails written just now are due now, even when `now` was given a little earlier.
    sent = outbox.deliver_due(max(now, datetime.now())) if outbox.can_send() else 0
    return Tick(opened, closed, reminded, sent, outbox.failed_count())


def tick_and_again() -> None:
    """Run the tick, then ask the worker's scheduler to run it again."""
    try:
        tick()
    finally:
        schedule_ticks(current_app.config["REDIS_URL"], EVERY)


def schedule_ticks(redis_url: str, wait: timedelta) -> None:
    """Have the RQ worker's scheduler run the tick after ``wait``; one such job at a time."""
    from redis import Redis
    from rq import Queue

    queue = Queue(outbox.QUEUE, connection=Redis.from_url(redis_url))
    queue.enqueue_in(wait, TICK_JOB_FUNCTION, job_id=TICK_JOB)
