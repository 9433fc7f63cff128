"""Each way a tester once worked out someone's answers, tried again through the real server.

Every test here failed before releases were checked against each other (issue 13).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.disclosure.conftest import Partnership, Visitor
from tests.reports.conftest import needs_poppler, pdf_text
from toolkit.core.scoring import OTHER_PERSPECTIVES
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import Collection, Role, Round, RoundStatus


def rows(page_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(page_text)))


def records(text: str) -> Counter[tuple[tuple[str, str, str, str], ...]]:
    """Return a download's records by what they hold, whatever numbers they were given."""
    found: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for row in rows(text):
        found[row["response"]].append(
            (row["perspective"], row["partner"], row["item"], row["answer"])
        )
    return Counter(tuple(sorted(r)) for r in found.values())


def facilitator(live: str, partnership: Partnership) -> Visitor:
    return Visitor(live).sign_in(partnership.email(Role.FACILITATOR))


def test_answers_csv_never_says_which_partners_a_person_rated(
    live: str, partnership: Partnership
) -> None:
    # People never rate their own organisation: the partner missing from someone's rows named it.
    round_ = partnership.round("Spring")
    for member in ("council", "charity", "nhs"):
        others = {
            p: {"keeps": 2, "listens": 3} for p in ("council", "charity", "nhs") if p != member
        }
        partnership.many(round_, 3, member=member, about=others)
    text = facilitator(live, partnership).open(f"/rounds/{round_.id}/exports/answers.csv").text
    by_record: dict[str, set[str]] = defaultdict(set)
    for row in rows(text):
        by_record[row["response"]].add(row["partner"])
    assert by_record and all(len(partners) == 1 for partners in by_record.values())


def test_reopening_a_round_and_one_more_answer_changes_no_download_or_count(
    live: str, partnership: Partnership
) -> None:
    round_ = partnership.round("Spring")
    partnership.many(round_, 6, comment="We were listened to")
    visitor = facilitator(live, partnership)
    before = {
        kind: visitor.open(f"/rounds/{round_.id}/exports/{kind}").text
        for kind in ("answers.csv", "comments.csv", "profile.csv")
    }
    progress = visitor.open(f"/rounds/{round_.id}").text
    assert visitor.open(f"/rounds/{round_.id}/stage/reopen", {}).status == 200
    partnership.answer(round_, "residents", {"open": 1, "kept": 1, "heard": 1}, comment="Late")
    assert visitor.open(f"/rounds/{round_.id}/stage/close", {}).status == 200
    after = {kind: visitor.open(f"/rounds/{round_.id}/exports/{kind}").text for kind in before}
    assert records(after["answers.csv"]) == records(before["answers.csv"])
    assert Counter(after["comments.csv"].splitlines()) == Counter(
        before["comments.csv"].splitlines()
    )
    assert "Late" not in after["comments.csv"]
    assert after["profile.csv"] == before["profile.csv"]
    page = visitor.open(f"/rounds/{round_.id}").text
    # The residents' count would say which perspective the late answer came from.
    assert _progress_table(page) == _progress_table(progress)
    assert "1 more answered" in page


def _progress_table(page: str) -> str:
    return page.split("<tbody", 1)[1].split("</tbody>", 1)[0]


def test_a_room_reveal_freezes_until_k_more_answers_change(
    live: str, partnership: Partnership
) -> None:
    round_ = partnership.round("In the room", RoundStatus.OPEN)
    partnership.many(round_, 4)
    visitor = facilitator(live, partnership)
    assert visitor.open(f"/rounds/{round_.id}/session", {"expected": "4"}).status == 200
    assert visitor.open(f"/rounds/{round_.id}/session/reveal", {}).status == 200

    def results() -> str:
        return figures(visitor.open(f"/rounds/{round_.id}/results").text)

    shown = results()
    assert "4 people answered" in shown
    late = partnership.answer(round_, "residents", {"open": 1, "kept": 1, "heard": 1})
    assert results() == shown
    withdrawn = Visitor(live).open(f"/resume/{late.token}/withdraw", {})  # type: ignore[attr-defined]
    assert withdrawn.status == 200
    assert results() == shown
    partnership.many(round_, 3, answers={"open": 3, "kept": 3, "heard": 3})
    assert "7 people answered" in results()


def figures(page: str) -> str:
    """Return what a results page shows of its figures, without the note on held-back answers
    or the sign-out form's CSRF token, which carries the second it was made."""
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    return re.sub(r'<div class="govuk-inset-text" id="held-back">.*?</div>', "", page, flags=re.S)


def test_a_late_paper_entry_does_not_regroup_perspectives_to_give_a_small_group_away(
    live: str, partnership: Partnership
) -> None:
    # Board (4) joins residents (6) as "all other perspectives" (mean 70 of 10); were the
    # board's fifth answer to split them, (10 x 70 - 6 x 100) / 4 would be the board's mean.
    round_ = partnership.round("Spring", threshold=5)
    partnership.many(round_, 12, perspective="staff")
    partnership.many(round_, 4, perspective="board", answers={"open": 1, "kept": 1, "heard": 1})
    partnership.many(round_, 6, perspective="residents", answers={"open": 3, "kept": 3, "heard": 3})
    visitor = facilitator(live, partnership)
    before = visitor.open(f"/rounds/{round_.id}/exports/profile.csv").text
    assert visitor.open(f"/rounds/{round_.id}/results").status == 200
    partnership.answer(
        round_, "board", {"open": 1, "kept": 1, "heard": 1}, collected=Collection.PAPER
    )
    after = visitor.open(f"/rounds/{round_.id}/exports/profile.csv").text
    assert {row["perspective"] for row in rows(after)} == {"", "staff", OTHER_PERSPECTIVES}
    assert after == before
    answers = visitor.open(f"/rounds/{round_.id}/exports/answers.csv").text
    assert {row["perspective"] for row in rows(answers)} == {"staff", OTHER_PERSPECTIVES}


def test_paper_entries_cannot_pad_a_small_perspective_into_showing_its_people(
    live: str, partnership: Partnership
) -> None:
    round_ = partnership.round("Spring", threshold=5)
    partnership.many(round_, 10, perspective="staff")
    partnership.many(round_, 6, perspective="residents")
    partnership.many(round_, 2, perspective="board", answers={"open": 1, "kept": 3, "heard": 1})
    visitor = facilitator(live, partnership)
    assert visitor.open(f"/rounds/{round_.id}/exports/answers.csv").status == 200
    for _ in range(3):
        partnership.answer(round_, "board", collected=Collection.PAPER)
    text = visitor.open(f"/rounds/{round_.id}/exports/answers.csv").text
    assert "board" not in {row["perspective"] for row in rows(text)}


@needs_poppler
def test_a_viewer_s_reports_never_show_a_round_that_was_not_shared(
    live: str, partnership: Partnership, tmp_path: Path
) -> None:
    spring = partnership.round("Spring shared", RoundStatus.SHARED, weeks_ago=20)
    summer = partnership.round("Summer not shared", RoundStatus.CLOSED, weeks_ago=10)
    autumn = partnership.round("Autumn shared", RoundStatus.SHARED)
    for found, value in ((spring, 1), (summer, 3), (autumn, 2)):
        partnership.many(found, 4, answers={"open": value, "kept": value, "heard": value})
    viewer = Visitor(live).sign_in(partnership.email(Role.VIEWER))
    for path in (f"/groups/{partnership.group.id}/report.pdf", f"/rounds/{autumn.id}/report.pdf"):
        answer = viewer.open(path)
        assert answer.status == 200 and answer.headers["Content-Type"] == "application/pdf", path
        text = pdf_text(answer.body, tmp_path)
        assert "Autumn shared" in text and "Summer not shared" not in text, path
    # Nor can a viewer fetch a facilitator's report by its address.
    team = facilitator(live, partnership).open(f"/groups/{partnership.group.id}/report.pdf")
    assert team.status == 200


def test_answer_counts_are_hidden_with_the_score_they_would_give_away(
    client: object, app: Flask, partnership: Partnership, live: str
) -> None:
    # 5 answered, 2 of them "don't know": the score is from 3, so the counts must go too.
    round_ = partnership.round("Spring", threshold=5)
    partnership.many(round_, 3, answers={"open": 3})
    partnership.many(round_, 2, answers={"open": "dont-know"})
    visitor = facilitator(live, partnership)
    page = visitor.open(f"/rounds/{round_.id}/results").text
    assert "dont-know" not in page and "Don&#39;t know" not in page.split("answers-trust")[0]
    from toolkit.opendata.keys import create_key

    key = create_key(partnership.organisation, "Dashboard")[1]
    db.session.commit()
    request = __import__("urllib.request").request.Request(
        f"{live}/api/groups/{partnership.group.id}/profile",
        headers={"Authorization": f"Bearer {key}"},
    )
    with __import__("urllib.request").request.urlopen(request) as answer:
        profile = json.loads(answer.read())
    (item,) = [i for i in profile["rounds"][0]["items"] if i["item"] == "open"]
    assert not item["everyone"]["shown"] and not item["answers"]["shown"]


def test_answers_json_downloads_for_every_round_of_the_demo(demo_data: None, live: str) -> None:
    visitor = Visitor(live)
    assert (
        visitor.open("/sign-in", {"email": DEMO_EMAIL, "password": "try-the-toolkit"}).status == 200
    )
    rounds = db.session.scalars(select(Round)).all()
    assert rounds
    for found in rounds:
        answer = visitor.open(f"/rounds/{found.id}/exports/answers.json")
        assert answer.status == 200, found.title
        document = json.loads(answer.body)
        assert document["format_version"] == 2


def test_comments_csv_writes_a_spreadsheet_formula_as_text(
    live: str, partnership: Partnership
) -> None:
    round_ = partnership.round("Spring")
    partnership.many(round_, 3, comment='=HYPERLINK("http://evil.example","Click")')
    text = facilitator(live, partnership).open(f"/rounds/{round_.id}/exports/comments.csv").text
    (row,) = {r["comment"] for r in rows(text)}
    assert row.startswith("'=")


@pytest.mark.parametrize(
    "kind", ["answers.csv", "answers.json", "profile.csv", "comments.csv", "questionnaire.yaml"]
)
def test_every_download_asks_not_to_be_stored(
    live: str, partnership: Partnership, kind: str
) -> None:
    round_ = partnership.round("Spring")
    partnership.many(round_, 3)
    answer = facilitator(live, partnership).open(f"/rounds/{round_.id}/exports/{kind}")
    assert answer.status == 200
    assert "no-store" in answer.headers["Cache-Control"]


def test_results_sentences_on_a_welsh_page_are_in_welsh(
    live: str, partnership: Partnership
) -> None:
    round_ = partnership.round("Spring")
    partnership.many(round_, 3, answers={"open": 3, "kept": 3, "heard": 1})
    visitor = facilitator(live, partnership)
    english = visitor.open(f"/rounds/{round_.id}/results").text
    assert "People see most strength in" in english
    visitor.open(f"/language/cy?next=/rounds/{round_.id}/results")
    welsh = visitor.open(f"/rounds/{round_.id}/results").text
    assert 'lang="cy"' in welsh
    assert "People see most strength in" not in welsh
    assert "Then come" not in welsh
