"""Bring an organisation's archive into this install, adding only what is not here yet.

Records are matched on the uid they carry from install to install, so
importing the same archive twice adds nothing; a dry run does the same work
and then undoes it, so what it reports is exactly what a real import adds.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError
from sqlalchemy import select

from toolkit.extensions import db
from toolkit.models import (
    AgreedAction,
    Answer,
    Comment,
    Group,
    Organisation,
    Partner,
    Perspective,
    QuestionnaireVersion,
    Response,
    Round,
)
from toolkit.opendata.formats import Archive, ArchiveGroup, ArchiveQuestionnaire, ArchiveRound
from toolkit.questionnaire.schema import Questionnaire
from toolkit.questionnaire_store import pin
from toolkit.scoring.snapshot import SnapshotError, read_snapshot
from toolkit.tokens import hash_token, new_token

# What the report lists, in this order: plural -> singular.
KINDS = {
    "organisations": "organisation",
    "questionnaires": "questionnaire",
    "groups": "group",
    "perspectives": "perspective",
    "partners": "partner",
    "rounds": "round",
    "responses": "response",
    "answers": "answer",
    "comments": "comment",
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


def _published(stored: ArchiveRound) -> dict[str, Any] | None:
    """Return the round's published results, checked to be readable here."""
    if stored.published_profile is not None:
        try:
            read_snapshot(stored.published_profile)
        except SnapshotError as error:
            raise ArchiveError(str(error)) from error
    return stored.published_profile


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
    round_ = _existing(Round, stored.uid, group.organisation)
    if round_ is None:
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
            published_profile=_published(stored),
        )
        db.session.add(round_)
        db.session.flush()
        report.added["rounds"] += 1
    uids = [r.uid for r in stored.responses]
    here = dict(
        db.session.execute(
            select(Response.uid, Group.organisation_id)
            .join(Round, Round.id == Response.round_id)
            .join(Group, Group.id == Round.group_id)
            .where(Response.uid.in_(uids))
        ).all()
    )
    if any(owner != group.organisation_id for owner in here.values()):
        raise ArchiveError(
            f"Some responses of round {stored.title!r} already belong to another organisation "
            "on this install; import the archive under its own organisation."
        )
    for r in stored.responses:
        if r.uid in here:
            continue
        db.session.add(
            Response(
                uid=r.uid,
                round_id=round_.id,
                # Resume links do not move between installs; this hash matches no link.
                resume_token_hash=hash_token(new_token()),
                status=r.status,
                perspective_key=r.perspective,
                partner_key=r.partner,
                collected=r.collected,
                language=r.language,
                started_on=r.started_on,
                submitted_on=r.submitted_on,
                answers=[
                    Answer(
                        item_key=a.item, partner_key=a.partner, value=a.value, excluded=a.excluded
                    )
                    for a in r.answers
                ],
                comments=[Comment(item_key=c.item, text=c.text) for c in r.comments],
            )
        )
        report.added["responses"] += 1
        report.added["answers"] += len(r.answers)
        report.added["comments"] += len(r.comments)
    return round_
