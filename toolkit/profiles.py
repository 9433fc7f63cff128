"""Turn stored rounds into the plain data scoring takes, and build a group's profile.

Answers are read in a few set-based queries of plain columns, never as one
object per answer: a group with years of checks holds hundreds of thousands of
answers, and its page must still come back quickly.

Only closed, shared and archived rounds have results. An open round is left
out because watching its figures move as each answer arrives would show what
the latest person said, whatever the threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext
from sqlalchemy import Select, select

from toolkit.extensions import db
from toolkit.models import (
    Answer,
    Comment,
    Group,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.questionnaire.schema import Questionnaire, localise
from toolkit.questionnaire_store import questionnaire_of
from toolkit.scoring import OTHER_PERSPECTIVES, GroupProfile, ResponseData, RoundData, build_profile
from toolkit.scoring import Comment as CommentData
from toolkit.scoring.data import Answer as AnswerValue

WITH_RESULTS = frozenset({RoundStatus.CLOSED, RoundStatus.SHARED, RoundStatus.ARCHIVED})
# The perspective of a response that was given without one, e.g. on an open link.
UNASSIGNED = "unassigned"


def round_data(round_: Round) -> RoundData:
    """Return one round's submitted answers as scoring data."""
    return rounds_data([round_])[0]


def group_profile(
    group: Group,
    up_to: Round | None = None,
    statuses: Collection[RoundStatus] = WITH_RESULTS,
    revealed: Round | None = None,
) -> GroupProfile:
    """Build the profile of a group's rounds with results, oldest first, up to a round."""
    return build_profile(rounds_data(profiled_rounds(group, up_to, statuses, revealed)))


def profiled_rounds(
    group: Group,
    up_to: Round | None = None,
    statuses: Collection[RoundStatus] = WITH_RESULTS,
    revealed: Round | None = None,
) -> list[Round]:
    """Return the rounds a profile covers, oldest first; the same list group_profile uses.

    ``revealed`` is an open round whose results a facilitator showed in the room.
    """
    rounds = sorted(group.rounds, key=lambda r: (r.opens_on, r.id))
    if up_to is not None:
        rounds = [r for r in rounds if (r.opens_on, r.id) <= (up_to.opens_on, up_to.id)]
    return [r for r in rounds if r.status in statuses or r is revealed]


def rounds_data(rounds: Sequence[Round]) -> list[RoundData]:
    """Read the submitted answers and comments of several rounds, in the order given."""
    questionnaires = _questionnaires(rounds)
    ids = [r.id for r in rounds]
    # Plain rows through the connection: no ORM bookkeeping for each of many answers.
    connection = db.session.connection()
    people = connection.execute(
        select(Response.id, Response.round_id, Response.perspective_key, Response.partner_key)
        .where(Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
        .order_by(Response.id)
    ).all()
    answers: dict[int, dict[str, AnswerValue]] = {id_: {} for id_, *_ in people}
    about: dict[int, dict[str, dict[str, AnswerValue]]] = defaultdict(lambda: defaultdict(dict))
    rows = _plain_rows(
        select(
            Answer.response_id, Answer.item_key, Answer.partner_key, Answer.value, Answer.excluded
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
    )
    for response_id, item_key, partner_key, value, excluded in rows:
        answer = excluded if value is None else value
        if partner_key:
            about[response_id][partner_key][item_key] = answer
        else:
            answers[response_id][item_key] = answer
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for response_id, item_key, text in connection.execute(
        select(Comment.response_id, Comment.item_key, Comment.text)
        .join(Response, Response.id == Comment.response_id)
        .where(Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
    ):
        texts[response_id].append((item_key, text))

    by_round: dict[int, list[ResponseData]] = defaultdict(list)
    for response_id, round_id, perspective, partner in people:
        questionnaire = questionnaires[round_id]
        by_round[round_id].append(
            ResponseData(
                perspective=perspective or UNASSIGNED,
                answers=answers[response_id],
                about_partners=about.get(response_id, {}),
                member=partner,
                comments=tuple(
                    CommentData(_dimension_of(questionnaire, key), text)
                    for key, text in texts.get(response_id, ())
                ),
            )
        )
    return [
        RoundData(
            key=str(r.id),
            label=r.title,
            questionnaire=questionnaires[r.id],
            responses=by_round[r.id],
            closed_on=r.closes_on,
            threshold=r.threshold,
            collect_comments=r.collect_comments,
        )
        for r in rounds
    ]


def perspective_names(group: Group, language: str = "en") -> dict[str, str]:
    """Return what to call each perspective key a profile may hold, in the reader's language.

    The two fixed names are translated when shown, so call this in a request or
    inside ``flask_babel.force_locale``.
    """
    names = {
        p.key: (p.label_cy if language == "cy" and p.label_cy else p.label)
        for p in group.perspectives
    }
    names[OTHER_PERSPECTIVES] = lazy_gettext("all other perspectives")
    names.setdefault(UNASSIGNED, lazy_gettext("people who did not give a perspective"))
    return names


def partner_names(group: Group) -> dict[str, str]:
    """Return each partner organisation's name by its key."""
    return {p.key: p.name for p in group.partners}


def dimension_names(questionnaire: Questionnaire, language: str = "en") -> dict[str, str]:
    """Return each dimension's label by its key, in the reader's language."""
    return {d.key: localise(d.label, language) for d in questionnaire.dimensions}


def _plain_rows(query: Select[Any]) -> list[tuple[Any, ...]]:
    """Run a query on the driver's own cursor and return its rows as tuples.

    A large group has hundreds of thousands of answers; building a SQLAlchemy
    row for each doubles the time to read them. The query holds only ids and
    fixed values, so it is rendered with its values in place.
    """
    connection = db.session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _questionnaires(rounds: Iterable[Round]) -> dict[int, Questionnaire]:
    """Load each round's pinned questionnaire, reading each stored version once."""
    wanted = {r.questionnaire_version_id for r in rounds}
    versions = {
        v.id: v
        for v in db.session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(wanted))
        )
    }
    return {r.id: questionnaire_of(versions[r.questionnaire_version_id]) for r in rounds}


def _dimension_of(questionnaire: Questionnaire, item_key: str) -> str | None:
    try:
        return questionnaire.item(item_key).dimension
    except KeyError:
        return None
