"""The JSON API: keys, errors as JSON, one organisation per key, anonymity kept in profiles."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.opendata.conftest import partnership_round
from toolkit.extensions import db
from toolkit.models import ApiKey, Group, Organisation, Response, RoundStatus
from toolkit.opendata.keys import create_key
from toolkit.tokens import hash_token


def _get(client: FlaskClient, path: str, key: str | None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.get(f"/api{path}", headers=headers)
    assert response.mimetype == "application/json"
    return response.status_code, response.json


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
    client: FlaskClient, api_key: str, demo: Organisation
) -> None:
    status, body = _get(client, "/organisations", api_key)
    assert status == 200 and body["organisations"] == [
        {"id": demo.id, "name": demo.name, "slug": demo.slug}
    ]
    status, body = _get(client, "/groups", api_key)
    assert {g["name"] for g in body["groups"]} == {g.name for g in demo.groups}
    group = body["groups"][0]["id"]
    status, body = _get(client, f"/groups/{group}", api_key)
    assert status == 200 and body["perspectives"] and body["rounds"]


def test_another_organisations_ids_are_404s(
    client: FlaskClient, demo: Organisation, other_organisation: Organisation
) -> None:
    stranger = create_key(other_organisation, "Stranger")[1]
    db.session.commit()
    group = demo.groups[0]
    round_ = group.rounds[0]
    for path in (
        f"/organisations/{demo.id}",
        f"/groups/{group.id}",
        f"/groups/{group.id}/profile",
        f"/rounds/{round_.id}",
        f"/questionnaires/{round_.questionnaire_version_id}",
    ):
        status, body = _get(client, path, stranger)
        assert status == 404, path
        assert body["detail"]
    status, body = _get(client, f"/rounds?group={group.id}", stranger)
    assert status == 200 and body["rounds"] == []
    status, body = _get(client, "/groups", stranger)
    assert [g["name"] for g in body["groups"]] == ["Riverside board"]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_a_bad_group_parameter_is_a_400_naming_the_parameter(
    client: FlaskClient, api_key: str, value: str
) -> None:
    status, body = _get(client, f"/rounds?group={value}", api_key)
    assert status == 400
    assert "group must be" in body["detail"]


def test_a_profile_hides_a_perspective_of_two_people(
    client: FlaskClient, api_key: str, demo: Organisation
) -> None:
    round_ = partnership_round(demo, RoundStatus.SHARED)
    for response in db.session.scalars(
        select(Response).where(Response.round_id == round_.id).order_by(Response.id).limit(2)
    ):
        response.perspective_key = "funder"
    db.session.commit()
    status, body = _get(client, f"/groups/{round_.group_id}/profile", api_key)
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


def test_a_questionnaire_comes_as_yaml_and_json(
    client: FlaskClient, api_key: str, demo: Organisation
) -> None:
    status, body = _get(client, "/questionnaires", api_key)
    assert status == 200 and len(body["questionnaires"]) == 2
    first = body["questionnaires"][0]["id"]
    status, body = _get(client, f"/questionnaires/{first}", api_key)
    assert body["definition"]["id"] == body["questionnaire_key"]
    assert body["source_yaml"].strip()


def test_keys_are_stored_only_as_hashes_and_noted_when_used(
    runner: FlaskCliRunner, client: FlaskClient, demo: Organisation
) -> None:
    result = runner.invoke(args=["api-key", "create", "--organisation", demo.slug])
    secret = result.stdout.strip()
    assert result.exit_code == 0 and secret.startswith("tk_")
    key = db.session.scalar(select(ApiKey))
    assert key.key_hash == hash_token(secret) and key.last_used_on is None
    assert _get(client, "/groups", secret)[0] == 200
    db.session.refresh(key)
    assert key.last_used_on is not None
    unknown = runner.invoke(args=["api-key", "create", "--organisation", "nobody"])
    assert unknown.exit_code != 0 and "known slugs: ashby-vale-voluntary-action" in unknown.output


def test_an_admin_makes_a_key_shown_once_and_can_withdraw_it(
    admin: FlaskClient, demo: Organisation
) -> None:
    page = admin.post(f"/organisations/{demo.id}/api-keys", data={"name": ""})
    assert "Say what the key is for" in page.get_data(as_text=True)
    page = admin.post(f"/organisations/{demo.id}/api-keys", data={"name": "Council dashboard"})
    text = page.get_data(as_text=True)
    secret = text.split("<code>")[1].split("</code>")[0]
    assert _get(admin, "/groups", secret)[0] == 200
    assert secret not in admin.get(f"/organisations/{demo.id}/api-keys").get_data(as_text=True)
    key = db.session.scalar(select(ApiKey))
    admin.post(f"/organisations/{demo.id}/api-keys", data={"withdraw": str(key.id)})
    assert _get(admin, "/groups", secret)[0] == 401


def test_the_openapi_document_lists_every_route_and_needs_no_key(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    rules = {
        r.rule.removeprefix("/api").replace("<", "{").replace(">", "}")
        for r in client.application.url_map.iter_rules()
        if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"
    }
    assert set(document["paths"]) == rules
    assert Group.__name__ in document["components"]["schemas"]
