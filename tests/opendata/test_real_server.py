"""Every download that is written as it is sent, whole through a real HTTP server.

The test client runs requests inside the test's own app context, so a
streamed body can use the database session its view used. A real server has
no such context: the session that loaded the round is gone by the time the
body is written. These downloads have broken only there.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask import Flask

from tests.live import served, signed_in
from tests.opendata.conftest import partnership_round
from toolkit.services.demo import DEMO_EMAIL, DEMO_PASSWORD
from toolkit.storage.models import Organisation, RoundStatus

SCHEMAS = Path(__file__).parents[2] / "docs" / "schemas"


@pytest.fixture
def address(app: Flask, demo_organisation: Organisation) -> Iterator[str]:
    with served(app) as found:
        yield found


def download(address: str, path: str) -> bytes:
    browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
    answer = browser.open(f"{address}{path}", timeout=30)
    assert answer.status == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    # Nobody's answers or links linger in a shared computer's cache or a proxy's.
    assert answer.headers["Cache-Control"] == "private, no-store"
    return answer.read()


def test_signed_in_pages_are_kept_out_of_shared_caches(
    address: str, demo_organisation: Organisation
) -> None:
    browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
    group = next(iter(demo_organisation.groups))
    for path in (
        "/",
        f"/groups/{group.id}/results",
        f"/organisations/{demo_organisation.id}/activity",
    ):
        answer = browser.open(f"{address}{path}", timeout=30)
        assert answer.status == 200
        assert answer.headers["Cache-Control"] == "private, no-store", path


def test_a_rounds_downloads_come_whole(address: str, demo_organisation: Organisation) -> None:
    round_id = partnership_round(demo_organisation, RoundStatus.SHARED).id
    document = json.loads(download(address, f"/rounds/{round_id}/exports/answers.json"))
    jsonschema.validate(document, json.loads((SCHEMAS / "round-answers.schema.json").read_text()))
    assert document["answers"]
    rows = download(address, f"/rounds/{round_id}/exports/answers.csv").decode()
    assert len(list(csv.DictReader(io.StringIO(rows)))) == len(document["answers"])
    for kind in ("profile.csv", "comments.csv"):
        assert len(download(address, f"/rounds/{round_id}/exports/{kind}").splitlines()) > 1


def test_the_archive_comes_whole(address: str, demo_organisation: Organisation) -> None:
    archive = json.loads(download(address, f"/organisations/{demo_organisation.id}/archive.json"))
    jsonschema.validate(archive, json.loads((SCHEMAS / "archive.schema.json").read_text()))
    rounds = [r for g in archive["groups"] for r in g["rounds"]]
    assert len([r for r in rounds if r["responses"]]) == 6


def test_everything_an_admin_downloads_comes_whole(
    address: str, demo_organisation: Organisation
) -> None:
    everything = json.loads(download(address, f"/organisations/{demo_organisation.id}/export"))
    rounds = [r for g in everything["groups"] for r in g["rounds"]]
    assert len([r for r in rounds if r["responses"]]) == 6


def test_the_api_names_a_rounds_questionnaire_and_perspectives_through_a_real_server(
    address: str, demo_organisation: Organisation, api_key: str
) -> None:
    """Read from the round's row under the API's own names: questionnaire_id, perspectives."""
    found = partnership_round(demo_organisation, RoundStatus.SHARED)

    def api(path: str) -> Any:
        asking = urllib.request.Request(
            f"{address}/api{path}", headers={"Authorization": f"Bearer {api_key}"}
        )
        with urllib.request.urlopen(asking, timeout=30) as answer:
            return json.load(answer)

    one = api(f"/rounds/{found.id}")
    assert one["questionnaire_id"] == found.questionnaire_version_id
    assert one["perspectives"] == found.perspectives_asked
    listed = {r["id"]: r for r in api("/rounds")["rounds"]}
    assert listed[found.id]["questionnaire_id"] == found.questionnaire_version_id
