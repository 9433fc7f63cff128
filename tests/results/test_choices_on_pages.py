"""Questions that feed no score: counted on results pages, hidden as statements are, unscored."""

from __future__ import annotations

import re

import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.scoring.test_choices import WITH_CHOICES
from tests.sessions import sign_in_as
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.models import Round, RoundStatus

ASKED = (Questionnaire.model_validate(yaml.safe_load(WITH_CHOICES)), WITH_CHOICES)


def round_page(client: FlaskClient, people: list[factories.Person]) -> str:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    check: Round = factories.check(group, people, status=RoundStatus.SHARED, asked=ASKED)
    sign_in_as(client, owner.memberships[0].account)
    return client.get(f"/rounds/{check.id}/results").text


def unscored_part(html: str) -> str:
    return html[html.index('id="not-scored"') :]


def test_the_round_page_counts_the_answers_to_a_question_that_feeds_no_score(
    app: Flask, client: FlaskClient
) -> None:
    people = [factories.Person("staff", {"trusted": 4, "how-long": 1}) for _ in range(3)] + [
        factories.Person("residents", {"trusted": 2, "how-long": 3}) for _ in range(4)
    ]
    html = round_page(client, people)
    part = unscored_part(html)
    assert "Questions that are not scored" in part
    table = part[: part.index("</table>")]
    assert "“How long have you been involved?”" in table
    rows = re.findall(r'<th scope="row"[^>]*>([^<]*)</th>((?:\s*<td[^>]*>[^<]*</td>)+)', table)
    counts = {label: re.findall(r">(\d+)<", cells) for label, cells in rows}
    assert counts == {
        "Under a year": ["3", "0", "3"],
        "1 to 3 years": ["0", "0", "0"],
        "3": ["4", "4", "0"],
        "Rather not say": ["0", "0", "0"],
    }
    assert "Score out of 100" not in table and "not in the score" not in table
    # Never among the statements.
    assert html.index("How long have you been involved?") > html.index('id="not-scored"')


def test_a_question_that_feeds_no_score_is_hidden_for_a_small_group(
    app: Flask, client: FlaskClient
) -> None:
    people = (
        [factories.Person("staff", {"trusted": 4, "how-long": 1}) for _ in range(4)]
        + [factories.Person("residents", {"trusted": 2, "how-long": 3}) for _ in range(2)]
        + [factories.Person("residents", {"trusted": 2}) for _ in range(2)]
    )
    table = unscored_part(round_page(client, people))
    table = table[: table.index("</table>")]
    # Two residents answered it: their column and staff's are hidden, or everyone less staff
    # would show them.
    assert "fewer than 3 responses" in table
    assert "hidden so that a smaller group" in table
    assert re.findall(r'numeric">(\d+)</td>', table) == ["4", "0", "2", "0"]


def test_a_question_about_a_dimension_is_shown_beside_it_with_what_most_say(
    app: Flask, client: FlaskClient
) -> None:
    people = [factories.Person("staff", {"trusted": 4, "trust-trend": 3}) for _ in range(4)] + [
        factories.Person("residents", {"trusted": 2, "trust-trend": 2}) for _ in range(3)
    ]
    html = round_page(client, people)
    answers = html[html.index('id="answers"') :]
    trust = answers[answers.index(">Trust</h3>") : answers.index(">Power</h3>")]
    question = "Is trust between us improving, staying the same or getting worse?"
    # The counts under the question, then what most say.
    table = trust[trust.index(f"“{question}”</caption>") : trust.index("</table>")]
    # Everyone, residents, staff: worse, the same, improving, don't know.
    assert re.findall(r'numeric">(\d+)</td>', table) == [
        *("0", "0", "0"),
        *("3", "3", "0"),
        *("4", "0", "4"),
        *("0", "0", "0"),
    ]
    after = trust[trust.index("</table>") :]
    assert after.index("Most say “Improving”: 4 of the 7 people who answered.") < after.index(
        "We trust each other"
    )
    assert trust.index(question) < trust.index("We trust each other")
    # Beside trust only: not among the questions that are not scored, and never a chart axis.
    assert question not in unscored_part(html)
    assert html.count(question) == trust.count(question)


def test_without_a_majority_only_the_counts_are_shown_beside_the_dimension(
    app: Flask, client: FlaskClient
) -> None:
    people = [factories.Person("staff", {"trusted": 4, "trust-trend": 3}) for _ in range(3)] + [
        factories.Person("residents", {"trusted": 2, "trust-trend": 1}) for _ in range(3)
    ]
    html = round_page(client, people)
    assert "Most say" not in html
    assert "Is trust between us improving, staying the same or getting worse?" in html
