"""Keep raw answers only as long as a round asks, then keep only the published results.

``publish_profile(round_)`` stores a JSON snapshot of a round's results, made
safe by the scoring package's suppression rules. Once a round's
``retention_days`` have passed since it closed, ``apply_retention`` deletes
its responses, answers and comments; the snapshot stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, select

from toolkit.audit import record
from toolkit.extensions import db
from toolkit.models import Response, ResponseStatus, Round, RoundStatus
from toolkit.profiles import WITH_RESULTS, group_profile

# Bump when the snapshot's shape changes, so readers know what they hold.
SNAPSHOT_VERSION = 1


def publish_profile(round_: Round) -> dict[str, Any]:
    """Store the round's results as they stand, and return the snapshot."""
    if round_.status not in WITH_RESULTS:
        raise ValueError(f"Round {round_.id} is {round_.status.value}; close it before publishing.")
    profile = next(
        p for p in group_profile(round_.group, up_to=round_).rounds if p.key == str(round_.id)
    )
    counts = db.session.execute(
        select(Response.perspective_key, func.count())
        .where(Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.perspective_key)
    ).all()
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "published_on": date.today().isoformat(),
        "submitted": sum(n for _, n in counts),
        "profile": plain(profile),
    }
    round_.published_profile = snapshot
    return snapshot


def plain(value: Any) -> Any:
    """Turn scoring results into JSON-ready values: dicts, lists, strings and numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"kind": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def _key(key: Any) -> str:
    # Perception matrix cells are keyed by (rater, partner); None is "no member".
    if isinstance(key, tuple):
        return " → ".join("" if part is None else str(part) for part in key)
    return "" if key is None else str(key)


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
        if round_.published_profile is None:
            publish_profile(round_)
        # Answers and comments go with their responses (ON DELETE CASCADE).
        db.session.execute(delete(Response).where(Response.round_id == round_.id))
        record(
            "deleted raw answers after retention period",
            round_.title,
            round_.group.organisation_id,
        )
    db.session.commit()
    return rounds
