"""The API's answer counts and perception matrix are the figures the pages and downloads show."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.opendata.conftest import api_get, download_csv, hidden_values, partnership_round
from toolkit.core.questionnaire.schema import localise
from toolkit.core.scoring import Suppressed, SuppressedBecause
from toolkit.services.retention import answers_deleted, apply_retention
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, Round, RoundStatus
from toolkit.storage.questionnaire_store import questionnaire_of

ALL_PARTNER_ITEMS = "All statements about partners, scores out of 100"
SEEN_BESIDE_SEES = "How each organisation is seen beside how it sees others"


def _tables(page: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Return each captioned table's column headings and body cells, as text, by caption."""
    found = {}
    for table in re.findall(r'<table class="govuk-table">(.*?)</table>', page, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        head, _, body = table.partition("<tbody")
        if caption:
            found[_text(caption[1])] = (
                [_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)],
                [
                    [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
                ],
            )
    return found


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _profile(client: FlaskClient, key: str, group_id: int) -> list[dict[str, Any]]:
    status, body = api_get(client, f"/groups/{group_id}/profile", key)
    assert status == 200
    rounds: list[dict[str, Any]] = body["rounds"]
    return rounds


def _count_rows(item: dict[str, Any], columns: list[str]) -> list[list[str]]:
    """Lay out an item's counts as the round page's table does: a row per answer.

    A hidden perspective's column says why once, in the first row, spanning the rest.
    """
    everyone = item["answers"]
    if not everyone["shown"]:
        return [[everyone["not_shown"]]]
    rows = []
    for row_number, count in enumerate(everyone["counts"]):
        row = [str(count["count"])]
        for group in (item["answers_by_perspective"][column] for column in columns):
            if group["shown"]:
                row.append(str({c["answer"]: c["count"] for c in group["counts"]}[count["answer"]]))
            elif row_number == 0:
                row.append(group["not_shown"])
        rows.append(row)
    return rows


def test_each_statements_answer_counts_are_the_ones_its_round_page_shows(
    facilitator: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    compared: list[str] = []
    for group in demo_organisation.groups:
        keys = {p.label: p.key for p in group.perspectives}
        for profiled in _profile(facilitator, api_key, group.id):
            round_ = db.session.get(Round, profiled["round_id"])
            assert round_ is not None
            questionnaire = questionnaire_of(round_.questionnaire_version)
            tables = _tables(facilitator.get(f"/rounds/{round_.id}/results").get_data(as_text=True))
            for item in profiled["items"]:
                text = localise(questionnaire.item(item["item"]).text, "en")
                headings, rows = tables[f"“{text}”"]
                # Answer, Everyone, then a column per perspective; the last row is the score.
                columns = [keys[heading] for heading in headings[2:]]
                assert set(columns) == set(item["answers_by_perspective"])
                assert rows[:-1] == _count_rows(item, columns), (round_.title, item["item"])
                compared += [cell for row in rows[:-1] for cell in row]
    # The team's September check hides some perspectives' counts, one to protect another.
    assert {"fewer than 5 responses", SuppressedBecause.PROTECTS_ANOTHER.value} <= set(compared)


def test_the_shown_answer_counts_are_those_of_the_answers_download(
    facilitator: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    rows = [
        row for row in download_csv(facilitator, round_.id, "answers.csv") if not row["partner"]
    ]
    profiled = next(
        r for r in _profile(facilitator, api_key, round_.group_id) if r["round_id"] == round_.id
    )
    assert profiled["items"]
    for item in profiled["items"]:
        answered = [row for row in rows if row["item"] == item["item"]]
        for group, counts in [(None, item["answers"]), *item["answers_by_perspective"].items()]:
            assert counts["shown"], (item["item"], group)
            given = Counter(
                row["answer"] for row in answered if group is None or row["perspective"] == group
            )
            assert {str(c["answer"]): c["count"] for c in counts["counts"] if c["count"]} == given
            assert counts["n"] == given.total()


def _same(text: str, value: dict[str, Any]) -> None:
    """Check a page's cell shows an API value: its mean to the nearest point, or why not."""
    if not value["shown"]:
        assert text == value["not_shown"]
        return
    number, *rest = text.split(" ", 1)
    # The API gives means to two decimals, the page to a whole point.
    assert abs(float(number) - value["mean"]) <= 0.51, (text, value)
    assert rest in ([], [f"({value['n']} answers)"])


def test_the_perception_matrix_is_the_one_the_partners_page_shows(
    facilitator: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    group = partnership_round(demo_organisation, RoundStatus.SHARED).group
    # The page shows the latest round that asked about partners.
    latest = [r for r in _profile(facilitator, api_key, group.id) if r["partners"]][-1]
    matrix = latest["partners"]
    questionnaire = questionnaire_of(
        db.session.get(Round, latest["round_id"]).questionnaire_version
    )
    tables = _tables(facilitator.get(f"/groups/{group.id}/partners").get_data(as_text=True))
    cells = {(c["rater"], c["partner"]): c for c in matrix["cells"]}
    assert len(cells) == len(matrix["cells"]) == len(matrix["raters"]) * len(matrix["partners"])
    measures = {ALL_PARTNER_ITEMS: None} | {
        localise(questionnaire.item(m).text, "en"): m for m in matrix["cells"][0]["items"]
    }
    reasons = set()
    for caption, measure in measures.items():
        _, rows = tables[caption]
        assert len(rows) == len(matrix["raters"])
        for row, rater in zip(rows, matrix["raters"], strict=True):
            for text, partner in zip(row, matrix["partners"], strict=True):
                scores = cells[rater, partner]
                value = scores["overall"] if measure is None else scores["items"][measure]
                _same(text.removeprefix("about itself: "), value)
                reasons.add(value["not_shown"])
    _, rows = tables[SEEN_BESIDE_SEES]
    for (seen, sees), partner in zip(rows, matrix["partners"], strict=True):
        _same(seen, matrix["how_it_is_seen"][partner]["overall"])
        if partner in matrix["how_it_sees_others"]:
            _same(sees, matrix["how_it_sees_others"][partner]["overall"])
    assert {
        Suppressed(reason, latest["threshold"]).message for reason in SuppressedBecause
    } < reasons


def test_a_round_kept_only_as_its_published_results_keeps_its_counts_and_matrix(
    client: FlaskClient, api_key: str, demo_organisation: Organisation
) -> None:
    autumn = db.session.scalar(select(Round).where(Round.title == "Autumn 2025 check"))
    assert autumn is not None and answers_deleted(autumn, 0) is False
    autumn.retention_days = 30
    db.session.commit()

    def published() -> dict[str, Any]:
        rounds = _profile(client, api_key, autumn.group_id)
        return next(r for r in rounds if r["round_id"] == autumn.id)

    before = published()
    assert apply_retention(autumn.closes_on + timedelta(days=31)) == [autumn]
    db.session.refresh(autumn)
    assert answers_deleted(autumn, 0) and not autumn.responses
    after = published()
    assert after["items"] == before["items"] and after["partners"] == before["partners"]
    assert all(item["answers"]["shown"] for item in after["items"])
    assert after["partners"] is not None and hidden_values(after)
