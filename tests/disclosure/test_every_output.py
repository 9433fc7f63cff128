"""Every role, every output, both languages: the same rounds, and the same figures hidden.

The partnership has three rounds: spring (shared), summer (closed, never shared)
and autumn (shared). In autumn, four residents answered "We are heard" (k is 5),
so the residents' Power score (62.5 out of 100) is hidden, and staff's with it
so it cannot be worked out from everyone's. No output, for any reader, in
English or Welsh, may show summer to a viewer or a respondent, or 62.5 anywhere.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.disclosure.conftest import Partnership, Visitor
from tests.reports.conftest import needs_poppler, pdf_text
from toolkit.opendata.keys import create_key
from toolkit.storage.db import db
from toolkit.storage.models import Role, RoundStatus

# 62.5, however an output rounds it.
HIDDEN = ("62", "63", "62.5", "62.50")
ROUNDS = ("Spring shared", "Summer not shared", "Autumn shared")


@pytest.fixture
def rounds(partnership: Partnership) -> dict[str, int]:
    spring = partnership.round(ROUNDS[0], RoundStatus.SHARED, threshold=5, weeks_ago=20)
    summer = partnership.round(ROUNDS[1], RoundStatus.CLOSED, threshold=5, weeks_ago=10)
    autumn = partnership.round(ROUNDS[2], RoundStatus.SHARED, threshold=5)
    for found in (spring, summer):
        partnership.many(found, 5, answers={"open": 2, "kept": 2, "heard": 2})
    partnership.many(autumn, 6, perspective="staff", answers={"open": 3, "kept": 3, "heard": 1})
    for heard in (3, 2, 2, 2):
        partnership.answer(autumn, "residents", {"open": 1, "kept": 1, "heard": heard})
    resident = partnership.answer(autumn, "residents", {"open": 1, "kept": 1})
    return {"spring": spring.id, "summer": summer.id, "autumn": autumn.id, "token": resident.token}  # type: ignore[attr-defined]


def readers(live: str, partnership: Partnership, token: str) -> dict[str, tuple[Visitor, str]]:
    """Each kind of reader, and the page their results start from."""
    found = {
        role.value: (Visitor(live).sign_in(partnership.email(role)), "")
        for role in (Role.ADMIN, Role.FACILITATOR, Role.VIEWER)
    }
    found["respondent"] = (Visitor(live), f"/resume/{token}/results")
    return found


def visible(reader: str) -> set[str]:
    return set(ROUNDS) - ({"Summer not shared"} if reader in ("viewer", "respondent") else set())


def words(page: str) -> str:
    """Return a page's text, without its scripts (chart data is checked on its own)."""
    return re.sub(r"<script.*?</script>", "", page, flags=re.S)


def numbers_in(kind: str, download: str) -> str:
    """Return a download's numbers, one per line: its random response ids and the moment it
    was made hold digits too, and "63" inside an id is not a figure."""
    if kind.endswith(".json"):
        values: list[object] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                node = list(node.values())
            if isinstance(node, list):
                for child in node:
                    walk(child)
            else:
                values.append(node)

        walk(json.loads(download))
    else:
        values = [cell for row in csv.reader(io.StringIO(download)) for cell in row]
    return "\n".join(str(v) for v in values if is_number(v))


def is_number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def chart_values(page: str) -> list[float]:
    values: list[float] = []
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        for trace in json.loads(block).get("data", []):
            for axis in ("r", "x", "y"):
                values += [v for v in trace.get(axis, []) if isinstance(v, int | float)]
    return values


@needs_poppler
@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_reader_sees_the_same_rounds_and_hidden_figures_in_every_output(
    live: str, partnership: Partnership, rounds: dict[str, int], language: str, tmp_path: Path
) -> None:
    group = partnership.group.id
    for reader, (visitor, own_page) in readers(live, partnership, str(rounds["token"])).items():
        visitor.open(f"/language/{language}?next=/")
        outputs: dict[str, str] = {}
        if own_page:
            outputs["respondent page"] = visitor.open(own_page).text
        else:
            for path in (
                f"/groups/{group}/results",
                f"/rounds/{rounds['autumn']}/results",
                f"/groups/{group}/partners",
                f"/organisations/{partnership.organisation.id}/overview",
            ):
                page = visitor.open(path)
                assert page.status == 200, (reader, path)
                outputs[path] = page.text
            for path in (f"/groups/{group}/report.pdf", f"/rounds/{rounds['autumn']}/report.pdf"):
                pdf = visitor.open(path)
                assert pdf.headers["Content-Type"] == "application/pdf", (reader, path)
                outputs[path] = pdf_text(pdf.body, tmp_path)
        if reader in ("admin", "facilitator"):
            for kind in ("profile.csv", "answers.csv", "comments.csv", "answers.json"):
                download = visitor.open(f"/rounds/{rounds['autumn']}/exports/{kind}")
                outputs[kind] = numbers_in(kind, download.text)
        for where, text in outputs.items():
            shown = words(text).split("<main", 1)[-1]
            for hidden in HIDDEN:
                found = re.search(rf"(?<![\d.]){re.escape(hidden)}(?![\d%])", shown)
                assert found is None, (reader, where, shown[found.start() - 300 : found.end() + 50])
            assert 62.5 not in chart_values(text), (reader, where)
            if where.endswith((".csv", ".json")):
                continue
            for title in ROUNDS:
                if title not in visible(reader):
                    assert title not in text, (reader, where, title)
        # Every output that lists rounds lists all the reader may see.
        for where in (f"/groups/{group}/results", f"/groups/{group}/report.pdf"):
            if where in outputs:
                assert all(title in outputs[where] for title in visible(reader)), (reader, where)


def test_the_api_shows_the_rounds_and_hidden_cells_the_facilitators_see(
    live: str, partnership: Partnership, rounds: dict[str, int]
) -> None:
    key = create_key(partnership.organisation, "Dashboard")[1]
    db.session.commit()
    import urllib.request

    request = urllib.request.Request(
        f"{live}/api/groups/{partnership.group.id}/profile",
        headers={"Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request) as answer:
        profile = json.loads(answer.read())
    assert [r["title"] for r in profile["rounds"]] == list(ROUNDS)
    autumn = profile["rounds"][-1]
    (power,) = [d for d in autumn["dimensions"] if d["dimension"] == "power"]
    assert power["everyone"]["summary"]["shown"]
    assert not power["by_perspective"]["residents"]["summary"]["shown"]
    assert not power["by_perspective"]["staff"]["summary"]["shown"]
    facilitator = Visitor(live).sign_in(partnership.email(Role.FACILITATOR))
    table = facilitator.open(f"/rounds/{rounds['autumn']}/exports/profile.csv").text
    hidden = {
        (row["dimension"], row["perspective"])
        for row in csv.DictReader(io.StringIO(table))
        if row["not_shown"]
    }
    assert hidden == {("power", "residents"), ("power", "staff")}
