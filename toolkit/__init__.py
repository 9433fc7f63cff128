"""The relationship-based standards self-assessment toolkit."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # Imported lazily so the domain core (questionnaire, scoring) loads without Flask;
    # `gunicorn "toolkit:create_app()"` and `from toolkit import create_app` still work.
    if name == "create_app":
        from toolkit.app import create_app

        return create_app
    raise AttributeError(name)
