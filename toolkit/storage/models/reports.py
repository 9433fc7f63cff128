from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, deferred, mapped_column

from toolkit.storage.db import belongs_to, db


class ReportStatus(StrEnum):
    WAITING = "waiting"  # queued for a worker
    READY = "ready"
    FAILED = "failed"


class StoredReport(db.Model):  # type: ignore[name-defined,misc]
    """A PDF report, kept in the database so any web host can hand it out.

    ``inputs`` fingerprints everything the report is made from, so asking
    again for the same report serves the stored file instead of drawing it anew.
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = belongs_to("groups")
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    # Who may fetch it: "team" (facilitators and admins) or "shared" (viewers too).
    audience: Mapped[str] = mapped_column(String(20), default="team")
    inputs: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[ReportStatus] = mapped_column(
        Enum(ReportStatus, native_enum=False, length=20), default=ReportStatus.WAITING
    )
    filename: Mapped[str] = mapped_column(String(200))
    # Deferred: listing reports never loads the files themselves.
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    problem: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(server_default=func.now())
