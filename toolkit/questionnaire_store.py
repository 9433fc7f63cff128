"""Keeping the exact questionnaire a round uses in the database."""

from __future__ import annotations

from functools import lru_cache

import yaml
from flask import current_app
from sqlalchemy import select

from toolkit.extensions import db
from toolkit.models import QuestionnaireVersion
from toolkit.questionnaire.library import QuestionnaireLibrary
from toolkit.questionnaire.schema import Questionnaire, localise


def library() -> QuestionnaireLibrary:
    """Return the questionnaires this install offers, loaded at start-up."""
    return current_app.extensions["questionnaires"]  # type: ignore[no-any-return]


def available_questionnaire(questionnaire_id: str) -> tuple[Questionnaire, str]:
    """Return the latest version of a questionnaire from the library, with its text."""
    entry = library().entry(questionnaire_id)
    return entry.questionnaire, entry.source


def pin(
    questionnaire: Questionnaire, source_yaml: str, organisation_id: int | None = None
) -> QuestionnaireVersion:
    """Return the stored copy of this exact questionnaire, storing it the first time."""
    stored = db.session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.content_hash == questionnaire.content_hash
        )
    )
    if stored is None:
        stored = QuestionnaireVersion(
            questionnaire_key=questionnaire.id,
            version=questionnaire.version,
            content_hash=questionnaire.content_hash,
            title=localise(questionnaire.title, "en"),
            source_yaml=source_yaml,
            organisation_id=organisation_id,
        )
        db.session.add(stored)
        db.session.flush()
    return stored


@lru_cache(maxsize=64)
def _parse(content_hash: str, source_yaml: str) -> Questionnaire:
    # Keyed by content hash: a stored version never changes, so caching is safe.
    return Questionnaire.model_validate(yaml.safe_load(source_yaml), context={"stored": True})


def questionnaire_of(version: QuestionnaireVersion) -> Questionnaire:
    """Return the questionnaire a stored version holds."""
    return _parse(version.content_hash, version.source_yaml)
