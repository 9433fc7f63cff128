"""Turn stored rounds into the plain data scoring takes, and name what a profile holds.

Answers are read in a few set-based queries of plain columns, never as one
object per answer: a round with hundreds of respondents holds tens of
thousands of answers. Results are not built here but in
``toolkit.services.releases``, which scores these data into releases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext
from sqlalchemy import JSON, ColumnElement, Connection, func, select

from toolkit.core.questionnaire.schema import Questionnaire, localise
from toolkit.core.scoring import OTHER_PERSPECTIVES, ResponseData, RoundData
from toolkit.core.scoring import Comment as CommentData
from toolkit.core.scoring.data import AnswerValue
from toolkit.storage.db import db
from toolkit.storage.models import (
    Answer,
    Comment,
    Group,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import questionnaire_of

WITH_RESULTS = frozenset({RoundStatus.CLOSED, RoundStatus.SHARED, RoundStatus.ARCHIVED})
# The perspective of a response that was given without one, e.g. on an open link.
UNASSIGNED = "unassigned"


def rounds_data(rounds: Sequence[Round]) -> list[RoundData]:
    """Read the submitted answers and comments of several rounds, in the order given."""
    questionnaires = _questionnaires(rounds)
    ids = [r.id for r in rounds]
    submitted = (Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
    connection = db.session.connection()
    # Each person's own answers arrive as one object per response, built by the
    # database from the answers' primary key: a few thousand rows to read
    # instead of hundreds of thousands.
    own_answers = (
        select(_answers_object(connection))
        .where(Answer.response_id == Response.id, Answer.partner_key == "")
        .scalar_subquery()
    )
    people = connection.execute(
        select(
            Response.id,
            Response.round_id,
            Response.perspective_key,
            Response.partner_key,
            own_answers,
        )
        .where(*submitted)
        .order_by(Response.id)
    ).all()
    about: dict[int, dict[str, dict[str, AnswerValue]]] = defaultdict(dict)
    if any(_asks_about_partners(q) for q in questionnaires.values()):
        for response_id, partner_key, answers in connection.execute(
            select(Answer.response_id, Answer.partner_key, _answers_object(connection))
            .join(Response, Response.id == Answer.response_id)
            .where(*submitted, Answer.partner_key != "")
            .group_by(Answer.response_id, Answer.partner_key)
        ):
            about[response_id][partner_key] = answers
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for response_id, item_key, text in connection.execute(
        select(Comment.response_id, Comment.item_key, Comment.text)
        .join(Response, Response.id == Comment.response_id)
        .where(*submitted)
    ):
        texts[response_id].append((item_key, text))

    # Only rounds with submitted answers are in here.
    by_round: dict[int, list[ResponseData]] = {}
    for response_id, round_id, perspective, partner, answers in people:
        questionnaire = questionnaires[round_id]
        by_round.setdefault(round_id, []).append(
            ResponseData(
                perspective=perspective or UNASSIGNED,
                answers=answers or {},
                about_partners=about.get(response_id, {}),
                member=partner,
                key=str(response_id),
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
            responses=by_round.get(r.id, []),
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


def _answers_object(connection: Connection) -> ColumnElement[Any]:
    """Gather answers into one JSON object of item key to answer: a number or a word."""
    if connection.dialect.name == "postgresql":
        answer = func.coalesce(func.to_json(Answer.value), func.to_json(Answer.excluded))
        return func.json_object_agg(Answer.item_key, answer, type_=JSON)
    # SQLite keeps each value's own type, so numbers stay numbers.
    answer = func.coalesce(Answer.value, Answer.excluded)
    return func.json_group_object(Answer.item_key, answer, type_=JSON)


def _asks_about_partners(questionnaire: Questionnaire) -> bool:
    return any(section.about_each_partner for section in questionnaire.sections)


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
