"""The perception matrix: how member organisations of a partnership see each other.

Every cell, row and column needs answers from at least k people. "How it is
seen" gathers everyone's ratings of a partner except its own members';
"how it sees others" averages each of a member's respondents over the partners
they rated, other than their own organisation. See ``anonymity`` for why a
hidden cell can make its neighbours, and a row or column total, hidden too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from toolkit.core.scoring import figures
from toolkit.core.scoring.anonymity import Line, Suppressed, SuppressedBecause
from toolkit.core.scoring.data import RoundData
from toolkit.core.scoring.history import History
from toolkit.core.scoring.responses import ScoringPlan
from toolkit.core.scoring.results import PartnerScores, PerceptionMatrix, Shown
from toolkit.core.scoring.stats import Summary, summarise

Rater = str | None
Pair = tuple[Rater, str]
# One response's rating: who gave it (the response's key) and the 0-100 value,
# or None when all they said was "don't know".
Rating = tuple[str, float | None]
# The key for the score across all about-partner items, beside each item's key.
OVERALL = ""


def perception_matrix(
    round_: RoundData, plan: ScoringPlan, history: History | None = None
) -> PerceptionMatrix | None:
    """Work out the matrix, or None when nobody was asked about partners."""
    rated = [(str(i), r) for i, r in enumerate(round_.responses) if r.about_partners]
    if not plan.partner_items or not rated:
        return None
    measures = (OVERALL, *(rule.key for rule in plan.partner_items))
    # Each rating is kept with the response it came from, to say who stands behind a figure.
    cells: dict[str, dict[Pair, list[Rating]]] = {m: defaultdict(list) for m in measures}
    seen: dict[str, dict[str, list[Rating]]] = {m: defaultdict(list) for m in measures}
    sees: dict[str, dict[str, list[Rating]]] = {m: defaultdict(list) for m in measures}
    for index, response in rated:
        who = response.key or index
        rater = response.member
        # Measure -> values given about partners other than their own; None: "don't know".
        of_others: dict[str, list[float | None]] = defaultdict(list)
        for partner, answers in response.about_partners.items():
            ratings: dict[str, float | None] = {OVERALL: plan.partner_score(answers)}
            for rule in plan.partner_items:
                if rule.key in answers:
                    ratings[rule.key] = rule.positions.get(answers[rule.key])
            for measure, value in ratings.items():
                cells[measure][rater, partner].append((who, value))
                if partner != rater:
                    seen[measure][partner].append((who, value))
                    of_others[measure].append(value)
        if rater is not None:
            for measure, values in of_others.items():
                counted = [v for v in values if v is not None]
                average = sum(counted) / len(counted) if counted else None
                sees[measure][rater].append((who, average))

    raters = sorted({r.member for _, r in rated}, key=lambda m: (m is None, m or ""))
    partners = sorted({p for _, r in rated for p in r.about_partners})
    members = [r for r in raters if r is not None]
    k = round_.threshold
    history = history or History()
    if history.tracking:
        for partner in partners:
            history.record(
                figures.rated(partner),
                [r.key or i for i, r in rated if partner in r.about_partners],
            )
    shown = {
        m: _shown(m, cells[m], seen[m], sees[m], raters, partners, k, history) for m in measures
    }

    def scores(key: object) -> PartnerScores:
        return _scores({m: shown[m][key] for m in measures}, measures)

    return PerceptionMatrix(
        raters=tuple(raters),
        partners=tuple(partners),
        cells={(r, p): scores((r, p)) for r in raters for p in partners},
        how_it_is_seen={p: scores(_Total(SEEN, p)) for p in partners},
        how_it_sees_others={r: scores(_Total(SEES, r)) for r in members},
    )


@dataclass(frozen=True, slots=True)
class _Total:
    """A row or column total, keyed apart from the (rater, partner) cells."""

    line: str
    of: str


SEEN, SEES = "how it is seen", "how it sees others"


def _shown(
    measure: str,
    values: Mapping[Pair, list[Rating]],
    seen: Mapping[str, list[Rating]],
    sees: Mapping[str, list[Rating]],
    raters: list[Rater],
    partners: list[str],
    k: int,
    history: History,
) -> dict[object, Shown]:
    """Summarise each cell and total, hiding any the others shown could give away."""
    members = [r for r in raters if r is not None]
    groups: dict[object, list[Rating]] = {
        (r, p): values.get((r, p), []) for r in raters for p in partners
    }
    groups |= {_Total(SEEN, p): seen.get(p, []) for p in partners}
    groups |= {_Total(SEES, r): sees.get(r, []) for r in members}
    lines: list[Line[object]] = [
        Line(tuple((r, p) for r in raters if r != p), total=_Total(SEEN, p)) for p in partners
    ] + [
        # One person rates several partners, so a row's cells share people.
        Line(
            tuple((r, p) for p in partners if p != r), separate_people=False, total=_Total(SEES, r)
        )
        for r in members
    ]

    def names(key: object) -> tuple[str, ...]:
        return (_figure(measure, key, figures.SCORED), _figure(measure, key, figures.ANSWERED))

    for key, group in groups.items():
        scored, answered = names(key)
        history.record(scored, [who for who, value in group if value is not None])
        history.record(answered, [who for who, _ in group])
    sizes = {
        key: (sum(value is not None for _, value in group), len(group))
        for key, group in groups.items()
    }
    hidden = history.hide(sizes, k, lines, names)
    shown: dict[object, Shown] = {}
    for key, group in groups.items():
        summary = summarise(value for _, value in group if value is not None)
        if key in hidden or summary is None:
            shown[key] = Suppressed(hidden.get(key, SuppressedBecause.TOO_FEW), k)
        else:
            shown[key] = summary
    return shown


def _figure(measure: str, key: object, of: str) -> str:
    """Name a cell or total of the matrix as a figure of the round."""
    if isinstance(key, _Total):
        if key.line == SEEN:
            return figures.how_it_is_seen(measure, key.of, of)
        return figures.how_it_sees_others(measure, key.of, of)
    assert isinstance(key, tuple)
    return figures.partner_cell(measure, key[0], key[1], of)


def rehide_published_totals(matrix: PerceptionMatrix) -> PerceptionMatrix:
    """Hide the totals of a matrix published before lines were checked together.

    Snapshots before version 3 keep no n for a hidden cell, so whether it holds answers
    is known only when its column's n is all in shown cells. A row total stays only when
    every hidden cell in its row is proven empty. A column total stays when its hidden
    cells are proven empty, or are all hidden for too few yet hold k people or more
    between them (its n less the shown cells'), so that two groups at least share the
    gap. Shown totals then hold no hidden cell but in columns of two unknowns or more,
    each counting different people, and no sum of them gives one hidden value away.
    """
    measures = (OVERALL, *next(iter(matrix.cells.values())).items)
    seen = {p: _pick_all(s, measures) for p, s in matrix.how_it_is_seen.items()}
    sees = {r: _pick_all(s, measures) for r, s in matrix.how_it_sees_others.items()}
    for m in measures:
        cell = {key: _pick(scores, m) for key, scores in matrix.cells.items()}
        empty: set[object] = set()
        for p, totals in seen.items():
            column = [cell[r, p] for r in matrix.raters if r != p]
            hidden = [c for c in column if isinstance(c, Suppressed)]
            total = totals[m]
            if not hidden or isinstance(total, Suppressed):
                continue
            gap = total.n - sum(c.n for c in column if isinstance(c, Summary))
            if gap == 0:
                empty.update((r, p) for r in matrix.raters if r != p)
            elif gap < hidden[0].n_below or any(
                c.reason is SuppressedBecause.PROTECTS_ANOTHER for c in hidden
            ):
                totals[m] = Suppressed(SuppressedBecause.PROTECTS_ANOTHER, hidden[0].n_below)
        for r, totals in sees.items():
            row = [cell[r, p] for p in matrix.partners if p != r and (r, p) not in empty]
            hidden = [c for c in row if isinstance(c, Suppressed)]
            if hidden and isinstance(totals[m], Summary):
                totals[m] = Suppressed(SuppressedBecause.PROTECTS_ANOTHER, hidden[0].n_below)
    return replace(
        matrix,
        how_it_is_seen={p: _scores(shown, measures) for p, shown in seen.items()},
        how_it_sees_others={r: _scores(shown, measures) for r, shown in sees.items()},
    )


def _scores(shown: Mapping[str, Shown], measures: tuple[str, ...]) -> PartnerScores:
    return PartnerScores(
        overall=shown[OVERALL], items={m: shown[m] for m in measures if m != OVERALL}
    )


def _pick(scores: PartnerScores, measure: str) -> Shown:
    return scores.overall if measure == OVERALL else scores.items[measure]


def _pick_all(scores: PartnerScores, measures: tuple[str, ...]) -> dict[str, Shown]:
    return {m: _pick(scores, m) for m in measures}
