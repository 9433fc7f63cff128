"""The demo: realistic, the same every time, and never duplicated."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from toolkit.storage.db import db
from toolkit.storage.models import Answer, Comment, Group, GroupKind, Response, Round


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_demo_has_a_partnership_of_five_with_four_rounds_over_eighteen_months(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    partnership = db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))
    assert partnership is not None
    assert len(partnership.partners) == 5
    assert len(partnership.perspectives) == 3
    rounds = partnership.rounds
    assert len(rounds) == 4
    assert (rounds[-1].opens_on - rounds[0].opens_on).days >= 540
    for check in rounds:
        assert 15 <= len(check.responses) <= 30
        assert {r.perspective_key for r in check.responses} == {
            "commissioner",
            "provider",
            "community",
        }
    assert count(Comment) > 0
    team = db.session.scalar(select(Group).where(Group.kind == GroupKind.TEAM))
    assert team is not None and len(team.rounds) >= 2


def test_running_the_demo_twice_adds_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["demo"])
    before = (count(Round), count(Response), count(Answer))
    result = runner.invoke(args=["demo"])
    assert "already in place" in result.output
    assert (count(Round), count(Response), count(Answer)) == before


def test_the_demo_is_the_same_every_time(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["demo"])
    answers = db.session.execute(
        select(Answer.item_key, Answer.partner_key, Answer.value, Answer.excluded).order_by(
            Answer.response_id, Answer.item_key, Answer.partner_key
        )
    ).all()
    for model in (Answer, Comment, Response):
        db.session.execute(model.__table__.delete())
    db.session.execute(Round.__table__.delete())
    from toolkit.storage.models import Organisation

    db.session.execute(Organisation.__table__.delete())
    db.session.commit()
    runner.invoke(args=["demo"])
    again = db.session.execute(
        select(Answer.item_key, Answer.partner_key, Answer.value, Answer.excluded).order_by(
            Answer.response_id, Answer.item_key, Answer.partner_key
        )
    ).all()
    assert again == answers
