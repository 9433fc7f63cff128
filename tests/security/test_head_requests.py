"""A HEAD request only looks: it never sends a form, whoever sends it and wherever.

Flask answers HEAD with a route's GET view, and CSRF protection leaves HEAD
alone, so a view that took everything but GET for a sent form acted on a HEAD
from a link checker or a prefetcher: a browser crawl retired a questionnaire
version this way. The walk covers every route that takes a form, so routes
added later are covered without touching this file.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import Rule

from tests.security.test_tenancy import counts, url_with_demo_ids
from tests.sessions import sign_in_as
from toolkit.services.accounts import invite
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Group,
    MembershipInvitation,
    Organisation,
    Role,
)


def form_routes(app: Flask) -> list[Rule]:
    """Every route that shows a page and takes its form at the same address."""
    return [r for r in app.url_map.iter_rules() if {"GET", "POST"} <= (r.methods or set())]


def test_the_walk_covers_the_pages_that_take_a_form(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in form_routes(app)}
    assert {"managing.retire", "joining.invited", "adapting.edit", "auth.sign_in"} <= endpoints


def test_a_head_request_to_any_form_page_changes_nothing(
    app: Flask, facilitator: FlaskClient, partnership: Group, demo_organisation: Organisation
) -> None:
    used = partnership.rounds[0].questionnaire_version
    words = {
        "key": used.questionnaire_key,
        "version": used.version,
        "token": invite(demo_organisation, "head@example.org", "Head", Role.VIEWER, None),
    }
    db.session.commit()
    before = counts()
    answered = {}
    for rule in form_routes(app):
        address = url_with_demo_ids(app, rule, words)
        answered[address] = facilitator.head(address).status_code
    assert counts() == before, answered
    # The walk reached the pages that acted on a HEAD, rather than stopping at 404.
    assert any(status == 200 for where, status in answered.items() if where.endswith("/retire"))


def test_a_head_request_does_not_decline_an_invitation(
    client: FlaskClient, demo_organisation: Organisation, bob: Account
) -> None:
    token = invite(demo_organisation, bob.email, bob.name, Role.VIEWER, None)
    db.session.commit()
    invited = sign_in_as(client, bob)
    assert invited.head(f"/invited/{token}").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(MembershipInvitation)) == 1
    assert invited.get(f"/invited/{token}").status_code == 200
