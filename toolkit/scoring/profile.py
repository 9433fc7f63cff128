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
        plan = plans.setdefault(
            id(round_.questionnaire), ScoringPlan.for_questionnaire(round_.questionnaire)
        )
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
    positions = [{g: list[float]() for g in keys} for _ in plan.items]
    counts = [{g: dict.fromkeys(rule.answers, 0) for g in keys} for rule in plan.items]
    for response in round_.responses:
        group = group_of.get(response.perspective, EVERYONE)
        for d, score in plan.dimension_scores(response.answers).items():
            if score is not None:
                scores[d][group].append(score)
        answers = response.answers
        for i, rule in enumerate(plan.items):
            answer = answers.get(rule.key)
            if answer is None or answer not in rule.positions:
                continue
            counts[i][group][answer] += 1
            position = rule.positions[answer]
            if position is not None:
                positions[i][group].append(position)

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
        split_opinions=_split_opinions(items, positions),
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
    excluded = {a for a in rule.answers if rule.positions[a] is None}
    per_group = {g: distribution(c, excluded) for g, c in counts.items()}
    everyone = distribution({a: sum(c[a] for c in counts.values()) for a in rule.answers}, excluded)
    sizes = {g: d.n for g, d in per_group.items()}
    hidden = hide_cells(sizes, k, [Line(tuple(sizes))] if everyone.n >= k else [])
    return ItemResult(
        item=rule.key,
        dimension=rule.dimension,
        everyone=summaries.pop(EVERYONE),
        answers=everyone if everyone.n >= k else _too_few(k),
        by_perspective=summaries if breakdown else {},
        answers_by_perspective={
            g: Suppressed(hidden[g], k) if g in hidden else d for g, d in per_group.items()
        }
        if breakdown
        else {},
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
    items: Sequence[ItemResult], positions: Sequence[Mapping[str, list[float]]]
) -> tuple[SplitOpinion, ...]:
    found = []
    for item, per_group in zip(items, positions, strict=True):
        candidates: list[tuple[str | None, Shown, Distribution | Suppressed, list[float]]]
        candidates = [(None, item.everyone, item.answers, list(chain(*per_group.values())))]
        candidates += [
            (g, s, item.answers_by_perspective[g], per_group[g])
            for g, s in item.by_perspective.items()
        ]
        for group, summary, answers, values in candidates:
            # Only from groups whose scores and answer counts are both shown.
            if isinstance(summary, Summary) and isinstance(answers, Distribution):
                shares = is_split(values)
                if shares:
                    found.append(SplitOpinion(item.item, group, len(values), *shares))
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
