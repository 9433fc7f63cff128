"""Everything an admin downloads holds answers only as the archive does: no label joins them."""

from __future__ import annotations

import json
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from tests.respond.journey import answer_every_page, start
from tests.security.conftest import SignIn
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Invitation,
    Organisation,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)


def test_everything_an_admin_downloads_links_no_invitation_label_to_any_answers(
    app: Flask, demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    check = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert check is not None
    check.opens_on, check.closes_on = date.today() - timedelta(days=7), date.today()
    label = "Alice Smith (line manager)"
    db.session.add(
        Invitation(
            round=check,
            token_hash=hash_token("alices-link"),
            label=label,
            perspective_key="commissioner",
            partner_key="ashby-vale-council",
        )
    )
    db.session.commit()
    respondent = app.test_client()
    answer_every_page(respondent, start(respondent, "/r/alices-link"))
    assert respondent.post("/answer/check").status_code == 302
    answered = db.session.scalar(select(Response).where(Response.link_hash.is_not(None)))
    assert answered is not None and answered.status is ResponseStatus.SUBMITTED
    check.status = RoundStatus.CLOSED
    db.session.commit()

    text = (
        signed_in(alice).get(f"/organisations/{demo_organisation.id}/export").get_data(as_text=True)
    )
    data = json.loads(text)
    assert text.count(label) == 1
    rounds = {rd["title"]: rd for g in data["groups"] for rd in g["rounds"]}
    assert rounds[check.title]["invitations"] == [
        {"label": label, "perspective": "commissioner", "partner": "ashby-vale-council"}
    ]
    records = rounds[check.title]["responses"]
    assert len([r for r in records if r["perspective"]]) == len(check.responses)
    for found in (r for g in data["groups"] for rd in g["rounds"] for r in rd["responses"]):
        assert set(found) == {"uid", "perspective", "answers"}
        assert all(set(a) == {"item", "partner", "value", "excluded"} for a in found["answers"])
    for secret in ("link_hash", "resume_token_hash", "submitted_on", "started_on", "language"):
        assert f'"{secret}"' not in text
    assert '"collected"' not in text and '"partner_key"' not in text
