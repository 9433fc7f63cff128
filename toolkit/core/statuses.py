"""The stages rounds, responses and groups go through: values the rules and the database share."""

from __future__ import annotations

from enum import StrEnum


class RoundStatus(StrEnum):
    DRAFT = "draft"  # being set up; nobody can answer yet
    OPEN = "open"
    CLOSED = "closed"
    SHARED = "shared"  # results shared back with everyone who took part
    ARCHIVED = "archived"


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Collection(StrEnum):
    ONLINE = "online"
    FACILITATOR = "facilitator"  # entered by a facilitator in a session
    PAPER = "paper"


class GroupKind(StrEnum):
    ORGANISATION = "organisation"  # an organisation checking its own behaviours
    TEAM = "team"  # a team repeating a short check
    PARTNERSHIP = "partnership"  # partners comparing how each kind of member sees it
