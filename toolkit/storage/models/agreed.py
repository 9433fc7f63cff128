from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.rounds import Round


class AgreedStatus(db.Model):  # type: ignore[name-defined,misc]
    """What a team agreed together about one dimension after a round, in its own words.

    The group's view, not anyone's answers: it is shown to whoever may see the round's
    results. Who recorded it, and when, is in the audit log.
    """

    __tablename__ = "agreed_statuses"
    __table_args__ = (UniqueConstraint("round_id", "dimension_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = belongs_to("rounds")
    dimension_key: Mapped[str] = mapped_column(String(64))
    # One of the answers the dimension's scale offers, or that the team did not agree.
    status: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(300), default="")

    round: Mapped[Round] = relationship()
