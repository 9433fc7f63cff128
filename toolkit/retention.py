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

from sqlalchemy import delete, func, select

from toolkit.audit import record
from toolkit.extensions import db
from toolkit.models import Response, ResponseStatus, Round, RoundStatus
from toolkit.services.readers import WITH_RESULTS
from toolkit.services.releases import forget_people, latest_release, standing_release


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
    """Return how many people answered each round, by id, in one query for them all.

    A round whose answers were deleted counts those its published results kept.
    """
    rounds = list(rounds)
    submitted = (
        select(Response.round_id, func.count())
        .where(
            Response.round_id.in_([r.id for r in rounds]),
            Response.status == ResponseStatus.SUBMITTED,
        )
        .group_by(Response.round_id)
    )
    left = {round_id: n for round_id, n in db.session.execute(submitted)}
    answered = {}
    for round_ in rounds:
        n = left.get(round_.id, 0)
        release = latest_release(round_) if not n else None
        kept = release is not None and not release.people
        answered[round_.id] = release.profile["submitted"] if release and kept else n
    return answered


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
