"""Properties that must hold for any questionnaire and any answers."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import (
    OTHER_PERSPECTIVES,
    Change,
    Distribution,
    GroupProfile,
    NotComparable,
    PerceptionGap,
    ResponseData,
    RoundData,
    SplitOpinion,
    Summary,
    Suppressed,
    build_profile,
    score_response,
)
from toolkit.core.scoring.anonymity import SuppressedBecause
from toolkit.core.scoring.data import Comment
from toolkit.core.scoring.results import MIX_CHANGED

PERSPECTIVES = ["board", "staff", "residents", "funder"]
# Every dataclass in a profile that holds numbers about answers, and the n behind them.
NUMBERS_WITH_N = {Summary, Distribution, Change, PerceptionGap, SplitOpinion}


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    sizes = draw(st.lists(st.integers(2, 7), min_size=1, max_size=3))
    dimensions = [f"d{i}" for i in range(draw(st.integers(1, 3)))]
    items = [
        {
            "key": f"i{n}",
            "dimension": draw(st.sampled_from(dimensions)),
            "text": f"Item {n}",
            "scale": f"s{draw(st.integers(0, len(sizes) - 1))}",
            "reverse": draw(st.booleans()),
            "weight": draw(st.sampled_from([0.5, 1, 2, 3])),
        }
        for n in range(draw(st.integers(1, 6)))
    ]
    # Questions that feed no score, about no dimension or beside one.
    items += [
        {
            "key": f"c{n}",
            "type": "choice",
            "dimension": draw(st.sampled_from([None, *dimensions])),
            "text": f"Choice {n}",
            "scale": f"s{draw(st.integers(0, len(sizes) - 1))}",
        }
        for n in range(draw(st.integers(0, 2)))
    ]
    return Questionnaire.model_validate(
        {
            "id": "generated",
            "version": "1",
            "title": "Generated",
            "description": "Generated",
            "use": ["team"],
            "minutes": 5,
            "source": "Tests",
            "licence": "CC-BY-4.0",
            "scoring": {"min_answered": draw(st.integers(1, 2))},
            "scales": {
                f"s{i}": {
                    "kind": "agreement",
                    "options": [{"value": v} for v in range(1, size + 1)],
                    "excluded": [{"value": "dont-know", "label": "Don't know"}],
                }
                for i, size in enumerate(sizes)
            },
            "dimensions": [{"key": d, "label": d} for d in dimensions],
            "sections": [{"key": "main", "title": "Main", "items": items}],
        }
    )


def answers_to(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for item in questionnaire.items:
        scale = questionnaire.scale_for(item)
        choice = draw(st.sampled_from([None, "dont-know", *(o.value for o in scale.options)]))
        if choice is not None:
            answers[item.key] = choice
    return answers


@st.composite
def profiles(draw: st.DrawFn) -> tuple[list[RoundData], GroupProfile]:
    questionnaire = draw(questionnaires())
    k = draw(st.integers(3, 6))
    rounds = [
        RoundData(
            key=f"r{n}",
            label=f"Round {n}",
            questionnaire=questionnaire,
            threshold=k,
            responses=[
                ResponseData(
                    perspective=draw(st.sampled_from(PERSPECTIVES)),
                    answers=answers_to(draw, questionnaire),
                    comments=[Comment(None, f"story {n}.{i}")],
                )
                for i in range(draw(st.integers(0, 25)))
            ],
        )
        for n in range(draw(st.integers(1, 3)))
    ]
    return rounds, build_profile(rounds)


def walk(value: Any) -> Iterator[Any]:
    """Yield every value inside a profile, however deep."""
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from walk(key)
            yield from walk(inner)
    elif isinstance(value, tuple | list):
        for inner in value:
            yield from walk(inner)


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles())
def test_any_answers_score_without_error_between_0_and_100(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    rounds, profile = made
    for round_ in rounds:
        for answered in round_.responses:
            for score in score_response(round_.questionnaire, answered).values():
                assert score is None or 0 <= score <= 100
    for value in walk(profile):
        if isinstance(value, Summary):
            assert 0 <= value.lower_quartile <= value.median <= value.upper_quartile <= 100
            assert 0 <= value.mean <= 100


@SETTINGS
@given(profiles())
def test_no_number_shown_comes_from_fewer_than_k_responses(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    rounds, profile = made
    k = rounds[0].threshold
    for value in walk(profile):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            numbers = [
                f.name
                for f in dataclasses.fields(value)
                if isinstance(getattr(value, f.name), float)
            ]
            assert not numbers or type(value) in NUMBERS_WITH_N, type(value)
        ns = {
            Summary: lambda v: [v.n],
            Distribution: lambda v: [v.n],
            Change: lambda v: [v.n_then, v.n_now],
            PerceptionGap: lambda v: [v.higher_n, v.lower_n],
            SplitOpinion: lambda v: [v.n],
        }.get(type(value))
        if ns:
            assert min(ns(value)) >= k


@SETTINGS
@given(profiles())
def test_no_hidden_group_can_be_worked_out_by_subtraction(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    rounds, profile = made
    for round_, shown in zip(rounds, profile.rounds, strict=True):
        k = round_.threshold
        group_of = {p: g for g, ps in shown.perspectives.items() for p in ps}
        scores = [
            (group_of.get(r.perspective), score_response(round_.questionnaire, r))
            for r in round_.responses
        ]
        for result in shown.dimensions:
            true_n = Counter(g for g, s in scores if s[result.dimension] is not None)
            cells = {g: score.summary for g, score in result.by_perspective.items()}
            assert_safe(result.everyone.summary, cells, true_n, k)
        for item in shown.items:
            answered = Counter(
                group_of.get(r.perspective) for r in round_.responses if item.item in r.answers
            )
            assert_safe(item.answers, dict(item.answers_by_perspective), answered, k)
            counted = Counter(
                group_of.get(r.perspective)
                for r in round_.responses
                if isinstance(r.answers.get(item.item), int)
            )
            assert_safe(item.everyone, dict(item.by_perspective), counted, k)


def assert_safe(
    total: Summary | Distribution | Suppressed,
    cells: dict[str, Summary | Distribution | Suppressed],
    true_n: Counter[str | None],
    k: int,
) -> None:
    """Check that total minus shown cells leaves nothing or at least two groups and k people."""
    for group, cell in cells.items():
        if isinstance(cell, Summary | Distribution):
            assert cell.n == true_n[group]
    if isinstance(total, Suppressed) or not cells:
        return
    unknowns = [g for g, cell in cells.items() if isinstance(cell, Suppressed) and true_n[g]]
    left_over = total.n - sum(c.n for c in cells.values() if not isinstance(c, Suppressed))
    assert left_over == sum(true_n[g] for g in unknowns)
    assert not unknowns or (len(unknowns) >= 2 and left_over >= k)


@SETTINGS
@given(profiles())
def test_changes_are_shown_only_between_two_shown_means(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    _, profile = made
    by_key = {r.key: r for r in profile.rounds}
    for round_ in profile.rounds:
        for result in round_.dimensions:
            groups = [(None, result.everyone), *result.by_perspective.items()]
            for group, score in groups:
                for since in score.changes:
                    then = next(
                        d
                        for d in by_key[since.round_key].dimensions
                        if d.dimension == result.dimension
                    )
                    before = then.everyone if group is None else then.by_perspective.get(group)
                    if isinstance(since.change, Change):
                        assert before is not None
                        assert isinstance(before.summary, Summary)
                        assert isinstance(score.summary, Summary)
                        assert since.change.points == score.summary.mean - before.summary.mean
                    elif isinstance(since.change, NotComparable):
                        assert since.change.reason == MIX_CHANGED
                        assert group == OTHER_PERSPECTIVES
                    else:
                        shown_now = isinstance(score.summary, Summary)
                        shown_then = before is not None and isinstance(before.summary, Summary)
                        assert not (shown_now and shown_then)


@SETTINGS
@given(profiles())
def test_comments_appear_only_when_the_round_reaches_k(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    rounds, profile = made
    for round_, shown in zip(rounds, profile.rounds, strict=True):
        given_comments = sorted(c.text for r in round_.responses for c in r.comments)
        if len(round_.responses) < round_.threshold:
            assert shown.comments == Suppressed(SuppressedBecause.TOO_FEW, round_.threshold)
        else:
            assert isinstance(shown.comments, tuple)
            assert sorted(c.text for c in shown.comments) == given_comments


@SETTINGS
@given(profiles())
def test_profile_scores_agree_with_scoring_each_response_alone(
    made: tuple[list[RoundData], GroupProfile],
) -> None:
    rounds, profile = made
    for round_, shown in zip(rounds, profile.rounds, strict=True):
        each = [score_response(round_.questionnaire, r) for r in round_.responses]
        for result in shown.dimensions:
            summary = result.everyone.summary
            if isinstance(summary, Summary):
                scores = [s[result.dimension] for s in each if s[result.dimension] is not None]
                assert summary.n == len(scores)
                assert abs(summary.mean - sum(scores) / len(scores)) < 1e-9  # type: ignore[arg-type]
