"""Build a group's profile: every round's scores, answers, gaps and changes, made safe."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import chain

from toolkit.core.scoring import figures
from toolkit.core.scoring.anonymity import (
    Line,
    Suppressed,
    SuppressedBecause,
    group_perspectives,
    shown_comments,
)
from toolkit.core.scoring.data import AnswerValue, RoundData
from toolkit.core.scoring.figures import EVERYONE
from toolkit.core.scoring.history import History, People
from toolkit.core.scoring.partners import perception_matrix
from toolkit.core.scoring.responses import ChoiceRule, ItemRule, ScoringPlan, weighted_means
from toolkit.core.scoring.results import (
    MIX_CHANGED,
    Change,
    ChangeSince,
    ChoiceResult,
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
from toolkit.core.scoring.stats import (
    Distribution,
    Summary,
    distribution,
    ends,
    split_shares,
    summarise_sorted,
)

# Teams compare with their last two checks.
LOOK_BACK = 2


@dataclass(frozen=True, slots=True)
class _Scored:
    """One round's results before changes since earlier rounds are added."""

    round: RoundData
    groups: dict[str, tuple[str, ...]]
    dimensions: dict[str, dict[str, Shown]]
    profile: RoundProfile
    # Figure name -> the responses behind it; None unless worked out as a release.
    people: dict[str, People] | None = None


@dataclass(frozen=True, slots=True)
class Release:
    """A round's results worked out to be released, with who stands behind each figure."""

    profile: RoundProfile
    grouping: dict[str, tuple[str, ...]]
    people: dict[str, People]


def score_release(round_: RoundData) -> Release:
    """Work out a round's results as a release, solved together with its earlier releases.

    Its responses need keys that stay the same from one release to the next.
    """
    scored = _score_round(round_, ScoringPlan.for_questionnaire(round_.questionnaire), track=True)
    assert scored.people is not None
    # Changes since earlier rounds belong to a group's profile, not to one round's release.
    dimensions = tuple(
        DimensionResult(
            d,
            GroupScore(cells[EVERYONE], ()),
            {g: GroupScore(cells[g], ()) for g in scored.groups},
        )
        for d, cells in scored.dimensions.items()
    )
    return Release(replace(scored.profile, dimensions=dimensions), scored.groups, scored.people)


def build_profile(rounds: Sequence[RoundData]) -> GroupProfile:
    """Build the profile of a group's rounds, given oldest first."""
    plans: dict[int, tuple[ScoringPlan, tuple[_ItemTable, ...]]] = {}
    scored: list[_Scored] = []
    for round_ in rounds:
        if round_.published is not None:
            scored.append(_published(round_, round_.published))
            continue
        # Rounds usually share one questionnaire; work its rules out once.
        key = id(round_.questionnaire)
        if key not in plans:
            plan = ScoringPlan.for_questionnaire(round_.questionnaire)
            plans[key] = plan, _tables(plan)
        scored.append(_score_round(round_, *plans[key]))
    profiles = []
    comparable: dict[tuple[int, int], bool] = {}
    for i, now in enumerate(scored):
        earlier = []
        for then in scored[max(0, i - LOOK_BACK) : i][::-1]:
            pair = id(now.round.questionnaire), id(then.round.questionnaire)
            if pair not in comparable:
                comparable[pair] = now.round.questionnaire.comparable_with(then.round.questionnaire)
            earlier.append((then, comparable[pair]))
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


@dataclass(frozen=True, slots=True)
class _ItemTable:
    """Lookups for scoring one item's answers a whole column (everyone's answer) at a time."""

    key: str
    # Index of the item's dimension in the plan, or -1 when it has none the plan scores.
    dimension: int
    # Answers that count.
    counted: frozenset[AnswerValue | None]
    # (answer, position) for answers that count, lowest position first.
    ordered: tuple[tuple[AnswerValue | None, float], ...]
    # For each of the rule's answers in order: counted, at the low end, at the high end.
    ends: tuple[tuple[bool, bool, bool], ...]


def _tables(plan: ScoringPlan) -> tuple[_ItemTable, ...]:
    where = {d: i for i, d in enumerate(plan.dimensions)}
    tables = []
    for rule in plan.items:
        scored = {a: p for a, p in rule.positions.items() if p is not None}
        tables.append(
            _ItemTable(
                key=rule.key,
                dimension=where.get(rule.dimension or "", -1),
                counted=frozenset(scored),
                ordered=tuple(sorted(scored.items(), key=lambda ap: ap[1])),
                ends=tuple(
                    (a not in rule.excluded, *ends(rule.positions[a] or 0.0)) for a in rule.answers
                ),
            )
        )
    return tuple(tables)


def _score_round(
    round_: RoundData,
    plan: ScoringPlan,
    tables: Sequence[_ItemTable] | None = None,
    track: bool = False,
) -> _Scored:
    if tables is None:
        tables = _tables(plan)
    k = round_.threshold
    history = History(round_.earlier, {} if track else None)
    sizes: dict[str, int] = {}
    for response in round_.responses:
        sizes[response.perspective] = sizes.get(response.perspective, 0) + 1
    groups = group_perspectives(sizes, k, round_.grouping)
    group_of = {p: g for g, members in groups.items() for p in members}
    keys = [*groups] or [EVERYONE]
    breakdown = bool(groups)
    # Everyone's answers, one group after another; each group is a slice of the list.
    answers_of: dict[str, list[Mapping[str, AnswerValue]]] = {g: [] for g in keys}
    who_of: dict[str, list[str]] = {g: [] for g in keys}
    for i, response in enumerate(round_.responses):
        group = group_of.get(response.perspective, EVERYONE)
        answers_of[group].append(response.answers)
        who_of[group].append(response.key or str(i))
    answers: list[Mapping[str, AnswerValue]] = []
    who: list[str] = []
    slices: dict[str, slice] = {}
    for g in keys:
        slices[g] = slice(len(answers), len(answers) + len(answers_of[g]))
        answers += answers_of[g]
        who += who_of[g]
    n = len(answers)
    history.record(figures.RESPONSES, who)
    if breakdown:
        for g, part in slices.items():
            history.record(figures.took_part(g), who[part])

    # Per item: everyone's counted positions (lowest first) and counts of every
    # accepted answer, then the same per group.
    items = []
    # Per dimension and response: whether they answered any of its items, "don't know" too.
    replied = [[False] * n for _ in plan.dimensions]
    # Item -> everyone's answer to it, in the order of `answers`.
    answers_to = {rule.key: [a.get(rule.key) for a in answers] for rule in plan.items}
    for rule, table in zip(plan.items, tables, strict=True):
        column = answers_to[rule.key]
        found = Counter(column)
        everyone = _counted(rule, table, found)
        by_group = (
            {g: _counted(rule, table, Counter(column[part])) for g, part in slices.items()}
            if breakdown
            else {}
        )
        if history.tracking:
            _record_statement(history, rule.key, table, column, who, slices)
        items.append(_item_result(rule, everyone, by_group, k, history))
        d = table.dimension
        if d >= 0:
            replied[d] = [r or a is not None for r, a in zip(replied[d], column, strict=True)]
    scores = weighted_means(plan.by_dimension(), answers_to, n, plan.min_answered)
    dimensions = {}
    for d, dimension in enumerate(plan.dimensions):
        means = scores[dimension]
        per_group = {
            g: sorted(m for m in means[part] if m is not None) for g, part in slices.items()
        }
        replied_by_group = {g: sum(replied[d][part]) for g, part in slices.items()}
        if history.tracking:
            _record_dimension(history, dimension, means, replied[d], who, slices)
        dimensions[dimension] = _summaries(
            sorted(chain.from_iterable(per_group.values())),
            per_group if breakdown else {},
            {EVERYONE: sum(replied[d]), **(replied_by_group if breakdown else {})},
            k,
            history,
            partial(_dimension_figures, dimension),
        )
    item_results = tuple(items)
    choices = tuple(
        _choice_result(rule, [a.get(rule.key) for a in answers], who, slices, k, history)
        for rule in plan.choices
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
        took_part=_took_part(groups, sizes, k),
        dimensions=(),
        items=item_results,
        gaps=_gaps(dimensions, item_results),
        split_opinions=_split_opinions(item_results, tables),
        comments=comments,
        partners=perception_matrix(round_, plan, history),
        choices=choices,
    )
    return _Scored(round_, groups, dimensions, profile, history.people)


def _took_part(
    groups: Mapping[str, tuple[str, ...]], sizes: Mapping[str, int], k: int
) -> dict[str, int]:
    """Count who answered in each group shown; a group a release kept, now under k, is left out."""
    counts = {g: sum(sizes.get(p, 0) for p in members) for g, members in groups.items()}
    return {g: n for g, n in counts.items() if n >= k}


def _published(round_: RoundData, published: RoundProfile) -> _Scored:
    """Take a round's published results as they stand, named as the round is now.

    Only the figures it showed take part in changes between rounds, so a value
    it hid stays hidden in every change to or from it.
    """
    profile = replace(published, key=round_.key, label=round_.label, closed_on=round_.closed_on)
    dimensions: dict[str, dict[str, Shown]] = {
        d.dimension: {EVERYONE: d.everyone.summary}
        | {g: score.summary for g, score in d.by_perspective.items()}
        for d in profile.dimensions
    }
    return _Scored(round_, dict(profile.perspectives), dimensions, profile)


def _counted(
    rule: ItemRule, table: _ItemTable, found: Mapping[AnswerValue | None, int]
) -> tuple[list[float], dict[AnswerValue, int]]:
    """Return the counted positions, lowest first, and the count of every accepted answer."""
    positions: list[float] = []
    for answer, position in table.ordered:
        if answer in found:
            positions += [position] * found[answer]
    return positions, {a: found.get(a, 0) for a in rule.answers}


def _summaries(
    everyone: list[float],
    per_group: Mapping[str, list[float]],
    replied: Mapping[str, int],
    k: int,
    history: History,
    names: Callable[[str], tuple[str, ...]],
) -> dict[str, Shown]:
    """Summarise everyone and each group, hiding what could single people out.

    Every list of scores is sorted low to high; ``per_group`` is empty when
    there is no breakdown by perspective. ``replied`` counts those in each who
    answered at all, "don't know" too.
    """
    scores = {EVERYONE: everyone, **per_group}
    sizes = {g: (len(values), replied[g]) for g, values in scores.items()}
    hidden = _hide_groups(sizes, k, history, names)
    cells: dict[str, Shown] = {}
    for g, values in scores.items():
        summary = None if g in hidden else summarise_sorted(values)
        cells[g] = (
            _suppressed(hidden.get(g, SuppressedBecause.TOO_FEW), k) if summary is None else summary
        )
    return cells


def _dimension_figures(dimension: str, group: str) -> tuple[str, ...]:
    return (
        figures.dimension(dimension, group),
        figures.dimension(dimension, group, figures.ANSWERED),
    )


def _record_dimension(
    history: History,
    dimension: str,
    means: Sequence[float | None],
    replied: Sequence[bool],
    who: Sequence[str],
    slices: Mapping[str, slice],
) -> None:
    """Note who stands behind a dimension's scores: who has one, and who answered at all."""
    parts: dict[str, slice] = {EVERYONE: slice(None), **slices}
    for g, part in parts.items():
        people = list(zip(who[part], means[part], replied[part], strict=True))
        history.record(figures.dimension(dimension, g), [p for p, m, _ in people if m is not None])
        history.record(
            figures.dimension(dimension, g, figures.ANSWERED), [p for p, _, r in people if r]
        )


def _hide_groups(
    sizes: Mapping[str, int | tuple[int, ...]],
    k: int,
    history: History,
    names: Callable[[str], tuple[str, ...]],
) -> dict[str, SuppressedBecause]:
    """Hide figures of everyone and of each group: the groups add up to everyone."""
    lines = (
        [Line(tuple(g for g in sizes if g != EVERYONE), total=EVERYONE)] if len(sizes) > 1 else []
    )
    return history.hide(sizes, k, lines, names)  # type: ignore[arg-type,return-value]


def _record_statement(
    history: History,
    item: str,
    table: _ItemTable,
    column: Sequence[AnswerValue | None],
    who: Sequence[str],
    slices: Mapping[str, slice],
) -> None:
    """Note who stands behind a statement's figures: whose answers score, and who answered."""
    scored = [key for key, a in zip(who, column, strict=True) if a in table.counted]
    answered = [key for key, a in zip(who, column, strict=True) if a is not None]
    history.record(figures.statement(item, EVERYONE, figures.SCORED), scored)
    history.record(figures.statement(item, EVERYONE, figures.ANSWERED), answered)
    if EVERYONE not in slices:
        for g, part in slices.items():
            pairs = list(zip(who[part], column[part], strict=True))
            history.record(
                figures.statement(item, g, figures.SCORED),
                [key for key, a in pairs if a in table.counted],
            )
            history.record(
                figures.statement(item, g, figures.ANSWERED),
                [key for key, a in pairs if a is not None],
            )


def _choice_result(
    rule: ChoiceRule,
    column: Sequence[AnswerValue | None],
    who: Sequence[str],
    slices: Mapping[str, slice],
    k: int,
    history: History,
) -> ChoiceResult:
    """Count the answers to a question that feeds no score, hidden as a statement's counts are.

    ``slices`` holds each shown group's part of ``column``; it is everyone's alone
    when there is no breakdown by perspective.
    """
    parts = {EVERYONE: slice(None), **{g: part for g, part in slices.items() if g != EVERYONE}}
    counts = {}
    for g, part in parts.items():
        found = Counter(column[part])
        counts[g] = {a: found.get(a, 0) for a in rule.answers}
        if history.tracking:
            answered = zip(who[part], column[part], strict=True)
            history.record(figures.choice(rule.key, g), [p for p, a in answered if a is not None])
    hidden = _hide_groups(
        {g: sum(c.values()) for g, c in counts.items()},
        k,
        history,
        lambda g: (figures.choice(rule.key, g),),
    )
    shown = {
        g: _suppressed(hidden[g], k) if g in hidden else distribution(c, rule.excluded)
        for g, c in counts.items()
    }
    everyone = shown.pop(EVERYONE)
    return ChoiceResult(rule.key, rule.dimension, everyone, shown)


def _item_result(
    rule: ItemRule,
    everyone: tuple[list[float], dict[AnswerValue, int]],
    by_group: Mapping[str, tuple[list[float], dict[AnswerValue, int]]],
    k: int,
    history: History,
) -> ItemResult:
    """Score one item, from everyone's positions and counts and each group's (if shown).

    A group's answer counts and its score are hidden together: the counts give the score.
    """
    groups = {EVERYONE: everyone, **by_group}
    sizes = {g: (len(positions), sum(counts.values())) for g, (positions, counts) in groups.items()}
    hidden = _hide_groups(
        sizes,
        k,
        history,
        lambda g: (
            figures.statement(rule.key, g, figures.SCORED),
            figures.statement(rule.key, g, figures.ANSWERED),
        ),
    )
    scores: dict[str, Shown] = {}
    answers: dict[str, Distribution | Suppressed] = {}
    for g, (positions, counts) in groups.items():
        if g in hidden:
            scores[g] = answers[g] = _suppressed(hidden[g], k)
            continue
        # Everyone may have said "don't know": counts to show, but no score.
        summary = summarise_sorted(positions)
        scores[g] = _too_few(k) if summary is None else summary
        answers[g] = distribution(counts, rule.excluded)
    return ItemResult(
        item=rule.key,
        dimension=rule.dimension,
        everyone=scores.pop(EVERYONE),
        answers=answers.pop(EVERYONE),
        by_perspective=scores,
        answers_by_perspective=answers,
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
    if high[1].mean == low[1].mean:
        # Every group sees it alike: there is no gap to name.
        return None
    return PerceptionGap(
        dimension, item, high[0], high[1].mean, high[1].n, low[0], low[1].mean, low[1].n
    )


def _split_opinions(
    items: Sequence[ItemResult], tables: Sequence[_ItemTable]
) -> tuple[SplitOpinion, ...]:
    found = []
    for item, table in zip(items, tables, strict=True):
        candidates: list[tuple[str | None, Shown, Distribution | Suppressed]]
        candidates = [(None, item.everyone, item.answers)]
        candidates += [
            (g, s, item.answers_by_perspective[g]) for g, s in item.by_perspective.items()
        ]
        for group, summary, answers in candidates:
            # Only from groups whose scores and answer counts are both shown.
            if isinstance(summary, Summary) and isinstance(answers, Distribution):
                # stats.is_split, on counts of the answers at each end.
                total = low = high = 0
                for c, (counted, in_low, in_high) in zip(answers.counts, table.ends, strict=True):
                    if counted:
                        total += c.count
                        low += c.count if in_low else 0
                        high += c.count if in_high else 0
                shares = split_shares(low, high, total)
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
    before = then.dimensions.get(dimension, {}).get(group, _too_few(then.profile.threshold))
    after = now.dimensions[dimension][group]
    if isinstance(after, Suppressed):
        return after
    if isinstance(before, Suppressed):
        return before
    return Change(after.mean - before.mean, before.n, after.n)


# Frozen, so one object serves every hidden value with the same reason and threshold.
_suppressed = lru_cache(maxsize=64)(Suppressed)


def _too_few(k: int) -> Suppressed:
    return _suppressed(SuppressedBecause.TOO_FEW, k)
