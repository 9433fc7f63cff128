"""API keys: made from a fresh token, shown once, kept only as a hash."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from toolkit.core.tokens import hash_token, new_token
from toolkit.storage.db import db
from toolkit.storage.models import ApiKey, Organisation

# Marks a key in config files and secret scanners, and tells it apart from a link token.
PREFIX = "tk_"


def create_key(organisation: Organisation, name: str) -> tuple[ApiKey, str]:
    """Store a new key for the organisation and return it with the key itself, to show once."""
    secret = PREFIX + new_token()
    key = ApiKey(organisation=organisation, name=name.strip(), key_hash=hash_token(secret))
    db.session.add(key)
    db.session.flush()
    return key, secret


def key_for(secret: str) -> ApiKey | None:
    """Return the key with this secret, noting the day it was used."""
    key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_token(secret)))
    if key is not None and key.last_used_on != date.today():
        key.last_used_on = date.today()
        db.session.commit()
    return key


def keys_of(organisation: Organisation) -> list[ApiKey]:
    return list(
        db.session.scalars(
            select(ApiKey).where(ApiKey.organisation_id == organisation.id).order_by(ApiKey.id)
        )
    )
