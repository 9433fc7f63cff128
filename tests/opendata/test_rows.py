"""Which records a row-level download holds, and how each cell is written."""

from __future__ import annotations

import pytest

from toolkit.core.scoring import OTHER_PERSPECTIVES, figures
from toolkit.opendata.rows import ABOUT, NO_PERSPECTIVE, OWN, LeftOut, csv_text, plan_records


def people(**groups: list[str]) -> dict[str, frozenset[str]]:
    """Who stands behind each perspective group of a release; ``p_<partner>`` rates a partner."""
    found = {figures.RESPONSES: frozenset(k for keys in groups.values() for k in keys)}
    for name, keys in groups.items():
        if name.startswith("p_"):
            found[figures.rated(name[2:])] = frozenset(keys)
        else:
            found[figures.took_part(name)] = frozenset(keys)
    return found


def test_each_perspective_group_of_k_or_more_is_a_group_of_rows() -> None:
    plan = plan_records(
        people(staff=["1", "2", "3"], board=["4", "5", "6"]),
        {"staff": ("staff",), "board": ("board",)},
        3,
    )
    assert plan.own == {
        "1": "staff",
        "2": "staff",
        "3": "staff",
        "4": "board",
        "5": "board",
        "6": "board",
    }
    assert plan.left_out == ()


def test_a_perspective_group_below_k_in_the_release_has_its_own_answers_left_out() -> None:
    grouping = {"staff": ("staff",), OTHER_PERSPECTIVES: ("board",)}
    plan = plan_records(people(staff=["1", "2", "3"], **{OTHER_PERSPECTIVES: ["4"]}), grouping, 3)
    assert set(plan.own) == {"1", "2", "3"}
    assert plan.left_out == (LeftOut(OWN, OTHER_PERSPECTIVES, 1),)


def test_without_a_breakdown_everyone_is_one_group_with_no_perspective() -> None:
    found = people(staff=["1", "2", "3"])
    plan = plan_records(found, {}, 3)
    assert plan.own == dict.fromkeys(("1", "2", "3"), NO_PERSPECTIVE)


def test_answers_about_a_partner_go_out_only_when_k_people_answered_about_it() -> None:
    found = people(staff=["1", "2", "3"], p_council=["1", "2", "3"], p_police=["2", "3"])
    plan = plan_records(found, {"staff": ("staff",), "board": ("board",)}, 3)
    assert plan.about == [("1", "council"), ("2", "council"), ("3", "council")]
    assert LeftOut(ABOUT, "police", 2) in plan.left_out


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\tx"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(text: str) -> None:
    lines = list(csv_text(("comment",), [(text,)]))
    assert lines[1].startswith(("'", "\"'"))
    assert text in lines[1].replace('""', '"')


def test_numbers_and_ordinary_words_are_written_as_they_are() -> None:
    assert list(csv_text(("a", "b"), [(-2, "We were heard")])) == [
        "a,b\r\n",
        "-2,We were heard\r\n",
    ]
