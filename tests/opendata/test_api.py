"""The JSON API: keys, errors as JSON, one organisation per key, anonymity kept in profiles."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests import factories
from tests.factories import team_profile
from tests.opendata.conftest import api_get, hidden_values, partnership_round
from tests.results.test_choices_on_pages import ASKED as WITH_CHOICES
from tests.results.test_own_units import ASKED as IN_UNITS
from toolkit.core.scoring import Suppressed, SuppressedBecause
from toolkit.core.tokens import hash_token
from toolkit.opendata.keys import create_key
from toolkit.storage.db import db
from toolkit.storage.models import AgreedStatus, ApiKey, Group, Organisation, Response, RoundStatus


@pytest.mark.parametrize("header", [None, "Basic abc", "Bearer ", "Bearer not-a-key"])
def test_it_refuses_a_missing_or_unknown_key_with_a_401_saying_how_to_fix_it(
    client: FlaskClient, api_key: str, header: str | None
) -> None:
    response = client.get("/api/groups", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert set(response.json) == {"error", "detail"}
    assert "API key" in response.json["detail"] or "key" in response.json["detail"]


def test_it_serves_the_keys_own_organisation_and_its_groups(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    status, body = api_get(client, "/organisations", api_key)
    assert status == 200 and body["organisations"] == [
        {"id": demo_organisation.id, "name": demo_organisation.name, "slug": demo_organisation.slug}
    ]
    status, body = api_get(client, "/groups", api_key)
    assert {g["name"] for g in body["groups"]} == {g.name for g in demo_organisation.groups}
    group = body["groups"][0]["id"]
    status, body = api_get(client, f"/groups/{group}", api_key)
    assert status == 200 and body["perspectives"] and body["rounds"]


def test_another_organisations_ids_are_404s(
    client: FlaskClient, demo_organisation: Organisation, other_organisation: Organisation
) -> None:
    stranger = create_key(other_organisation, "Stranger")[1]
    db.session.commit()
    group = demo_organisation.groups[0]
    round_ = group.rounds[0]
    for path in (
        f"/organisations/{demo_organisation.id}",
        f"/groups/{group.id}",
        f"/groups/{group.id}/profile",
        f"/rounds/{round_.id}",
        f"/questionnaires/{round_.questionnaire_version_id}",
    ):
        status, body = api_get(client, path, stranger)
        assert status == 404, path
        assert body["detail"]
    status, body = api_get(client, f"/rounds?group={group.id}", stranger)
    assert status == 200 and body["rounds"] == []
    status, body = api_get(client, "/groups", stranger)
    assert [g["name"] for g in body["groups"]] == ["Riverside board"]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_a_bad_group_parameter_is_a_400_naming_the_parameter(
    client: FlaskClient, api_key: str, value: str
) -> None:
    status, body = api_get(client, f"/rounds?group={value}", api_key)
    assert status == 400
    assert "group must be" in body["detail"]


def test_a_profile_hides_a_perspective_of_two_people(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    for response in db.session.scalars(
        select(Response).where(Response.round_id == round_.id).order_by(Response.id).limit(2)
    ):
        response.perspective_key = "funder"
    db.session.commit()
    status, body = api_get(client, f"/groups/{round_.group_id}/profile", api_key)
    assert status == 200
    profiled = {r["round_id"]: r for r in body["rounds"]}
    assert RoundStatus.OPEN not in {r.status for r in round_.group.rounds if r.id in profiled}
    shown = profiled[round_.id]
    assert "funder" not in shown["perspectives"]
    assert "funder" in shown["perspectives"]["all other perspectives"]
    for dimension in shown["dimensions"]:
        assert "funder" not in dimension["by_perspective"]
        for score in dimension["by_perspective"].values():
            assert score["summary"]["shown"] is False or score["summary"]["n"] >= round_.threshold
    for item in shown["items"]:
        assert set(item["answers_by_perspective"]) == set(shown["perspectives"])
    for profiled_round in body["rounds"]:
        hidden_values(profiled_round)


def test_a_profile_carries_what_the_team_agreed_after_a_round(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    db.session.add(
        AgreedStatus(round_id=round_.id, dimension_key="d", status="no-agreement", note="Not yet.")
    )
    db.session.commit()
    status, body = api_get(client, f"/groups/{round_.group_id}/profile", api_key)
    assert status == 200
    agreed = {r["round_id"]: r["agreed"] for r in body["rounds"]}
    assert agreed[round_.id] == [{"dimension": "d", "status": "no-agreement", "note": "Not yet."}]


def test_hidden_answer_counts_say_why_and_hold_no_number(client: FlaskClient) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "volunteers", "residents"))
    # Two staff answer "People hide things"; two of three volunteers answer "We can say no".
    people = (
        [factories.Person("staff", {"say-no": 5, "hidden": 2}) for _ in range(2)]
        + [factories.Person("staff", {"say-no": 5}) for _ in range(2)]
        + [factories.Person("volunteers", {"say-no": 1}) for _ in range(2)]
        + [factories.Person("volunteers", {"trusted": 4})]
        + [factories.Person("residents", {"say-no": 3}) for _ in range(3)]
    )
    check = factories.check(group, people, status=RoundStatus.SHARED, threshold=3)
    key = create_key(owner, "Dashboard")[1]
    db.session.commit()
    status, body = api_get(client, f"/groups/{group.id}/profile", key)
    assert status == 200
    (profiled,) = body["rounds"]
    assert profiled["round_id"] == check.id
    items = {item["item"]: item for item in profiled["items"]}
    say_no = items["say-no"]
    assert say_no["answers"]["n"] == 9
    assert {c["answer"]: c["count"] for c in say_no["answers"]["counts"]} == {
        1: 2,
        2: 0,
        3: 3,
        4: 0,
        5: 4,
        "dont-know": 0,
        "not-applicable": 0,
    }
    by_perspective = say_no["answers_by_perspective"]
    assert by_perspective["staff"]["shown"] and by_perspective["staff"]["n"] == 4
    assert by_perspective["volunteers"] == _hidden_counts("fewer than 3 responses")
    # Otherwise everyone's counts less the staff's would give the volunteers' two answers.
    assert by_perspective["residents"] == _hidden_counts(
        "hidden so that a smaller group's answers cannot be worked out"
    )
    hidden = items["hidden"]
    assert hidden["answers"] == _hidden_counts("fewer than 3 responses")
    assert not any(counts["shown"] for counts in hidden["answers_by_perspective"].values())
    assert hidden_values(profiled)


def _hidden_counts(why: str) -> dict[str, object]:
    return {"shown": False, "n": None, "counts": None, "not_shown": why}


def test_a_matrix_cell_hidden_to_protect_a_smaller_group_is_hidden_in_the_api(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    group = partnership_round(demo_organisation, RoundStatus.SHARED).group
    scored = {r.key: r.partners for r in team_profile(group).rounds}
    status, body = api_get(client, f"/groups/{group.id}/profile", api_key)
    assert status == 200
    reasons = []
    for profiled in body["rounds"]:
        matrix = scored[str(profiled["round_id"])]
        assert matrix is not None and profiled["partners"] is not None
        assert len(profiled["partners"]["cells"]) == len(matrix.cells)
        for cell in profiled["partners"]["cells"]:
            scores = matrix.cells[cell["rater"], cell["partner"]]
            pairs = [(cell["overall"], scores.overall)]
            pairs += [(cell["items"][m], value) for m, value in scores.items.items()]
            for given, value in pairs:
                if isinstance(value, Suppressed):
                    assert given == {
                        "shown": False,
                        "n": None,
                        "mean": None,
                        "median": None,
                        "lower_quartile": None,
                        "upper_quartile": None,
                        "not_shown": value.message,
                    }
                    reasons.append(value.reason)
                else:
                    assert (given["n"], given["mean"]) == (value.n, round(value.mean, 2))
    assert SuppressedBecause.PROTECTS_ANOTHER in reasons


def test_a_questionnaire_comes_as_yaml_and_json(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    status, body = api_get(client, "/questionnaires", api_key)
    assert status == 200 and len(body["questionnaires"]) == 2
    first = body["questionnaires"][0]["id"]
    status, body = api_get(client, f"/questionnaires/{first}", api_key)
    assert body["definition"]["id"] == body["questionnaire_key"]
    assert body["source_yaml"].strip()


def test_keys_are_stored_only_as_hashes_and_noted_when_used(
    runner: FlaskCliRunner, client: FlaskClient, demo_organisation: Organisation
) -> None:
    result = runner.invoke(args=["api-key", "create", "--organisation", demo_organisation.slug])
    secret = result.stdout.strip()
    assert result.exit_code == 0 and secret.startswith("tk_")
    key = db.session.scalar(select(ApiKey))
    assert key.key_hash == hash_token(secret) and key.last_used_on is None
    assert api_get(client, "/groups", secret)[0] == 200
    db.session.refresh(key)
    assert key.last_used_on is not None
    unknown = runner.invoke(args=["api-key", "create", "--organisation", "nobody"])
    assert unknown.exit_code != 0 and "known slugs: ashby-vale-voluntary-action" in unknown.output


def test_an_admin_makes_a_key_shown_once_and_can_withdraw_it(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    page = facilitator.post(f"/organisations/{demo_organisation.id}/api-keys", data={"name": ""})
    assert "Say what the key is for" in page.get_data(as_text=True)
    page = facilitator.post(
        f"/organisations/{demo_organisation.id}/api-keys", data={"name": "Council dashboard"}
    )
    text = page.get_data(as_text=True)
    secret = text.split("<code>")[1].split("</code>")[0]
    assert api_get(facilitator, "/groups", secret)[0] == 200
    assert secret not in facilitator.get(
        f"/organisations/{demo_organisation.id}/api-keys"
    ).get_data(as_text=True)
    key = db.session.scalar(select(ApiKey))
    facilitator.post(
        f"/organisations/{demo_organisation.id}/api-keys", data={"withdraw": str(key.id)}
    )
    assert api_get(facilitator, "/groups", secret)[0] == 401


def test_the_openapi_document_lists_every_route_and_needs_no_key(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    rules = {
        r.rule.removeprefix("/api").replace("<", "{").replace(">", "}")
        for r in client.application.url_map.iter_rules()
        if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"
    }
    assert set(document["paths"]) == rules
    schemas = document["components"]["schemas"]
    assert Group.__name__ in schemas
    assert {"answers", "answers_by_perspective"} <= set(schemas["ItemOut"]["properties"])
    assert "partners" in schemas["RoundProfileOut"]["required"]


def test_a_question_that_feeds_no_score_comes_as_counts_hidden_as_a_statements_are(
    client: FlaskClient,
) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    people = (
        [factories.Person("staff", {"trusted": 4, "how-long": 1}) for _ in range(4)]
        + [factories.Person("residents", {"trusted": 2, "how-long": 3}) for _ in range(2)]
        + [factories.Person("residents", {"trusted": 2}) for _ in range(2)]
    )
    factories.check(group, people, status=RoundStatus.SHARED, threshold=3, asked=WITH_CHOICES)
    key = create_key(owner, "Dashboard")[1]
    db.session.commit()
    status, body = api_get(client, f"/groups/{group.id}/profile", key)
    assert status == 200
    (profiled,) = body["rounds"]
    assert "how-long" not in {item["item"] for item in profiled["items"]}
    how_long = next(c for c in profiled["choices"] if c["item"] == "how-long")
    assert set(how_long) == {"item", "dimension", "answers", "answers_by_perspective"}
    assert how_long["answers"]["n"] == 6
    assert {c["answer"]: c["count"] for c in how_long["answers"]["counts"]} == {
        1: 4,
        2: 0,
        3: 2,
        "rather-not-say": 0,
    }
    assert how_long["answers_by_perspective"] == {
        "residents": _hidden_counts("fewer than 3 responses"),
        "staff": _hidden_counts("hidden so that a smaller group's answers cannot be worked out"),
    }
    assert hidden_values(profiled)


def test_a_profile_gives_each_shown_score_in_the_questionnaires_own_units(
    client: FlaskClient,
) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    # Four staff put trust at 75 of 100 (4 on the 1-5 scale), three residents at 25 (2).
    people = [factories.Person("staff", {"trusted": 4, "hidden": 2}) for _ in range(4)]
    people += [factories.Person("residents", {"trusted": 2}) for _ in range(3)]
    factories.check(group, people, status=RoundStatus.SHARED, threshold=3, asked=IN_UNITS)
    key = create_key(owner, "Dashboard")[1]
    db.session.commit()
    status, body = api_get(client, f"/groups/{group.id}/profile", key)
    assert status == 200
    (profiled,) = body["rounds"]
    trust = next(d for d in profiled["dimensions"] if d["dimension"] == "trust")
    assert trust["by_perspective"]["staff"]["in_own_units"] == {
        "value": 4.0,
        "lowest": 1,
        "highest": 5,
        "units": "mean",
    }
    assert trust["by_perspective"]["residents"]["in_own_units"]["value"] == 2.0
    assert trust["everyone"]["in_own_units"]["value"] == pytest.approx(1 + 4 * 0.5357, abs=0.01)
    # Power was not answered: no score, so nothing in its own units either.
    power = next(d for d in profiled["dimensions"] if d["dimension"] == "power")
    assert power["everyone"]["summary"]["shown"] is False
    assert power["everyone"]["in_own_units"] is None
