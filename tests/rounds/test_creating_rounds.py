"""Setting up a round through the web: choosing a questionnaire, perspectives, dates."""

from __future__ import annotations

import html
from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from toolkit.storage.db import db
from toolkit.storage.models import Group, Round, RoundStatus
from toolkit.storage.questionnaire_store import library


def form_for(group: Group, **changes: str | list[str]) -> dict[str, str | list[str]]:
    questionnaire = library().get("relationship-health-check")
    data: dict[str, str | list[str]] = {
        "title": "Winter check-in",
        "questionnaire": questionnaire.content_hash,
        "perspectives": [p.key for p in group.perspectives],
        "threshold": "5",
        "opens_day": "4",
        "opens_month": "1",
        "opens_year": "2027",
        "closes_day": "18",
        "closes_month": "1",
        "closes_year": "2027",
        "collect_comments": "y",
    }
    data.update(changes)
    return data


def rounds_of(group: Group) -> int:
    return db.session.scalar(select(func.count()).where(Round.group_id == group.id)) or 0


def test_the_form_offers_every_library_version_with_its_use_and_minutes(
    facilitator: FlaskClient, team: Group
) -> None:
    page = facilitator.get(f"/groups/{team.id}/rounds/new").text
    for questionnaire in library():
        assert questionnaire.content_hash in page
    assert "About 10 minutes" in page or "minutes" in page
    assert "can never be less than 3" in page


def test_a_valid_round_is_saved_as_a_draft_with_a_shared_link(
    facilitator: FlaskClient, team: Group
) -> None:
    before = rounds_of(team)
    response = facilitator.post(f"/groups/{team.id}/rounds/new", data=form_for(team))
    assert response.status_code == 302
    assert rounds_of(team) == before + 1
    created = db.session.scalar(select(Round).where(Round.title == "Winter check-in"))
    assert created.status is RoundStatus.DRAFT
    assert created.threshold == 5
    assert created.questionnaire_version.questionnaire_key == "relationship-health-check"
    assert created.perspectives_asked == ["front-line", "team-leaders"]
    assert created.shared_token and len(created.shared_token_hash) == 64
    page = facilitator.get(response.location).text
    assert f"/s/{created.shared_token}" in page


def test_a_threshold_of_two_is_refused_with_a_message(
    facilitator: FlaskClient, team: Group
) -> None:
    before = rounds_of(team)
    page = facilitator.post(f"/groups/{team.id}/rounds/new", data=form_for(team, threshold="2"))
    assert page.status_code == 200
    assert "The threshold must be 3 or more" in page.text
    assert 'href="#threshold"' in page.text
    assert rounds_of(team) == before


def test_a_closing_date_before_the_opening_date_is_refused(
    facilitator: FlaskClient, team: Group
) -> None:
    page = facilitator.post(
        f"/groups/{team.id}/rounds/new", data=form_for(team, closes_day="1")
    ).text
    assert "The closing date must be the same as or after the opening date" in page
    assert 'href="#closes_day"' in page


def test_nothing_entered_is_lost_when_the_form_has_an_error(
    facilitator: FlaskClient, team: Group
) -> None:
    data = form_for(team, threshold="2", perspectives=["team-leaders"], collect_comments="")
    del data["collect_comments"]
    page = facilitator.post(f"/groups/{team.id}/rounds/new", data=data).text
    assert 'value="Winter check-in"' in page
    assert 'value="2"' in page
    assert 'value="2027"' in page
    assert f'value="{data["questionnaire"]}" checked' in page
    assert 'value="team-leaders" checked' in page
    assert 'value="front-line" checked' not in page
    assert (
        'id="collect_comments" name="collect_comments" type="checkbox" value="y" checked'
        not in page
    )


def test_a_round_needs_a_questionnaire(facilitator: FlaskClient, team: Group) -> None:
    page = facilitator.post(
        f"/groups/{team.id}/rounds/new", data=form_for(team, questionnaire="nonsense")
    ).text
    assert "Choose the questionnaire to use" in page


def test_signed_out_people_are_sent_to_sign_in(client: FlaskClient, team: Group) -> None:
    response = client.get(f"/groups/{team.id}/rounds/new")
    assert response.status_code == 302
    assert "sign-in" in response.location


def test_a_round_dated_today_is_open_for_answers_as_soon_as_it_is_set_up(
    facilitator: FlaskClient, team: Group
) -> None:
    today = date.today()
    dates = {
        "opens_day": str(today.day),
        "opens_month": str(today.month),
        "opens_year": str(today.year),
        "closes_day": str(today.day),
        "closes_month": str(today.month),
        "closes_year": str(today.year + 1),
    }
    response = facilitator.post(f"/groups/{team.id}/rounds/new", data=form_for(team, **dates))
    page = facilitator.get(response.location).text
    assert "The check is set up and open for answers now." in page
    created = db.session.scalar(select(Round).where(Round.title == "Winter check-in"))
    assert created is not None and created.status is RoundStatus.OPEN


def test_a_round_dated_later_says_when_it_will_open(facilitator: FlaskClient, team: Group) -> None:
    opens, closes = date.today() + timedelta(days=30), date.today() + timedelta(days=44)
    dates = {
        "opens_day": str(opens.day),
        "opens_month": str(opens.month),
        "opens_year": str(opens.year),
        "closes_day": str(closes.day),
        "closes_month": str(closes.month),
        "closes_year": str(closes.year),
    }
    response = facilitator.post(f"/groups/{team.id}/rounds/new", data=form_for(team, **dates))
    page = facilitator.get(response.location).text
    assert f"The check is set up. It opens by itself on {opens.day} {opens:%B %Y}." in page
    created = db.session.scalar(select(Round).where(Round.title == "Winter check-in"))
    assert created is not None and created.status is RoundStatus.DRAFT


def test_a_welsh_facilitator_reads_the_rules_refusals_in_welsh(
    facilitator: FlaskClient, team: Group
) -> None:
    headers = {"Accept-Language": "cy"}
    data = form_for(team, threshold="2", closes_day="", closes_month="")
    page = html.unescape(
        facilitator.post(f"/groups/{team.id}/rounds/new", data=data, headers=headers).text
    )
    assert "Rhaid i'r trothwy fod yn 3 neu fwy" in page
    # The field's name goes into the message in Welsh too.
    assert "Rhaid i'r dyddiad cau gynnwys diwrnod a mis" in page
    assert "must include" not in page
