"""The audit log: who did what to which record, and when.

Call ``record`` from a facilitator action before committing, e.g.
``record("closed round", round_.title, round_.group.organisation_id)``;
the event is saved with the action's own commit.
"""

from __future__ import annotations

from flask import current_app, has_request_context
from sqlalchemy import select

from toolkit.storage.db import db
from toolkit.storage.models import Account, AuditEvent

LATEST = 200
# Where the app keeps the function that returns the signed-in account.
SIGNED_IN = "toolkit.signed_in"


def record(
    action: str,
    target: str,
    organisation_id: int,
    account: Account | None = None,
    by_toolkit: bool = False,
) -> AuditEvent:
    """Note an action by the signed-in person (or ``account``, or the toolkit itself).

    ``by_toolkit`` marks what the toolkit did on its own, such as opening a round on
    its date, even while someone signed in happens to be looking.
    """
    if account is None and not by_toolkit:
        account = _signed_in()
    event = AuditEvent(
        organisation_id=organisation_id,
        account_id=account.id if account else None,
        who=account.name if account else "The toolkit",
        action=action[:60],
        target=target[:300],
    )
    db.session.add(event)
    return event


def latest_events(organisation_id: int, limit: int = LATEST) -> list[AuditEvent]:
    """Return an organisation's most recent events, newest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.organisation_id == organisation_id)
            .order_by(AuditEvent.happened_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def _signed_in() -> Account | None:
    # The web layer says who is signed in (``toolkit.web.register_blueprints``); the
    # toolkit's own commands and workers have no request, so nobody is.
    if not has_request_context():
        return None
    return current_app.extensions[SIGNED_IN]()  # type: ignore[no-any-return]
