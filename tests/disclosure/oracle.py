"""An attacker's arithmetic: can any figure about fewer than k people be worked out?

Every figure released is a sum over the people behind it, so each is a linear
equation in per-person unknowns. The unknowns of one person are, per statement,
which answer they gave (one 0-or-1 unknown per answer but one, since each gave
exactly one), and their own dimension and partner scores. A question that feeds no
score is counted like a statement, with no score. Who answered what is
taken as known: the attacker may know who skipped a statement, and even who
answered in which group.

A set S of people is exposed when some combination of the equations involves
only S's unknowns: that is, when the equations' row space holds a non-zero
vector supported on S's unknowns alone. With N a basis of the equations' null
space, that happens exactly when S's rows of N have rank below the number of
S's unknowns. Every set of fewer than k people is checked, with exact fractions.

Figures of different statistics share no unknowns, so each statistic (a
statement, a dimension, a partner statement...) is a block solved on its own.

Medians and quartiles are not sums, so they are not modelled.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import (
    OTHER_PERSPECTIVES,
    ResponseData,
    RoundProfile,
    ScoringPlan,
    figures,
)
from toolkit.core.scoring.figures import EVERYONE, shown_figures
from toolkit.core.scoring.partners import OVERALL

Column = tuple[str, Hashable]  # (person, what about them)
Row = dict[Column, Fraction]


@dataclass(frozen=True)
class Seen:
    """A release the attacker saw: the figures it showed, how it grouped perspectives,
    and the responses it was made from."""

    shown: frozenset[str]
    grouping: Mapping[str, Sequence[str]]
    responses: Sequence[ResponseData]

    @classmethod
    def of(cls, profile: RoundProfile, responses: Sequence[ResponseData]) -> Seen:
        return cls(shown_figures(profile), profile.perspectives, responses)


@dataclass
class Equations:
    """Equations per block of unknowns."""

    blocks: dict[Hashable, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def add(self, block: Hashable, row: Row) -> None:
        row = {c: v for c, v in row.items() if v}
        if row:
            self.blocks[block].append(row)


def exposures(questionnaire: Questionnaire, seen: Iterable[Seen], k: int) -> list[str]:
    """Name every set of fewer than k people whose answers some released figures give away."""
    plan = ScoringPlan.for_questionnaire(questionnaire)
    equations = Equations()
    for release in seen:
        _release_equations(plan, release, equations)
    found = []
    for block, rows in equations.blocks.items():
        columns = sorted({c for row in rows for c in row}, key=repr)
        people = sorted({person for person, _ in columns})
        nullspace = _null_space(rows, columns)
        exposed: list[set[str]] = []
        for size in range(1, k):
            for group in combinations(people, size):
                # A larger set around one already given away says nothing more.
                if any(smaller <= set(group) for smaller in exposed):
                    continue
                mine = [i for i, (person, _) in enumerate(columns) if person in group]
                if _rank([nullspace[i] for i in mine]) < len(mine):
                    exposed.append(set(group))
                    found.append(f"{block}: {', '.join(group)}")
    return found


def _release_equations(plan: ScoringPlan, release: Seen, equations: Equations) -> None:
    group_of = {p: g for g, members in release.grouping.items() for p in members}
    members: dict[str, list[ResponseData]] = defaultdict(list)
    for response in release.responses:
        members[EVERYONE].append(response)
        if release.grouping:
            members[group_of.get(response.perspective, OTHER_PERSPECTIVES)].append(response)
    for rule in plan.items:
        for group, people in members.items():
            if figures.statement(rule.key, group) in release.shown:
                answered = [(r.key, r.answers.get(rule.key)) for r in people]
                answered = [(who, a) for who, a in answered if a is not None]
                _statement(equations, ("statement", rule.key), rule, answered, counts=True)
    for choice in plan.choices:
        for group, people in members.items():
            if figures.choice(choice.key, group) in release.shown:
                answered = [(r.key, r.answers.get(choice.key)) for r in people]
                answered = [(who, a) for who, a in answered if a is not None]
                _counts(equations, ("choice", choice.key), choice.answers, answered)
    for dimension in plan.dimensions:
        in_it = {rule.key for rule in plan.items if rule.dimension == dimension}
        for group, people in members.items():
            if figures.dimension(dimension, group) in release.shown:
                who = [r.key for r in people if in_it & r.answers.keys()]
                _score(equations, ("dimension", dimension), who)
    if plan.partner_items:
        _matrix_equations(plan, release, equations)


def _score(equations: Equations, block: Hashable, who: Sequence[str]) -> None:
    """Add a score's equations over all who answered: its sum, and how many have one.

    Each person's score (0 when all they said was "don't know") and whether they
    have one are their unknowns: neither is a sum of their answers.
    """
    equations.add(block, {(w, "score"): Fraction(1) for w in who})
    equations.add(block, {(w, "has a score"): Fraction(1) for w in who})


def _statement(equations, block, rule, answered, counts: bool) -> None:  # type: ignore[no-untyped-def]
    """Add a statement cell's equations: its score and n, and its answer counts if shown."""
    equations.add(block, _row(rule.answers, answered, lambda a: rule.positions.get(a) or 0))
    equations.add(
        block, _row(rule.answers, answered, lambda a: 0 if rule.positions.get(a) is None else 1)
    )
    if counts:
        _counts(equations, block, rule.answers, answered)


def _counts(equations, block, answers, answered) -> None:  # type: ignore[no-untyped-def]
    """Add the equations of a cell's answer counts: how many gave each answer."""
    for answer in answers:
        equations.add(block, _row(answers, answered, lambda a, answer=answer: int(a == answer)))


def _row(answers, answered, weight) -> Row:  # type: ignore[no-untyped-def]
    """Sum a weight of each person's answer, in their 0-or-1 unknowns per answer."""
    reference = answers[-1]
    # x[reference] = 1 - sum of the others, so each answer's weight is taken relative to it.
    return {
        (who, a): Fraction(weight(a)) - Fraction(weight(reference))
        for who, _ in answered
        for a in answers
        if a != reference
    }


def _matrix_equations(plan: ScoringPlan, release: Seen, equations: Equations) -> None:
    responses = release.responses
    rules = {rule.key: rule for rule in plan.partner_items}
    partners = sorted({p for r in responses for p in r.about_partners})
    raters = sorted({r.member for r in responses if r.about_partners}, key=str)

    def add(named: Callable[[str], str], raters: Sequence[ResponseData], partner: str) -> None:
        if named(OVERALL) in release.shown:
            who = [r.key for r in raters if partner in r.about_partners]
            _score(equations, ("partner overall", partner), who)
        for key, rule in rules.items():
            if named(key) in release.shown:
                answered = [(r.key, r.about_partners.get(partner, {}).get(key)) for r in raters]
                answered = [(who, a) for who, a in answered if a is not None]
                _statement(equations, ("partner", key, partner), rule, answered, counts=False)

    for partner in partners:
        for rater in raters:
            found = [r for r in responses if r.member == rater]
            add(lambda m, a=rater, p=partner: figures.partner_cell(m, a, p), found, partner)
        others = [r for r in responses if r.member != partner]
        add(lambda m, p=partner: figures.how_it_is_seen(m, p), others, partner)
    for rater in raters:
        if rater is None:
            continue
        found = [r for r in responses if r.member == rater]
        for measure in (OVERALL, *rules):
            if figures.how_it_sees_others(measure, rater) in release.shown:
                who = [r.key for r in found if _answered_about_others(r, measure)]
                _score(equations, ("how it sees others", measure), who)


def _answered_about_others(response: ResponseData, measure: str) -> bool:
    return any(
        partner != response.member and (measure == OVERALL or measure in answers)
        for partner, answers in response.about_partners.items()
    )


def _null_space(rows: Sequence[Row], columns: Sequence[Column]) -> list[list[Fraction]]:
    """Return, for each column, its row in a basis of the equations' null space."""
    index = {c: i for i, c in enumerate(columns)}
    matrix = [[Fraction(0)] * len(columns) for _ in rows]
    for r, row in enumerate(rows):
        for c, v in row.items():
            matrix[r][index[c]] = v
    pivots: list[int] = []
    reduced: list[list[Fraction]] = []
    for row in matrix:
        row = list(row)
        for p, base in zip(pivots, reduced, strict=True):
            if row[p]:
                factor = row[p]
                row = [a - factor * b for a, b in zip(row, base, strict=True)]
        lead = next((i for i, v in enumerate(row) if v), None)
        if lead is None:
            continue
        row = [v / row[lead] for v in row]
        for i, base in enumerate(reduced):
            if base[lead]:
                factor = base[lead]
                reduced[i] = [a - factor * b for a, b in zip(base, row, strict=True)]
        pivots.append(lead)
        reduced.append(row)
    free = [c for c in range(len(columns)) if c not in pivots]
    basis = []
    for f in free:
        vector = [Fraction(0)] * len(columns)
        vector[f] = Fraction(1)
        for p, base in zip(pivots, reduced, strict=True):
            vector[p] = -base[f]
        basis.append(vector)
    # Transposed: one row per column, one entry per basis vector.
    return [[vector[c] for vector in basis] for c in range(len(columns))]


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank = 0
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank
