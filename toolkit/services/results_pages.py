"""What each results page shows, worked out once from ``Results`` before the page is drawn.

Templates only read these page models and loop over them: every figure, chart,
sentence and shown value comes from here, so nothing is computed while a page
renders (tests/results/test_pages_only_render.py checks it). The PDF builds its
own content from ``Results`` in ``toolkit.reports.content``.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.charts import web
from toolkit.core.questionnaire.headings import Heading
from toolkit.core.scoring import ChoiceResult, NotComparable, RoundProfile
from toolkit.core.scoring.results import ItemResult, PerceptionGap, Shown, SplitOpinion
from toolkit.services.agreed import Agreed
from toolkit.services.results import (
    Movement,
    Results,
    Run,
    chart_id,
    perspectives_sentence,
    trend_sentence,
)
from toolkit.storage.models import AgreedAction

# Checks set beside the radar in its table; the trend's table has them all.
RECENT_CHECKS = 4


@dataclass(frozen=True)
class Score:
    """One shown score (or why it is hidden), in the questionnaire's own units too."""

    shown: Shown | None  # None: the check did not ask about it
    own: str = ""
    # The band of the instrument's own guidance the score is in; only where it is shown.
    reading: str = ""


@dataclass(frozen=True)
class ScoreRow:
    name: str
    scores: list[Score]


@dataclass(frozen=True)
class ScoreTable:
    """Everyone's score on each dimension (rows) in each check (columns)."""

    checks: list[str]
    rows: list[ScoreRow]


@dataclass(frozen=True)
class Uncompared:
    """A check not set against the one before it, and why."""

    now: str
    then: str
    reason: str


@dataclass(frozen=True)
class RunPart:
    """One category of a run (or the whole run): its radar and trend, with their numbers."""

    heading: Heading
    radar_id: str
    trend_id: str
    recent: ScoreTable
    every: ScoreTable
    trend_sentences: list[str]


@dataclass(frozen=True)
class RunPage:
    """Checks of one questionnaire drawn together, this check's first."""

    title: str
    suffix: str
    grouped: bool
    over_time: bool
    parts: list[RunPart]
    uncompared: list[Uncompared]


@dataclass(frozen=True)
class DimensionRow:
    name: str
    everyone: Score
    perspectives: list[Score]  # in the order of the round's shown perspectives


@dataclass(frozen=True)
class ScorePart:
    """A category's dimensions (or all of them) with each perspective's scores."""

    heading: Heading
    chart_id: str
    rows: list[DimensionRow]


@dataclass(frozen=True)
class Asked:
    """A question about how a dimension is going, and the answer most gave, if most gave one."""

    choice: ChoiceResult
    most: str | None


@dataclass(frozen=True)
class DimensionAnswers:
    key: str
    name: str
    everyone: Score
    agreed: Agreed | None
    asked: list[Asked]
    statements: list[ItemResult]
    chart_id: str
    chart: web.Figure | None
    more_charts: list[tuple[str, web.Figure]]


@dataclass(frozen=True)
class AnswersPart:
    heading: Heading
    dimensions: list[DimensionAnswers]  # those with statements


@dataclass(frozen=True)
class RoundPage:
    """Everything the group and round results pages show of their latest round."""

    round_: RoundProfile
    figures: dict[str, web.Figure]
    runs: list[RunPage]
    sentences: list[str]
    perspectives_sentences: list[str]
    by_perspective: list[ScorePart]
    gaps: list[PerceptionGap]
    answers: list[AnswersPart]
    unscored: list[ChoiceResult]
    stories: list[tuple[str | None, list[str]]]
    movements: list[Movement]


@dataclass(frozen=True)
class RespondentPage:
    round_: RoundProfile
    sentences: list[str]
    scores: list[ScorePart]
    actions: list[AgreedAction]
    stories: list[tuple[str | None, list[str]]]


@dataclass(frozen=True)
class Statement:
    item: ItemResult
    splits: list[SplitOpinion]  # everyone's, on this statement


@dataclass(frozen=True)
class DecidingPage:
    """One dimension's answers for the room deciding together."""

    round_: RoundProfile
    everyone: Score
    statements: list[Statement]


@dataclass(frozen=True)
class GroupTrend:
    """A group's small trend on its organisation's overview, latest questionnaire only."""

    chart_id: str
    figure: web.Figure
    sentences: list[str]
    table: ScoreTable


def round_page(results: Results) -> RoundPage:
    """Work out what the group and round pages show of the latest round."""
    round_ = results.latest
    runs = results.runs(round_)
    figures = results.figures(round_, runs)
    return RoundPage(
        round_=round_,
        figures=figures,
        runs=[_run_page(results, run, number) for number, run in enumerate(runs)],
        sentences=results.sentences(round_),
        perspectives_sentences=perspectives_sentence(results, round_),
        by_perspective=_score_parts(results, round_),
        gaps=[g for g in round_.gaps if g.item is None]
        + [g for g in round_.gaps if g.item is not None and g.flagged],
        answers=[
            AnswersPart(heading, _answers(results, round_, heading, figures))
            for heading in results.headings(round_.key)
        ],
        unscored=[c for c in round_.choices if c.dimension is None],
        stories=_stories(results, round_),
        movements=results.movements(results.actions()),
    )


def respondent_page(results: Results) -> RespondentPage:
    """Work out what someone who answered sees of their round's results."""
    round_ = results.latest
    return RespondentPage(
        round_=round_,
        sentences=results.sentences(round_),
        scores=_score_parts(results, round_),
        actions=results.actions(),
        stories=_stories(results, round_),
    )


def deciding_page(results: Results, dimension: str) -> DecidingPage:
    """Work out one dimension's answers, as the room sees them when deciding together."""
    round_ = results.latest
    everyone_splits = [s for s in round_.split_opinions if s.group is None]
    return DecidingPage(
        round_=round_,
        everyone=_everyone(results, round_, dimension),
        statements=[
            Statement(item, [s for s in everyone_splits if s.item == item.item])
            for item in round_.items
            if item.dimension == dimension
        ],
    )


def group_trend(results: Results, group_id: int) -> GroupTrend:
    """Work out a group's small trend for the overview: its latest questionnaire's checks."""
    run = results.runs()[0]
    return GroupTrend(
        chart_id=f"small-trend-{group_id}",
        figure=web.trend(run.profile, run.dimensions, compact=True),
        sentences=trend_sentence(run),
        table=_score_table(results, list(run.profile.rounds), run.dimensions),
    )


def _run_page(results: Results, run: Run, number: int) -> RunPage:
    rounds = list(run.profile.rounds)
    over_time = len(rounds) > 1
    return RunPage(
        title=run.title,
        suffix=f"-{number}" if number else "",
        grouped=bool(run.headings and run.headings[0].key),
        over_time=over_time,
        parts=[
            RunPart(
                heading=heading,
                radar_id=chart_id("radar-over-time", number, heading),
                trend_id=chart_id("trend", number, heading),
                recent=_score_table(results, rounds[-RECENT_CHECKS:], heading.dimensions),
                every=_score_table(results, rounds, heading.dimensions),
                trend_sentences=trend_sentence(run, heading.dimensions) if over_time else [],
            )
            for heading in run.headings
        ],
        uncompared=[
            Uncompared(r.label, since.round_label, since.change.reason)
            for r in rounds[1:]
            if r.dimensions
            and (since := next(iter(r.dimensions[0].everyone.changes), None))
            and isinstance(since.change, NotComparable)
        ],
    )


def _score_table(
    results: Results, rounds: list[RoundProfile], dimensions: dict[str, str]
) -> ScoreTable:
    rows = []
    for key, name in dimensions.items():
        scores = []
        for round_ in rounds:
            found = next((d for d in round_.dimensions if d.dimension == key), None)
            shown = found.everyone.summary if found else None
            own = results.in_own_units(round_.key, key, shown) if found else ""
            scores.append(Score(shown, own))
        rows.append(ScoreRow(name, scores))
    return ScoreTable([r.label for r in rounds], rows)


def _score_parts(results: Results, round_: RoundProfile) -> list[ScorePart]:
    def score(dimension: str, shown: Shown) -> Score:
        return Score(shown, results.in_own_units(round_.key, dimension, shown))

    return [
        ScorePart(
            heading=heading,
            chart_id=chart_id("perspectives-radar", 0, heading),
            rows=[
                DimensionRow(
                    name=results.dimensions.get(d.dimension, d.dimension),
                    everyone=score(d.dimension, d.everyone.summary),
                    perspectives=[
                        score(d.dimension, d.by_perspective[group].summary)
                        for group in round_.perspectives
                    ],
                )
                for d in round_.dimensions
                if d.dimension in heading.dimensions
            ],
        )
        for heading in results.headings(round_.key)
    ]


def _everyone(results: Results, round_: RoundProfile, dimension: str) -> Score:
    found = next((d for d in round_.dimensions if d.dimension == dimension), None)
    if found is None:
        return Score(None)
    shown = found.everyone.summary
    return Score(
        shown,
        results.in_own_units(round_.key, dimension, shown),
        results.guidance(round_.key, dimension, shown),
    )


def _answers(
    results: Results, round_: RoundProfile, heading: Heading, figures: dict[str, web.Figure]
) -> list[DimensionAnswers]:
    found = []
    for key, name in heading.dimensions.items():
        statements = [i for i in round_.items if i.dimension == key]
        if not statements:
            continue
        charts = [chart for chart in figures if chart.startswith(f"answers-{key}-")]
        first = charts[0] if charts else f"answers-{key}"
        found.append(
            DimensionAnswers(
                key=key,
                name=name,
                everyone=_everyone(results, round_, key),
                agreed=results.agreed_on(round_, key),
                asked=[Asked(c, results.most_say(c)) for c in round_.choices if c.dimension == key],
                statements=statements,
                chart_id=first,
                chart=figures.get(first),
                more_charts=[(extra, figures[extra]) for extra in charts[1:]],
            )
        )
    return found


def _stories(results: Results, round_: RoundProfile) -> list[tuple[str | None, list[str]]]:
    return results.stories(round_) if isinstance(round_.comments, tuple) else []
