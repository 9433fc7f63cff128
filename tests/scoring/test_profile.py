from __future__ import annotations

import pytest

from tests.factories import everyone_answers, questionnaire, response, round_of
from tests.questionnaires import CHECK
from toolkit.core.scoring import (
    OTHER_PERSPECTIVES,
    Change,
    NotComparable,
    Summary,
    Suppressed,
    SuppressedBecause,
    build_profile,
)


def march() -> list:  # type: ignore[type-arg]
    # Commissioners see little shared power; community members see a lot.
    return everyone_answers("commissioner", 5, shared=2, say_no=2, trusted=4) + (
        everyone_answers("community member", 5, shared=5, say_no=4, trusted=4)
    )


def test_it_summarises_everyone_and_each_perspective() -> None:
    (round_,) = build_profile([round_of(march())]).rounds
    power = round_.dimensions[1]
    assert power.dimension == "power"
    # Commissioners: (2 * 25 + 25) / 3 = 25; community: (2 * 100 + 75) / 3 = 91.7.
    assert power.everyone.summary == pytest.approx(Summary(10, 175 / 3, 175 / 3, 25.0, 275 / 3))
    by = power.by_perspective
    assert isinstance(by["commissioner"].summary, Summary)
    assert by["commissioner"].summary.mean == 25.0
    assert isinstance(by["community member"].summary, Summary)
    assert by["community member"].summary.mean == pytest.approx(100 * 11 / 12)


def test_it_flags_a_gap_of_a_third_of_the_scale_largest_first() -> None:
    (round_,) = build_profile([round_of(march())]).rounds
    widest = round_.gaps[0]
    assert (widest.item, widest.lower, widest.higher) == (
        "shared",
        "commissioner",
        "community member",
    )
    assert widest.points == 75.0 and widest.flagged
    # Every perspective scores trust alike: no gap is named, not one of 0 points.
    assert not [g for g in round_.gaps if g.dimension == "trust" and g.item is None]
    assert [g.points for g in round_.gaps] == sorted((g.points for g in round_.gaps), reverse=True)


def test_it_finds_split_opinion_in_everyones_answers_but_not_within_agreeing_groups() -> None:
    (round_,) = build_profile([round_of(march())]).rounds
    split = [(s.item, s.group) for s in round_.split_opinions]
    assert ("shared", None) in split
    assert ("shared", "commissioner") not in split


def test_it_counts_answers_by_perspective_including_dont_know() -> None:
    answers = march()[:5] + everyone_answers("community member", 5, shared="dont-know")
    (round_,) = build_profile([round_of(answers)]).rounds
    shared = next(i for i in round_.items if i.item == "shared")
    counts = shared.answers_by_perspective["community member"]
    assert not isinstance(counts, Suppressed)
    assert [c.count for c in counts.counts] == [0, 0, 0, 0, 0, 5, 0]
    assert isinstance(shared.by_perspective["community member"], Suppressed)


def test_it_merges_a_small_perspective_and_hides_it_from_subtraction() -> None:
    answers = march() + everyone_answers("funder", 2, shared=1)
    (round_,) = build_profile([round_of(answers)]).rounds
    assert round_.perspectives == {
        "community member": ("community member",),
        OTHER_PERSPECTIVES: ("commissioner", "funder"),
    }
    power = round_.dimensions[1]
    assert isinstance(power.by_perspective[OTHER_PERSPECTIVES].summary, Summary)
    assert power.by_perspective[OTHER_PERSPECTIVES].summary.n == 7


def test_it_counts_who_took_part_in_each_shown_group_and_nothing_without_a_breakdown() -> None:
    answers = march() + everyone_answers("funder", 2, shared=1)
    (round_,) = build_profile([round_of(answers)]).rounds
    assert round_.took_part == {"community member": 5, OTHER_PERSPECTIVES: 7}
    (alone,) = build_profile([round_of(march()[:5])]).rounds
    assert alone.perspectives == {} and alone.took_part == {}


def test_it_shows_change_since_the_last_two_rounds() -> None:
    later = everyone_answers("commissioner", 5, shared=4, say_no=4) + march()[5:]
    rounds = [
        round_of(march(), key="r1", label="March 2025"),
        round_of(march(), key="r2", label="June 2025"),
        round_of(later, key="r3", label="September 2025"),
    ]
    power = build_profile(rounds).rounds[2].dimensions[1]
    assert [c.round_label for c in power.everyone.changes] == ["June 2025", "March 2025"]
    change = power.by_perspective["commissioner"].changes[0].change
    assert change == Change(50.0, 5, 5)


def test_it_does_not_compare_rounds_when_the_questionnaire_changed() -> None:
    changed = questionnaire(id="another-check")
    rounds = [round_of(march()), round_of(march(), key="r2", questionnaire_=changed)]
    change = build_profile(rounds).rounds[1].dimensions[0].everyone.changes[0].change
    assert change == NotComparable()
    assert change.reason == (
        "the questionnaire changed between these rounds, so they are not compared"
    )


def test_it_hides_a_change_for_a_group_too_small_in_the_earlier_round() -> None:
    earlier = everyone_answers("commissioner", 5, shared=2) + everyone_answers("board", 3)
    rounds = [round_of(earlier), round_of(march(), key="r2")]
    power = build_profile(rounds).rounds[1].dimensions[1]
    assert power.by_perspective["commissioner"].changes[0].change == Suppressed(
        SuppressedBecause.TOO_FEW, 5
    )


def test_it_hides_everything_and_comments_when_fewer_than_k_answered() -> None:
    (round_,) = build_profile([round_of(march()[:4])]).rounds
    assert all(isinstance(d.everyone.summary, Suppressed) for d in round_.dimensions)
    assert all(isinstance(i.answers, Suppressed) for i in round_.items)
    assert isinstance(round_.comments, Suppressed)


def test_it_shows_no_comments_when_none_were_collected() -> None:
    answers = [response(comments=["A story"]) for _ in range(5)]
    (round_,) = build_profile([round_of(answers, collect_comments=False)]).rounds
    assert round_.comments == ()


CHECK_Q = questionnaire(CHECK)
