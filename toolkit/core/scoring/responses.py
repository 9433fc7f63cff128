"""Score people's answers: a weighted mean per dimension on a 0-100 scale.

This is the one scoring engine. A group's profile, one person's scores and the
scores given about partners all come from ``weighted_means``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import add

from toolkit.core.questionnaire.schema import Item, Questionnaire
from toolkit.core.scoring.data import AnswerValue, ResponseData

Scores = dict[str, float | None]


@dataclass(frozen=True, slots=True)
class ItemRule:
    """How to count the answers to one scored item."""

    key: str
    dimension: str | None
    weight: float
    # Every answer the scale accepts, lowest option first, then the excluded ones.
    answers: tuple[AnswerValue, ...]
    # AnswerValue -> 0-100 after reversal, so higher always means a stronger relationship;
    # None for answers recorded but left out, such as "dont-know".
    positions: Mapping[AnswerValue | None, float | None]
    excluded: frozenset[AnswerValue]
    # AnswerValue -> weight x position, and answer -> weight, for the answers that count.
    weighted: Mapping[AnswerValue | None, float] = field(default_factory=dict)
    weights: Mapping[AnswerValue | None, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    """How to count the answers to a question that feeds no score."""

    key: str
    # The dimension it speaks to, if any: its answers are shown beside that dimension's.
    dimension: str | None
    # Every answer the scale accepts, lowest option first, then the excluded ones.
    answers: tuple[AnswerValue, ...]
    excluded: frozenset[AnswerValue]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """Everything needed to score a questionnaire, worked out once rather than per answer."""

    dimensions: tuple[str, ...]
    items: tuple[ItemRule, ...]
    partner_items: tuple[ItemRule, ...]
    min_answered: int
    # Questions whose answers are counted, never scored; asked once of each person.
    choices: tuple[ChoiceRule, ...] = ()

    @classmethod
    def for_questionnaire(cls, questionnaire: Questionnaire) -> ScoringPlan:
        """Work out the rules for each scored item."""
        own: list[ItemRule] = []
        about_partners: list[ItemRule] = []
        for section in questionnaire.sections:
            rules = about_partners if section.about_each_partner else own
            rules.extend(_rule(questionnaire, item) for item in section.items if item.is_scored)
        return cls(
            dimensions=tuple(d.key for d in questionnaire.dimensions),
            items=tuple(own),
            partner_items=tuple(about_partners),
            min_answered=questionnaire.scoring.min_answered,
            choices=tuple(
                _choice_rule(questionnaire, item) for item in questionnaire.items if item.is_choice
            ),
        )

    def by_dimension(self, rules: Sequence[ItemRule] | None = None) -> dict[str, list[ItemRule]]:
        """Group rules (the respondent's own items unless given) by the dimension they feed."""
        grouped: dict[str, list[ItemRule]] = {d: [] for d in self.dimensions}
        for rule in self.items if rules is None else rules:
            if rule.dimension in grouped:
                grouped[rule.dimension].append(rule)
        return grouped

    def dimension_scores(self, answers: Mapping[str, AnswerValue]) -> Scores:
        """Score the respondent's own answers, one score per dimension."""
        means = weighted_means(self.by_dimension(), columns([answers]), 1, self.min_answered)
        return {d: scores[0] for d, scores in means.items()}

    def partner_dimension_scores(
        self, about_partners: Mapping[str, Mapping[str, AnswerValue]]
    ) -> dict[str, Scores]:
        """Score the answers given about each partner, per dimension."""
        grouped = self.by_dimension(self.partner_items)
        people = list(about_partners.values())
        means = weighted_means(grouped, columns(people), len(people), self.min_answered)
        return {
            partner: {d: scores[i] for d, scores in means.items()}
            for i, partner in enumerate(about_partners)
        }

    def partner_score(self, answers: Mapping[str, AnswerValue]) -> float | None:
        """Score everything said about one partner together, across dimensions."""
        rules = {"": self.partner_items}
        return weighted_means(rules, columns([answers]), 1, self.min_answered)[""][0]


def score_response(questionnaire: Questionnaire, response: ResponseData) -> Scores:
    """Score one response's own answers per dimension."""
    return ScoringPlan.for_questionnaire(questionnaire).dimension_scores(response.answers)


def score_partners(questionnaire: Questionnaire, response: ResponseData) -> dict[str, Scores]:
    """Score one response's answers about each partner, per dimension."""
    plan = ScoringPlan.for_questionnaire(questionnaire)
    return plan.partner_dimension_scores(response.about_partners)


def _rule(questionnaire: Questionnaire, item: Item) -> ItemRule:
    scale = questionnaire.scale_for(item)
    values = sorted({option.value for option in scale.options})
    positions: dict[AnswerValue | None, float | None] = {}
    for value in values:
        position = scale.position(value)
        assert position is not None, "a scale always places its own options"
        positions[value] = 100.0 - position if item.reverse else position
    excluded = tuple(ex.value for ex in scale.excluded)
    positions.update(dict.fromkeys(excluded))
    return ItemRule(
        key=item.key,
        dimension=item.dimension,
        weight=item.weight,
        answers=(*values, *excluded),
        positions=positions,
        excluded=frozenset(excluded),
        weighted={a: item.weight * p for a, p in positions.items() if p is not None},
        weights={a: item.weight for a, p in positions.items() if p is not None},
    )


def _choice_rule(questionnaire: Questionnaire, item: Item) -> ChoiceRule:
    scale = questionnaire.scale_for(item)
    excluded = tuple(ex.value for ex in scale.excluded)
    return ChoiceRule(
        key=item.key,
        dimension=item.dimension,
        answers=(*sorted({option.value for option in scale.options}), *excluded),
        excluded=frozenset(excluded),
    )


def columns(people: Sequence[Mapping[str, AnswerValue]]) -> dict[str, list[AnswerValue | None]]:
    """Turn people's answers into columns: item -> everyone's answer to it, in order."""
    keys = {key for answers in people for key in answers}
    return {key: [answers.get(key) for answers in people] for key in keys}


def weighted_means(
    rules: Mapping[str, Sequence[ItemRule]],
    columns: Mapping[str, Sequence[AnswerValue | None]],
    n: int,
    min_answered: int,
) -> dict[str, list[float | None]]:
    """Score n people's answers at once: for each dimension, each person's weighted mean.

    ``rules`` holds the items that feed each dimension, ``columns`` everyone's answers
    to each item (an item nobody answered may be left out). A person scores on a
    dimension when they gave at least ``min_answered`` of its items an answer that
    counts. It goes one item at a time, adding each person's weighted positions in
    the rules' order; so a person scored alone gets exactly the number they get in
    a crowd.
    """
    means: dict[str, list[float | None]] = {}
    for dimension, dimension_rules in rules.items():
        totals = [0.0] * n
        weights = [0.0] * n
        answered = [0] * n
        for rule in dimension_rules:
            column = columns.get(rule.key)
            if column is None:
                continue
            totals = list(map(add, totals, map(rule.weighted.get, column, repeat(0.0))))
            weights = list(map(add, weights, map(rule.weights.get, column, repeat(0.0))))
            answered = list(map(add, answered, map(rule.weights.__contains__, column)))
        # Weights are above 0, so one answer that counts gives a sum of weights above 0.
        enough = max(min_answered, 1)
        means[dimension] = [
            t / w if a >= enough else None
            for t, w, a in zip(totals, weights, answered, strict=True)
        ]
    return means
