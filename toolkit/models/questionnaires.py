from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.extensions import db


class QuestionnaireVersion(db.Model):  # type: ignore[name-defined,misc]
    """The exact questionnaire text a round was run with, kept for good.

    Rounds pin a version by its content hash, so editing or deleting a file
    never changes what an earlier round asked or how it is scored.
    """

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    source_yaml: Mapped[str] = mapped_column(Text)
    # Uploaded by an organisation; None for the library that ships with the toolkit.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    stored_at: Mapped[datetime] = mapped_column(server_default=func.now())
