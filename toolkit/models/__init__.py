"""The database tables, as SQLAlchemy 2 typed models."""

from __future__ import annotations

from toolkit.models.accounts import (
    Account,
    AccountSession,
    Membership,
    MembershipInvitation,
    Role,
)
from toolkit.models.agreed import AgreedStatus
from toolkit.models.api_keys import ApiKey
from toolkit.models.audit import AccountToken, AuditEvent
from toolkit.models.groups import (
    Group,
    GroupKind,
    Participant,
    Partner,
    Perspective,
    Placement,
    StandingInvitation,
)
from toolkit.models.organisations import Organisation
from toolkit.models.outbox import Email, EmailKind, EmailStatus
from toolkit.models.questionnaires import QuestionnaireChoice, QuestionnaireVersion, Shelving
from toolkit.models.releases import Disclosure, Output, Release
from toolkit.models.reports import ReportStatus, StoredReport
from toolkit.models.responses import Answer, Collection, Comment, Response, ResponseStatus
from toolkit.models.rounds import AgreedAction, Invitation, Round, RoundStatus
from toolkit.models.routine import Reminder
from toolkit.models.sessions import RoomSession
from toolkit.models.sign_in import SignInProvider

__all__ = [
    "Account",
    "AccountSession",
    "AccountToken",
    "AgreedAction",
    "AgreedStatus",
    "Answer",
    "ApiKey",
    "AuditEvent",
    "Collection",
    "Comment",
    "Disclosure",
    "Email",
    "EmailKind",
    "EmailStatus",
    "Group",
    "GroupKind",
    "Invitation",
    "Membership",
    "MembershipInvitation",
    "Organisation",
    "Output",
    "Participant",
    "Partner",
    "Perspective",
    "Placement",
    "QuestionnaireChoice",
    "QuestionnaireVersion",
    "Release",
    "Reminder",
    "ReportStatus",
    "Response",
    "ResponseStatus",
    "Role",
    "RoomSession",
    "Round",
    "RoundStatus",
    "Shelving",
    "SignInProvider",
    "StandingInvitation",
    "StoredReport",
]
