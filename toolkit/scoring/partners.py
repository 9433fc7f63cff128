"""The perception matrix: how member organisations of a partnership see each other.

Every cell, row and column needs answers from at least k people. "How it is
seen" gathers everyone's ratings of a partner except its own members';
"how it sees others" averages each of a member's respondents over the partners
they rated, other than their own organisation. See ``anonymity`` for why a
hidden cell can make its neighbours hidden too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from toolkit.scoring.anonymity import Line, Suppressed, SuppressedBecause, hide_cells
from toolkit.scoring.data import RoundData
from toolkit.scoring.responses import ScoringPlan
from toolkit.scoring.results import PartnerScores, PerceptionMatrix, Shown
from toolkit.scoring.stats import summarise

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
    shown = {m: _shown_cells(cells[m], seen[m], sees[m], raters, partners, k) for m in measures}

    seen_shown = {m: _totals(seen[m], partners, k) for m in measures}
    sees_shown = {m: _totals(sees[m], members, k) for m in measures}

    def scores(pick: Mapping[str, Mapping[object, Shown]], key: object) -> PartnerScores:
        return PartnerScores(
            overall=pick[OVERALL][key],
            items={m: pick[m][key] for m in measures if m != OVERALL},
        )

    return PerceptionMatrix(
        raters=tuple(raters),
        partners=tuple(partners),
        cells={(r, p): scores(shown, (r, p)) for r in raters for p in partners},
        how_it_is_seen={p: scores(seen_shown, p) for p in partners},
        how_it_sees_others={r: scores(sees_shown, r) for r in members},
    )


def _shown_cells(
    values: Mapping[Pair, list[float]],
    seen: Mapping[str, list[float]],
    sees: Mapping[str, list[float]],
    raters: list[Rater],
    partners: list[str],
    k: int,
) -> dict[object, Shown]:
    """Summarise each cell, hiding any a shown row or column total could expose."""
    pairs = [(r, p) for r in raters for p in partners]
    sizes = {pair: len(values.get(pair, ())) for pair in pairs}
    lines = [
        Line(tuple((r, p) for r in raters if r != p)) for p in partners if len(seen.get(p, ())) >= k
    ] + [
        # One person rates several partners, so a row's cells share people.
        Line(tuple((r, p) for p in partners if p != r), separate_people=False)
        for r in raters
        if r is not None and len(sees.get(r, ())) >= k
    ]
    hidden = hide_cells(sizes, k, lines)
    shown: dict[object, Shown] = {}
    for pair in pairs:
        summary = summarise(values.get(pair, ()))
        if pair in hidden or summary is None:
            shown[pair] = Suppressed(hidden.get(pair, SuppressedBecause.TOO_FEW), k)
        else:
            shown[pair] = summary
    return shown


def _totals(values: Mapping[str, list[float]], keys: list[str], k: int) -> dict[object, Shown]:
    shown: dict[object, Shown] = {}
    for key in keys:
        summary = summarise(values.get(key, ()))
        if summary is None or summary.n < k:
            shown[key] = Suppressed(SuppressedBecause.TOO_FEW, k)
        else:
            shown[key] = summary
    return shown
