"""The relationship-based standards self-assessment toolkit."""

from __future__ import annotations

from toolkit.app import create_app

__all__ = ["create_app"]
