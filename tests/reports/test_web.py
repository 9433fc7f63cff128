"""Downloading reports from the group and round pages, in the web process."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests import factories
from tests.reports.conftest import needs_poppler, pdf_text
from tests.sessions import sign_in_as
from toolkit.storage.db import db
from toolkit.storage.models import Account, AuditEvent, Group, Round, RoundStatus
from toolkit.storage.models.reports import ReportStatus, StoredReport

pytestmark = needs_poppler


def people(count: int, perspective: str, trusted: int) -> list[factories.Person]:
    return [
        factories.Person(perspective, {"trusted": trusted, "shared": 4, "say-no": 3})
        for _ in range(count)
    ]


@pytest.fixture
def riverside(app: Flask, client: FlaskClient) -> Group:
    """A partnership with one closed check and one still open; Alice is signed in."""
    owner = factories.organisation()
    group = factories.group(owner)
    factories.check(group, people(4, "staff", 5) + people(3, "residents", 2))
    factories.check(
        group,
        people(3, "staff", 4),
        title="Autumn check",
        opens_on=date(2026, 9, 1),
        status=RoundStatus.OPEN,
    )
    alice = db.session.scalar(select(Account).where(Account.email == "alice@example.org"))
    sign_in_as(client, alice)
    return group


def _round(group: Group, title: str) -> Round:
    return next(r for r in group.rounds if r.title == title)


def test_the_group_report_downloads_as_a_pdf_and_is_noted_in_the_audit_log(
    client: FlaskClient, riverside: Group, tmp_path: Path
) -> None:
    answer = client.get(f"/groups/{riverside.id}/report.pdf")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert "riverside-partnership-over-time-en.pdf" in answer.headers["Content-Disposition"]
    assert "Riverside partnership: our checks over time" in pdf_text(answer.data, tmp_path)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "downloaded report"))


def test_asking_again_serves_the_stored_file_without_drawing_it_again(
    client: FlaskClient, riverside: Group
) -> None:
    first = client.get(f"/groups/{riverside.id}/report.pdf?lang=cy")
    second = client.get(f"/groups/{riverside.id}/report.pdf?lang=cy")
    assert first.data == second.data
    assert db.session.scalar(select(func.count()).select_from(StoredReport)) == 1


def test_a_round_report_comes_from_the_round_page_link(
    client: FlaskClient, riverside: Group, tmp_path: Path
) -> None:
    spring = _round(riverside, "Spring check")
    answer = client.get(f"/rounds/{spring.id}/report.pdf")
    assert answer.status_code == 200
    assert "Riverside partnership: Spring check" in pdf_text(answer.data, tmp_path)


def test_an_open_round_has_no_report_yet(client: FlaskClient, riverside: Group) -> None:
    autumn = _round(riverside, "Autumn check")
    answer = client.get(f"/rounds/{autumn.id}/report.pdf")
    assert answer.status_code == 409
    assert "a report can be drawn once a check has results" in answer.get_data(as_text=True)


def test_an_unknown_language_is_named_with_how_to_fix_it(
    client: FlaskClient, riverside: Group
) -> None:
    answer = client.get(f"/groups/{riverside.id}/report.pdf?lang=fr")
    assert answer.status_code == 400
    assert "use lang=en for English or lang=cy for Welsh" in answer.get_data(as_text=True)


def test_a_waiting_report_shows_progress_and_reloads_itself(
    client: FlaskClient, riverside: Group
) -> None:
    waiting = StoredReport(group_id=riverside.id, language="en", inputs="x", filename="r.pdf")
    db.session.add(waiting)
    db.session.commit()
    page = client.get(f"/groups/{riverside.id}/reports/x").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "The report is being drawn" in page
    assert client.get(f"/groups/{riverside.id}/reports/x/file").status_code == 302
    waiting.status = ReportStatus.READY
    waiting.pdf = b"%PDF-1.7 test"
    db.session.commit()
    page = client.get(f"/groups/{riverside.id}/reports/x").get_data(as_text=True)
    assert "http-equiv" not in page
    assert f"/groups/{riverside.id}/reports/x/file" in page
    assert client.get(f"/groups/{riverside.id}/reports/x/file").data == b"%PDF-1.7 test"


def test_a_failed_report_offers_to_try_again(client: FlaskClient, riverside: Group) -> None:
    failed = StoredReport(
        group_id=riverside.id,
        language="cy",
        inputs="x",
        filename="r.pdf",
        status=ReportStatus.FAILED,
    )
    db.session.add(failed)
    db.session.commit()
    page = client.get(f"/groups/{riverside.id}/reports/x").get_data(as_text=True)
    assert f"/groups/{riverside.id}/report.pdf?lang=cy" in page


def test_another_organisations_reports_are_not_found(client: FlaskClient, riverside: Group) -> None:
    stored = StoredReport(group_id=riverside.id, language="en", inputs="x", filename="r.pdf")
    db.session.add(stored)
    factories.organisation("Hillside Trust", "bob@example.org")
    db.session.commit()
    bob = db.session.scalar(select(Account).where(Account.email == "bob@example.org"))
    sign_in_as(client, bob)
    assert client.get(f"/groups/{riverside.id}/report.pdf").status_code == 404
    assert client.get(f"/rounds/{riverside.rounds[0].id}/report.pdf").status_code == 404
    assert client.get(f"/groups/{riverside.id}/reports/x").status_code == 404
    assert client.get(f"/groups/{riverside.id}/reports/x/file").status_code == 404


def test_reports_need_a_sign_in(app: Flask) -> None:
    answer = app.test_client().get("/groups/1/report.pdf")
    assert answer.status_code == 302
    assert "/sign-in" in answer.headers["Location"] or "sign" in answer.headers["Location"]


def test_a_round_closed_early_says_on_its_cover_the_day_it_really_closed(
    client: FlaskClient, riverside: Group, tmp_path: Path
) -> None:
    today = date.today()
    early = factories.check(
        riverside,
        people(4, "staff", 5) + people(3, "residents", 2),
        title="Winter check",
        opens_on=today - timedelta(days=7),
        status=RoundStatus.OPEN,
    )
    assert early.closes_on > today
    assert client.post(f"/rounds/{early.id}/stage/close").status_code == 302
    text = pdf_text(client.get(f"/rounds/{early.id}/report.pdf").data, tmp_path)
    assert f"Closed on {today.day} {today:%B %Y}" in text
