from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.storage.db import belongs_to, db


class QuestionnaireVersion(db.Model):  # type: ignore[name-defined,misc]
    """The exact questionnaire text a round was run with, kept for good.

    An organisation's uploads are its own rows: another organisation uploading the
    same file gets a copy of its own, so no round ever serves another's text and
    deleting an organisation deletes only what it uploaded. The questionnaires that
    ship with the toolkit are shared rows with no organisation, never changed.
    """

    __tablename__ = "questionnaire_versions"
    __table_args__ = (
        UniqueConstraint("organisation_id", "source_hash"),
        # NULLs are never equal in a unique constraint, so the shared rows need their own.
        Index(
            "uq_questionnaire_versions_shared_source_hash",
            "source_hash",
            unique=True,
            sqlite_where=text("organisation_id IS NULL"),
            postgresql_where=text("organisation_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    # What the file says, whatever its layout or comments: rounds with the same
    # content hash asked the same questions, whoever stored them.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # The exact text, comments included: what a round serves back is what was stored.
    source_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    source_yaml: Mapped[str] = mapped_column(Text)
    # Uploaded by an organisation; None for the library that ships with the toolkit.
    organisation_id: Mapped[int | None] = belongs_to("organisations")
    stored_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Shelving(StrEnum):
    """How an organisation has put a questionnaire aside."""

    # The whole questionnaire is not offered for new checks, until it is offered again.
    HIDDEN = "hidden"
    # One version is never offered again; checks that used it keep it.
    RETIRED = "retired"


# The version of a choice that covers every version of the questionnaire.
EVERY_VERSION = ""


class QuestionnaireChoice(db.Model):  # type: ignore[name-defined,misc]
    """A questionnaire, or one version of it, that an organisation has put aside.

    Kept per organisation: hiding a questionnaire that ships with the toolkit hides it
    for that organisation only. Nothing here changes a stored version or a round.
    """

    __tablename__ = "questionnaire_choices"
    __table_args__ = (UniqueConstraint("organisation_id", "questionnaire_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32), default=EVERY_VERSION)
    state: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
