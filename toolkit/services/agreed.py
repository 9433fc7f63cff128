"""What teams agreed together about each dimension: read, worded and recorded.

Agreed statuses are the group's own words, not anyone's answers, so they are
shown with a round's results to whoever may see those results; the results
model (``toolkit.services.results``) carries them to every output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import force_locale, gettext
from sqlalchemy import select

from toolkit.core import agreeing
from toolkit.core.agreeing import Choice
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.services.audit import record
from toolkit.storage.db import db
from toolkit.storage.models import AgreedStatus, Round


@dataclass(frozen=True)
class Agreed:
    """A team's agreed status on one dimension, worded for one reader."""

    dimension: str
    status: str
    note: str
    # "Agreed in the room: Often", or that the room did not agree.
    said: str


def choice_label(found: Choice, numbered: bool) -> str:
    """Name a choice as a radio button does: the scale's words, or its number and words."""
    if not found.agreed:
        return gettext("We did not reach agreement")
    if not numbered:
        return found.label or str(found.number)
    return f"{found.number} ({found.label})" if found.label else str(found.number)


def status_words(questionnaire: Questionnaire, dimension: str, status: str, language: str) -> str:
    """Name a stored status on its own, e.g. "Often" or "7 on the scale from 0 (None) to 10"."""
    every = agreeing.choices(questionnaire, dimension, language)
    found = next((c for c in every if c.value == status), None)
    if found is None:
        # The questionnaire no longer offers it; still show what the team chose.
        return status
    numbered = agreeing.only_numbered(every)
    if not (found.agreed and numbered):
        return choice_label(found, numbered)
    points = [c for c in every if c.agreed]
    return gettext(
        "%(point)s on the scale from %(lowest)s to %(highest)s",
        point=found.number,
        lowest=choice_label(points[0], True),
        highest=choice_label(points[-1], True),
    )


def agreed_in(
    rounds: Sequence[Round], questionnaires: Mapping[str, Questionnaire], language: str
) -> dict[str, dict[str, Agreed]]:
    """Read what was agreed after each of these rounds, by round key then dimension."""
    found: dict[str, dict[str, Agreed]] = {str(r.id): {} for r in rounds}
    stored = db.session.scalars(
        select(AgreedStatus).where(AgreedStatus.round_id.in_([r.id for r in rounds]))
    )
    # Reports are drawn by a worker with no request to take the language from.
    with force_locale(language):
        for row in stored:
            key = str(row.round_id)
            words = status_words(questionnaires[key], row.dimension_key, row.status, language)
            said = (
                gettext("Agreed in the room: %(status)s", status=words)
                if row.status != agreeing.NO_AGREEMENT
                else gettext("Talked through in the room: we did not reach agreement")
            )
            found[key][row.dimension_key] = Agreed(row.dimension_key, row.status, row.note, said)
    return found


def stored_status(round_: Round, dimension: str) -> AgreedStatus | None:
    return db.session.scalar(
        select(AgreedStatus).where(
            AgreedStatus.round_id == round_.id, AgreedStatus.dimension_key == dimension
        )
    )


def record_status(round_: Round, dimension: str, status: str, note: str) -> None:
    """Keep what the team agreed about a dimension, replacing what was there; log who did it."""
    found = stored_status(round_, dimension)
    if found is None:
        found = AgreedStatus(round_id=round_.id, dimension_key=dimension)
        db.session.add(found)
    found.status, found.note = status, note
    record(
        "recorded what the team agreed",
        f"{round_.title}: {dimension}",
        round_.group.organisation_id,
    )
