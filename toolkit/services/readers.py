"""Who reads results, and which rounds each may see: decided here for every output.

Facilitators and admins see every round with results, and an open round whose
results a facilitator revealed in the room. Viewers, and people who answered
(through their resume link), see rounds whose results were shared. An API key
belongs to the organisation, so it sees what facilitators see, but not the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from toolkit.storage.db import db
from toolkit.storage.models import Role, RoomSession, Round, RoundStatus

WITH_RESULTS = frozenset({RoundStatus.CLOSED, RoundStatus.SHARED, RoundStatus.ARCHIVED})


class Audience(StrEnum):
    """Which rounds a reader may see."""

    TEAM = "team"  # every round with results
    SHARED = "shared"  # rounds shared with everyone who took part


class ReaderKind(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    VIEWER = "viewer"
    RESPONDENT = "respondent"
    API = "api key"


@dataclass(frozen=True)
class Reader:
    """Someone reading results: a role in the organisation, a respondent's link, or an API key."""

    kind: ReaderKind
    account_id: int | None = None

    @classmethod
    def with_role(cls, role: Role, account_id: int | None) -> Reader:
        return cls(ReaderKind(role.value), account_id)

    @property
    def audience(self) -> Audience:
        if self.kind in (ReaderKind.VIEWER, ReaderKind.RESPONDENT):
            return Audience.SHARED
        return Audience.TEAM

    @property
    def sees_the_room(self) -> bool:
        """Say whether an open round revealed in the room is shown to this reader."""
        return self.kind in (ReaderKind.ADMIN, ReaderKind.FACILITATOR)


def may_see_results(round_: Round, reader: Reader) -> bool:
    """Say whether this reader may see this round's results."""
    if reader.audience is Audience.SHARED:
        return round_.status is RoundStatus.SHARED
    if round_.status in WITH_RESULTS:
        return True
    return reader.sees_the_room and revealed_in_room(round_)


def revealed_in_room(round_: Round) -> bool:
    """Say whether a facilitator showed this open round's results in a facilitated session."""
    if round_.status is not RoundStatus.OPEN:
        return False
    return (
        db.session.scalar(
            select(RoomSession.id).where(
                RoomSession.round_id == round_.id, RoomSession.revealed_at.is_not(None)
            )
        )
        is not None
    )
