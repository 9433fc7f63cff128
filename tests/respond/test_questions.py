"""Follow-up questions, required answers and the questionnaire's own Welsh text."""

from __future__ import annotations

from datetime import date, timedelta

import yaml
from sqlalchemy import select

from tests.respond.conftest import SHARED
from tests.respond.journey import start
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Group, Response, Round, RoundStatus
from toolkit.storage.questionnaire_store import pin

SMALL = """
id: small-check
version: "1"
title: {en: A small check, cy: Gwiriad bach}
description: For tests.
use: [team]
minutes: 2
source: Tests.
licence: CC0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: {en: Disagree, cy: Anghytuno}}
      - {value: 2, label: {en: Agree, cy: Cytuno}}
dimensions:
  - {key: trust, label: Trust}
sections:
  - key: only
    title: {en: Trust, cy: Ymddiriedaeth}
    items:
      - key: must
        dimension: trust
        text: {en: We trust each other., cy: Rydyn ni'n ymddiried yn ein gilydd.}
        scale: agree
        required: true
      - {key: may, dimension: trust, text: We share plans early., scale: agree}
"""


def small_round(team: Group) -> Round:
    questionnaire = Questionnaire.model_validate(yaml.safe_load(SMALL))
    check = Round(
        group=team,
        questionnaire_version=pin(questionnaire, SMALL),
        title="Small check",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=7),
        status=RoundStatus.OPEN,
        threshold=3,
        shared_token_hash=hash_token("small"),
    )
    db.session.add(check)
    db.session.commit()
    return check


def test_a_follow_up_question_appears_on_the_same_page_after_its_answer(client, team_round) -> None:
    start(client, "/s/team-token")
    client.post("/answer/about-you", data={"perspective": "front-line"})
    url = "/answer/page/trust-tension"
    assert 'name="q-trust-1-next"' not in client.get(url).text
    low = client.post(url, data={"q-trust-1": "2"})
    assert low.location == url
    page = client.get(url).text
    assert "Your answer opened a follow-up question on this page." in page
    assert 'name="q-trust-1-next"' in page
    client.post(url, data={"q-trust-1": "2", "q-trust-1-next": "More time together"})
    response = db.session.scalar(select(Response).order_by(Response.id.desc()))
    assert response is not None
    assert [c.text for c in response.comments] == ["More time together"]

    client.post(url, data={"q-trust-1": "9", "q-trust-1-next": "More time together"})
    db.session.refresh(response)
    assert response.comments == []
    assert 'name="q-trust-1-next"' not in client.get(url).text


def test_a_required_question_left_blank_is_asked_again_keeping_the_rest(client, demo_data) -> None:
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    small_round(team)
    assert start(client, "/s/small") == "/answer/page/only"
    page = client.post("/answer/page/only", data={"q-may": "2"})
    assert page.status_code == 200
    assert '<a href="#q-must">Choose an answer to “We trust each other.”</a>' in page.text
    assert 'value="2" checked' in page.text
    assert client.post("/answer/page/only", data={"q-must": "1"}).location == "/answer/check"


def test_sending_without_a_required_answer_points_back_to_its_page(client, demo_data) -> None:
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    check = small_round(team)
    start(client, "/s/small")
    sent = client.post("/answer/check")
    assert sent.status_code == 200
    assert 'href="/answer/page/only?from=check#q-must"' in sent.text
    assert all(r.status.value == "draft" for r in check.responses)


def test_welsh_questionnaire_text_is_shown_when_welsh_is_chosen(client, team_round) -> None:
    client.get("/language/cy")
    start(client, "/s/team-token")
    client.post("/answer/about-you", data={"perspective": "front-line"})
    page = client.get("/answer/page/trust-tension").text
    assert '<html lang="cy"' in page
    assert "Faint o ymddiriedaeth sydd yn ein perthnasoedd ar hyn o bryd?" in page
    assert "How much trust" not in page
    response = db.session.scalar(select(Response).order_by(Response.id.desc()))
    assert response is not None and response.language == "cy"


def test_english_text_is_marked_as_english_when_it_has_no_welsh(client, demo_data) -> None:
    # Every shipped questionnaire is in Welsh, so a file of our own leaves one item out.
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    small_round(team)
    client.get("/language/cy")
    start(client, "/s/small")
    page = client.get("/answer/page/only").text
    assert "Rydyn ni&#39;n ymddiried yn ein gilydd." in page
    assert '<span lang="en">We share plans early.' in page
    assert "Cadw a pharhau" in page


def test_perspective_labels_are_shown_in_welsh(client, open_round) -> None:
    client.get("/language/cy")
    start(client, f"/s/{SHARED}")
    assert "Aelodau&#39;r gymuned" in client.get("/answer/about-you").text


CHOICE = SMALL.replace(
    "scales:\n",
    "scales:\n  how-long:\n    kind: choice\n    options:\n"
    "      - {value: 1, label: Less than a year}\n      - {value: 2, label: A year or more}\n",
).replace(
    "      - {key: may, dimension: trust, text: We share plans early., scale: agree}\n",
    "      - {key: may, dimension: trust, text: We share plans early., scale: agree}\n"
    "      - {key: how-long, type: choice, scale: how-long, text: 'How long here?'}\n",
)


def test_a_question_that_feeds_no_score_is_asked_and_its_answer_kept(client, demo_data) -> None:
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    check = small_round(team)
    check.questionnaire_version = pin(Questionnaire.model_validate(yaml.safe_load(CHOICE)), CHOICE)
    db.session.commit()
    start(client, "/s/small")
    page = client.get("/answer/page/only").text
    assert "How long here?" in page and 'name="q-how-long"' in page
    client.post("/answer/page/only", data={"q-must": "1", "q-how-long": "2"})
    assert "A year or more" in client.get("/answer/check").text
    (response,) = check.responses
    assert {(a.item_key, a.value) for a in response.answers} == {("must", 1), ("how-long", 2)}
