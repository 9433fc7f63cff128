"""Going on to another page after a form or a switch: only ever to a page of this site."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import url_for

# Longer than any page address of this site; a longer `next` is not one of ours.
LONGEST_NEXT = 2000
# Control, formatting (bidi overrides, zero-width) and line-separator characters:
# browsers drop or reinterpret them, so "/\t/evil.example" becomes "//evil.example".
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def is_local_path(target: str | None) -> bool:
    """Say whether ``target`` is a path on this site that no browser reads as another site."""
    if not target or len(target) > LONGEST_NEXT:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str:
    """Return ``target`` when it is a page of this site, else the start page."""
    return target if target is not None and is_local_path(target) else url_for("home.index")
