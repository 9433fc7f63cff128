"""Deciding together: a dimension at a time, the room's answers, and what the team agreed."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from toolkit.reports.subjects import report_results, report_subject
from toolkit.services.demo import DEMO_EMAIL
from toolkit.services.readers import Reader, ReaderKind
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AgreedStatus,
    AuditEvent,
    Group,
    Role,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import questionnaire_of


def dimensions(found: Round) -> list[str]:
    return [d.key for d in questionnaire_of(found.questionnaire_version).dimensions]


def closed(team: Group) -> Round:
    return next(r for r in reversed(team.rounds) if r.status is RoundStatus.CLOSED)


def agreed(found: Round) -> dict[str, tuple[str, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(AgreedStatus).where(AgreedStatus.round_id == found.id))
    return {r.dimension_key: (r.status, r.note) for r in rows}


def test_the_first_step_opens_the_first_dimension(facilitator: FlaskClient, team: Group) -> None:
    check = closed(team)
    response = facilitator.get(f"/rounds/{check.id}/agree")
    assert response.location == f"/rounds/{check.id}/agree/{dimensions(check)[0]}"


def test_the_team_records_a_status_and_a_note_then_moves_on(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    first, second = dimensions(check)[:2]
    page = facilitator.get(f"/rounds/{check.id}/agree/{first}").text
    assert "What the room answered" in page and "We did not reach agreement" in page
    assert "Next dimension:" in page and "Previous dimension:" not in page

    response = facilitator.post(
        f"/rounds/{check.id}/agree/{first}", data={"status": "4", "note": "Most of us, most days."}
    )
    assert response.location == f"/rounds/{check.id}/agree/{second}"
    assert agreed(check) == {first: ("4", "Most of us, most days.")}
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert "recorded what the team agreed" in events

    facilitator.post(f"/rounds/{check.id}/agree/{first}", data={"status": "no-agreement"})
    assert agreed(check) == {first: ("no-agreement", "")}
    page = facilitator.get(f"/rounds/{check.id}/agree/{first}").text
    assert re.search(r'value="no-agreement" checked', page)


def test_what_was_agreed_shows_beside_its_dimension_on_the_results_page(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    first = dimensions(check)[0]
    facilitator.post(
        f"/rounds/{check.id}/agree/{first}", data={"status": "4", "note": "Most of us, most days."}
    )
    page = facilitator.get(f"/rounds/{check.id}/results").text
    assert "Agreed in the room: Agree" in page or "Agreed in the room: Often" in page
    assert "— Most of us, most days." in page
    assert "Change what the team agreed about" in page


def test_a_status_the_scale_does_not_offer_and_a_long_note_are_refused(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    first = dimensions(check)[0]
    page = facilitator.post(
        f"/rounds/{check.id}/agree/{first}", data={"status": "excellent", "note": "x" * 301}
    ).text
    assert "Choose where the team agreed it stands" in page
    assert "Keep “Note” to 300 characters or fewer; it has 301." in page
    assert agreed(check) == {}


def test_an_unknown_dimension_is_not_found(facilitator: FlaskClient, team: Group) -> None:
    assert facilitator.get(f"/rounds/{closed(team).id}/agree/nope").status_code == 404


def test_a_check_nobody_answered_has_nothing_to_agree_on(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    check.responses.clear()
    db.session.commit()
    response = facilitator.get(f"/rounds/{check.id}/agree/{dimensions(check)[0]}")
    assert response.location == f"/rounds/{check.id}"


def test_a_viewer_sees_what_was_agreed_once_shared_but_may_not_record_it(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    first = dimensions(check)[0]
    facilitator.post(f"/rounds/{check.id}/agree/{first}", data={"status": "no-agreement"})
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    account.memberships[0].role = Role.VIEWER
    db.session.commit()
    assert facilitator.get(f"/rounds/{check.id}/results").status_code == 404
    check.status = RoundStatus.SHARED
    db.session.commit()
    assert facilitator.get(f"/rounds/{check.id}/agree/{first}").status_code == 404
    response = facilitator.post(f"/rounds/{check.id}/agree/{first}", data={"status": "4"})
    assert response.status_code == 404
    page = facilitator.get(f"/rounds/{check.id}/results").text
    assert "Talked through in the room: we did not reach agreement" in page
    assert "Change what the team agreed" not in page
    assert agreed(check) == {first: ("no-agreement", "")}


def statement_tables(page: str) -> list[str]:
    return re.findall(r'<table class="govuk-table">\s*<caption[^>]*>“.*?</table>', page, re.S)


def test_the_room_hides_a_too_small_rooms_answers_exactly_as_the_results_page_does(
    facilitator: FlaskClient, open_round: Round
) -> None:
    for response in open_round.responses[open_round.threshold - 1 :]:
        db.session.delete(response)
    db.session.commit()
    facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "4"})
    facilitator.post(f"/rounds/{open_round.id}/session/reveal")

    results_page = facilitator.get(f"/rounds/{open_round.id}/results").text
    shown_in_room = []
    for key in dimensions(open_round):
        page = facilitator.get(f"/rounds/{open_round.id}/agree/{key}").text
        assert "Everyone's score on this dimension:" in page
        assert f"fewer than {open_round.threshold} responses" in page
        shown_in_room += statement_tables(page)
    assert shown_in_room and shown_in_room == statement_tables(results_page)
    assert all(f"fewer than {open_round.threshold} responses" in t for t in shown_in_room)


def test_the_room_shows_nothing_before_the_reveal(
    facilitator: FlaskClient, open_round: Round
) -> None:
    page = facilitator.get(f"/rounds/{open_round.id}/agree/{dimensions(open_round)[0]}").text
    assert "The answers are not shown yet" in page
    assert statement_tables(page) == []


def test_the_report_and_the_fingerprint_carry_what_was_agreed(
    facilitator: FlaskClient, team: Group
) -> None:
    check = closed(team)
    first = dimensions(check)[0]
    reader = Reader(ReaderKind.FACILITATOR)

    def report(language: str) -> tuple[str, str | None]:
        with force_locale(language):
            results = report_results(team, check, language, reader)
            return results.fingerprint, report_subject(results).agreed.get(first)

    before, nothing = report("en")
    assert nothing is None
    facilitator.post(f"/rounds/{check.id}/agree/{first}", data={"status": "3", "note": "Half way."})
    after, said = report("en")
    assert after != before and said is not None
    assert said.startswith("Agreed in the room: ") and said.endswith(" — Half way.")
    _, welsh = report("cy")
    assert welsh is not None and "Half way." in welsh
    assert welsh.split(": ")[1] != said.split(": ")[1]
