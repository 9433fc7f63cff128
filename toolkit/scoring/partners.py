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

from toolkit.scoring.anonymity import Line, Suppressed, SuppressedBecause, hide_cells
from toolkit.scoring.data import RoundData
from toolkit.scoring.responses import ScoringPlan
from toolkit.scoring.results import PartnerScores, PerceptionMatrix, Shown
from toolkit.scoring.stats import Summary, summarise

Rater = str | None
Pair = tuple[Rater, str]
# The key for the score across all about-partner items, beside each item's key.
OVERALL = ""


def perception_matrix(round_: RoundData, plan: ScoringPlan) -> PerceptionMatrix | None:
    """Work out the matrix, or None when nobody was asked about partners."""
    rated = [r for r in round_.responses if r.about_partners]
    if not plan.partner_items or not rated:
        return None
    measures = (OVERALL, *(rule.key for rule in plan.partner_items))
    cells: dict[str, dict[Pair, list[float]]] = {m: defaultdict(list) for m in measures}
    seen: dict[str, dict[str, list[float]]] = {m: defaultdict(list) for m in measures}
    sees: dict[str, dict[str, list[float]]] = {m: defaultdict(list) for m in measures}
    for response in rated:
        rater = response.member
        of_others: dict[str, list[float]] = defaultdict(list)
        for partner, answers in response.about_partners.items():
            ratings = {OVERALL: plan.partner_score(answers)}
            for rule in plan.partner_items:
                ratings[rule.key] = rule.positions.get(answers.get(rule.key))
            for measure, value in ratings.items():
                if value is None:
                    continue
                cells[measure][rater, partner].append(value)
                if partner != rater:
                    seen[measure][partner].append(value)
                    of_others[measure].append(value)
        if rater is not None:
            for measure, values in of_others.items():
                sees[measure][rater].append(sum(values) / len(values))

    raters = sorted({r.member for r in rated}, key=lambda m: (m is None, m or ""))
    partners = sorted({p for r in rated for p in r.about_partners})
    members = [r for r in raters if r is not None]
    k = round_.threshold
    shown = {m: _shown(cells[m], seen[m], sees[m], raters, partners, k) for m in measures}

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
    values: Mapping[Pair, list[float]],
    seen: Mapping[str, list[float]],
    sees: Mapping[str, list[float]],
    raters: list[Rater],
    partners: list[str],
    k: int,
) -> dict[object, Shown]:
    """Summarise each cell and total, hiding any the others shown could give away."""
    members = [r for r in raters if r is not None]
    groups: dict[object, list[float]] = {
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
    hidden = hide_cells({key: len(group) for key, group in groups.items()}, k, lines)
    shown: dict[object, Shown] = {}
    for key, group in groups.items():
        summary = summarise(group)
        if key in hidden or summary is None:
            shown[key] = Suppressed(hidden.get(key, SuppressedBecause.TOO_FEW), k)
        else:
            shown[key] = summary
    return shown


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
