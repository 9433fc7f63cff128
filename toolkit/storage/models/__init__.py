"""The database tables, as SQLAlchemy 2 typed models."""

from __future__ import annotations

from toolkit.storage.models.accounts import (
    Account,
    AccountSession,
    Membership,
    MembershipInvitation,
    Role,
)
from toolkit.storage.models.agreed import AgreedStatus
from toolkit.storage.models.api_keys import ApiKey
from toolkit.storage.models.audit import AccountToken, AuditEvent
from toolkit.storage.models.groups import (
    Group,
    GroupKind,
    Partner,
    Perspective,
    StandingInvitation,
)
from toolkit.storage.models.organisations import Organisation
from toolkit.storage.models.outbox import Email, EmailKind, EmailStatus
from toolkit.storage.models.questionnaires import (
    QuestionnaireChoice,
    QuestionnaireVersion,
    Shelving,
)
from toolkit.storage.models.releases import Disclosure, Output, Release
from toolkit.storage.models.reports import ReportStatus, StoredReport
from toolkit.storage.models.responses import Answer, Collection, Comment, Response, ResponseStatus
from toolkit.storage.models.rounds import AgreedAction, Invitation, Round, RoundStatus
from toolkit.storage.models.routine import Reminder
from toolkit.storage.models.sessions import RoomSession
from toolkit.storage.models.sign_in import SignInProvider

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
    "Partner",
    "Perspective",
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
