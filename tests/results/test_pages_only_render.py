"""Results pages render what their view worked out beforehand; templates compute nothing.

While a template is being rendered, every method of ``Results`` that builds a
figure, a chart or a sentence raises. Every view that renders a results
template works out its page model first, so each page still renders.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, before_render_template, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import select

from tests import factories
from tests.results.test_categories_on_pages import WILDER_LIKE, everyone
from tests.sessions import sign_in_as
from toolkit.core.tokens import hash_token
from toolkit.services.results import Results
from toolkit.storage.db import db
from toolkit.storage.models import Group, Organisation, Response, RoundStatus

# Methods that build what a page shows; looking up a name (item_text, option_name …) may stay.
COMPUTING = (
    "figures",
    "runs",
    "sentences",
    "movements",
    "actions",
    "stories",
    "most_say",
    "guidance",
    "in_own_units",
    "up_to",
)


class ComputedInATemplate(AssertionError):
    pass


@pytest.fixture
def computing_forbidden_while_rendering(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make Results' computing methods raise inside any template; return the templates seen."""
    rendering: list[str] = []
    seen: list[str] = []
    handed: list[str] = []

    def started(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        rendering.append(template.name)
        seen.append(template.name)
        # Nor may a template be handed a service's function to call, such as a sentence maker.
        for key, value in context.items():
            if inspect.isfunction(value) and value.__module__.startswith("toolkit.services"):
                handed.append(f"{template.name} was given {key}")

    def finished(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        rendering.pop()

    for name in COMPUTING:
        original = getattr(Results, name)

        def guarded(*args: Any, __name: str = name, __original: Any = original) -> Any:
            if rendering:
                raise ComputedInATemplate(f"{rendering[-1]} called Results.{__name}")
            return __original(*args)

        monkeypatch.setattr(Results, name, guarded)
    with before_render_template.connected_to(started), template_rendered.connected_to(finished):
        yield seen
    assert handed == []


def ok(client: FlaskClient, url: str) -> None:
    got = client.get(url)
    assert got.status_code == 200, url


def test_the_demos_results_pages_compute_nothing_while_rendering(
    facilitator: FlaskClient, computing_forbidden_while_rendering: list[str]
) -> None:
    organisation = db.session.scalar(select(Organisation))
    assert organisation is not None
    ok(facilitator, f"/organisations/{organisation.id}/overview")
    for group in db.session.scalars(select(Group)):
        ok(facilitator, f"/groups/{group.id}/results")
        ok(facilitator, f"/groups/{group.id}/partners")
        latest = max(group.rounds, key=lambda r: (r.opens_on, r.id))
        ok(facilitator, f"/rounds/{latest.id}/results")
        # The first dimension's page, where /agree leads.
        ok(facilitator, facilitator.get(f"/rounds/{latest.id}/agree").location)
        response = db.session.scalar(select(Response).where(Response.round_id == latest.id))
        assert response is not None
        response.resume_token_hash = hash_token(f"respondent-{group.id}")
        db.session.commit()
        ok(facilitator, f"/resume/respondent-{group.id}/results")
    assert {
        "results/overview.html",
        "results/group.html",
        "results/partners.html",
        "results/round.html",
        "results/respondent.html",
        "agreeing/dimension.html",
    } <= set(computing_forbidden_while_rendering)


def test_pages_under_categories_compute_nothing_while_rendering(
    app: Flask, client: FlaskClient, computing_forbidden_while_rendering: list[str]
) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    people = everyone(4) + everyone(4, "residents")
    check = factories.check(group, people, status=RoundStatus.SHARED, asked=WILDER_LIKE)
    sign_in_as(client, owner.memberships[0].account)
    ok(client, f"/groups/{group.id}/results")
    ok(client, f"/rounds/{check.id}/results")
    ok(client, f"/resume/{people[0].token}/results")
    assert "results/round.html" in computing_forbidden_while_rendering
