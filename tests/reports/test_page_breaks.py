"""The demo partnership's report, page by page: the space for notes stays with its principle.

Read back with pypdf, one page at a time, as someone flicking through the print-out would.
"""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from toolkit.storage.models import Group

TALK = "To talk about together"

# Signed in as the demo's facilitator throughout.
pytestmark = pytest.mark.usefixtures("facilitator")


def pages_of(client: FlaskClient, group: Group, title: str) -> list[list[str]]:
    """Return each page's lines, without the running head and the page number."""
    check = next(r for r in group.rounds if r.title == title)
    answer = client.get(f"/rounds/{check.id}/report.pdf")
    assert answer.status_code == 200
    head = f"{group.name}: {title}"
    pages = []
    for page in PdfReader(io.BytesIO(answer.data)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        pages.append([line for line in lines if line != head and not line.startswith("Page ")])
    return pages


def test_no_page_holds_the_questions_and_notes_space_on_their_own(
    client: FlaskClient, partnership: Group
) -> None:
    pages = pages_of(client, partnership, "Spring 2026 check")
    talks = [number for number, lines in enumerate(pages, 1) if TALK in lines]
    # Every principle of the questionnaire has its questions and space for notes.
    assert len(talks) == 6
    for number in talks:
        lines = pages[number - 1]
        assert lines.index(TALK) > 0, f"page {number} holds little but the notes space"


def test_the_summary_names_three_split_statements_as_the_web_page_does(
    client: FlaskClient, partnership: Group
) -> None:
    text = " ".join(" ".join(lines) for lines in pages_of(client, partnership, "Spring 2026 check"))
    assert text.count("gather at both ends of the scale") == 3
    assert re.search(r"Answers gather at both ends on \d+ more statements?\.", text)
