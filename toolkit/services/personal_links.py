"""Personal links: made one at a time for a round, and emailed to whoever holds them.

A facilitator makes links on the personal links page; a repeating check's list gets
them as each round opens. Both make and email them here, so a link and its email
are the same whichever way it came.
"""

from __future__ import annotations

from functools import partial

from toolkit.core.tokens import hash_token, new_token
from toolkit.services import letters, outbox
from toolkit.services.links import emailed_url
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, Invitation, Round


def new_link(
    round_: Round,
    perspective_key: str | None,
    partner_key: str | None,
    label: str = "",
    email: str | None = None,
    language: str | None = None,
) -> tuple[str, Invitation]:
    """Make a single-use link to answer the round; return its token and the stored link.

    Only the token's hash is stored, so the token is returned to be shown or sent
    now, or never. The caller flushes to give the link its id, and commits.
    """
    token = new_token()
    invitation = Invitation(
        round=round_,
        token_hash=hash_token(token),
        label=label,
        perspective_key=perspective_key,
        partner_key=partner_key,
        email=email,
        language=language,
    )
    db.session.add(invitation)
    return token, invitation


def email_link(
    round_: Round, token: str, to: str, language: str, stop: str, repeating: bool = False
) -> None:
    """Put an email with the personal link in the outbox; ``stop`` is its way out.

    ``repeating`` is for someone on a repeating check's list (see ``letters.answer_link``).
    The caller commits, then calls ``outbox.send_waiting``.
    """
    outbox.add(
        EmailKind.ANSWER_LINK,
        to,
        language,
        partial(
            letters.answer_link,
            round_.title,
            round_.group.name,
            round_.closes_on,
            emailed_url("respond.invitation_link", token=token),
            stop,
            repeating=repeating,
        ),
        organisation_id=round_.group.organisation_id,
        round_id=round_.id,
    )
