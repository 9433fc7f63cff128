"""Reminders that name nobody: a fresh link to each unused personal link with an address.

The facilitator chooses the days; the toolkit sends them. Who was reminded is never
kept: a reminder day records only how many went, and the round page shows that
number only when it is k or more. An address is kept on a personal link only while
the link is unused, the round is open and its holder has not asked to stop.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import partial

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update

from toolkit.core.tokens import hash_token, new_token
from toolkit.services import letters, outbox
from toolkit.services.links import emailed_url
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, Invitation, Reminder, Round, RoundStatus

# Enough to catch people who meant to answer, few enough not to nag.
MOST_REMINDERS = 3


class Problem(StrEnum):
    """Why a reminder day cannot be planned; the page words each one."""

    TOO_MANY = "too many"
    SAME_DAY = "same day"
    PAST = "past"
    OUTSIDE = "outside"


def day_problem(
    day: date, today: date, opens_on: date, closes_on: date, planned: list[date]
) -> Problem | None:
    """Say why ``day`` cannot join a round's reminder days, or None when it can."""
    if len(planned) >= MOST_REMINDERS:
        return Problem.TOO_MANY
    if day in planned:
        return Problem.SAME_DAY
    if day <= today:
        return Problem.PAST
    if not opens_on < day <= closes_on:
        return Problem.OUTSIDE
    return None


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="stop reminders")


def stop_url(invitation: Invitation) -> str:
    """Return the address that stops reminders to this link's holder."""
    return emailed_url("routine.stop_reminders", token=_signer().dumps(invitation.id))


def invitation_of(token: str) -> int | None:
    """Return the personal link a stop link is for, or None when it is not one of ours."""
    try:
        return int(_signer().loads(token))
    except (BadSignature, TypeError, ValueError):
        return None


def stop(invitation_id: int) -> None:
    """Forget the address behind a personal link, so no more reminders go to it."""
    db.session.execute(
        update(Invitation).where(Invitation.id == invitation_id).values(email=None, language=None)
    )
    db.session.commit()


def forget_addresses(round_: Round) -> None:
    """Forget every address kept for a round's reminders: it has closed."""
    db.session.execute(
        update(Invitation).where(Invitation.round_id == round_.id).values(email=None, language=None)
    )


def send_due(today: date) -> int:
    """Send each reminder whose day has come, once; return how many emails it made."""
    due = db.session.scalars(
        select(Reminder.id)
        .join(Round, Reminder.round_id == Round.id)
        .where(
            Reminder.sent_on.is_(None),
            Reminder.send_on <= today,
            Round.status == RoundStatus.OPEN,
        )
    ).all()
    return sum(_send(reminder_id, today) for reminder_id in due)


def _send(reminder_id: int, today: date) -> int:
    # Claiming the day and writing its emails happen in one commit: sent once or not at all.
    claimed = db.session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.sent_on.is_(None))
        .values(sent_on=today)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        db.session.rollback()
        return 0
    reminder = db.session.get_one(Reminder, reminder_id)
    round_ = db.session.get_one(Round, reminder.round_id)
    waiting = db.session.scalars(
        select(Invitation).where(
            Invitation.round_id == round_.id,
            Invitation.token_hash.is_not(None),
            Invitation.email.is_not(None),
        )
    ).all()
    sent = 0
    for invitation in waiting:
        sent += _remind(round_, invitation)
    reminder.sent_to = sent
    db.session.commit()
    return sent


def _remind(round_: Round, invitation: Invitation) -> int:
    token = new_token()
    # The new link replaces the old one only if the old one is still unused this moment.
    replaced = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.token_hash == invitation.token_hash)
        .values(token_hash=hash_token(token))
    )
    if not replaced.rowcount or not invitation.email:  # type: ignore[attr-defined]
        return 0
    outbox.add(
        EmailKind.REMINDER,
        invitation.email,
        invitation.language or "en",
        partial(
            letters.reminder,
            round_.title,
            round_.group.name,
            round_.closes_on,
            emailed_url("respond.invitation_link", token=token),
            stop_url(invitation),
        ),
        organisation_id=round_.group.organisation_id,
        round_id=round_.id,
    )
    return 1
