"""Write an organisation's whole history as one JSON archive that another install can import.

Each round goes into the archive as every output of it shows it: its standing
release (``toolkit.services.releases``) and the records a row-level download
of it holds (``toolkit.opendata.rounds``), nothing more. So the archive can
single out nobody a round's own downloads would not: no dates, language, paper
or online, or member organisation per record, no drafts, and record uids drawn
afresh for every download, so two archives cannot be joined to find whose
answer came late. Comments are in the release, shuffled and without
perspective. People (accounts, invitations) and secret links
stay behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby
from typing import Any
from uuid import uuid4

from sqlalchemy import select

from toolkit.opendata.formats import ARCHIVE_FORMAT
from toolkit.opendata.rounds import RoundExport, left_out_sentences, prepare, stream_answers
from toolkit.opendata.rows import AnswerRow
from toolkit.services.readers import Reader, ReaderKind
from toolkit.storage.db import db
from toolkit.storage.models import AgreedAction, Group, Organisation, QuestionnaireVersion, Round

FORMAT_VERSION = 2
ADMIN = Reader(ReaderKind.ADMIN)


def archive_json(organisation: Organisation, reader: Reader = ADMIN) -> Iterator[str]:
    """Log each round's release as gone out, then return the archive to write piece by piece.

    The log is committed before the first piece is written, as for a round's
    own downloads: a later download is checked against what went out.
    """
    groups = list(
        db.session.scalars(
            select(Group).where(Group.organisation_id == organisation.id).order_by(Group.id)
        )
    )
    exports = prepare_rounds(groups, reader)
    db.session.commit()
    head = {
        "format": ARCHIVE_FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_on": date.today().isoformat(),
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "questionnaires": [_questionnaire(v) for v in _versions_used(groups)],
    }
    # All but the records is read now: a streamed download outlives the database
    # session that loaded these rows, and records are read afresh as they are written.
    parts = [
        (
            _group(group),
            [(_round(r, exports[r.id]), records(exports[r.id])) for r in _rounds(group)],
            [_action(a) for a in sorted(group.actions, key=lambda a: a.id)],
        )
        for group in groups
    ]
    return _pieces(head, parts)


def prepare_rounds(groups: Iterable[Group], reader: Reader) -> dict[int, RoundExport]:
    """Decide what each round of these groups holds, logging each release as gone out."""
    exports = {r.id: prepare(r, reader) for group in groups for r in _rounds(group)}
    for export in exports.values():
        export.record(export.output)
    return exports


def released(export: RoundExport) -> dict[str, Any]:
    """Return a round's standing release and what its records leave out, and why."""
    return {
        "published_profile": export.standing.release.profile if export.standing else None,
        "withheld": export.withheld,
        "left_out": left_out_sentences(export.left_out, export.round),
    }


def records(export: RoundExport) -> Iterator[dict[str, Any]]:
    """Return the round's records as its row-level download holds them, each with a fresh uid."""
    by_record = groupby(stream_answers(export), key=lambda row: row.response)
    return (_record(list(rows)) for _, rows in by_record)


def _record(rows: list[AnswerRow]) -> dict[str, Any]:
    return {
        "uid": str(uuid4()),
        "perspective": rows[0].perspective,
        "answers": [_answer(row) for row in rows],
    }


def _answer(row: AnswerRow) -> dict[str, Any]:
    # A row's answer is the option's number, or the code of an excluded answer.
    number = isinstance(row.answer, int)
    return {
        "item": row.item,
        "partner": row.partner,
        "value": row.answer if number else None,
        "excluded": None if number else row.answer,
    }


# A group's fields, each of its rounds' fields with their records to come, and its actions.
Part = tuple[dict[str, Any], list[tuple[dict[str, Any], Iterator[dict[str, Any]]]], list[Any]]


def _pieces(head: dict[str, Any], parts: list[Part]) -> Iterator[str]:
    yield _opening(head, "groups")
    for g, (group, rounds, actions) in enumerate(parts):
        yield ("," if g else "") + "\n" + _opening(group, "rounds")
        for r, (round_, found) in enumerate(rounds):
            yield ("," if r else "") + "\n" + _opening(round_, "responses")
            for i, record in enumerate(found):
                yield ("," if i else "") + "\n" + _dumps(record)
            yield "]}"
        yield '], "actions": ' + _dumps(actions) + "}"
    yield "\n]}\n"


def _rounds(group: Group) -> list[Round]:
    return sorted(group.rounds, key=lambda r: r.id)


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


def _round(round_: Round, export: RoundExport) -> dict[str, Any]:
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
        **released(export),
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
