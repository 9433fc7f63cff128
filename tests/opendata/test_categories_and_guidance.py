"""Categories and the instrument's guidance in the API profile and the profile download."""

from __future__ import annotations

import csv
import io
import json
import urllib.request

from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.live import served, signed_in
from tests.opendata.conftest import api_get, download_csv, hidden_values
from tests.results.test_categories_on_pages import ANSWERS, WILDER_LIKE
from tests.sessions import sign_in_as
from toolkit.opendata.keys import create_key
from toolkit.services.passwords import hash_password
from toolkit.storage.db import db
from toolkit.storage.models import Round, RoundStatus


def shared(people: list[factories.Person]) -> tuple[Round, str]:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    check = factories.check(
        group, people, status=RoundStatus.SHARED, threshold=3, asked=WILDER_LIKE
    )
    key = create_key(owner, "Dashboard")[1]
    db.session.commit()
    return check, key


def test_a_profile_lists_the_categories_and_names_each_dimensions_category(
    client: FlaskClient,
) -> None:
    check, key = shared([factories.Person("staff", ANSWERS) for _ in range(4)])
    status, body = api_get(client, f"/groups/{check.group_id}/profile", key)
    assert status == 200
    (profiled,) = body["rounds"]
    assert profiled["categories"] == [
        {
            "key": "setting",
            "label": "Our setting",
            "label_cy": "Ein lleoliad",
            "dimensions": ["history", "standing", "climate"],
        },
        {
            "key": "members",
            "label": "Who we are",
            "label_cy": "Pwy ydym ni",
            "dimensions": ["respect", "self-interest"],
        },
        {
            "key": "aims",
            "label": "What we aim for",
            "label_cy": "Beth yw ein nod",
            "dimensions": ["vision"],
        },
    ]
    assert [(d["dimension"], d["category"]) for d in profiled["dimensions"]] == [
        ("history", "setting"),
        ("standing", "setting"),
        ("climate", "setting"),
        ("respect", "members"),
        ("self-interest", "members"),
        ("vision", "aims"),
    ]


def test_each_shown_score_names_its_guidance_band_by_key(client: FlaskClient) -> None:
    check, key = shared([factories.Person("staff", ANSWERS) for _ in range(4)])
    _, body = api_get(client, f"/groups/{check.group_id}/profile", key)
    bands = {
        d["dimension"]: d["everyone"]["guidance_band"] for d in body["rounds"][0]["dimensions"]
    }
    assert bands == {
        "history": "strength",
        "standing": "strength",
        "climate": "strength",
        "respect": "borderline",
        "self-interest": "strength",
        "vision": "concern",
    }


def test_a_hidden_score_has_no_guidance_band(client: FlaskClient) -> None:
    # Two people are fewer than the threshold of three: every score is hidden.
    check, key = shared([factories.Person("staff", ANSWERS) for _ in range(2)])
    _, body = api_get(client, f"/groups/{check.group_id}/profile", key)
    (profiled,) = body["rounds"]
    for dimension in profiled["dimensions"]:
        for score in [dimension["everyone"], *dimension["by_perspective"].values()]:
            if not score["summary"]["shown"]:
                assert score["guidance_band"] is None
    assert len(hidden_values(profiled)) >= len(profiled["dimensions"])


def test_the_profile_download_carries_each_rows_category_and_guidance_band(
    client: FlaskClient,
) -> None:
    check, _ = shared([factories.Person("staff", ANSWERS) for _ in range(4)])
    sign_in_as(client, check.group.organisation.memberships[0].account)
    rows = download_csv(client, check.id, "profile.csv")
    everyone = [r for r in rows if r["perspective"] == ""]
    assert [(r["category"], r["dimension"], r["guidance_band"]) for r in everyone] == [
        ("setting", "history", "strength"),
        ("setting", "standing", "strength"),
        ("setting", "climate", "strength"),
        ("members", "respect", "borderline"),
        ("members", "self-interest", "strength"),
        ("aims", "vision", "concern"),
    ]


def test_a_hidden_row_of_the_download_has_no_band(client: FlaskClient) -> None:
    check, _ = shared([factories.Person("staff", ANSWERS) for _ in range(2)])
    sign_in_as(client, check.group.organisation.memberships[0].account)
    rows = download_csv(client, check.id, "profile.csv")
    hidden = [r for r in rows if r["not_shown"]]
    assert hidden and all(r["guidance_band"] == "" and r["mean"] == "" for r in hidden)


def test_categories_and_bands_come_whole_through_a_real_server(app: Flask) -> None:
    """The API profile and the streamed download, as a dashboard and a facilitator get them."""
    check, key = shared([factories.Person("staff", ANSWERS) for _ in range(4)])
    account = check.group.organisation.memberships[0].account
    account.password_hash = hash_password("a long enough password")
    with served(app) as address:
        asking = urllib.request.Request(
            f"{address}/api/groups/{check.group_id}/profile",
            headers={"Authorization": f"Bearer {key}"},
        )
        with urllib.request.urlopen(asking, timeout=30) as answer:
            profile = json.load(answer)
        browser = signed_in(address, account.email, "a long enough password")
        download = browser.open(f"{address}/rounds/{check.id}/exports/profile.csv", timeout=30)
        assert download.headers["Cache-Control"] == "private, no-store"
        rows = list(csv.DictReader(io.StringIO(download.read().decode())))
    (profiled,) = profile["rounds"]
    assert [c["key"] for c in profiled["categories"]] == ["setting", "members", "aims"]
    from_api = {d["dimension"]: d["everyone"]["guidance_band"] for d in profiled["dimensions"]}
    everyone = [r for r in rows if r["perspective"] == ""]
    assert {r["dimension"]: r["guidance_band"] for r in everyone} == from_api
    assert from_api["vision"] == "concern"
