"""Read one round's answers for export: streamed, anonymised, in a fresh random order."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select

from toolkit import retention
from toolkit.extensions import db
from toolkit.models import Answer, Response, ResponseStatus, Round
from toolkit.opendata.rows import AnswerRow, ItemPlace, answer_rows, item_places, shown_perspectives
from toolkit.profiles import UNASSIGNED, WITH_RESULTS, round_data
from toolkit.questionnaire_store import questionnaire_of
from toolkit.scoring import RoundProfile, build_profile

# Responses read per query: enough to keep queries few, small enough to keep memory flat.
BATCH = 200
# One stored answer as read for export: item, partner, value, excluded answer.
StoredAnswer = tuple[str, str, int | None, str | None]


@dataclass(frozen=True)
class RoundExport:
    """What one download of a round may contain, decided before any answer is read."""

    round: Round
    places: dict[str, ItemPlace]
    # Response id -> (number in this export, perspective it is shown under).
    numbered: dict[int, tuple[int, str]]
    withheld: str | None
    # Deleted after the retention period: only the published results remain.
    answers_deleted: bool = False

    @property
    def responses(self) -> int:
        return len(self.numbered)


def why_not_exportable(round_: Round) -> str | None:
    """Say why a round has nothing to export yet, or None when it has."""
    if round_.status not in WITH_RESULTS:
        return gettext(
            "Answers can be exported once the round has closed, so that two downloads "
            "a few answers apart cannot be compared to pick out the latest ones."
        )
    return None


def prepare(round_: Round) -> RoundExport:
    """Number the round's submitted responses at random and decide each one's perspective."""
    people = db.session.execute(
        select(Response.id, Response.perspective_key).where(
            Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED
        )
    ).all()
    sizes: dict[str, int] = defaultdict(int)
    for _, perspective in people:
        sizes[perspective or UNASSIGNED] += 1
    withheld = why_not_exportable(round_)
    deleted = withheld is None and retention.answers_deleted(round_, len(people))
    if deleted:
        withheld = gettext("the answers were deleted after the round's retention period")
    elif withheld is None and len(people) < round_.threshold:
        withheld = gettext("fewer than %(k)s responses", k=round_.threshold)
    if withheld is not None:
        return RoundExport(round_, {}, {}, withheld, deleted)
    shown = shown_perspectives(sizes, round_.threshold)
    ids = [response_id for response_id, _ in people]
    # A fresh order on every download: numbers must not follow the order people answered in.
    random.SystemRandom().shuffle(ids)
    perspective_of = {response_id: perspective for response_id, perspective in people}
    numbered = {
        response_id: (number, shown[perspective_of[response_id] or UNASSIGNED])
        for number, response_id in enumerate(ids, start=1)
    }
    places = item_places(questionnaire_of(round_.questionnaire_version))
    return RoundExport(round_, places, numbered, None)


def stream_answers(export: RoundExport) -> Iterator[AnswerRow]:
    """Yield every exported answer, response by response in the export's order."""
    for batch, answers in answers_in_batches(list(export.numbered)):
        for response_id in batch:
            number, perspective = export.numbered[response_id]
            yield from answer_rows(
                export.round.title, number, perspective, answers[response_id], export.places
            )


def answers_in_batches(
    response_ids: list[int],
) -> Iterator[tuple[list[int], dict[int, list[StoredAnswer]]]]:
    """Yield the responses a batch at a time, each batch with its answers by response.

    Answers are plain columns (item, partner, value, excluded), not objects: the
    session would otherwise keep every answer of a large round.
    """
    for start in range(0, len(response_ids), BATCH):
        batch = response_ids[start : start + BATCH]
        answers: dict[int, list[StoredAnswer]] = defaultdict(list)
        query = (
            select(
                Answer.response_id,
                Answer.item_key,
                Answer.partner_key,
                Answer.value,
                Answer.excluded,
            )
            .where(Answer.response_id.in_(batch))
            .order_by(Answer.response_id, Answer.partner_key, Answer.item_key)
            .execution_options(yield_per=1000)
        )
        for response_id, item_key, partner, value, excluded in db.session.execute(query):
            answers[response_id].append((item_key, partner, value, excluded))
        yield batch, answers


def round_profile(round_: Round) -> RoundProfile:
    """Return the round's scores and comments exactly as the results pages show them."""
    return build_profile([round_data(round_)]).rounds[0]
