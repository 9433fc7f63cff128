"""Build a group's profile: every round's scores, answers, gaps and changes, made safe."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from toolkit.scoring.anonymity import (
    Line,
    Suppressed,
    SuppressedBecause,
    group_perspectives,
    hide_cells,
    shown_comments,
)
from toolkit.scoring.data import Answer, RoundData
from toolkit.scoring.partners import perception_matrix
from toolkit.scoring.responses import ItemRule, ScoringPlan
from toolkit.scoring.results import (
    MIX_CHANGED,
    Change,
    ChangeSince,
    DimensionResult,
    GroupProfile,
    GroupScore,
    ItemResult,
    NotComparable,
    PerceptionGap,
    RoundProfile,
    Shown,
    SplitOpinion,
)
from toolkit.scoring.stats import Distribution, Summary, distribution, is_split, summarise

# Teams compare with their last two checks.
LOOK_BACK = 2
# The key for everyone's figures, and for responses in no perspective shown alone.
EVERYONE = ""


@dataclass(frozen=True, slots=True)
class _Scored:
    """One round's results before changes since earlier rounds are added."""

    round: RoundData
    groups: dict[str, tuple[str, ...]]
    dimensions: dict[str, dict[str, Shown]]
    profile: RoundProfile


def build_profile(rounds: Sequence[RoundData]) -> GroupProfile:
    """Build the profile of a group's rounds, given oldest first."""
    plans: dict[int, ScoringPlan] = {}
    scored: list[_Scored] = []
    for round_ in rounds:
        # Rounds usually share one questionnaire; work its rules out once.
        key = id(round_.questionnaire)
        if key not in plans:
            plans[key] = ScoringPlan.for_questionnaire(round_.questionnaire)
        plan = plans[key]
        scored.append(_score_round(round_, plan))
    profiles = []
    for i, now in enumerate(scored):
        earlier = [
            (then, now.round.questionnaire.comparable_with(then.round.questionnaire))
            for then in scored[max(0, i - LOOK_BACK) : i][::-1]
        ]
        dimensions = tuple(
            DimensionResult(
                dimension=d,
                everyone=GroupScore(cells[EVERYONE], _changes(now, earlier, d, EVERYONE)),
                by_perspective={
                    g: GroupScore(cells[g], _changes(now, earlier, d, g)) for g in now.groups
                },
            )
            for d, cells in now.dimensions.items()
        )
        profiles.append(replace(now.profile, dimensions=dimensions))
    return GroupProfile(tuple(profiles))


def _score_round(round_: RoundData, plan: ScoringPlan) -> _Scored:
    k = round_.threshold
    sizes: dict[str, int] = {}
    for response in round_.responses:
        sizes[response.perspective] = sizes.get(response.perspective, 0) + 1
    groups = group_perspectives(sizes, k)
    group_of = {p: g for g, members in groups.items() for p in members}
    keys = [*groups] or [EVERYONE]

    scores = {d: {g: list[float]() for g in keys} for d in plan.dimensions}
    # Per group, per item: counted positions, and counts of every accepted answer.
    tally = {
        g: ([list[float]() for _ in plan.items], [dict.fromkeys(r.answers, 0) for r in plan.items])
        for g in keys
    }
    # One pass over each response's answers does the counting and the scoring,
    # the same weighted mean as ScoringPlan.dimension_scores: this loop is the hot spot.
    where = {d: i for i, d in enumerate(plan.dimensions)}
    lookups = [
        (i, rule.key, rule.positions, where.get(rule.dimension or "", -1), rule.weight)
        for i, rule in enumerate(plan.items)
    ]
    empty = [0.0] * len(plan.dimensions)
    for response in round_.responses:
        group = group_of.get(response.perspective, EVERYONE)
        answers = response.answers
        group_positions, group_counts = tally[group]
        totals, weights, answered = empty.copy(), empty.copy(), [0] * len(empty)
        for i, key, item_positions, d, weight in lookups:
            answer = answers.get(key)
            if answer is None or answer not in item_positions:
                continue
            group_counts[i][answer] += 1
            position = item_positions[answer]
            if position is not None:
                group_positions[i].append(position)
                if d >= 0:
                    totals[d] += weight * position
                    weights[d] += weight
                    answered[d] += 1
        for d, dimension in enumerate(plan.dimensions):
            if answered[d] >= plan.min_answered:
                scores[dimension][group].append(totals[d] / weights[d])
    positions = [{g: tally[g][0][i] for g in keys} for i in range(len(plan.items))]
    counts = [{g: tally[g][1][i] for g in keys} for i in range(len(plan.items))]

    breakdown = bool(groups)
    dimensions = {d: _summaries(values, k, breakdown) for d, values in scores.items()}
    items = tuple(
        _item_result(rule, positions[i], counts[i], k, breakdown)
        for i, rule in enumerate(plan.items)
    )
    comments = (
        shown_comments(
            round_.key,
            len(round_.responses),
            k,
            [c for response in round_.responses for c in response.comments],
        )
        if round_.collect_comments
        else ()
    )
    profile = RoundProfile(
        key=round_.key,
        label=round_.label,
        closed_on=round_.closed_on,
        threshold=k,
        responses=len(round_.responses),
        perspectives=groups,
        dimensions=(),
        items=items,
        gaps=_gaps(dimensions, items),
        split_opinions=_split_opinions(items, plan.items),
        comments=comments,
        partners=perception_matrix(round_, plan),
    )
    return _Scored(round_, groups, dimensions, profile)


def _summaries(per_group: Mapping[str, list[float]], k: int, breakdown: bool) -> dict[str, Shown]:
    """Summarise everyone and each group, hiding what could single people out."""
    sizes = {g: len(values) for g, values in per_group.items()}
    total = sum(sizes.values())
    cells: dict[str, Shown] = {EVERYONE: _too_few(k)}
    if total >= k:
        everyone = summarise(chain.from_iterable(per_group.values()))
        assert everyone is not None
        cells[EVERYONE] = everyone
    if breakdown:
        hidden = hide_cells(sizes, k, [Line(tuple(sizes))] if total >= k else [])
        for g, values in per_group.items():
            summary = summarise(values)
            cells[g] = Suppressed(hidden[g], k) if g in hidden or summary is None else summary
    return cells


def _item_result(
    rule: ItemRule,
    positions: Mapping[str, list[float]],
    counts: Mapping[str, dict[Answer, int]],
    k: int,
    breakdown: bool,
) -> ItemResult:
    summaries = _summaries(positions, k, breakdown)
    sizes = {g: sum(c.values()) for g, c in counts.items()}
    total = sum(sizes.values())
    everyone: Distribution | Suppressed = _too_few(k)
    if total >= k:
        everyone = distribution(
            {a: sum(c[a] for c in counts.values()) for a in rule.answers}, rule.excluded
        )
    by_perspective: dict[str, Distribution | Suppressed] = {}
    if breakdown:
        hidden = hide_cells(sizes, k, [Line(tuple(sizes))] if total >= k else [])
        by_perspective = {
            g: Suppressed(hidden[g], k) if g in hidden else distribution(c, rule.excluded)
            for g, c in counts.items()
        }
    return ItemResult(
        item=rule.key,
        dimension=rule.dimension,
        everyone=summaries.pop(EVERYONE),
        answers=everyone,
        by_perspective=summaries,
        answers_by_perspective=by_perspective,
    )


def _gaps(
    dimensions: Mapping[str, Mapping[str, Shown]], items: Sequence[ItemResult]
) -> tuple[PerceptionGap, ...]:
    found = [_widest_gap(cells, d, None) for d, cells in dimensions.items()] + [
        _widest_gap(item.by_perspective, item.dimension, item.item) for item in items
    ]
    return tuple(sorted((gap for gap in found if gap), key=lambda gap: -gap.points))


def _widest_gap(
    cells: Mapping[str, Shown], dimension: str | None, item: str | None
) -> PerceptionGap | None:
    shown = [(g, s) for g, s in cells.items() if g != EVERYONE and isinstance(s, Summary)]
    if len(shown) < 2:
        return None
    high = max(shown, key=lambda gs: gs[1].mean)
    low = min(shown, key=lambda gs: gs[1].mean)
    return PerceptionGap(
        dimension, item, high[0], high[1].mean, high[1].n, low[0], low[1].mean, low[1].n
    )


def _split_opinions(
    items: Sequence[ItemResult], rules: Sequence[ItemRule]
) -> tuple[SplitOpinion, ...]:
    found = []
    for item, rule in zip(items, rules, strict=True):
        candidates: list[tuple[str | None, Shown, Distribution | Suppressed]]
        candidates = [(None, item.everyone, item.answers)]
        candidates += [
            (g, s, item.answers_by_perspective[g]) for g, s in item.by_perspective.items()
        ]
        for group, summary, answers in candidates:
            # Only from groups whose scores and answer counts are both shown.
            if isinstance(summary, Summary) and isinstance(answers, Distribution):
                counted = [
                    (rule.positions[c.answer] or 0.0, c.count)
                    for c in answers.counts
                    if not c.excluded
                ]
                shares = is_split(counted)
                if shares:
                    found.append(SplitOpinion(item.item, group, summary.n, *shares))
    return tuple(found)


def _changes(
    now: _Scored, earlier: Sequence[tuple[_Scored, bool]], dimension: str, group: str
) -> tuple[ChangeSince, ...]:
    return tuple(
        ChangeSince(
            then.round.key,
            then.round.label,
            then.round.closed_on,
            _change(now, then, dimension, group) if comparable else NotComparable(),
        )
        for then, comparable in earlier
    )


def _change(
    now: _Scored, then: _Scored, dimension: str, group: str
) -> Change | Suppressed | NotComparable:
    if group != EVERYONE and then.groups.get(group, now.groups[group]) != now.groups[group]:
        return NotComparable(MIX_CHANGED)
    before = then.dimensions.get(dimension, {}).get(group, _too_few(then.round.threshold))
    after = now.dimensions[dimension][group]
    if isinstance(after, Suppressed):
        return after
    if isinstance(before, Suppressed):
        return before
    return Change(after.mean - before.mean, before.n, after.n)


def _too_few(k: int) -> Suppressed:
    return Suppressed(SuppressedBecause.TOO_FEW, k)
