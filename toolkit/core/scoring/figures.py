"""Name each figure of a round's results, so that releases can be compared figure by figure.

A figure is one value the results may show: a group's score on a dimension, a
statement's score and answer counts, a cell of the perception matrix, how many
answered. Its name says what it is and about whom, and stays the same from one
release of a round to the next, so ``toolkit.core.scoring.releases`` can ask of
each: who stood behind it then, who stands behind it now, and was it shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from toolkit.core.scoring.anonymity import Suppressed
from toolkit.core.scoring.results import PartnerScores, RoundProfile
from toolkit.core.scoring.stats import Distribution

# The group of everyone who answered, beside each perspective shown.
EVERYONE = ""
# Two sets of people stand behind a score: those whose answers count towards it,
# and everyone who answered, "don't know" too (a statement's answer counts show them).
SCORED, ANSWERED = "scored", "answered"


def name(*parts: str | None) -> str:
    """Name a figure from its parts, e.g. ("dimension", "trust", "staff")."""
    return json.dumps(["" if part is None else part for part in parts])


def parts(figure: str) -> list[str]:
    """Return the parts a figure was named from."""
    return list(json.loads(figure))


def kind_of(figure: str) -> str:
    """Return what kind of figure a name is, e.g. "dimension"."""
    return parts(figure)[0]


RESPONSES = name("responses")
TOOK_PART, RATED = "took part", "rated"


def took_part(group: str) -> str:
    return name(TOOK_PART, group)


def dimension(key: str, group: str, of: str = SCORED) -> str:
    return name("dimension", key, group, of)


def statement(item: str, group: str, of: str = SCORED) -> str:
    return name("statement", item, group, of)


def choice(item: str, group: str) -> str:
    """Name the answer counts of a question that feeds no score: everyone who answered it."""
    return name("choice", item, group, ANSWERED)


def partner_cell(measure: str, rater: str | None, partner: str, of: str = SCORED) -> str:
    return name("partner", measure, rater, partner, of)


def rated(partner: str) -> str:
    """Name the answers given about one partner, whatever they were: a row export's rows."""
    return name(RATED, partner)


def how_it_is_seen(measure: str, partner: str, of: str = SCORED) -> str:
    return name("how it is seen", measure, partner, of)


def how_it_sees_others(measure: str, rater: str, of: str = SCORED) -> str:
    return name("how it sees others", measure, rater, of)


def shown_figures(profile: RoundProfile) -> frozenset[str]:
    """Name every figure a released profile showed."""
    return frozenset(_shown(profile))


def _shown(profile: RoundProfile) -> Iterator[str]:
    yield RESPONSES
    yield from map(took_part, profile.took_part)
    for result in profile.dimensions:
        groups = {EVERYONE: result.everyone, **result.by_perspective}
        for group, score in groups.items():
            if not isinstance(score.summary, Suppressed):
                yield dimension(result.dimension, group)
                yield dimension(result.dimension, group, ANSWERED)
    for item in profile.items:
        item_scores = {EVERYONE: item.everyone, **item.by_perspective}
        counts = {EVERYONE: item.answers, **item.answers_by_perspective}
        for group in item_scores.keys() | counts.keys():
            # Counts give the score away, so either being shown shows the statement.
            if not isinstance(item_scores.get(group), Suppressed | None) or isinstance(
                counts.get(group), Distribution
            ):
                yield statement(item.item, group, SCORED)
                yield statement(item.item, group, ANSWERED)
    for asked in profile.choices:
        counted = {EVERYONE: asked.answers, **asked.answers_by_perspective}
        yield from (
            choice(asked.item, g) for g, shown in counted.items() if isinstance(shown, Distribution)
        )
    if profile.partners is not None:
        matrix = profile.partners
        for of in (SCORED, ANSWERED):
            for (rater, partner), cell in matrix.cells.items():
                yield from (partner_cell(m, rater, partner, of) for m in _shown_measures(cell))
            for partner, seen in matrix.how_it_is_seen.items():
                yield from (how_it_is_seen(m, partner, of) for m in _shown_measures(seen))
            for rater, sees in matrix.how_it_sees_others.items():
                yield from (how_it_sees_others(m, rater, of) for m in _shown_measures(sees))


def _shown_measures(scores: PartnerScores) -> list[str]:
    """Return the measures a partner's scores show: "" for the overall score, or an item."""
    measures = {"": scores.overall, **scores.items}
    return [m for m, shown in measures.items() if not isinstance(shown, Suppressed)]
