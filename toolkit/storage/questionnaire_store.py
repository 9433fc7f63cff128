"""Keeping the exact questionnaire a round uses in the database."""

from __future__ import annotations

import hashlib
from threading import Lock

import yaml
from cachetools import LRUCache, cached
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from toolkit.core.questionnaire.library import QuestionnaireLibrary
from toolkit.core.questionnaire.schema import Questionnaire, localise
from toolkit.storage.db import db
from toolkit.storage.models import QuestionnaireVersion


def library() -> QuestionnaireLibrary:
    """Return the questionnaires this install offers, loaded at start-up."""
    return current_app.extensions["questionnaires"]  # type: ignore[no-any-return]


def available_questionnaire(questionnaire_id: str) -> tuple[Questionnaire, str]:
    """Return the latest version of a questionnaire from the library, with its text."""
    entry = library().entry(questionnaire_id)
    return entry.questionnaire, entry.source


def source_hash(source_yaml: str) -> str:
    """Identify the exact text of a file, comments and layout included."""
    return hashlib.sha256(source_yaml.encode()).hexdigest()


def pin(
    questionnaire: Questionnaire, source_yaml: str, organisation_id: int | None = None
) -> QuestionnaireVersion:
    """Return the stored copy of this exact text, storing it the first time.

    With an organisation, the copy is that organisation's own, whoever else holds the
    same file; without one, it is the shared copy of a questionnaire that ships with
    the toolkit.
    """
    digest = source_hash(source_yaml)
    owner = (
        QuestionnaireVersion.organisation_id.is_(None)
        if organisation_id is None
        else QuestionnaireVersion.organisation_id == organisation_id
    )
    found = select(QuestionnaireVersion).where(QuestionnaireVersion.source_hash == digest, owner)
    stored = db.session.scalar(found)
    if stored is not None:
        return stored
    stored = QuestionnaireVersion(
        questionnaire_key=questionnaire.id,
        version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        source_hash=digest,
        title=localise(questionnaire.title, "en"),
        source_yaml=source_yaml,
        organisation_id=organisation_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(stored)
    except IntegrityError:
        # Someone stored the same text a moment ago: use theirs.
        return db.session.scalars(found).one()
    return stored


# Found by the SHA-256 of the stored text, so a worker reads each text once: the same
# text always reads the same, and a stored version never changes. Only on a miss is the
# text itself needed, so callers may leave it unloaded (``defer``) until then.
# Shared by every request: never change what it gives.
@cached(LRUCache(maxsize=64), key=lambda version: version.source_hash, lock=Lock())
def questionnaire_of(version: QuestionnaireVersion) -> Questionnaire:
    """Return the questionnaire a stored version holds."""
    return Questionnaire.model_validate(
        yaml.safe_load(version.source_yaml), context={"stored": True}
    )
