"""Download names can never break the Content-Disposition header (issue 14, part 7)."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.http import parse_options_header

from tests.conftest import sqlite_only
from tests.security.conftest import SignIn
from toolkit.paths import shipped
from toolkit.storage.db import db
from toolkit.storage.models import Account, Organisation, QuestionnaireVersion
from toolkit.web.filenames import attachment

# Nothing here depends on the database.
pytestmark = sqlite_only


def test_a_plain_name_is_given_both_ways() -> None:
    assert attachment("round-3-answers.csv") == (
        "attachment; filename=\"round-3-answers.csv\"; filename*=UTF-8''round-3-answers.csv"
    )


def test_a_welsh_name_is_exact_in_filename_star_and_plain_in_filename() -> None:
    header = attachment("Tŷ Cymuned.json")
    assert 'filename="Ty_Cymuned.json"' in header
    assert "filename*=UTF-8''T%C5%B7%20Cymuned.json" in header
    assert parse_options_header(header)[1]["filename"] == "Tŷ Cymuned.json"


@pytest.mark.parametrize(
    "name",
    [
        'check-1.0"; filename="evil.exe.yaml',
        "check-1.0\r\nSet-Cookie: planted=1.yaml",
        "../../etc/passwd",
        "\x00",
        "",
        "é" * 400 + ".csv",
    ],
    ids=["quote", "line-break", "path", "nul", "empty", "long"],
)
def test_no_name_adds_a_second_filename_a_line_break_or_a_folder(name: str) -> None:
    header = attachment(name)
    assert "\n" not in header and "\r" not in header and "\x00" not in header
    assert header.count("filename=") == 1 and header.count("filename*=") == 1
    kind, options = parse_options_header(header)
    assert kind == "attachment"
    assert "/" not in options["filename"] and "\\" not in options["filename"]
    plain = header.split('filename="')[1].split('"')[0]
    assert plain and plain.isascii() and '"' not in plain
    assert len(options["filename"]) <= 150


LADDER = (shipped("questionnaires") / "listening-ladder.yaml").read_text()


@pytest.mark.parametrize(
    "version", ['"1.0\\nbeta"', '"1.0\\"; filename=evil.exe"', '"1.0/../x"', '" 1.0"']
)
def test_an_upload_whose_version_would_break_a_download_name_is_refused(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn, version: str
) -> None:
    text = LADDER.replace("id: listening-ladder", "id: our-ladder", 1)
    # Whatever version the shipped file is at, the upload carries the bad one instead
    # (a function, so that re.sub does not read the backslashes in it as escapes).
    text = re.sub(r"^version: .*$", lambda _: f"version: {version}", text, count=1, flags=re.M)
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/questionnaires/upload",
        data={"file": (io.BytesIO(text.encode()), "ours.yaml")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is not a valid version: use letters, digits, dots, hyphens and plus signs" in page
    stored = select(QuestionnaireVersion).where(
        QuestionnaireVersion.questionnaire_key == "our-ladder"
    )
    assert db.session.scalar(stored) is None


def test_the_organisation_download_names_its_file_both_ways(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    response = signed_in(alice).get(f"/organisations/{demo_organisation.id}/export")
    assert response.headers["Content-Disposition"] == attachment(f"{demo_organisation.slug}.json")
