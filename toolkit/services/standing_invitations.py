"""A repeating check's people: invited by email to each new round as it opens.

The facilitator keeps the list on the group. When a round opens, by itself on its
date or by a facilitator's hand, everyone on the list gets a fresh personal link by
email. The link knows only the address, and forgets it as any personal link does:
when it is first used, when reminders are stopped and when the round closes. So the
list says who is asked, never who answered. Anyone on it can take themselves off
from any invitation, without asking the facilitator.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from toolkit.core.rounds import RoundError
from toolkit.core.rounds.links import MAX_LINKS, LinkRequest, read_link_lines
from toolkit.services import outbox, reminders
from toolkit.services.links import emailed_url
from toolkit.services.personal_links import email_link, new_link
from toolkit.storage.db import db
from toolkit.storage.models import Group, Invitation, Round, StandingInvitation


def read_list(
    text: str, perspectives: dict[str, str], partners: dict[str, str]
) -> list[LinkRequest]:
    """Read the pasted list, one person a line, as the personal links page reads it.

    Every line needs an address, and each address may be there once. Raises
    RoundError naming the first line that cannot be kept.
    """
    wanted = read_link_lines(text, perspectives, partners)
    if len(wanted) > MAX_LINKS:
        raise RoundError(
            "Keep the list to %(most)d people or fewer; it has %(count)d.",
            most=MAX_LINKS,
            count=len(wanted),
        )
    seen: dict[str, int] = {}
    for person in wanted:
        if not person.email:
            raise RoundError(
                "Line %(line)d: add an email address as the fourth column, like "
                "“Sam, , , sam@example.org”. The list is only for sending links by email.",
                line=person.line,
            )
        address = person.email.lower()
        if address in seen:
            raise RoundError(
                "Line %(line)d: %(email)s is already on line %(first)d. "
                "Keep one line for each person.",
                line=person.line,
                email=person.email,
                first=seen[address],
            )
        seen[address] = person.line
    return wanted


def as_lines(group: Group) -> str:
    """Write the group's list back as the lines it was pasted as, for editing."""
    perspectives = {p.key: p.label for p in group.perspectives}
    partners = {p.key: p.name for p in group.partners}
    return "\n".join(
        ", ".join(
            (
                person.label,
                perspectives.get(person.perspective_key or "", ""),
                partners.get(person.partner_key or "", ""),
                person.email,
            )
        )
        for person in group.standing_invitations
    )


def keep_list(group: Group, wanted: list[LinkRequest], language: str) -> None:
    """Make the group's list the one given, keeping the entries of people still on it.

    Entries are updated in place, so a "take me off" link in an email already sent
    still finds its person after the facilitator edits the list.
    """
    kept = {person.email.lower(): person for person in group.standing_invitations}
    for person in wanted:
        entry = kept.pop(person.email.lower(), None) or StandingInvitation(group=group)
        entry.email = person.email
        entry.label = person.label
        entry.perspective_key = person.perspective_key
        entry.partner_key = person.partner_key
        entry.language = language
        db.session.add(entry)
    for gone in kept.values():
        db.session.delete(gone)


def invite(round_: Round) -> int:
    """Email a fresh personal link to everyone on the group's list; return how many.

    Called once, as the round opens. People the facilitator already emailed a
    link to for this round are not sent a second one. The caller commits, then
    calls ``outbox.send_waiting``.
    """
    people = round_.group.standing_invitations
    if not people or not outbox.can_send():
        return 0
    already = {
        address.lower()
        for address in db.session.scalars(
            select(Invitation.email).where(
                Invitation.round_id == round_.id, Invitation.email.is_not(None)
            )
        )
        if address
    }
    sent = 0
    for person in people:
        if person.email.lower() in already:
            continue
        token, invitation = new_link(
            round_,
            person.perspective_key,
            person.partner_key,
            email=person.email,
            language=person.language,
        )
        db.session.flush()
        stop = stop_url(invitation, person)
        email_link(round_, token, person.email, person.language, stop, repeating=True)
        sent += 1
    return sent


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="stop invitations")


def stop_url(invitation: Invitation, person: StandingInvitation) -> str:
    """Return the address that takes someone off the list and stops this round's reminders."""
    token = _signer().dumps([invitation.id, person.id])
    return emailed_url("routine.stop_invitations", token=token)


def read_stop(token: str) -> tuple[int, int] | None:
    """Return the (personal link, list entry) a stop link is for, or None when not ours."""
    try:
        invitation_id, person_id = _signer().loads(token)
        return int(invitation_id), int(person_id)
    except (BadSignature, TypeError, ValueError):
        return None


def stop(invitation_id: int, person_id: int) -> None:
    """Take someone off the list, and forget the address their current link keeps."""
    db.session.execute(delete(StandingInvitation).where(StandingInvitation.id == person_id))
    reminders.stop(invitation_id)
