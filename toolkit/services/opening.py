"""Rounds open on their opening date by themselves, without anyone pressing a button.

Called before a page is drawn, so whoever looks first (a facilitator, or someone
arriving through the shared link) finds the round already open. Each opening is
noted in the audit log as done by the toolkit, and everyone on a repeating
check's list is emailed their link. Closing needs no such step here: a round past
its closing date already takes no answers (``answering.round_state``), and
``toolkit tick`` closes it for good.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from toolkit.services import outbox, standing_invitations
from toolkit.services.audit import record
from toolkit.storage.db import db
from toolkit.storage.models import Round, RoundStatus


def open_rounds_due(today: date) -> list[Round]:
    """Open every round still being set up whose dates include today, and return them."""
    due = db.session.scalars(
        select(Round).where(
            Round.status == RoundStatus.DRAFT, Round.opens_on <= today, Round.closes_on >= today
        )
    ).all()
    opened = []
    for found in due:
        # Only the request that really changes the row notes it, if two arrive at once.
        changed = db.session.execute(
            update(Round)
            .where(Round.id == found.id, Round.status == RoundStatus.DRAFT)
            .values(status=RoundStatus.OPEN)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount:  # type: ignore[attr-defined]
            db.session.refresh(found)
            record(
                "open round on its date", found.title, found.group.organisation_id, by_toolkit=True
            )
            standing_invitations.invite(found)
            opened.append(found)
    if opened:
        db.session.commit()
        outbox.send_waiting()
    return opened
