"""Everything an organisation holds: exported as one JSON document, or deleted for good.

The export holds the organisation's own administrative records as they are
stored, but respondents' answers only as the archive holds them
(``toolkit.opendata.archive``): each round's standing release and the records
its row-level download holds, so that nothing in it joins a name, a personal
link, a date or a member organisation to anyone's answers. Invitations keep
their label, perspective and partner only: whether and when one was used
would say who answered.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import delete, inspect, select

from toolkit.opendata.archive import ADMIN, prepare_rounds, records, released
from toolkit.opendata.rounds import RoundExport
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AgreedAction,
    AuditEvent,
    Group,
    Invitation,
    Membership,
    Organisation,
    QuestionnaireChoice,
    QuestionnaireVersion,
    Round,
)

# Hashes of secrets are no use to anyone outside and would help an attacker.
LEFT_OUT = frozenset(
    {"password_hash", "token_hash", "resume_token_hash", "shared_token_hash", "shared_token"}
)


def row(record: Any) -> dict[str, Any]:
    """Return a record's stored columns as JSON-ready values."""
    values = {}
    for column in inspect(record).mapper.column_attrs:
        if column.key in LEFT_OUT:
            continue
        value = getattr(record, column.key)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date | datetime):
            value = value.isoformat()
        values[column.key] = value
    return values


def export_everything(organisation: Organisation) -> dict[str, Any]:
    """Return every record the organisation holds, nested as people would read it.

    Each round's release is logged as gone out and committed, as for the archive.
    """
    exports = prepare_rounds(organisation.groups, ADMIN)
    db.session.commit()
    memberships = db.session.scalars(
        select(Membership).where(Membership.organisation_id == organisation.id)
    )
    return {
        "organisation": row(organisation),
        "people": [
            {"name": m.account.name, "email": m.account.email, "role": m.role.value}
            for m in memberships
        ],
        "questionnaires": [
            row(v)
            for v in _all(
                QuestionnaireVersion, QuestionnaireVersion.organisation_id == organisation.id
            )
        ],
        # Questionnaires it hid, and versions it retired.
        "questionnaires_set_aside": [
            row(c)
            for c in _all(
                QuestionnaireChoice, QuestionnaireChoice.organisation_id == organisation.id
            )
        ],
        "groups": [_group(group, exports) for group in organisation.groups],
        "activity": [
            row(e) for e in _all(AuditEvent, AuditEvent.organisation_id == organisation.id)
        ],
    }


def _group(group: Group, exports: dict[int, RoundExport]) -> dict[str, Any]:
    return {
        **row(group),
        "perspectives": [row(p) for p in group.perspectives],
        "partners": [row(p) for p in group.partners],
        "people_to_invite": [row(p) for p in group.standing_invitations],
        "rounds": [_round(r, exports[r.id]) for r in group.rounds],
        "agreed_actions": [row(a) for a in _all(AgreedAction, AgreedAction.group_id == group.id)],
    }


def _round(round_: Round, export: RoundExport) -> dict[str, Any]:
    return {
        **row(round_),
        "invitations": [
            {"label": i.label, "perspective": i.perspective_key, "partner": i.partner_key}
            for i in _all(Invitation, Invitation.round_id == round_.id)
        ],
        "reminders": [row(r) for r in round_.reminders],
        **released(export),
        "responses": list(records(export)),
    }


def _all(model: Any, condition: Any) -> list[Any]:
    return list(db.session.scalars(select(model).where(condition).order_by(model.id)))


def delete_everything(organisation: Organisation) -> list[int]:
    """Delete the organisation, its data, and accounts left in no organisation.

    Returns the ids of the deleted accounts.
    """
    members = list(
        db.session.scalars(
            select(Membership.account_id).where(Membership.organisation_id == organisation.id)
        )
    )
    group_ids = select(Group.id).where(Group.organisation_id == organisation.id)
    # Rounds first: they hold on to questionnaire versions the organisation uploaded.
    db.session.execute(delete(Round).where(Round.group_id.in_(group_ids)))
    db.session.execute(delete(Organisation).where(Organisation.id == organisation.id))
    still_members = select(Membership.account_id)
    orphans = list(
        db.session.scalars(
            select(Account.id).where(Account.id.in_(members), Account.id.not_in(still_members))
        )
    )
    db.session.execute(delete(Account).where(Account.id.in_(orphans)))
    db.session.commit()
    db.session.expire_all()
    return orphans
