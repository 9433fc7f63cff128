"""Rate limits on sign-in, password links and answer pages, in memory or in Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.security.conftest import BOB_EMAIL
from toolkit.extensions import db
from toolkit.models import Account, Round, RoundStatus
from toolkit.security.limits import Limit, MemoryCounter, RateLimiter, RedisCounter
from toolkit.tokens import hash_token
from toolkit.web.safety import SIGN_IN_PER_EMAIL, WRONG_LINKS

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip()


def test_a_memory_counter_allows_the_limit_then_refuses_until_the_window_ends() -> None:
    now = [1000.0]
    limiter = RateLimiter(MemoryCounter(clock=lambda: now[0]), "secret")
    limit = Limit(3, 60)
    assert [limiter.allows("sign-in", "10.0.0.1", limit) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert limiter.allows("sign-in", "10.0.0.2", limit)
    now[0] += 61
    assert limiter.allows("sign-in", "10.0.0.1", limit)


def test_a_counter_never_holds_the_client_address() -> None:
    counter = MemoryCounter()
    RateLimiter(counter, "secret").allows("answer", "192.168.7.42", Limit(5, 60))
    assert not any("192.168.7.42" in key for key in counter._counts)


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="set TEST_REDIS_URL to test against Redis")
def test_a_redis_counter_is_shared_between_limiters() -> None:
    who = f"client-{uuid.uuid4()}"
    first = RateLimiter(RedisCounter(TEST_REDIS_URL), "secret")
    second = RateLimiter(RedisCounter(TEST_REDIS_URL), "secret")
    limit = Limit(2, 60)
    assert first.allows("sign-in", who, limit)
    assert second.allows("sign-in", who, limit)
    assert not first.allows("sign-in", who, limit)


def test_too_many_sign_in_attempts_for_one_account_get_a_429(
    client: FlaskClient, bob: Account
) -> None:
    data = {"email": BOB_EMAIL, "password": "guess"}
    codes = [client.post("/sign-in", data=data).status_code for _ in range(SIGN_IN_PER_EMAIL.count)]
    assert set(codes) == {200}
    refused = client.post("/sign-in", data=data)
    assert refused.status_code == 429
    assert "Please wait a moment" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"]


def test_password_reset_requests_are_limited(client: FlaskClient) -> None:
    codes = [
        client.post("/reset-password", data={"email": "a@b.org"}).status_code for _ in range(11)
    ]
    assert codes[-1] == 429


def test_wrong_links_are_limited_per_address(client: FlaskClient) -> None:
    codes = [client.get("/r/wrong-token").status_code for _ in range(WRONG_LINKS.count)]
    assert codes == [404] * WRONG_LINKS.count
    assert client.get("/s/another-wrong-token").status_code == 429
    other = client.get("/r/wrong-token", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 404


def test_a_room_answering_from_one_address_is_not_refused(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    runner.invoke(args=["demo"])
    open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert open_round is not None
    open_round.shared_token_hash = hash_token("room-link")
    db.session.commit()
    codes = {client.get("/s/room-link").status_code for _ in range(WRONG_LINKS.count * 5)}
    assert 429 not in codes


def test_answer_pages_are_never_cached(client: FlaskClient) -> None:
    assert client.get("/r/some-token").headers["Cache-Control"] == "no-store"


def test_redis_is_used_when_redis_url_is_set(app: Flask) -> None:
    from toolkit.security.limits import counter_for

    assert isinstance(counter_for(None), MemoryCounter)
    assert isinstance(counter_for("redis://127.0.0.1:1/0"), RedisCounter)
