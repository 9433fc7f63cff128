"""What each email says, in whichever language is in force when it is written.

Each email is a letter: a few paragraphs, one link to act on, and what to do if
it was not expected. templates/email/letter.txt and letter.html lay the same
letter out as plain text and as HTML, so the two parts always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _


@dataclass(frozen=True)
class Letter:
    subject: str
    paragraphs: tuple[str, ...]
    link_text: str
    link: str
    afterwards: tuple[str, ...] = ()
    # A way to stop reminders, as (words, address).
    stop: tuple[str, str] | None = None


def _day(day: date) -> str:
    return format_date(day, "d MMMM yyyy")


def answer_link(
    check: str, group: str, closes_on: date, link: str, stop: str, repeating: bool = False
) -> Letter:
    """Invite someone to answer a check through their personal link.

    ``repeating`` is for someone on a repeating check's list: the way out then
    takes them off the list as well as stopping this check's reminders.
    """
    afterwards: tuple[str, ...] = (
        _("This link is yours alone and starts one set of answers. Please do not pass it on."),
    )
    if repeating:
        afterwards += (
            _(
                "You are on the list of people invited each time %(group)s repeats this "
                "check. You can take yourself off it at any time.",
                group=group,
            ),
        )
    return Letter(
        subject=_("Your link to answer: %(round)s", round=check),
        paragraphs=(
            _(
                "You are invited to answer “%(round)s” for %(group)s. It takes a few minutes. "
                "Your answers are for learning together, not for scoring.",
                round=check,
                group=group,
            ),
            _("The check is open until %(day)s.", day=_day(closes_on)),
        ),
        link_text=_("Answer the check"),
        link=link,
        afterwards=afterwards,
        stop=(
            _("Stop emails about this group's checks")
            if repeating
            else _("Stop reminders about this check"),
            stop,
        ),
    )


def reminder(check: str, group: str, closes_on: date, link: str, stop: str) -> Letter:
    """Remind someone whose personal link is not used yet, with a fresh link."""
    return Letter(
        subject=_("A reminder: %(round)s", round=check),
        paragraphs=(
            _(
                "There is still time to answer “%(round)s” for %(group)s, until %(day)s. "
                "Every view helps the group learn, and nobody sees who said what.",
                round=check,
                group=group,
                day=_day(closes_on),
            ),
            _("This link replaces the one we sent you before, which no longer works."),
        ),
        link_text=_("Answer the check"),
        link=link,
        afterwards=(
            _("You are getting this because your link has not been used yet. Nobody is told."),
        ),
        stop=(_("Stop reminders about this check"), stop),
    )


def join(organisation: str, role: str, link: str) -> Letter:
    """Invite someone to join an organisation."""
    return Letter(
        subject=_("You are invited to join %(org)s", org=organisation),
        paragraphs=(
            _(
                "You are invited to join %(org)s on the relationship standards toolkit, "
                "as %(role)s.",
                org=organisation,
                role=role,
            ),
            _(
                "Open this link within a week to accept. If you already have an account, sign "
                "in with this email address when asked; if not, you will choose a password."
            ),
        ),
        link_text=_("Accept the invitation"),
        link=link,
        afterwards=(
            _(
                "If you were not expecting this, ignore this email: nothing changes unless "
                "you accept."
            ),
        ),
    )


def password(link: str) -> Letter:
    """Send a link to choose a new password."""
    return Letter(
        subject=_("Choose a new password"),
        paragraphs=(
            _(
                "Someone asked to reset the password of your toolkit account. To choose a new "
                "password, open this link within an hour."
            ),
        ),
        link_text=_("Choose a new password"),
        link=link,
        afterwards=(_("If it was not you, ignore this email; your password stays as it is."),),
    )


def round_closed(check: str, group: str, link: str) -> Letter:
    """Tell facilitators a check has closed and its results can be looked at and shared."""
    return Letter(
        subject=_("“%(round)s” has closed", round=check),
        paragraphs=(
            _("“%(round)s” for %(group)s has closed.", round=check, group=group),
            _(
                "Its results are ready for you to look at. When you are ready, share them "
                "with everyone who took part, so they can see their voices were heard."
            ),
        ),
        link_text=_("See the check"),
        link=link,
    )


def next_round(
    check: str, group: str, opens_on: date, closes_on: date, invites_list: bool, link: str
) -> Letter:
    """Tell facilitators the next repeat of a check is ready as a draft."""
    opening = _(
        "It opens by itself on its opening day. Look it over before then: you can change "
        "its dates and settings, or make links for anyone new."
    )
    if invites_list:
        opening += " " + _(
            "When it opens, everyone on your list of people to invite gets their own link by email."
        )
    return Letter(
        subject=_("The next check for %(group)s is ready", group=group),
        paragraphs=(
            _(
                "%(group)s repeats its check, so the next one, “%(round)s”, is ready as a "
                "draft: from %(opens)s to %(closes)s, with the same settings as the last.",
                group=group,
                round=check,
                opens=_day(opens_on),
                closes=_day(closes_on),
            ),
            opening,
        ),
        link_text=_("See the next check"),
        link=link,
    )
