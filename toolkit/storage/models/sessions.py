from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import db

if TYPE_CHECKING:
    from toolkit.storage.models.rounds import Round


class RoomSession(db.Model):  # type: ignore[name-defined,misc]
    """A facilitated session: a team answering together in a room, results held back.

    Kept in the database, not in a worker's memory, so every worker sees the same session.
    """

    __tablename__ = "room_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), unique=True)
    # Short enough to read off a screen and type into a phone.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    expected: Mapped[int]
    # Answers already in when the session began; the room counts only new ones.
    answered_before: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(server_default=func.now())
    revealed_at: Mapped[datetime | None]

    round: Mapped[Round] = relationship()
