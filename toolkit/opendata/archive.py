"""Write an organisation's whole history as one JSON archive that another install can import.

The archive holds raw answers and comments: it is the organisation's own data
moving between installs, so only an admin may take it. It leaves out people
(accounts, participants, invitations) and every secret link. A round whose
answers were deleted after its retention period brings its published results.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import select

from toolkit.extensions import db
from toolkit.models import (
    AgreedAction,
    Comment,
    Group,
    Organisation,
    QuestionnaireVersion,
    Response,
    Round,
)
from toolkit.opendata.formats import ARCHIVE_FORMAT
from toolkit.opendata.rounds import answers_in_batches


def archive_json(organisation: Organisation) -> Iterator[str]:
    """Write the archive piece by piece, reading responses in batches."""
    groups = list(
        db.session.scalars(
            select(Group).where(Group.organisation_id == organisation.id).order_by(Group.id)
        )
    )
    head = {
        "format": ARCHIVE_FORMAT,
        "format_version": 1,
        "exported_on": date.today().isoformat(),
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "questionnaires": [_questionnaire(v) for v in _versions_used(groups)],
    }
    yield _opening(head, "groups")
    for g, group in enumerate(groups):
        yield ("," if g else "") + "\n" + _opening(_group(group), "rounds")
        for r, round_ in enumerate(sorted(group.rounds, key=lambda x: x.id)):
            yield ("," if r else "") + "\n" + _opening(_round(round_), "responses")
            for i, response in enumerate(_responses(round_)):
                yield ("," if i else "") + "\n" + _dumps(response)
            yield "]}"
        actions = [_action(a) for a in sorted(group.actions, key=lambda a: a.id)]
        yield '], "actions": ' + _dumps(actions) + "}"
    yield "\n]}\n"


def _opening(fields: dict[str, Any], list_key: str) -> str:
    """Return an object's JSON up to the opening bracket of its last, streamed list."""
    return _dumps(fields)[:-1] + f'{", " if fields else ""}"{list_key}": ['


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _versions_used(groups: list[Group]) -> list[QuestionnaireVersion]:
    ids = {round_.questionnaire_version_id for group in groups for round_ in group.rounds}
    return list(
        db.session.scalars(
            select(QuestionnaireVersion)
            .where(QuestionnaireVersion.id.in_(ids))
            .order_by(QuestionnaireVersion.id)
        )
    )


def _questionnaire(version: QuestionnaireVersion) -> dict[str, Any]:
    return {
        "content_hash": version.content_hash,
        "questionnaire_key": version.questionnaire_key,
        "version": version.version,
        "title": version.title,
        "source_yaml": version.source_yaml,
        "organisation_owned": version.organisation_id is not None,
    }


def _group(group: Group) -> dict[str, Any]:
    return {
        "uid": group.uid,
        "name": group.name,
        "kind": group.kind.value,
        "description": group.description,
        "perspectives": [
            {"key": p.key, "label": p.label, "label_cy": p.label_cy, "position": p.position}
            for p in group.perspectives
        ],
        "partners": [{"key": p.key, "name": p.name} for p in group.partners],
    }


def _round(round_: Round) -> dict[str, Any]:
    return {
        "uid": round_.uid,
        "title": round_.title,
        "questionnaire": round_.questionnaire_version.content_hash,
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "status": round_.status.value,
        "threshold": round_.threshold,
        "collect_comments": round_.collect_comments,
        "anonymous": round_.anonymous,
        "perspectives": round_.perspectives_asked,
        "retention_days": round_.retention_days,
        "published_profile": round_.published_profile,
    }


def _responses(round_: Round) -> Iterator[dict[str, Any]]:
    ids = list(
        db.session.scalars(
            select(Response.id).where(Response.round_id == round_.id).order_by(Response.id)
        )
    )
    for batch, answers in answers_in_batches(ids):
        comments: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for response_id, item, text in db.session.execute(
            select(Comment.response_id, Comment.item_key, Comment.text)
            .where(Comment.response_id.in_(batch))
            .order_by(Comment.id)
        ):
            comments[response_id].append({"item": item, "text": text})
        for row in db.session.execute(
            select(
                Response.id,
                Response.uid,
                Response.status,
                Response.perspective_key,
                Response.partner_key,
                Response.collected,
                Response.language,
                Response.started_on,
                Response.submitted_on,
            )
            .where(Response.id.in_(batch))
            .order_by(Response.id)
        ):
            yield {
                "uid": row.uid,
                "status": row.status.value,
                "perspective": row.perspective_key,
                "partner": row.partner_key,
                "collected": row.collected.value,
                "language": row.language,
                "started_on": row.started_on.isoformat(),
                "submitted_on": row.submitted_on.isoformat() if row.submitted_on else None,
                "answers": [
                    {"item": item, "partner": partner, "value": value, "excluded": excluded}
                    for item, partner, value, excluded in answers[row.id]
                ],
                "comments": comments[row.id],
            }


def _action(action: AgreedAction) -> dict[str, Any]:
    return {
        "uid": action.uid,
        "round": action.round.uid if action.round else None,
        "dimension": action.dimension_key,
        "text": action.text,
        "owner": action.owner,
        "what_happened": action.what_happened,
        "agreed_on": action.agreed_on.isoformat(),
    }
