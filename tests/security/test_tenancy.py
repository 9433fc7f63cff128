"""Every facilitator page is scoped to the signed-in person's organisations.

The matrix walks every route of the app, so routes added later are covered
without touching this file: any rule with an integer id is requested, GET and
POST, by Bob (admin of another organisation) with ids of the demo
organisation's records, and must answer 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter, Rule

from tests.security.conftest import SignIn
from tests.sessions import plant
from toolkit.services.accounts import invite
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AgreedAction,
    AuditEvent,
    Membership,
    Organisation,
    QuestionnaireVersion,
    Reminder,
    Role,
    Round,
    RoundStatus,
)

# Rules with an integer id that are public by design (none yet). Add the
# endpoint here only with a comment saying why strangers may see it.
PUBLIC_BY_DESIGN: frozenset[str] = frozenset()

# Parameter names that do not name their table.
ALIASES = {
    "action": AgreedAction,
    "person": Membership,
    "member": Membership,
    "event": AuditEvent,
    "version": QuestionnaireVersion,
}


@pytest.fixture
def demo_invitation(demo_organisation: Organisation) -> None:
    """An invitation of the demo's waiting to be accepted, and a reminder day for its open
    round: records the demo itself lacks."""
    invite(demo_organisation, "pending@example.org", "Pending", Role.VIEWER, None)
    open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert open_round is not None
    db.session.add(Reminder(round_id=open_round.id, send_on=open_round.closes_on))
    db.session.commit()


@pytest.fixture
def bob(demo_organisation: Organisation, demo_invitation: None, bob: Account) -> Account:
    """Bob, created after the demo, so the lowest id of every table is the demo's."""
    return bob


def model_for(parameter: str) -> Any:
    """Find the model an id parameter such as ``round_id`` or ``partner_id`` refers to."""
    name = parameter.removesuffix("_id")
    if name in ALIASES:
        return ALIASES[name]
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if model.__name__.lower() == name.replace("_", "") or model.__tablename__ in {
            f"{name}s",
            name,
        }:
            return model
    raise AssertionError(
        f"The matrix cannot tell which table {parameter!r} names; add it to ALIASES."
    )


def id_routes(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
        and rule.endpoint not in PUBLIC_BY_DESIGN
    ]


def url_with_demo_ids(app: Flask, rule: Rule, words: Mapping[str, str] | None = None) -> str:
    """Fill each id with the demo organisation's first record of that kind.

    Other parts of the address come from ``words`` by name, or are "x".
    """
    values: dict[str, Any] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            model = model_for(name)
            # The demo is created first, so the lowest id of every table is the demo's.
            first = db.session.scalar(select(func.min(model.__mapper__.primary_key[0])))
            assert first is not None, f"the demo has no {model.__name__} for {rule.rule}"
            values[name] = first
        else:
            values[name] = (words or {}).get(name, "x")
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def counts() -> dict[str, int]:
    """Count the rows of every table."""
    return {
        mapper.class_.__name__: db.session.scalar(select(func.count()).select_from(mapper.class_))
        or 0
        for mapper in db.Model.registry.mappers
    }


def test_the_matrix_covers_the_organisation_pages(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in id_routes(app)}
    assert {"admin.people", "admin.export", "admin.delete", "admin.remove_person"} <= endpoints


def test_another_organisations_admin_gets_404_on_every_id_route(
    app: Flask, demo_organisation: Organisation, bob: Account, signed_in: SignIn
) -> None:
    client = signed_in(bob)
    before = counts()
    failures = []
    for rule in id_routes(app):
        url = url_with_demo_ids(app, rule)
        for method in sorted({"GET", "POST"} & (rule.methods or set())):
            response = client.open(
                url, method=method, data={"confirm": demo_organisation.name, "role": "admin"}
            )
            if response.status_code != 404:
                failures.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert failures == []
    assert counts() == before


def test_someone_signed_out_never_sees_an_id_route(
    app: Flask, demo_organisation: Organisation, demo_invitation: None, client: Any
) -> None:
    for rule in id_routes(app):
        url = url_with_demo_ids(app, rule)
        for method in sorted({"GET", "POST"} & (rule.methods or set())):
            response = client.open(url, method=method)
            assert response.status_code in {302, 404}, f"{method} {url}"
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/sign-in")


def test_the_start_page_lists_only_the_signed_in_persons_organisations(
    demo_organisation: Organisation, bob: Account, signed_in: SignIn
) -> None:
    page = signed_in(bob).get("/").get_data(as_text=True)
    assert "Riverside Foodbank" in page
    assert demo_organisation.name not in page
    assert "Spring 2025 check" not in page


def test_the_start_page_asks_people_to_sign_in_first(
    demo_organisation: Organisation, client: Any
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'name="password"' in page
    assert demo_organisation.name not in page


def test_a_viewer_sees_only_rounds_whose_results_are_shared(
    app: Flask, demo_organisation: Organisation, bob: Account, signed_in: SignIn
) -> None:
    db.session.add(Membership(account=bob, organisation=demo_organisation, role=Role.VIEWER))
    rounds = list(db.session.scalars(select(Round).order_by(Round.opens_on)))
    for round_ in rounds:
        round_.status = RoundStatus.CLOSED
    rounds[0].status = RoundStatus.SHARED
    db.session.commit()
    page = signed_in(bob).get("/").get_data(as_text=True)
    assert rounds[0].title in page
    for hidden in rounds[1:]:
        if hidden.title != rounds[0].title:
            assert hidden.title not in page

    from toolkit.web.access import may_see

    with app.test_request_context():
        from flask import session

        plant(session, bob)
        assert may_see(rounds[0])
        assert not may_see(rounds[-1])


def test_a_viewer_cannot_manage_people(
    demo_organisation: Organisation, bob: Account, signed_in: SignIn
) -> None:
    db.session.add(Membership(account=bob, organisation=demo_organisation, role=Role.FACILITATOR))
    db.session.commit()
    assert signed_in(bob).get(f"/organisations/{demo_organisation.id}/people").status_code == 404


@pytest.mark.parametrize("parameter", ["round_id", "group_id", "action_id", "organisation_id"])
def test_the_matrix_knows_common_id_names(app: Flask, parameter: str) -> None:
    assert model_for(parameter) is not None
