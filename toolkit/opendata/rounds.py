"""What a round's downloads hold: its standing release, as rows and tables, decided up front.

Every download of a round shows its standing release, the same one its
results pages and reports show (``toolkit.services.results``). Row-level
downloads hold only the responses behind that release, planned by
``rows.plan_records``; and they may follow an earlier row-level download of
the round only when, in every group of rows, the rows added and the rows gone
each come from k people or more (``toolkit.core.scoring.releases.rows_may_follow``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select

from toolkit.core.scoring import RoundProfile
from toolkit.core.scoring.history import unpack
from toolkit.core.scoring.releases import rows_may_follow
from toolkit.core.scoring.snapshot import read_snapshot
from toolkit.opendata.rows import (
    OWN,
    AnswerRow,
    ItemPlace,
    LeftOut,
    RecordPlan,
    answer_rows,
    item_places,
    plan_records,
)
from toolkit.services.readers import WITH_RESULTS, Reader
from toolkit.services.releases import Standing, standing_release
from toolkit.services.results import record_disclosures
from toolkit.storage.db import db
from toolkit.storage.models import (
    Answer,
    Disclosure,
    Output,
    Release,
    Response,
    ResponseStatus,
    Round,
)
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.storage.round_data import partner_names

# Responses read per query: enough to keep queries few, small enough to keep memory flat.
BATCH = 200
# One stored answer as read for export: item, partner, value, excluded answer.
StoredAnswer = tuple[str, str, int | None, str | None]


@dataclass(frozen=True)
class RoundExport:
    """What one download of a round may contain, decided before any answer is read."""

    round: Round
    reader: Reader
    # The release the round's pages show, or None when it has none to show yet.
    standing: Standing | None
    places: dict[str, ItemPlace] = field(default_factory=dict)
    # Response id -> (number in this download, perspective group it is shown under).
    own: dict[int, tuple[int, str]] = field(default_factory=dict)
    # (Response id, partner) -> number in this download, apart from the response's own.
    about: dict[tuple[int, str], int] = field(default_factory=dict)
    # Why no rows are included at all, or None.
    withheld: str | None = None
    left_out: tuple[LeftOut, ...] = ()
    # Deleted after the retention period: only the released results remain.
    answers_deleted: bool = False

    @property
    def responses(self) -> int:
        return len(self.own)

    @property
    def output(self) -> Output:
        """Say how this download's figures leave: as rows of answers, or as tables only."""
        return Output.ROWS if self.own or self.about else Output.DOWNLOAD

    @property
    def profile(self) -> RoundProfile | None:
        """Return the round's released results, as its pages show them."""
        return self.standing.profile if self.standing else None

    def record(self, output: Output) -> None:
        """Log that this round's release left the toolkit in a download."""
        if self.standing is not None:
            record_disclosures([self.standing.release], output, self.reader)


def prepare(round_: Round, reader: Reader) -> RoundExport:
    """Decide what a download of the round holds, numbering its records afresh."""
    if round_.status not in WITH_RESULTS:
        return RoundExport(
            round_,
            reader,
            None,
            withheld=gettext(
                "answers can be exported once the check has closed, so that two downloads "
                "a few answers apart cannot be compared to pick out the latest ones"
            ),
        )
    standing = standing_release(round_)
    release = standing.release
    if not release.people:
        return RoundExport(
            round_,
            reader,
            standing,
            withheld=gettext("the answers were deleted after the check's retention period"),
            answers_deleted=True,
        )
    profile = standing.profile
    if profile.responses < round_.threshold:
        return RoundExport(
            round_,
            reader,
            standing,
            withheld=gettext("fewer than %(k)s responses", k=round_.threshold),
        )
    if standing.pending and standing.pending.withdrawn:
        return RoundExport(
            round_,
            reader,
            standing,
            withheld=gettext(
                "answers were withdrawn since these results were released, so the answers "
                "behind them can be downloaded again only once the results are released anew"
            ),
        )
    plan = plan_records(unpack(release.people), profile.perspectives, round_.threshold)
    if not rows_may_follow(plan.groups, _rows_sent_before(release), round_.threshold):
        return RoundExport(
            round_,
            reader,
            standing,
            withheld=gettext(
                "fewer than %(k)s answers were added or withdrawn in some group since answers "
                "were last downloaded, so comparing the two downloads would show whose they "
                "are; they can be downloaded again once %(k)s or more have changed in each",
                k=round_.threshold,
            ),
        )
    return RoundExport(
        round_,
        reader,
        standing,
        places=item_places(questionnaire_of(round_.questionnaire_version)),
        own=_numbered(plan.own.items(), start=1),
        about=_numbered_about(plan, start=len(plan.own) + 1),
        left_out=plan.left_out,
    )


def _numbered(own: Iterable[tuple[str, str]], start: int) -> dict[int, tuple[int, str]]:
    """Number the responses in a fresh random order: never the order people answered in."""
    records = list(own)
    random.SystemRandom().shuffle(records)
    return {int(key): (number, group) for number, (key, group) in enumerate(records, start)}


def _numbered_about(plan: RecordPlan, start: int) -> dict[tuple[int, str], int]:
    records = [(int(key), partner) for key, partner in plan.about]
    random.SystemRandom().shuffle(records)
    return {record: number for number, record in enumerate(records, start)}


def _rows_sent_before(release: Release) -> list[dict[tuple[str, str], frozenset[str]]]:
    """Return the groups of rows of this round's earlier releases that went out as rows."""
    sent = db.session.scalars(
        select(Release)
        .where(
            Release.round_id == release.round_id,
            Release.id != release.id,
            Release.id.in_(select(Disclosure.release_id).where(Disclosure.output == Output.ROWS)),
        )
        .order_by(Release.number)
    )
    k = release.round.threshold
    return [
        plan_records(unpack(e.people), read_snapshot(e.profile).perspectives, k).groups
        for e in sent
    ]


def left_out_sentences(left_out: Sequence[LeftOut], round_: Round) -> list[str]:
    """Say what a download leaves out, and why, in the reader's language."""
    partners = partner_names(round_.group)
    found = []
    for gap in left_out:
        if gap.kind == OWN:
            found.append(
                gettext(
                    # Never how many: a count of fewer than k people is a figure about them.
                    "Some people's answers are left out: fewer than %(k)s people answered in "
                    "their perspective group.",
                    k=round_.threshold,
                )
            )
        else:
            found.append(
                gettext(
                    "Answers about %(partner)s are left out: fewer than %(k)s people answered "
                    "about it.",
                    partner=partners.get(gap.group, gap.group),
                    k=round_.threshold,
                )
            )
    return found


def stream_answers(export: RoundExport) -> Iterator[AnswerRow]:
    """Return every exported answer, record by record in the download's numbering.

    The round's title is read now, the answers as they are written: a streamed
    download outlives the database session that loaded the round.
    """
    records = sorted(
        [(number, response_id, group, "") for response_id, (number, group) in export.own.items()]
        + [
            (number, response_id, "", partner)
            for (response_id, partner), number in export.about.items()
        ]
    )
    return _answer_rows(export.round.title, records, export.places)


def _answer_rows(
    title: str, records: list[tuple[int, int, str, str]], places: dict[str, ItemPlace]
) -> Iterator[AnswerRow]:
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        answers = answers_of({r[1] for r in batch})
        for number, response_id, group, partner in batch:
            about = [a for a in answers[response_id] if a[1] == partner]
            yield from answer_rows(title, number, group, about, places)


def answers_of(response_ids: Iterable[int]) -> dict[int, list[StoredAnswer]]:
    """Read the answers of some submitted responses, by response.

    Answers are plain columns (item, partner, value, excluded), not objects: the
    session would otherwise keep every answer of a large round.
    """
    answers: dict[int, list[StoredAnswer]] = defaultdict(list)
    query = (
        select(
            Answer.response_id, Answer.item_key, Answer.partner_key, Answer.value, Answer.excluded
        )
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.response_id.in_(list(response_ids)), Response.status == ResponseStatus.SUBMITTED
        )
        .order_by(Answer.response_id, Answer.partner_key, Answer.item_key)
        .execution_options(yield_per=1000)
    )
    for response_id, item_key, partner, value, excluded in db.session.execute(query):
        answers[response_id].append((item_key, partner, value, excluded))
    return answers
