"""What is kept about respondents, in the database and in logs, and for how long."""

from __future__ import annotations

import contextlib
import html
import json
import logging
import threading
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import DateTime, func, select
from werkzeug.serving import make_server

from tests.factories import team_profile
from tests.reports.conftest import needs_poppler, pdf_text
from tests.security.conftest import SignIn
from tests.sessions import plant
from toolkit.core.scoring import GroupProfile, Summary
from toolkit.opendata.keys import create_key
from toolkit.reports.jobs import render_report
from toolkit.services.audit import record
from toolkit.services.readers import Reader, ReaderKind
from toolkit.services.releases import latest_release
from toolkit.services.retention import answers_deleted, apply_retention, publish_profile
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Answer,
    AuditEvent,
    Comment,
    Disclosure,
    Organisation,
    Release,
    Response,
    Round,
    RoundStatus,
)
from toolkit.web.access import SESSION_KEY

TELLING_NAMES = ("ip", "address", "agent", "browser", "host", "_at", "time")


@pytest.mark.parametrize("model", [Response, Answer, Comment])
def test_answers_keep_no_address_browser_or_time_finer_than_the_day(model: type) -> None:
    for column in model.__table__.columns:
        assert not isinstance(column.type, DateTime), f"{model.__name__}.{column.name}"
        name = column.name.lower()
        assert not any(part in name.split("_") or name.endswith(part) for part in TELLING_NAMES), (
            f"{model.__name__}.{column.name}"
        )


def test_request_logs_hold_no_answer_text_query_string_or_token(app: Flask) -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    log = logging.getLogger("werkzeug")
    keep, level, disabled = Keep(), log.level, log.disabled
    # Running migrations applies alembic's logging file, which disables other loggers.
    log.disabled = False
    log.addHandler(keep)
    log.setLevel(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        body = urllib.parse.urlencode({"comment": "my manager shouts at me"}).encode()
        url = f"http://127.0.0.1:{server.port}/r/secret-token-123?story=also+private"
        # The page's answer does not matter, only what was logged.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10)
    finally:
        server.shutdown()
        thread.join()
        log.removeHandler(keep)
        log.setLevel(level)
        log.disabled = disabled
    logged = "\n".join(r.getMessage() for r in records)
    assert "POST /r/" in logged
    for secret in ("shouts", "also+private", "story=", "secret-token-123"):
        assert secret not in logged


def closed_round(demo_organisation: Organisation) -> Round:
    round_ = db.session.scalars(select(Round).order_by(Round.opens_on)).first()
    assert round_ is not None and round_.responses
    round_.status = RoundStatus.CLOSED
    return round_


def test_publishing_a_profile_keeps_the_results_as_json(demo_organisation: Organisation) -> None:
    round_ = closed_round(demo_organisation)
    snapshot = publish_profile(round_)
    db.session.commit()
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["submitted"] > 0
    assert snapshot["profile"]["kind"] == "RoundProfile"
    assert latest_release(round_) is not None
    assert latest_release(round_).profile == snapshot  # type: ignore[union-attr]


def test_an_open_round_cannot_be_published(demo_organisation: Organisation) -> None:
    round_ = db.session.scalars(select(Round).where(Round.status == RoundStatus.OPEN)).first()
    assert round_ is not None
    with pytest.raises(ValueError, match="close it before publishing"):
        publish_profile(round_)


def test_retention_deletes_answers_and_comments_but_keeps_the_results(
    demo_organisation: Organisation, runner: FlaskCliRunner
) -> None:
    round_ = closed_round(demo_organisation)
    round_.retention_days = 30
    db.session.commit()
    round_id, closes_on = round_.id, round_.closes_on
    assert apply_retention(closes_on + timedelta(days=30)) == []
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "its results remain" in result.output
    assert db.session.scalar(select(func.count()).where(Response.round_id == round_id)) == 0
    kept = db.session.get(Round, round_id)
    assert kept is not None and answers_deleted(kept, 0)
    assert (
        db.session.scalar(select(func.count()).select_from(Comment)) > 0
    )  # other rounds keep theirs
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.organisation_id == demo_organisation.id)
    )
    assert event is not None and event.who == "The toolkit"


def past_retention(demo_organisation: Organisation) -> tuple[Round, Round]:
    """Run retention on the demo partnership's middle check; return it and the check after it.

    The checks before and after it keep their answers, so both ways of
    showing results meet: changes since a published round, and to it.
    """
    rounds = {r.title: r for r in db.session.scalars(select(Round))}
    autumn, spring = rounds["Autumn 2025 check"], rounds["Spring 2026 check"]
    assert autumn.group is spring.group and not answers_deleted(autumn, 0)
    autumn.retention_days = 30
    db.session.commit()
    return autumn, spring


def delete_answers(autumn: Round) -> None:
    assert apply_retention(autumn.closes_on + timedelta(days=31)) == [autumn]
    assert db.session.scalar(select(func.count()).where(Response.round_id == autumn.id)) == 0


def test_after_retention_pages_downloads_and_the_api_show_the_published_results(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    autumn, spring = past_retention(demo_organisation)
    group = autumn.group
    key = create_key(demo_organisation, "Dashboard")[1]
    db.session.commit()
    client = signed_in(alice)
    pages = [
        f"/rounds/{autumn.id}/results",
        f"/rounds/{spring.id}/results",
        f"/groups/{group.id}/results",
        f"/groups/{group.id}/partners",
        f"/api/groups/{group.id}/profile",
        f"/rounds/{autumn.id}/exports/profile.csv",
        f"/rounds/{autumn.id}/exports/comments.csv",
    ]

    def shown() -> tuple[GroupProfile, list[str]]:
        texts = []
        for page in pages:
            # Downloads are streamed: each is read before the next request.
            answer = client.get(page, headers={"Authorization": f"Bearer {key}"})
            assert answer.status_code == 200, page
            texts.append(answer.get_data(as_text=True))
        return team_profile(group), texts

    profile, before = shown()
    published = next(r for r in profile.rounds if r.key == str(autumn.id))
    assert all(isinstance(d.everyone.summary, Summary) for d in published.dimensions)
    assert published.partners is not None and published.comments
    delete_answers(autumn)
    assert shown() == (profile, before)


@needs_poppler
def test_after_retention_reports_show_the_published_results(
    demo_organisation: Organisation, tmp_path: Path
) -> None:
    autumn, _ = past_retention(demo_organisation)

    def reports() -> list[str]:
        return [
            pdf_text(render_report(autumn.group, round_, "en", Reader(ReaderKind.ADMIN)), tmp_path)
            for round_ in (autumn, None)
        ]

    before = reports()
    assert "People who answered 19" in before[0]
    delete_answers(autumn)
    assert reports() == before


def test_after_retention_the_group_and_home_pages_count_who_answered_as_before(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    autumn, _ = past_retention(demo_organisation)
    client = signed_in(alice)
    pages = ["/", f"/groups/{autumn.group_id}"]

    def shown() -> list[str]:
        return [client.get(page).get_data(as_text=True) for page in pages]

    before = shown()
    assert all('numeric">19</td>' in page for page in before)
    delete_answers(autumn)
    assert shown() == before


def test_after_retention_the_round_and_its_downloads_say_the_answers_were_deleted(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    autumn, _ = past_retention(demo_organisation)
    delete_answers(autumn)
    client = signed_in(alice)

    def page(path: str) -> str:
        return html.unescape(client.get(path).get_data(as_text=True))

    assert "19 people answered. The answers were deleted after" in page(f"/rounds/{autumn.id}")
    reason = "the answers were deleted after the check's retention period"
    downloads = page(f"/rounds/{autumn.id}/exports")
    assert f"No answers are included: {reason}. Its published results are still here" in downloads
    assert "fewer than 5 responses" not in downloads and "included yet" not in downloads
    document = json.loads(client.get(f"/rounds/{autumn.id}/exports/answers.json").data)
    assert document["withheld"] == reason
    assert document["answers"] == [] and document["comments"]


def test_rounds_without_a_retention_period_keep_their_answers(
    demo_organisation: Organisation,
) -> None:
    closed_round(demo_organisation)
    db.session.commit()
    assert apply_retention(date.today() + timedelta(days=3650)) == []


def test_an_admin_downloads_everything_without_any_secret_hash(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    response = signed_in(alice).get(f"/organisations/{demo_organisation.id}/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["organisation"]["name"] == demo_organisation.name
    records = [r for g in data["groups"] for rd in g["rounds"] for r in rd["responses"]]
    assert records and all(set(r) == {"uid", "perspective", "answers"} for r in records)
    shown = [rd for g in data["groups"] for rd in g["rounds"] if rd["published_profile"]]
    assert len(shown) == 6 and all(rd["withheld"] is None for rd in shown)
    text = response.get_data(as_text=True)
    for secret in ("token_hash", "password_hash", "link_hash", "shared_token"):
        assert secret not in text
    # Each round's rows went out: a later download is checked against them.
    assert db.session.scalar(select(func.count()).select_from(Disclosure)) == 6
    assert "exported everything" in signed_in(alice).get(
        f"/organisations/{demo_organisation.id}/activity"
    ).get_data(as_text=True)


def test_deleting_everything_needs_the_name_typed_and_then_removes_it_all(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    client = signed_in(alice)
    organisation_id, name = demo_organisation.id, demo_organisation.name
    # Exporting first leaves releases and their log behind, to be deleted too.
    assert client.get(f"/organisations/{organisation_id}/export").status_code == 200
    refused = client.post(f"/organisations/{organisation_id}/delete", data={"confirm": "yes"})
    assert refused.status_code == 400
    assert "name exactly as shown" in refused.get_data(as_text=True)
    assert db.session.get(Organisation, organisation_id) is not None
    done = client.post(f"/organisations/{organisation_id}/delete", data={"confirm": name})
    assert done.status_code == 302
    for model in (Organisation, Round, Response, Answer, Comment, Account, Release, Disclosure):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_the_activity_page_lists_an_organisations_recent_events(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn, app: Flask
) -> None:
    with app.test_request_context():
        from flask import session

        plant(session, alice)
        record("closed round", "Spring 2025 check", demo_organisation.id)
    db.session.commit()
    page = (
        signed_in(alice)
        .get(f"/organisations/{demo_organisation.id}/activity")
        .get_data(as_text=True)
    )
    assert "closed round: Spring 2025 check" in page
    assert alice.name in page
