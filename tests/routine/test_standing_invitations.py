"""A repeating check's list of people: each new round invites them by itself.

A team sets its schedule and its list once; from then on each round closes, the
next one is made, opens on its day, invites everyone, reminds those who have not
answered and tells the facilitators it has closed, with nobody pressing anything.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.mailbox import SITE, Mailbox
from toolkit.services import routine
from toolkit.services.demo import DEMO_EMAIL
from toolkit.services.routine import months_later
from toolkit.storage.db import db
from toolkit.storage.models import (
    Group,
    Invitation,
    Reminder,
    Round,
    RoundStatus,
    StandingInvitation,
)

PEOPLE = "Asha, Community members, , asha@example.org\nBen, , , ben@example.org\n"
ANSWER_LINK = re.compile(rf"{re.escape(SITE)}/r/([\w-]+)")
STOP_LINK = re.compile(rf"{re.escape(SITE)}(/invitations/stop/[\w.-]+)")


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def keep(client: FlaskClient, group: Group, months: str, people: str) -> tuple[int, str]:
    page = client.post(
        f"/groups/{group.id}/repeat",
        data={"months": months, "people": people},
        follow_redirects=True,
    )
    return page.status_code, page.text


def listed(group: Group) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(StandingInvitation.email)
            .where(StandingInvitation.group_id == group.id)
            .order_by(StandingInvitation.email)
        )
    )


def the_next(found: Round) -> Round:
    db.session.expire_all()
    following = db.session.scalar(select(Round).where(Round.repeats_round_id == found.id))
    assert following is not None
    return following


def test_a_team_sets_its_schedule_once_and_each_check_runs_by_itself(
    app: Flask, facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    # Dated a month back, so that the next check is open today and people can answer it.
    today = date.today()
    open_round.opens_on = months_later(today - timedelta(days=5), -1)
    open_round.closes_on = months_later(today + timedelta(days=20), -1)
    open_round.reminders.append(Reminder(send_on=months_later(today + timedelta(days=3), -1)))
    db.session.commit()
    status, page = keep(facilitator, open_round.group, "1", PEOPLE)
    assert status == 200
    assert "2 people are invited by email to each new check." in page

    # Its closing day has passed: the tick closes it, tells the facilitators, makes the next
    # one and, as its opening day has come, opens it: everyone on the list gets a link.
    done = routine.tick(at(today))
    assert (done.closed, done.opened) == (1, 1)
    following = the_next(open_round)
    assert following.status is RoundStatus.OPEN
    subjects = [m["Subject"] for m in mailbox.to(DEMO_EMAIL)]
    assert f"“{open_round.title}” has closed" in subjects
    assert f"The next check for {open_round.group.name} is ready" in subjects
    [to_asha] = mailbox.to("asha@example.org")
    [to_ben] = mailbox.to("ben@example.org")
    assert to_asha["Subject"] == f"Your link to answer: {following.title}"
    assert "You are on the list of people invited each time" in mailbox.text(to_asha)
    assert STOP_LINK.search(mailbox.text(to_asha))
    asha = ANSWER_LINK.search(mailbox.text(to_asha))
    ben = ANSWER_LINK.search(mailbox.text(to_ben))
    assert asha and ben and asha.group(1) != ben.group(1)
    made = db.session.scalars(select(Invitation).where(Invitation.round_id == following.id)).all()
    # The links carry the perspective from the list, and never its labels.
    assert sorted((i.perspective_key or "", i.label) for i in made) == [
        ("", ""),
        ("community", ""),
    ]

    # Asha answers; on the reminder day only Ben is reminded.
    respondent = app.test_client()
    assert respondent.post(f"/r/{asha.group(1)}").status_code == 302
    [reminder_day] = [r.send_on for r in following.reminders]
    routine.tick(at(reminder_day))
    assert len(mailbox.to("asha@example.org")) == 1
    assert [m["Subject"] for m in mailbox.to("ben@example.org")][-1] == (
        f"A reminder: {following.title}"
    )

    # Its closing day passes: closed, facilitators told, and the one after made.
    routine.tick(at(following.closes_on + timedelta(days=1)))
    db.session.expire_all()
    assert db.session.get_one(Round, following.id).status is RoundStatus.CLOSED
    assert f"“{following.title}” has closed" in [m["Subject"] for m in mailbox.to(DEMO_EMAIL)]
    assert the_next(following).opens_on == months_later(following.opens_on, 1)
    # Nothing was sent twice, however often the tick runs.
    before = len(mailbox.messages)
    routine.tick(at(following.closes_on + timedelta(days=1)))
    assert len(mailbox.messages) == before


def test_opening_a_repeat_by_hand_invites_the_list_once(
    facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    keep(facilitator, open_round.group, "1", PEOPLE)
    facilitator.post(f"/rounds/{open_round.id}/stage/close")
    following = the_next(open_round)
    facilitator.post(f"/rounds/{following.id}/stage/open")
    assert sorted(m["To"] for m in mailbox.messages if "link to answer" in m["Subject"]) == [
        "asha@example.org",
        "ben@example.org",
    ]
    facilitator.post(f"/rounds/{following.id}/stage/close")
    facilitator.post(f"/rounds/{following.id}/stage/reopen")
    assert len(mailbox.to("asha@example.org")) == 1


def test_someone_can_take_themselves_off_the_list_from_their_invitation(
    app: Flask, facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    keep(facilitator, open_round.group, "1", PEOPLE)
    facilitator.post(f"/rounds/{open_round.id}/stage/close")
    following = the_next(open_round)
    facilitator.post(f"/rounds/{following.id}/stage/open")
    stop = STOP_LINK.search(mailbox.text(mailbox.to("ben@example.org")[0]))
    assert stop
    visitor = app.test_client()
    # A mail scanner opening the link stops nothing: it asks first.
    asked = visitor.get(stop.group(1))
    assert "Stop emails about these checks" in asked.text
    assert listed(open_round.group) == ["asha@example.org", "ben@example.org"]
    visitor.post(stop.group(1))
    assert listed(open_round.group) == ["asha@example.org"]
    addresses = db.session.scalars(
        select(Invitation.email).where(Invitation.round_id == following.id)
    ).all()
    assert "ben@example.org" not in addresses
    assert visitor.get(stop.group(1)[:-3] + "abc").status_code == 404


@pytest.mark.parametrize(
    ("months", "people", "says"),
    [
        ("3", "Asha, Community members\n", "Line 1: add an email address as the fourth column"),
        (
            "3",
            "Asha, , , asha@example.org\nA, , , ASHA@example.org\n",
            "Line 2: ASHA@example.org is already on line 1.",
        ),
        ("3", "Asha, Nobody, , asha@example.org\n", "Line 1: “Nobody” is not one of this"),
        ("", PEOPLE, "the list of people is kept only for a check that repeats"),
    ],
)
def test_a_list_that_cannot_be_kept_is_explained_and_nothing_is_lost(
    facilitator: FlaskClient,
    open_round: Round,
    mailbox: Mailbox,
    months: str,
    people: str,
    says: str,
) -> None:
    status, page = keep(facilitator, open_round.group, months, people)
    assert status == 400
    assert says in page
    assert people.splitlines()[0] in page
    assert listed(open_round.group) == []


def test_editing_the_list_keeps_who_stays_and_stopping_repeats_forgets_everyone(
    facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    group = open_round.group
    keep(facilitator, group, "3", PEOPLE)
    asha_entry = db.session.scalar(
        select(StandingInvitation.id).where(StandingInvitation.email == "asha@example.org")
    )
    shown = facilitator.get(f"/groups/{group.id}/repeat").text
    assert "Asha, Community members, , asha@example.org" in shown
    keep(facilitator, group, "3", "Asha, , , asha@example.org\nCara, , , cara@example.org\n")
    assert listed(group) == ["asha@example.org", "cara@example.org"]
    # Asha's entry is the same one, so the way out in an email already sent still works.
    assert asha_entry == db.session.scalar(
        select(StandingInvitation.id).where(StandingInvitation.email == "asha@example.org")
    )
    # The organisation's export of everything it holds includes the list.
    everything = facilitator.get(f"/organisations/{group.organisation_id}/export").json
    [exported] = [g for g in everything["groups"] if g["id"] == group.id]
    assert [p["email"] for p in exported["people_to_invite"]] == [
        "asha@example.org",
        "cara@example.org",
    ]
    status, _ = keep(facilitator, group, "", "")
    assert status == 200
    assert listed(group) == []


def test_without_a_mail_server_the_list_is_neither_offered_nor_lost(
    app: Flask, facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    keep(facilitator, open_round.group, "3", PEOPLE)
    app.config["SMTP_URL"] = ""
    page = facilitator.get(f"/groups/{open_round.group_id}/repeat").text
    assert "no mail server set up" in page
    assert "asha@example.org" not in page
    keep(facilitator, open_round.group, "6", "")
    assert listed(open_round.group) == ["asha@example.org", "ben@example.org"]
