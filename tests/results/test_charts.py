"""Plotly figures: hidden values are gaps, breaks where rounds are not compared, bars diverge."""

from __future__ import annotations

from tests.factories import everyone_answers, questionnaire, round_of
from toolkit.charts import web
from toolkit.core.scoring import build_profile

NAMES = {"trust": "Trust", "power": "Power"}


def test_a_dimension_answered_by_too_few_is_a_gap_in_the_radar() -> None:
    # Five people answered trust; only three of them answered power.
    people = everyone_answers("staff", 3, trusted=5, shared=4) + everyone_answers(
        "staff", 2, trusted=4
    )
    profile = build_profile([round_of(people)])
    figure = web.radar_over_time(profile, NAMES)
    (trace,) = figure["data"]
    assert trace["r"] == [90.0, None, 90.0]
    assert trace["theta"] == ["Trust", "Power", "Trust"]


def test_long_spoke_and_round_names_are_broken_into_short_lines_for_a_phone() -> None:
    people = everyone_answers("staff", 5, trusted=5, shared=4)
    profile = build_profile([round_of(people, label="Spring 2026 partnership check")])
    names = {"trust": "Trust between partners and residents", "power": "Power"}
    (spokes,) = web.radar_over_time(profile, names)["data"]
    assert spokes["theta"][0] == "Trust between<br>partners and<br>residents"
    assert spokes["theta"][1] == "Power"
    lines = web.trend(profile, names)["data"][0]["x"]
    assert lines == ["Spring 2026<br>partnership<br>check"]


def test_the_trend_breaks_where_the_questionnaire_changed() -> None:
    first = round_of(everyone_answers("staff", 5, trusted=5), key="r1", label="Spring")
    second = round_of(everyone_answers("staff", 5, trusted=4), key="r2", label="Summer")
    changed = questionnaire(id="another-check")
    third = round_of(
        everyone_answers("staff", 5, trusted=3), key="r3", label="Autumn", questionnaire_=changed
    )
    figure = web.trend(build_profile([first, second, third]), {"trust": "Trust"})
    (trace,) = figure["data"]
    assert trace["x"] == ["Spring", "Summer", None, "Autumn"]
    assert trace["y"] == [100.0, 75.0, None, 50.0]
    assert trace["connectgaps"] is False


def test_answer_bars_put_lower_options_left_and_leave_out_dont_know() -> None:
    people = (
        everyone_answers("staff", 4, trusted=1)
        + everyone_answers("staff", 2, trusted=3)
        + everyone_answers("staff", 2, trusted=5)
        + everyone_answers("staff", 1, trusted="dont-know")
    )
    profile = build_profile([round_of(people)])
    trusted = next(i for i in profile.rounds[0].items if i.item == "trusted")
    figure = web.answer_bars([trusted], questionnaire())
    by_name: dict[str, list[float]] = {}
    for trace in figure["data"]:
        by_name.setdefault(trace["name"], []).extend(trace["x"])
    # Shares of the eight counted answers: 1 -> 50%, 3 -> 25% split across zero, 5 -> 25%.
    assert by_name["1"] == [-50.0]
    assert by_name["3"] == [-12.5, 12.5]
    assert by_name["5"] == [25.0]
    assert by_name["2"] == [0.0]
    assert "Don't know" not in by_name and "dont-know" not in by_name


def test_each_perspective_shown_gets_its_own_marker_and_line() -> None:
    people = everyone_answers("staff", 5, trusted=5) + everyone_answers("residents", 5, trusted=2)
    round_ = build_profile([round_of(people)]).rounds[0]
    figure = web.perspectives_radar(round_, NAMES, {"staff": "Staff", "residents": "Residents"})
    names = [t["name"] for t in figure["data"]]
    assert sorted(names) == ["Residents", "Staff"]
    assert len({t["marker"]["symbol"] for t in figure["data"]}) == 2
    assert len({t["line"]["dash"] for t in figure["data"]}) == 2
