"""The plain rules for rounds, tested without an app, a database or a client."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.core.rounds import RoundError, Term
from toolkit.core.rounds.dates import DateParts, read_date
from toolkit.core.rounds.links import LinkRequest, plan_links, read_link_lines
from toolkit.core.rounds.names import key_for, read_names
from toolkit.core.rounds.plans import RoundPlan, check_plan
from toolkit.core.rounds.progress import progress
from toolkit.core.rounds.room import CODE_LENGTH, answered_in_room, ready_to_reveal, room_code
from toolkit.core.rounds.stages import dates_after, next_status
from toolkit.core.statuses import RoundStatus

S = RoundStatus


def plan(**changes: object) -> RoundPlan:
    fields: dict[str, object] = {
        "title": "Spring check",
        "opens": DateParts("1", "3", "2027"),
        "closes": DateParts("31", "3", "2027"),
        "threshold": 5,
        "perspective_keys": ("staff",),
    }
    fields.update(changes)
    return RoundPlan(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("current", "step", "after"),
    [
        (S.DRAFT, "open", S.OPEN),
        (S.OPEN, "close", S.CLOSED),
        (S.CLOSED, "reopen", S.OPEN),
        (S.CLOSED, "share", S.SHARED),
        (S.CLOSED, "archive", S.ARCHIVED),
        (S.SHARED, "archive", S.ARCHIVED),
    ],
)
def test_a_round_moves_through_its_stages(current: S, step: str, after: S) -> None:
    assert next_status(current, step) is after


def test_it_refuses_to_reopen_a_round_whose_results_are_shared() -> None:
    with pytest.raises(RoundError, match="already been shared"):
        next_status(S.SHARED, "reopen")


@pytest.mark.parametrize(
    ("current", "step", "message"),
    [
        (S.OPEN, "open", "being set up"),
        (S.DRAFT, "close", "open check"),
        (S.OPEN, "share", "Close the check"),
        (S.OPEN, "archive", "Close the check"),
        (S.OPEN, "reopen", "closed check"),
        (S.OPEN, "explode", "not something"),
    ],
)
def test_it_says_why_a_step_is_refused(current: S, step: str, message: str) -> None:
    with pytest.raises(RoundError, match=message):
        next_status(current, step)


def test_a_good_plan_has_no_problems_and_its_dates_read() -> None:
    checked = check_plan(plan(), ["staff"])
    assert checked.problems == {}
    assert (checked.opens_on, checked.closes_on) == (date(2027, 3, 1), date(2027, 3, 31))


def test_it_refuses_a_threshold_below_three() -> None:
    assert "3 or more" in str(check_plan(plan(threshold=2), ["staff"]).problems["threshold"])


def test_it_accepts_a_threshold_of_three() -> None:
    assert "threshold" not in check_plan(plan(threshold=3), ["staff"]).problems


def test_it_refuses_a_closing_date_before_the_opening_date() -> None:
    checked = check_plan(plan(closes=DateParts("28", "2", "2027")), ["staff"])
    assert {k: str(v) for k, v in checked.problems.items()} == {
        "closes": "The closing date must be the same as or after the opening date"
    }


def test_it_names_every_problem_at_once() -> None:
    checked = check_plan(
        plan(title=" ", threshold=None, perspective_keys=(), opens=DateParts()), ["staff"]
    )
    assert set(checked.problems) == {"title", "threshold", "perspectives", "opens"}


def test_it_refuses_a_perspective_the_group_does_not_have() -> None:
    problems = check_plan(plan(perspective_keys=("board",)), ["staff"]).problems
    assert "“board” is not one of this group's perspectives" in str(problems["perspectives"])


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (DateParts(), "Enter the opening date"),
        (DateParts("1", "", "2027"), "must include a month"),
        (DateParts("", "", "2027"), "must include a day and a month"),
        (DateParts("31", "2", "2027"), "must be a real date"),
        (DateParts("1", "2", "27"), "must be a real date"),
        (DateParts("a", "2", "2027"), "must be a real date"),
    ],
)
def test_it_explains_a_date_it_cannot_read(parts: DateParts, message: str) -> None:
    with pytest.raises(RoundError, match=message):
        read_date(parts, Term("opening date"))


def test_progress_counts_per_perspective_with_unchosen_answers_last() -> None:
    rows = progress(
        ["staff", "residents"],
        ["staff", "staff", "residents", None],
        [("staff", True), ("staff", False), (None, False), ("residents", True), ("staff", True)],
    )
    assert [(r.perspective_key, r.invited, r.submitted, r.in_progress) for r in rows] == [
        ("staff", 2, 2, 1),
        ("residents", 1, 1, 0),
        (None, 1, 0, 1),
    ]


def test_pasted_lines_become_links_with_perspectives_by_name_or_key() -> None:
    lines = read_link_lines(
        "Table 1, Residents\nAsha\tstaff\tCouncil\n\n",
        {"staff": "Staff", "residents": "Residents"},
        {"council": "Council"},
    )
    assert lines == [
        LinkRequest("Table 1", "residents", None),
        LinkRequest("Asha", "staff", "council"),
    ]


def test_a_pasted_line_with_an_unknown_perspective_is_named() -> None:
    with pytest.raises(RoundError, match="Line 2: “Boss” is not one of this group's perspectives"):
        read_link_lines("A, Staff\nB, Boss", {"staff": "Staff"}, {})


def test_links_come_from_the_number_or_the_lines_but_they_must_agree() -> None:
    assert len(plan_links(3, [])) == 3
    assert plan_links(None, [LinkRequest("A")]) == [LinkRequest("A")]
    with pytest.raises(RoundError, match="asked for 2 links but pasted 1 lines"):
        plan_links(2, [LinkRequest("A")])
    with pytest.raises(RoundError, match="Enter how many links"):
        plan_links(None, [])
    with pytest.raises(RoundError, match="at most 500"):
        plan_links(501, [])


def test_names_become_keys_and_repeats_are_refused() -> None:
    assert key_for("Front-line staff!") == "front-line-staff"
    assert read_names("Commissioners\n\nCommunity members") == [
        ("commissioners", "Commissioners"),
        ("community-members", "Community members"),
    ]
    with pytest.raises(RoundError, match="listed twice"):
        read_names("Staff\nstaff")


def test_room_codes_are_short_and_unambiguous() -> None:
    code = room_code()
    assert len(code) == CODE_LENGTH
    assert not set(code) & set("01OIL")


def test_the_room_reveals_only_when_everyone_expected_has_answered() -> None:
    assert answered_in_room(submitted_now=12, submitted_before=9) == 3
    assert not ready_to_reveal(answered=3, expected=4)
    assert ready_to_reveal(answered=4, expected=4)


@pytest.mark.parametrize(
    ("step", "dates", "expected"),
    [
        # Closed two weeks early: the closing date becomes the day it closed.
        (
            "close",
            (date(2026, 11, 25), date(2026, 12, 16)),
            (date(2026, 11, 25), date(2026, 12, 2)),
        ),
        # Closed after its date passed: the planned date stands.
        ("close", (date(2026, 11, 1), date(2026, 11, 20)), (date(2026, 11, 1), date(2026, 11, 20))),
        # Opened before its date: the opening date becomes today.
        ("open", (date(2026, 12, 9), date(2026, 12, 30)), (date(2026, 12, 2), date(2026, 12, 30))),
        # Reopened after it closed: open until the end of today at least.
        ("reopen", (date(2026, 11, 1), date(2026, 11, 20)), (date(2026, 11, 1), date(2026, 12, 2))),
        ("share", (date(2026, 11, 1), date(2026, 11, 20)), (date(2026, 11, 1), date(2026, 11, 20))),
    ],
)
def test_taking_a_step_early_moves_the_date_to_the_day_it_happened(
    step: str, dates: tuple[date, date], expected: tuple[date, date]
) -> None:
    assert dates_after(step, *dates, today=date(2026, 12, 2)) == expected
