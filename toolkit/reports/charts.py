"""The report's charts: a radar (or bars) per category or for the whole, and trends.

Charts take the scoring layer's shown means only: a hidden value is a gap, never a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from toolkit.core.palette import SeriesStyle, series_style
from toolkit.core.questionnaire.headings import Heading
from toolkit.core.scoring import RoundProfile, Summary
from toolkit.reports import print_charts
from toolkit.reports.print_charts import Picture, Series
from toolkit.services.sentences import Words

# Everyone's line is drawn in black, set apart from any perspective's.
EVERYONE_INDEX = 4
EVERYONE_STYLE = series_style(EVERYONE_INDEX)


@dataclass(frozen=True, slots=True)
class Chart:
    picture: Picture
    caption: str


def category_charts(
    heading: Heading, now: RoundProfile, shown_rounds: Sequence[RoundProfile], words: Words
) -> list[Chart]:
    """Draw one category's dimensions over checks and by perspective: radars, or bars if few."""
    keys = list(heading.dimensions)
    axes = list(heading.dimensions.values())
    draw = print_charts.radar if heading.radar else print_charts.bars
    described = (
        _(
            "Radar chart of everyone's mean score out of 100 on each dimension under "
            "“%(category)s”; the numbers are in the appendix table.",
            category=heading.label,
        )
        if heading.radar
        else _(
            "Bar chart of everyone's mean score out of 100 on each dimension under "
            "“%(category)s”; the numbers are in the appendix table.",
            category=heading.label,
        )
    )
    charts = [
        _chart(
            draw(
                axes,
                _over_rounds(shown_rounds, keys),
                _(
                    "Scores under “%(category)s”, this check and earlier ones",
                    category=heading.label,
                ),
                described,
                f"category-{heading.key}-rounds",
            ),
            _(
                "Everyone's scores under “%(category)s”, out of 100, with earlier checks.",
                category=heading.label,
            ),
        )
    ]
    if now.perspectives:
        charts.append(
            _chart(
                draw(
                    axes,
                    _by_perspective(now, keys, words),
                    _("Scores under “%(category)s” for each perspective", category=heading.label),
                    _(
                        "Each perspective's mean score out of 100 on each dimension under "
                        "“%(category)s”; the numbers are in the appendix table.",
                        category=heading.label,
                    ),
                    f"category-{heading.key}-perspectives",
                ),
                _("How each perspective sees “%(category)s”, out of 100.", category=heading.label),
            )
        )
    return charts


def _over_rounds(shown_rounds: Sequence[RoundProfile], keys: Sequence[str]) -> list[Series]:
    """Give everyone's means in each round shown, newest first."""
    return [
        Series(r.label, _means(r, keys, None), series_style(i))
        for i, r in enumerate(reversed(shown_rounds))
    ]


def _by_perspective(now: RoundProfile, keys: Sequence[str], words: Words) -> list[Series]:
    """Give each shown perspective's means in the latest round."""
    return [
        Series(words.perspectives.get(g, g), _means(now, keys, g), _group_style(i))
        for i, g in enumerate(now.perspectives)
    ]


def overview_charts(
    now: RoundProfile,
    shown_rounds: Sequence[RoundProfile],
    words: Words,
    over_time: bool,
    whole: bool = True,
) -> list[Chart]:
    """Draw the picture as a whole; under categories, ``whole`` is False: each has its own."""
    keys = [r.dimension for r in now.dimensions]
    charts = _whole_charts(now, shown_rounds, words) if whole else []
    if over_time and len(shown_rounds) > 1:
        groups = [None, *now.perspectives]
        panels = [
            (
                words.dimensions[key],
                [
                    Series(
                        _("Everyone") if g is None else words.perspectives.get(g, g),
                        [_mean(r, key, g) for r in shown_rounds],
                        EVERYONE_STYLE if g is None else _group_style(i),
                    )
                    for i, g in enumerate(groups, start=-1)
                ],
            )
            for key in keys
        ]
        charts.append(
            _chart(
                print_charts.trends(
                    [r.label for r in shown_rounds],
                    panels,
                    _("How each dimension moved across checks"),
                    _(
                        "Line charts, one per dimension, of mean scores out of 100 in each "
                        "check, oldest first; the numbers are in the appendix table."
                    ),
                    "trends",
                ),
                _("Each dimension in each check, out of 100, for everyone and each perspective."),
            )
        )
    return charts


def _whole_charts(
    now: RoundProfile, shown_rounds: Sequence[RoundProfile], words: Words
) -> list[Chart]:
    """Draw every dimension on one radar over checks, and one by perspective."""
    axes = [words.dimensions[r.dimension] for r in now.dimensions]
    keys = [r.dimension for r in now.dimensions]
    over_rounds = _over_rounds(shown_rounds, keys)
    charts = [
        _chart(
            print_charts.radar(
                axes,
                over_rounds,
                _("Scores by dimension, this check and earlier ones"),
                _(
                    "Radar chart of everyone's mean score out of 100 on each dimension; "
                    "the numbers are in the appendix table."
                ),
                "radar-rounds",
            ),
            _("Everyone's scores, out of 100, with earlier checks overlaid."),
        )
    ]
    if now.perspectives:
        charts.append(
            _chart(
                print_charts.radar(
                    axes,
                    _by_perspective(now, keys, words),
                    _("Scores by dimension for each perspective"),
                    _(
                        "Radar chart comparing each perspective's mean score out of 100 on "
                        "each dimension; the numbers are in the appendix table."
                    ),
                    "radar-perspectives",
                ),
                _("How each perspective sees the group, out of 100."),
            )
        )
    return charts


def _group_style(index: int) -> SeriesStyle:
    """Give each perspective the same look on every chart, never the look of everyone."""
    return series_style(index if index < EVERYONE_INDEX else index + 1)


def _chart(picture: Picture, caption: str) -> Chart:
    return Chart(picture, caption)


def _means(profile: RoundProfile, keys: Sequence[str], group: str | None) -> list[float | None]:
    return [_mean(profile, key, group) for key in keys]


def _mean(profile: RoundProfile, key: str, group: str | None) -> float | None:
    result = next((r for r in profile.dimensions if r.dimension == key), None)
    if result is None:
        return None
    score = result.everyone if group is None else result.by_perspective.get(group)
    if score is None or not isinstance(score.summary, Summary):
        return None
    return score.summary.mean
