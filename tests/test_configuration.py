"""Settings: one clear line for every mistake, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.config import (
    SETTINGS,
    ConfigError,
    base_url,
    database_url,
    env_bool,
    load_settings,
    secret_key,
)

REPO = Path(__file__).resolve().parent.parent


def run_toolkit(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INSTANCE_PATH": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def test_it_uses_a_sqlite_file_in_the_instance_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'toolkit.sqlite'}"


@pytest.mark.parametrize("given", ["postgres://u:p@db/x", "postgresql://u:p@db/x"])
def test_it_chooses_psycopg_for_postgresql(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url(tmp_path) == "postgresql+psycopg://u:p@db/x"


@pytest.mark.parametrize("given", ["not a url", "mysql://u@db/x"])
def test_it_names_database_url_when_it_is_wrong(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_url(tmp_path)


def test_it_generates_a_secret_key_once_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 32
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_it_refuses_a_short_secret_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="SECRET_KEY is too short"):
        secret_key(tmp_path)


def test_it_refuses_an_ambiguous_true_or_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS", "maybe")
    with pytest.raises(ConfigError, match="Unexpected value HTTPS='maybe'"):
        env_bool("HTTPS")


def test_a_bad_database_url_gives_one_clear_line(tmp_path: Path) -> None:
    result = run_toolkit("db", "upgrade", tmp_path=tmp_path, DATABASE_URL="nonsense")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL is not a database address" in result.stderr


def test_an_unreachable_database_gives_one_clear_line(tmp_path: Path) -> None:
    result = run_toolkit(
        "db",
        "upgrade",
        tmp_path=tmp_path,
        DATABASE_URL="postgresql://nobody@127.0.0.1:9/nowhere?connect_timeout=2",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_the_readme_documents_every_setting() -> None:
    readme = (REPO / "README.md").read_text()
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in readme, f"README lacks a row for {setting.name}"


def test_email_without_base_url_gives_one_clear_line(tmp_path: Path) -> None:
    result = run_toolkit(
        "db", "upgrade", tmp_path=tmp_path, SMTP_URL="smtp://mail.example.org:587", BASE_URL=""
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "SMTP_URL is set but BASE_URL is not" in result.stderr


@pytest.mark.parametrize(
    "given",
    [
        "toolkit.example.org",
        "ftp://toolkit.example.org",
        "https://toolkit.example.org/toolkit",
        "https://toolkit.example.org/?next=x",
        "https://user@toolkit.example.org",
        "https://",
    ],
)
def test_base_url_must_be_a_sites_address_alone(
    given: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BASE_URL", given)
    with pytest.raises(ConfigError, match=r"BASE_URL=.* is not a site's address"):
        base_url()


def test_base_url_sets_the_trusted_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://Toolkit.example.org:8443/")
    settings = load_settings(tmp_path)
    assert settings["BASE_URL"] == "https://Toolkit.example.org:8443"
    assert settings["TRUSTED_HOSTS"] == ["toolkit.example.org"]
    monkeypatch.delenv("BASE_URL")
    assert load_settings(tmp_path)["TRUSTED_HOSTS"] is None
