"""Who an organisation's own sign-in service may sign in: linking by verified email only.

A provider's word is taken only for what it can vouch for. It must say the address
is verified (so an address typed into an account there, unchecked, signs in nobody),
the address must be in one of the domains set up for it, and the account must
already belong to its organisation. So one organisation's provider can never sign in
an account of another organisation alone, nor make accounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from toolkit.services.accounts import account_by_email, normalise_email
from toolkit.storage.models import Account, SignInProvider


class Refusal(StrEnum):
    UNVERIFIED = "unverified"
    OTHER_DOMAIN = "other domain"
    NO_ACCOUNT = "no account"


class Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


def address_vouched_for(provider: SignInProvider, claims: Mapping[str, Any]) -> str:
    """Return the address the provider vouches for, or raise Refused saying why not."""
    email = normalise_email(str(claims.get("email") or ""))
    if not email or not _verified(claims):
        raise Refused(Refusal.UNVERIFIED)
    if email.rpartition("@")[2] not in provider.domains:
        raise Refused(Refusal.OTHER_DOMAIN)
    return email


def _verified(claims: Mapping[str, Any]) -> bool:
    # Some providers send "true" as text; only a real yes will do.
    if "email_verified" in claims:
        return claims["email_verified"] in (True, "true")
    # Entra ID sends no email_verified for work accounts; its optional claim xms_edov says
    # the tenant has proved it owns the address's domain (issuers are per tenant here).
    return claims.get("xms_edov") is True


def account_signing_in(provider: SignInProvider, claims: Mapping[str, Any]) -> Account:
    """Return the account these claims sign in to, or raise Refused saying why not."""
    account = account_by_email(address_vouched_for(provider, claims))
    if (
        account is None
        or not account.is_active
        or not any(m.organisation_id == provider.organisation_id for m in account.memberships)
    ):
        raise Refused(Refusal.NO_ACCOUNT)
    return account
