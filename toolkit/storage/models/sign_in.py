"""An organisation's own sign-in service (OpenID Connect): Entra ID, Google Workspace, Keycloak."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import db

if TYPE_CHECKING:
    from toolkit.storage.models.organisations import Organisation


class SignInProvider(db.Model):  # type: ignore[name-defined,misc]
    """How an organisation's people sign in with the accounts they already have.

    Set up by whoever runs the toolkit (`toolkit sign-in-provider set`), since it
    holds a client secret. It signs in only accounts that already belong to the
    organisation, whose address the provider has verified and whose domain is one
    of ``email_domains``.
    """

    __tablename__ = "sign_in_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    # Shown on the sign-in button: "Sign in with <label>".
    label: Mapped[str] = mapped_column(String(200))
    # The issuer; its discovery document is at <issuer>/.well-known/openid-configuration.
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(300))
    client_secret: Mapped[str] = mapped_column(String(500))
    # Addresses it may vouch for, e.g. "ashbyvale.gov.uk,nhs.net", lower case.
    email_domains: Mapped[str] = mapped_column(String(500))

    organisation: Mapped[Organisation] = relationship()

    @property
    def domains(self) -> list[str]:
        return [d.strip() for d in self.email_domains.split(",") if d.strip()]
