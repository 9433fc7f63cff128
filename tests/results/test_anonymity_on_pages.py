"""No page shows a figure worked out from fewer people than the round's threshold."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.sessions import sign_in_as
from toolkit.storage.db import db
from toolkit.storage.models import Group, Round, RoundStatus

# Residents' trust comes to 37.5 (shown as 38): 50 for "trusted", 25 for the reversed "hidden".
RESIDENT = {"trusted": 3, "hidden": 4, "shared": 3}


@pytest.fixture
def small_perspective(app: Flask, client: FlaskClient) -> Round:
    """A round of four staff, four volunteers and two residents, threshold three."""
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "volunteers", "residents"))
    people = (
        [factories.Person("staff", {"trusted": 5, "hidden": 1, "shared": 5}) for _ in range(4)]
        + [
            factories.Person("volunteers", {"trusted": 4, "hidden": 2, "shared": 4})
            for _ in range(4)
        ]
        + [factories.Person("residents", RESIDENT) for _ in range(2)]
    )
    check = factories.check(group, people, status=RoundStatus.SHARED, threshold=3)
    sign_in_as(client, owner.memberships[0].account)
    return check


def shows_residents_trust(html: str) -> bool:
    return "37.5" in html or re.search(r"(?<![\w.#-])38(?![\w.%-])", html) is not None


def test_a_perspective_of_two_never_shows_its_own_score(
    client: FlaskClient, small_perspective: Round
) -> None:
    group: Group = small_perspective.group
    for address in (
        f"/groups/{group.id}/results",
        f"/rounds/{small_perspective.id}/results",
    ):
        html = client.get(address).get_data(as_text=True)
        assert "all other perspectives" in html
        assert not shows_residents_trust(html), address
        # Everyone's trust is shown: (4 x 100 + 4 x 75 + 2 x 37.5) / 10 = 77.5.
        assert "78" in html


def test_a_respondent_sees_shared_results_without_the_small_perspective(
    client: FlaskClient, small_perspective: Round
) -> None:
    token = factories.Person().token
    group = small_perspective.group
    later = factories.check(
        group,
        [factories.Person("staff", {"trusted": 5}, token=token)]
        + [factories.Person("staff", {"trusted": 4}) for _ in range(3)],
        title="Autumn check",
        opens_on=small_perspective.opens_on.replace(month=9),
        status=RoundStatus.CLOSED,
    )
    waiting = client.get(f"/resume/{token}/results").get_data(as_text=True)
    assert "have not been shared yet" in waiting
    later.status = RoundStatus.SHARED
    db.session.commit()
    html = client.get(f"/resume/{token}/results").get_data(as_text=True)
    assert "4 people answered Autumn check" in html
    assert "<script" not in html
    assert not shows_residents_trust(html)


def test_an_unknown_respondent_link_is_not_found(client: FlaskClient) -> None:
    assert client.get("/resume/not-a-real-token/results").status_code == 404
