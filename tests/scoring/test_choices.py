"""Questions that feed no score: counted as statements are, hidden alike, never scored."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from tests.factories import everyone_answers, questionnaire, response, round_of
from tests.questionnaires import CHECK
from toolkit.core.scoring import (
    Distribution,
    RoundData,
    Suppressed,
    SuppressedBecause,
    build_profile,
    figures,
    score_response,
)
from toolkit.core.scoring.profile import score_release
from toolkit.core.scoring.snapshot import read_snapshot, snapshot

# CHECK with a question about how long people have been involved, and one speaking to trust.
WITH_CHOICES = CHECK.replace(
    """scales:
""",
    """scales:
  how-long:
    kind: choice
    options: [{value: 1, label: Under a year}, {value: 2, label: 1 to 3 years}, {value: 3}]
    excluded: [{value: rather-not-say, label: Rather not say}]
  trend:
    kind: choice
    options:
      - {value: 1, label: Getting worse}
      - {value: 2, label: Staying the same}
      - {value: 3, label: Improving}
    excluded: [{value: dont-know, label: "Don't know"}]
""",
).replace(
    """  - key: partners
""",
    """  - key: about-you
    title: About you
    items:
      - {key: how-long, type: choice, scale: how-long, text: "How long have you been involved?"}
      - key: trust-trend
        type: choice
        dimension: trust
        scale: trend
        text: Is trust between us improving, staying the same or getting worse?
  - key: partners
""",
)


def with_choices() -> object:
    return questionnaire(WITH_CHOICES)


def answers() -> list:  # type: ignore[type-arg]
    return (
        everyone_answers("staff", 5, trusted=4, how_long=1)
        + everyone_answers("volunteer", 5, trusted=2, how_long=3)
        + [response("volunteer", trusted=2, how_long="rather-not-say")]
    )


def round_with_choices(responses: list, **changes: object) -> RoundData:  # type: ignore[type-arg]
    return round_of(responses, questionnaire_=with_choices(), **changes)  # type: ignore[arg-type]


def test_a_choice_question_is_counted_per_answer_and_each_perspective() -> None:
    (round_,) = build_profile([round_with_choices(answers())]).rounds
    how_long = next(c for c in round_.choices if c.item == "how-long")
    assert how_long.dimension is None
    assert isinstance(how_long.answers, Distribution)
    assert [(c.answer, c.count, c.excluded) for c in how_long.answers.counts] == [
        (1, 5, False),
        (2, 0, False),
        (3, 5, False),
        ("rather-not-say", 1, True),
    ]
    volunteers = how_long.answers_by_perspective["volunteer"]
    assert isinstance(volunteers, Distribution) and volunteers.n == 6
    assert [c.item for c in round_.choices] == ["how-long", "trust-trend"]
    assert round_.choices[1].dimension == "trust"


def test_a_choice_question_is_never_scored_nor_a_statement() -> None:
    plain = round_of(answers())
    chosen = round_with_choices(answers())
    (without,) = build_profile([plain]).rounds
    (with_,) = build_profile([chosen]).rounds
    assert "how-long" not in {i.item for i in with_.items}
    assert with_.dimensions == without.dimensions
    assert with_.gaps == without.gaps and with_.split_opinions == without.split_opinions
    one = answers()[0]
    assert score_response(chosen.questionnaire, one) == score_response(plain.questionnaire, one)


def test_a_choice_question_is_hidden_for_fewer_than_k_as_a_statement_is() -> None:
    few = (
        everyone_answers("staff", 5, trusted=4, how_long=1)
        + everyone_answers("volunteer", 5, trusted=2)
        + everyone_answers("volunteer", 2, trusted=2, how_long=2)
    )
    (round_,) = build_profile([round_with_choices(few)]).rounds
    how_long = round_.choices[0]
    # Two volunteers answered it: hidden, and staff too, or everyone less staff gives them away.
    assert how_long.answers_by_perspective["volunteer"] == Suppressed(SuppressedBecause.TOO_FEW, 5)
    assert how_long.answers_by_perspective["staff"] == Suppressed(
        SuppressedBecause.PROTECTS_ANOTHER, 5
    )
    assert isinstance(how_long.answers, Distribution) and how_long.answers.n == 7
    (alone,) = build_profile([round_with_choices(few[:4])]).rounds
    assert isinstance(alone.choices[0].answers, Suppressed)


def test_a_choice_question_reads_back_from_a_snapshot_exactly() -> None:
    (round_,) = build_profile([round_with_choices(answers())]).rounds
    stored = json.loads(json.dumps(snapshot(round_, date(2025, 7, 1))))
    assert read_snapshot(stored) == round_


def test_an_older_snapshot_reads_back_with_no_choice_questions() -> None:
    (round_,) = build_profile([round_of(answers())]).rounds
    stored = json.loads(json.dumps(snapshot(round_, date(2025, 7, 1))))
    del stored["profile"]["choices"]
    assert read_snapshot({**stored, "version": 3}) == replace(round_, choices=())


def test_a_release_names_who_stands_behind_each_choice_count() -> None:
    responses = [replace(r, key=f"p{i}") for i, r in enumerate(answers())]
    release = score_release(round_with_choices(responses))
    everyone = release.people[figures.choice("how-long", figures.EVERYONE)]
    assert everyone == frozenset(f"p{i}" for i in range(11))
    assert release.people[figures.choice("how-long", "staff")] == {f"p{i}" for i in range(5)}
    shown = figures.shown_figures(release.profile)
    assert figures.choice("how-long", "volunteer") in shown
