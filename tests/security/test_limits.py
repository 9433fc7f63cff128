"""Rate limits that slow guessing without locking anyone out (issue 14, part 5).

Ten wrong passwords used to lock out the right one, from anywhere; twenty wrong answer
links blocked a whole office's shared address for ten minutes.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tests.conftest import TEST_SECRET, sqlite_only
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD
from tests.security.conftest import FAST_HASH as FAST
from toolkit import create_app
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Account, Round, RoundStatus

# Nothing here depends on the database.
pytestmark = sqlite_only

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()
OFFICE = {"REMOTE_ADDR": "10.1.1.1"}
HOME = {"REMOTE_ADDR": "10.2.2.2"}

Clock = Callable[[float], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Move the time the limits count in forward, in seconds."""
    import time

    offset = [0.0]
    fake = SimpleNamespace(time=lambda: time.time() + offset[0])
    monkeypatch.setattr("limits.storage.memory.time", fake)
    monkeypatch.setattr("limits.strategies.time", fake)

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def sign_in(client: FlaskClient, password: str, where: dict[str, str] = OFFICE) -> int:
    response = client.post(
        "/sign-in", data={"email": BOB_EMAIL, "password": password}, environ_base=where
    )
    return response.status_code


def test_wrong_passwords_are_slowed_with_growing_waits(
    client: FlaskClient, bob: Account, clock: Clock
) -> None:
    assert [sign_in(client, "guess") for _ in range(5)] == [200] * 5
    refused = client.post(
        "/sign-in", data={"email": BOB_EMAIL, "password": "guess"}, environ_base=OFFICE
    )
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Please wait a moment" in page
    assert "Wait up to 1 minute and try again" in page
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # After a minute the next five tries are allowed, and then the wait is longer.
    clock(61)
    assert [sign_in(client, "guess") for _ in range(5)] == [200] * 5
    clock(61)
    longer = client.post(
        "/sign-in", data={"email": BOB_EMAIL, "password": "guess"}, environ_base=OFFICE
    )
    assert longer.status_code == 429
    assert "Wait up to 15 minutes" in longer.get_data(as_text=True)


def test_wrong_passwords_never_lock_the_owner_out_from_elsewhere(
    client: FlaskClient, bob: Account
) -> None:
    for _ in range(10):
        sign_in(client, "guess")
    assert sign_in(client, "guess") == 429
    assert sign_in(client, BOB_PASSWORD, where=HOME) == 302


def test_a_right_password_is_not_counted(client: FlaskClient, bob: Account) -> None:
    for _ in range(8):
        assert sign_in(client, BOB_PASSWORD) == 302
        client.post("/sign-out")


def test_one_place_trying_many_accounts_is_limited(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unknown email is checked against a scrypt stand-in; a fast one keeps this quick.
    monkeypatch.setattr("toolkit.services.passwords._STAND_IN", generate_password_hash("x", FAST))
    codes = [
        client.post(
            "/sign-in",
            data={"email": f"person{n}@example.org", "password": "Spring2026!"},
            environ_base=OFFICE,
        ).status_code
        for n in range(101)
    ]
    assert codes[:100] == [200] * 100
    assert codes[100] == 429


def test_password_reset_requests_are_limited(client: FlaskClient) -> None:
    codes = [
        client.post("/reset-password", data={"email": f"a{n}@b.org"}).status_code for n in range(11)
    ]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429
    again = [client.post("/reset-password", data={"email": "c@d.org"}, environ_base=HOME)]
    assert [r.status_code for r in again] == [200]


def test_wrong_links_from_an_office_do_not_block_it(client: FlaskClient) -> None:
    codes = [client.get(f"/join/WRONG{n}", environ_base=OFFICE).status_code for n in range(60)]
    assert set(codes) == {404}


def test_wrong_links_are_limited_per_address(client: FlaskClient) -> None:
    codes = [client.get("/r/wrong-token", environ_base=OFFICE).status_code for _ in range(100)]
    assert codes == [404] * 100
    refused = client.get("/s/another-wrong-token", environ_base=OFFICE)
    assert refused.status_code == 429
    assert "Wait up to 10 minutes" in refused.get_data(as_text=True)
    assert client.get("/r/wrong-token", environ_base=HOME).status_code == 404


def test_a_room_answering_from_one_address_is_not_refused(
    client: FlaskClient, demo_data: None
) -> None:
    open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert open_round is not None
    open_round.shared_token_hash = hash_token("room-link")
    db.session.commit()
    codes = {client.get("/s/room-link", environ_base=OFFICE).status_code for _ in range(500)}
    assert 429 not in codes


def test_answer_pages_and_password_links_are_never_cached(client: FlaskClient) -> None:
    assert client.get("/r/some-token").headers["Cache-Control"] == "no-store"
    assert client.get("/reset-password/some-token").headers["Cache-Control"] == "no-store"
    assert client.get("/invited/some-token").headers["Cache-Control"] == "no-store"


def test_counters_never_hold_an_address_or_an_email(app: Flask, bob: Account) -> None:
    client = app.test_client()
    client.post(
        "/sign-in",
        data={"email": BOB_EMAIL, "password": "guess"},
        environ_base={"REMOTE_ADDR": "192.168.7.42"},
    )
    storage = app.extensions["toolkit_limiter"].storage
    names = " ".join(str(key) for key in storage.events) + " ".join(
        str(key) for key in storage.storage
    )
    assert names
    assert "192.168.7.42" not in names and BOB_EMAIL not in names


def test_redis_is_used_when_redis_url_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert type(app.extensions["toolkit_limiter"].storage).__name__ == "RedisStorage"


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="set TEST_REDIS_URL to test against Redis")
def test_workers_sharing_redis_share_their_counts(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("REDIS_URL", TEST_REDIS_URL)
    # Two apps are two web workers; a fresh address keeps earlier runs' counts out.
    where = {"REMOTE_ADDR": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"}
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    workers = [create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database}) for _ in range(2)]
    token = f"wrong-{uuid.uuid4()}"
    codes = [
        workers[n % 2].test_client().get(f"/r/{token}", environ_base=where).status_code
        for n in range(101)
    ]
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()
    assert codes[:100] == [404] * 100
    assert codes[100] == 429
