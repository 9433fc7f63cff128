"""Settings read from environment variables, with one clear line per mistake."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class ConfigError(Exception):
    """A setting is wrong; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


# The README's configuration table is generated from this list and a test
# keeps the two in step.
SETTINGS = (
    Setting(
        "DATABASE_URL",
        "SQLite file `toolkit.sqlite` in the instance folder",
        "Where answers are kept. `postgresql://user:password@host/dbname` for PostgreSQL.",
    ),
    Setting(
        "SECRET_KEY",
        "generated into `instance/secret_key` on first run",
        "Signs sessions and forms. Give every web worker and host the same value.",
    ),
    Setting(
        "INSTANCE_PATH",
        "`instance/` beside the code",
        "Folder for the SQLite file, the generated secret key and uploads.",
    ),
    Setting(
        "REDIS_URL",
        "unset: PDF reports render in the web process, rate limits in memory",
        "`redis://host:6379/0` sends PDF renders and emails to `toolkit worker`, which also "
        "runs the scheduled work, and shares rate limits.",
    ),
    Setting(
        "QUESTIONNAIRE_DIRS",
        "unset: only the questionnaires that ship with the toolkit",
        "Extra folders of questionnaire files, separated by `:`.",
    ),
    Setting(
        "HTTPS", "`false`", "`true` behind HTTPS: session cookies are then sent over HTTPS only."
    ),
    Setting(
        "SMTP_URL",
        "unset: no email is sent; links are shown to copy instead",
        "`smtp://user:password@host:587` to send invitations, reminders, password links "
        "and notices to facilitators.",
    ),
    Setting("MAIL_FROM", "`toolkit@localhost`", "The sender address of emails."),
    Setting(
        "SESSION_IDLE_MINUTES",
        "`30`",
        "Signs people out after this many minutes without using the toolkit, for shared "
        "office computers. Answering a check is not affected.",
    ),
    Setting(
        "SESSION_HOURS",
        "`12`",
        "Signs people out this many hours after they signed in, however busy they are.",
    ),
    Setting(
        "BASE_URL",
        "unset: links are made from the address each request used",
        "The address people use, e.g. `https://toolkit.example.org`. Links in emails and on "
        "printed sheets use it, and requests naming any other host are refused. "
        "Needed with `SMTP_URL`.",
    ),
)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a true/false setting, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Unexpected value {name}={raw!r}; use 'true' or 'false'.")


def env_int(name: str, default: int, lowest: int, highest: int) -> int:
    """Read a whole-number setting within a range."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise ConfigError(
            f"Unexpected value {name}={raw!r}; use a whole number from {lowest} to {highest}."
        )
    return int(raw)


def database_url(instance_path: Path) -> str:
    """Return the SQLAlchemy URL, choosing psycopg 3 for PostgreSQL."""
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{instance_path / 'toolkit.sqlite'}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database address; use "
            "postgresql://user:password@host:5432/dbname or sqlite:///path/to/file.sqlite"
        ) from None
    if url.drivername in {"postgres", "postgresql", "postgresql+psycopg"}:
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite":
        return raw
    raise ConfigError(
        f"DATABASE_URL uses {url.drivername!r}, which the toolkit does not support; "
        "use postgresql://... or sqlite:///..."
    )


def secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY, or one generated once and kept in the instance folder."""
    given = os.environ.get("SECRET_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ConfigError("SECRET_KEY is too short; use at least 32 random characters.")
        return given
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def questionnaire_dirs() -> list[Path]:
    """Return the extra questionnaire folders, each of which must exist."""
    raw = os.environ.get("QUESTIONNAIRE_DIRS", "")
    dirs = [Path(part) for part in raw.split(os.pathsep) if part.strip()]
    for folder in dirs:
        if not folder.is_dir():
            raise ConfigError(
                f"QUESTIONNAIRE_DIRS names {str(folder)!r}, which is not a folder; "
                "fix the path or remove it."
            )
    return dirs


def base_url() -> str | None:
    """Return the site's own address, with no path and no trailing slash, or None."""
    raw = os.environ.get("BASE_URL", "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.username
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            f"BASE_URL={raw!r} is not a site's address; use the scheme and host alone, "
            "like https://toolkit.example.org (no path)."
        )
    return f"{parts.scheme}://{parts.netloc}"


def mail_settings(smtp_url: str | None, base: str | None) -> None:
    """Refuse to send email whose links could only come from the request."""
    if smtp_url and not base:
        raise ConfigError(
            "SMTP_URL is set but BASE_URL is not; set BASE_URL to the address people use, "
            "like https://toolkit.example.org, so emailed links always point at this site."
        )


def load_settings(instance_path: Path) -> dict[str, object]:
    """Build the Flask config from the environment."""
    instance_path.mkdir(parents=True, exist_ok=True)
    https = env_bool("HTTPS")
    base = base_url()
    smtp_url = os.environ.get("SMTP_URL", "").strip() or None
    mail_settings(smtp_url, base)
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL", "").strip() or None,
        "QUESTIONNAIRE_DIRS": questionnaire_dirs(),
        "SMTP_URL": smtp_url,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "toolkit@localhost"),
        "BASE_URL": base,
        # Flask refuses (400) any request whose Host is not the site's own.
        "TRUSTED_HOSTS": [urlsplit(base).hostname] if base else None,
        "SESSION_IDLE_MINUTES": env_int("SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
        # The cookie lasts as long as a session can; the server ends it sooner when idle.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=env_int("SESSION_HOURS", 12, 1, 30 * 24)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
    }
