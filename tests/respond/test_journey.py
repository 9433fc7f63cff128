"""The whole journey through the shared link, the resume link and the check page."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import func, select

from tests.respond.conftest import SHARED
from tests.respond.journey import answer_every_page, first_choices, start
from toolkit.storage.db import db
from toolkit.storage.models import Response, ResponseStatus, Round
from toolkit.storage.questionnaire_store import library, pin


def newest(check: Round) -> Response:
    found = db.session.scalar(
        select(Response).where(Response.round_id == check.id).order_by(Response.id.desc())
    )
    assert found is not None
    return found


def test_the_landing_page_says_why_we_ask_and_who_sees_what(client, open_round) -> None:
    page = client.get(f"/s/{SHARED}")
    assert page.status_code == 200
    text = page.text
    assert "for learning, not for keeping score" in text
    assert "only see results for the whole group, never your own answers" in text
    assert "groups of at least 5 people" in text
    assert "About 25 minutes." in text
    assert open_round.closes_on.strftime("%-d %B %Y") in text
    assert 'class="govuk-button govuk-button--start"' in text


def test_someone_answers_the_open_round_from_start_to_finish(client, open_round) -> None:
    first = start(client, f"/s/{SHARED}")
    assert first == "/answer/about-you"
    about = client.get(first)
    assert "Which of these best describes you?" in about.text
    assert "Which organisation are you part of?" in about.text
    assert "Page 1 of 8" in about.text
    chosen = client.post(first, data={"perspective": "community", "partner": "ashby-vale-council"})
    url = chosen.location
    assert url == "/answer/page/common-purpose"
    assert "Page 2 of 8" in client.get(url).text
    assert answer_every_page(client, url) == "/answer/check"

    review = client.get("/answer/check")
    assert "Check your answers before sending them" in review.text
    assert 'href="/answer/page/common-purpose?from=check#q-purpose-1"' in review.text
    assert "Community members" in review.text
    sent = client.post("/answer/check")
    assert sent.location == "/answer/sent"
    thanks = client.get("/answer/sent")
    assert "your answers have been sent" in thanks.text
    assert "/resume/" in thanks.text

    response = newest(open_round)
    assert response.status is ResponseStatus.SUBMITTED
    assert (response.perspective_key, response.partner_key) == ("community", "ashby-vale-council")
    assert response.started_on == response.submitted_on == date.today()
    rated = {a.partner_key for a in response.answers if a.item_key == "partner-open"}
    assert rated == {
        "nhs-ashby-vale",
        "ashby-vale-voluntary-action",
        "greenfield-family-support",
        "northside-residents-forum",
    }


def test_every_page_offers_the_link_to_finish_later(client, open_round) -> None:
    first = start(client, f"/s/{SHARED}")
    page = client.get(first)
    assert "Save this link to finish later" in page.text
    later = client.post(first, data={"perspective": "provider", "later": "1"})
    assert later.location == "/answer/later"
    assert "/resume/" in client.get("/answer/later").text


def test_another_device_carries_on_with_the_resume_link(app: Flask, client, open_round) -> None:
    first = start(client, f"/s/{SHARED}")
    page = client.get(first)
    resume = page.text.split('href="http://localhost/resume/')[1].split('"')[0]
    client.post(first, data={"perspective": "provider"})
    client.post("/answer/page/common-purpose", data={"q-purpose-1": "4", "q-purpose-2": "5"})

    phone = app.test_client()
    assert phone.get("/answer/page/common-purpose").status_code == 404
    carried_on = phone.get(f"/resume/{resume}")
    assert carried_on.location == "/answer/page/respect"
    again = phone.get("/answer/page/common-purpose")
    assert 'value="4" checked' in again.text
    assert 'value="5" checked' in again.text


def test_sending_twice_records_one_response(app: Flask, client, open_round) -> None:
    before = db.session.scalar(select(func.count()).select_from(Response))
    url = start(client, f"/s/{SHARED}")
    answer_every_page(client, url)
    first = client.post("/answer/check")
    second = client.post("/answer/check")
    assert first.location == second.location == "/answer/sent"
    assert client.post("/answer/page/common-purpose").location == "/answer/sent"
    after = db.session.scalar(select(func.count()).select_from(Response))
    assert after == before + 1
    assert newest(open_round).status is ResponseStatus.SUBMITTED


def test_a_wrong_answer_is_shown_again_with_everything_else_kept(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    client.post("/answer/about-you", data={"perspective": "provider"})
    page = client.post(
        "/answer/page/common-purpose",
        data={"q-purpose-1": "9", "q-purpose-2": "4", "q-purpose-story": "Our walk and talk"},
    )
    assert page.status_code == 200
    assert page.text.count("<title>Error:") == 1
    assert 'class="govuk-error-summary"' in page.text
    assert '<a href="#q-purpose-1">Choose one of the answers shown for' in page.text
    assert 'id="q-purpose-1-error"' in page.text
    assert 'aria-describedby="q-purpose-1-error"' in page.text
    assert 'id="q-purpose-2-4" name="q-purpose-2" type="radio" value="4" checked' in page.text
    assert "Our walk and talk</textarea>" in page.text
    assert not newest(open_round).answers


def test_the_perspective_must_be_chosen(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    page = client.post("/answer/about-you", data={})
    assert page.status_code == 200
    assert '<a href="#perspective">Choose the description that fits you best</a>' in page.text


def test_a_differential_shows_both_ends_and_a_ladder_its_descriptions(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    client.post("/answer/about-you", data={"perspective": "provider"})
    page = client.get("/answer/page/direction").text
    assert "1 means “doubting each other” and 7 means “trusting each other”." in page
    assert ">1: doubting each other</label>" in page
    assert ">7: trusting each other</label>" in page
    assert '<div class="govuk-radios__divider">or</div>' in page
    assert "Don&#39;t know" in page


def test_changing_an_answer_from_the_check_page_returns_there(client, open_round) -> None:
    url = start(client, f"/s/{SHARED}")
    answer_every_page(client, url)
    changed = client.post(
        "/answer/page/respect?from=check",
        data=first_choices(client.get("/answer/page/respect").text),
    )
    assert changed.location == "/answer/check"


def test_an_empty_response_cannot_be_sent(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    client.post("/answer/about-you", data={"perspective": "provider"})
    page = client.post("/answer/check")
    assert page.status_code == 200
    assert "Answer at least one question before sending your answers" in page.text
    assert newest(open_round).status is ResponseStatus.DRAFT


def test_the_landing_page_describes_the_questionnaire_in_its_own_words(client, open_round) -> None:
    text = client.get(f"/s/{SHARED}").text
    assert "The questions come from “Joining forces in partnership”." in text
    assert "For partnerships and alliances - councils, NHS bodies, charities" in text


def test_only_a_questionnaire_about_partners_says_your_own_is_not_rated(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    about = client.get("/answer/about-you").text
    assert "you will not be asked to rate your own organisation" in about

    health_check = library().entry("relationship-health-check")
    open_round.questionnaire_version = pin(health_check.questionnaire, health_check.source)
    db.session.commit()
    client.get("/language/en")
    start(client, f"/s/{SHARED}")
    about = client.get("/answer/about-you").text
    assert "Which organisation are you part of?" in about
    assert "You can leave this blank." in about
    assert "rate your own organisation" not in about


def test_a_partner_picked_by_mistake_can_be_unpicked_without_script(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    client.post(
        "/answer/about-you", data={"perspective": "community", "partner": "ashby-vale-council"}
    )
    assert newest(open_round).partner_key == "ashby-vale-council"
    about = client.get("/answer/about-you").text
    assert "None of these, or I would rather not say" in about
    client.post("/answer/about-you", data={"perspective": "community", "partner": ""})
    assert newest(open_round).partner_key is None
