"""Score one person's answers: a weighted mean per dimension on a 0-100 scale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.questionnaire.schema import Item, Questionnaire
from toolkit.scoring.data import Answer, ResponseData

Scores = dict[str, float | None]


@dataclass(frozen=True, slots=True)
class ItemRule:
    """How to count the answers to one scored item."""

    key: str
    dimension: str | None
    weight: float
    # Every answer the scale accepts, lowest option first, then the excluded ones.
    answers: tuple[Answer, ...]
    # Answer -> 0-100 after reversal, so higher always means a stronger relationship;
    # None for answers recorded but left out, such as "dont-know".
    positions: Mapping[Answer | None, float | None]
    excluded: frozenset[Answer]


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    """How to count the answers to a question that feeds no score."""

    key: str
    # The dimension it speaks to, if any: its answers are shown beside that dimension's.
    dimension: str | None
    # Every answer the scale accepts, lowest option first, then the excluded ones.
    answers: tuple[Answer, ...]
    excluded: frozenset[Answer]


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

    def dimension_scores(self, answers: Mapping[str, Answer]) -> Scores:
        """Score the respondent's own answers, one score per dimension."""
        return _weighted_means(self.items, self.dimensions, answers, self.min_answered)

    def partner_dimension_scores(
        self, about_partners: Mapping[str, Mapping[str, Answer]]
    ) -> dict[str, Scores]:
        """Score the answers given about each partner, per dimension."""
        return {
            partner: _weighted_means(
                self.partner_items, self.dimensions, answers, self.min_answered
            )
            for partner, answers in about_partners.items()
        }

    def partner_score(self, answers: Mapping[str, Answer]) -> float | None:
        """Score everything said about one partner together, across dimensions."""
        total = weight = 0.0
        answered = 0
        for rule in self.partner_items:
            position = rule.positions.get(answers.get(rule.key))
            if position is not None:
                total += rule.weight * position
                weight += rule.weight
                answered += 1
        return total / weight if answered >= self.min_answered else None


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
    positions: dict[Answer | None, float | None] = {}
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


def _weighted_means(
    rules: Sequence[ItemRule],
    dimensions: Sequence[str],
    answers: Mapping[str, Answer],
    min_answered: int,
) -> Scores:
    totals = dict.fromkeys(dimensions, 0.0)
    weights = dict.fromkeys(dimensions, 0.0)
    answered = dict.fromkeys(dimensions, 0)
    for rule in rules:
        position = rule.positions.get(answers.get(rule.key))
        dimension = rule.dimension
        if position is None or dimension not in totals:
            continue
        assert dimension is not None
        totals[dimension] += rule.weight * position
        weights[dimension] += rule.weight
        answered[dimension] += 1
    return {d: totals[d] / weights[d] if answered[d] >= min_answered else None for d in dimensions}
