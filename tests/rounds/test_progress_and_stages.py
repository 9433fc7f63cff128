"""Progress while a round is open, and moving a round through its stages."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import (
    AuditEvent,
    Invitation,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)


def answer(found: Round, perspective: str | None, status: ResponseStatus) -> Response:
    return Response(
        round=found,
        perspective_key=perspective,
        status=status,
        started_on=date(2026, 11, 5),
        resume_token_hash=hash_token(secrets.token_urlsafe(8)),
    )


def cells(page: str, label: str) -> list[str]:
    row = re.search(rf"{label}</th>(.*?)</tr>", page, re.S)
    assert row, label
    return re.findall(r">(\d+)</td>", row.group(1))


def test_progress_counts_answers_per_perspective_against_those_invited(
    facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.responses = []
    db.session.add_all(
        [
            Invitation(
                round=open_round,
                token_hash=hash_token(f"t{i}") if i else None,
                perspective_key="community",
            )
            for i in range(4)
        ]
        + [
            answer(open_round, "community", ResponseStatus.SUBMITTED),
            answer(open_round, "community", ResponseStatus.DRAFT),
            answer(open_round, "commissioner", ResponseStatus.SUBMITTED),
            answer(open_round, "commissioner", ResponseStatus.SUBMITTED),
            answer(open_round, None, ResponseStatus.DRAFT),
        ]
    )
    db.session.commit()
    page = facilitator.get(f"/rounds/{open_round.id}").text
    assert cells(page, "Community members") == ["4", "1", "1"]
    assert cells(page, "Commissioners") == ["0", "2", "0"]
    assert cells(page, "Voluntary sector providers") == ["0", "0", "0"]
    assert cells(page, "Not chosen yet") == ["0", "0", "1"]
    assert cells(page, "Everyone") == ["4", "3", "2"]


def test_progress_never_lists_who_has_answered(facilitator: FlaskClient, open_round: Round) -> None:
    db.session.add(
        Invitation(
            round=open_round,
            token_hash=None,
            label="Asha Patel",
            perspective_key="community",
        )
    )
    db.session.commit()
    page = facilitator.get(f"/rounds/{open_round.id}").text
    assert "Asha Patel" not in page


def move(client: FlaskClient, found: Round, step: str):  # type: ignore[no-untyped-def]
    return client.post(f"/rounds/{found.id}/stage/{step}", follow_redirects=True)


def test_a_round_is_closed_reopened_closed_shared_and_archived(
    facilitator: FlaskClient, open_round: Round
) -> None:
    for step, status in [
        ("close", RoundStatus.CLOSED),
        ("reopen", RoundStatus.OPEN),
        ("close", RoundStatus.CLOSED),
        ("share", RoundStatus.SHARED),
        ("archive", RoundStatus.ARCHIVED),
    ]:
        assert move(facilitator, open_round, step).status_code == 200
        db.session.refresh(open_round)
        assert open_round.status is status
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "share round" in actions


def test_reopening_is_refused_once_results_are_shared(
    facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.status = RoundStatus.SHARED
    db.session.commit()
    page = move(facilitator, open_round, "reopen").text
    assert "results have already been shared, so it cannot be reopened" in page
    db.session.refresh(open_round)
    assert open_round.status is RoundStatus.SHARED


def test_closing_asks_for_confirmation_first(facilitator: FlaskClient, open_round: Round) -> None:
    page = facilitator.get(f"/rounds/{open_round.id}/stage/close").text
    assert "Nobody will be able to answer once the check is closed" in page
    db.session.refresh(open_round)
    assert open_round.status is RoundStatus.OPEN


def test_a_step_needs_the_form_token_when_csrf_is_on(
    facilitator: FlaskClient, open_round: Round
) -> None:
    facilitator.application.config["WTF_CSRF_ENABLED"] = True
    assert facilitator.post(f"/rounds/{open_round.id}/stage/close").status_code == 400
    db.session.refresh(open_round)
    assert open_round.status is RoundStatus.OPEN
