"""Bring an organisation's archive into this install, adding only what is not here yet.

Groups, rounds and agreed actions are matched on the uid they carry from
install to install. A round's records carry uids drawn afresh for every
download, so they cannot be matched: a round already here takes nothing from
the archive, which is what makes importing the same archive twice add nothing.
A new round comes with its records as submitted responses and its results as
its first release, standing until something new happens to the round here. A
dry run does the same work and then undoes it, so what it reports is exactly
what a real import adds.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError
from sqlalchemy import select

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import figures
from toolkit.core.scoring.history import pack
from toolkit.core.scoring.snapshot import SnapshotError, read_snapshot
from toolkit.core.tokens import hash_token, new_token
from toolkit.opendata.formats import (
    Archive,
    ArchiveGroup,
    ArchiveQuestionnaire,
    ArchiveRecord,
    ArchiveRound,
)
from toolkit.storage.db import db
from toolkit.storage.models import (
    AgreedAction,
    Answer,
    Collection,
    Group,
    Organisation,
    Partner,
    Perspective,
    QuestionnaireVersion,
    Release,
    Response,
    ResponseStatus,
    Round,
)
from toolkit.storage.questionnaire_store import pin

# What the report lists, in this order: plural -> singular.
KINDS = {
    "organisations": "organisation",
    "questionnaires": "questionnaire",
    "groups": "group",
    "perspectives": "perspective",
    "partners": "partner",
    "rounds": "round",
    "records": "record",
    "answers": "answer",
    "agreed actions": "agreed action",
}

Record = TypeVar("Record", Group, Round, AgreedAction)


class ArchiveError(ValueError):
    """An archive that cannot be imported, with what is wrong and how to fix it."""


@dataclass
class ImportReport:
    """How many records of each kind were (or, in a dry run, would be) added."""

    dry_run: bool
    added: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        verb = "Would add" if self.dry_run else "Added"
        parts = [
            f"{n} {kind if n > 1 else one}"
            for kind, one in KINDS.items()
            if (n := self.added[kind])
        ]
        return (
            f"{verb} {', '.join(parts)}." if parts else "Nothing new: everything is here already."
        )


def read_archive(text: str) -> Archive:
    """Check an archive's text against the format, naming the first problem found."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArchiveError(
            f"The file is not JSON ({error.msg} at line {error.lineno}); "
            "use the file made by `toolkit archive export`."
        ) from error
    if isinstance(data, dict) and data.get("format_version") == 1:
        raise ArchiveError(
            "This archive is format version 1, made by an older toolkit, which held each "
            "person's raw answers; upgrade the install it came from and export it again."
        )
    try:
        return Archive.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ArchiveError(
            f"The archive does not match the format at {where}: {first['msg']}. "
            "See docs/exports.md and docs/schemas/archive.schema.json."
        ) from error


def import_archive(archive: Archive, dry_run: bool = False) -> ImportReport:
    """Add what the archive holds and this install lacks; with dry_run, add nothing."""
    report = ImportReport(dry_run)
    try:
        organisation = _organisation(archive, report)
        versions = {
            q.content_hash: _questionnaire(q, organisation, report) for q in archive.questionnaires
        }
        for group in archive.groups:
            _group(group, organisation, versions, report)
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def _organisation(archive: Archive, report: ImportReport) -> Organisation:
    slug = archive.organisation.slug
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        found = Organisation(name=archive.organisation.name, slug=slug)
        db.session.add(found)
        db.session.flush()
        report.added["organisations"] += 1
    return found


def _questionnaire(
    stored: ArchiveQuestionnaire, organisation: Organisation, report: ImportReport
) -> QuestionnaireVersion:
    try:
        questionnaire = Questionnaire.model_validate(yaml.safe_load(stored.source_yaml))
    except (yaml.YAMLError, ValidationError) as error:
        raise ArchiveError(
            f"Questionnaire {stored.questionnaire_key} {stored.version} in the archive is not "
            f"a valid questionnaire ({error.__class__.__name__}); the archive may have been edited."
        ) from error
    if questionnaire.content_hash != stored.content_hash:
        raise ArchiveError(
            f"Questionnaire {stored.questionnaire_key} {stored.version} does not match its "
            f"content_hash {stored.content_hash}; the archive may have been edited."
        )
    exists = db.session.scalar(
        select(QuestionnaireVersion.id).where(
            QuestionnaireVersion.content_hash == stored.content_hash
        )
    )
    if exists is None:
        report.added["questionnaires"] += 1
    owner = organisation.id if stored.organisation_owned else None
    return pin(questionnaire, stored.source_yaml, owner)


def _existing(model: type[Record], uid: str, organisation: Organisation) -> Record | None:
    """Find a record by uid, refusing one that belongs to another organisation here."""
    found = db.session.scalar(select(model).where(model.uid == uid))
    if found is None:
        return None
    group = found if isinstance(found, Group) else found.group
    if group.organisation_id != organisation.id:
        raise ArchiveError(
            f"A {model.__tablename__[:-1].replace('_', ' ')} with uid {uid} already belongs to "
            "another organisation on this install; import the archive under its own organisation."
        )
    return found


def _group(
    stored: ArchiveGroup,
    organisation: Organisation,
    versions: dict[str, QuestionnaireVersion],
    report: ImportReport,
) -> None:
    group = _existing(Group, stored.uid, organisation)
    if group is None:
        group = Group(
            uid=stored.uid,
            organisation=organisation,
            name=stored.name,
            kind=stored.kind,
            description=stored.description,
        )
        db.session.add(group)
        report.added["groups"] += 1
    have = {p.key for p in group.perspectives}
    for view in stored.perspectives:
        if view.key not in have:
            group.perspectives.append(
                Perspective(
                    key=view.key, label=view.label, label_cy=view.label_cy, position=view.position
                )
            )
            report.added["perspectives"] += 1
    have = {p.key for p in group.partners}
    for partner in stored.partners:
        if partner.key not in have:
            group.partners.append(Partner(key=partner.key, name=partner.name))
            report.added["partners"] += 1
    db.session.flush()
    rounds = {r.uid: _round(r, group, versions, report) for r in stored.rounds}
    for a in stored.actions:
        if _existing(AgreedAction, a.uid, organisation) is None:
            if a.round is not None and a.round not in rounds:
                raise ArchiveError(
                    f"Agreed action {a.uid} points at round {a.round}, which is not in the "
                    "archive; the archive may have been edited."
                )
            db.session.add(
                AgreedAction(
                    uid=a.uid,
                    group=group,
                    round=rounds[a.round] if a.round else None,
                    dimension_key=a.dimension,
                    text=a.text,
                    owner=a.owner,
                    what_happened=a.what_happened,
                    agreed_on=a.agreed_on,
                )
            )
            report.added["agreed actions"] += 1


def _round(
    stored: ArchiveRound,
    group: Group,
    versions: dict[str, QuestionnaireVersion],
    report: ImportReport,
) -> Round:
    if stored.questionnaire not in versions:
        raise ArchiveError(
            f"Round {stored.title!r} uses questionnaire {stored.questionnaire}, which is not in "
            "the archive's questionnaires; the archive may have been edited."
        )
    found = _existing(Round, stored.uid, group.organisation)
    if found is not None:
        return found
    round_ = Round(
        uid=stored.uid,
        group=group,
        questionnaire_version=versions[stored.questionnaire],
        title=stored.title,
        opens_on=stored.opens_on,
        closes_on=stored.closes_on,
        status=stored.status,
        threshold=stored.threshold,
        collect_comments=stored.collect_comments,
        anonymous=stored.anonymous,
        perspective_keys=",".join(stored.perspectives),
        retention_days=stored.retention_days,
    )
    db.session.add(round_)
    report.added["rounds"] += 1
    if stored.published_profile is not None:
        _release(stored, stored.published_profile, round_, report)
    elif stored.responses:
        raise ArchiveError(
            f"Round {stored.title!r} has records but no published_profile; records come only "
            "with the results they stand behind, so the archive may have been edited."
        )
    return round_


def _release(
    stored: ArchiveRound, profile: dict[str, Any], round_: Round, report: ImportReport
) -> None:
    """Add the round's records as responses, and its results as the release they stand behind."""
    try:
        grouping = read_snapshot(profile).perspectives
    except SnapshotError as error:
        raise ArchiveError(str(error)) from error
    made = [(_response(stored, record, grouping), record) for record in stored.responses]
    round_.responses.extend(response for response, _ in made)
    db.session.flush()
    report.added["records"] += len(made)
    report.added["answers"] += sum(len(record.answers) for record in stored.responses)
    people: dict[str, set[str]] = defaultdict(set)
    for response, record in made:
        for figure in _figures(record, grouping):
            people[figure].add(str(response.id))
    db.session.add(
        Release(
            round=round_,
            number=1,
            profile=profile,
            # Without records (answers deleted after retention, or too few to download),
            # nobody stands behind the results here, as after retention.
            people=pack({f: frozenset(keys) for f, keys in people.items()}) if made else {},
        )
    )


def _partner(record: ArchiveRecord) -> str:
    return next((a.partner for a in record.answers if a.partner), "")


def _figures(record: ArchiveRecord, grouping: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Name the figures a record stands behind, as a row-level download reads a release."""
    partner = _partner(record)
    if partner:
        return (figures.rated(partner),)
    if grouping:
        return figures.RESPONSES, figures.took_part(record.perspective)
    return (figures.RESPONSES,)


def _response(
    stored: ArchiveRound, record: ArchiveRecord, grouping: Mapping[str, Sequence[str]]
) -> Response:
    """Make a submitted response of a record, refusing one no download could have held."""
    partners = {a.partner for a in record.answers}
    if _partner(record):
        valid = len(partners) == 1 and record.perspective == ""
    else:
        valid = record.perspective in (grouping or {"": ()})
    if not valid:
        raise ArchiveError(
            f"Record {record.uid} of round {stored.title!r} is neither someone's own answers "
            "under a perspective its published_profile shows nor answers about one partner; "
            "the archive may have been edited."
        )
    return Response(
        # Resume links do not move between installs; this hash matches no link.
        resume_token_hash=hash_token(new_token()),
        status=ResponseStatus.SUBMITTED,
        perspective_key=record.perspective or None,
        collected=Collection.ONLINE,
        language="en",
        # Records carry no dates: the round's closing day is the closest true one.
        started_on=stored.closes_on,
        submitted_on=stored.closes_on,
        answers=[
            Answer(item_key=a.item, partner_key=a.partner, value=a.value, excluded=a.excluded)
            for a in record.answers
        ],
    )
