"""Keep raw answers only as long as a round asks, then keep only the released results.

Once a round's ``retention_days`` have passed since it closed,
``apply_retention`` makes sure its results are released
(``toolkit.services.releases``), then deletes its responses, answers and
comments, and forgets who stood behind each released figure. The release
stays, and every page, report and export shows it as before, down to how many
people answered (``people_answered``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import undefer

from toolkit.services.audit import record
from toolkit.services.readers import WITH_RESULTS
from toolkit.services.releases import forget_people, latest_release, standing_release
from toolkit.storage.db import db
from toolkit.storage.models import Release, Response, ResponseStatus, Round, RoundStatus


def publish_profile(round_: Round) -> dict[str, Any]:
    """Make sure the round's results are released, and return them as stored."""
    if round_.status not in WITH_RESULTS:
        raise ValueError(f"Round {round_.id} is {round_.status.value}; close it before publishing.")
    return standing_release(round_).release.profile


def answers_deleted(round_: Round, submitted: int) -> bool:
    """Say whether a round with this many submitted answers left lost them to retention."""
    if submitted:
        return False
    release = latest_release(round_)
    return release is not None and not release.people


def people_answered(rounds: Iterable[Round]) -> dict[int, int]:
    """Return how many people answered each round, by id, in two queries for them all.

    A round with results counts the people behind its latest release, as its
    results do (after retention too): a count that moved with each late answer
    or withdrawal would say when one came. An open round counts answers as they come.
    """
    rounds = list(rounds)
    ids = [r.id for r in rounds]
    latest = select(Release.round_id, func.max(Release.number)).where(Release.round_id.in_(ids))
    released = {
        release.round_id: release.profile["submitted"]
        for release in db.session.scalars(
            select(Release)
            .options(undefer(Release.profile))
            .where(tuple_(Release.round_id, Release.number).in_(latest.group_by(Release.round_id)))
        )
    }
    submitted = (
        select(Response.round_id, func.count())
        .where(Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.round_id)
    )
    live = {round_id: n for round_id, n in db.session.execute(submitted)}
    return {
        r.id: released[r.id]
        if r.id in released and r.status is not RoundStatus.OPEN
        else live.get(r.id, 0)
        for r in rounds
    }


def due_for_deletion(today: date) -> list[Round]:
    """Return finished rounds whose answers have been kept for as long as they asked."""
    candidates = db.session.scalars(
        select(Round).where(
            Round.retention_days.is_not(None),
            Round.status != RoundStatus.DRAFT,
            Round.status != RoundStatus.OPEN,
            Round.responses.any(),
        )
    )
    return [r for r in candidates if r.closes_on + timedelta(days=r.retention_days or 0) < today]


def apply_retention(today: date | None = None) -> list[Round]:
    """Delete raw answers and comments of every round past its retention; return those rounds."""
    rounds = due_for_deletion(today or date.today())
    for round_ in rounds:
        publish_profile(round_)
        # Answers and comments go with their responses (ON DELETE CASCADE).
        db.session.execute(delete(Response).where(Response.round_id == round_.id))
        forget_people(round_)
        record(
            "deleted raw answers after retention period",
            round_.title,
            round_.group.organisation_id,
        )
    db.session.commit()
    return rounds
