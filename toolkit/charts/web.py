"""Plotly figures for results pages, as plain dicts ready to serialise as JSON.

Every figure here has a data table and a sentence beside it on the page, so
the figures carry no information of their own: a hidden value is a gap, never
a number. Series are told apart by marker and line style as well as colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.charts.labels import wrapped
from toolkit.core.palette import BLACK, GRID_GREY, answer_colours, series_style, text_on
from toolkit.core.questionnaire.headings import RADAR_DIMENSIONS
from toolkit.core.questionnaire.schema import Questionnaire, localise
from toolkit.core.scoring import (
    Distribution,
    GroupProfile,
    ItemResult,
    NotComparable,
    RoundProfile,
    Summary,
)

Figure = dict[str, Any]
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif", "size": 15}
# No mode bar: its buttons would be focusable inside a chart hidden from screen readers.
CONFIG = {"displayModeBar": False, "responsive": True}
# Characters per line of a spoke or bar label: short lines leave the chart room on a phone.
# One plotly bar pattern per status option, as the shapes are one per option in tables.
PATTERNS = ("", "/", ".", "x", "\\", "+", "-")
SPOKE_LINE = 14
BAR_LINE = 24


def mean_or_gap(shown: object) -> float | None:
    """Return a shown mean rounded for display, or None where it is hidden."""
    return round(shown.mean, 1) if isinstance(shown, Summary) else None


Series = list[tuple[str, list[float | None]]]


def radar_over_time(
    profile: GroupProfile, dimension_names: Mapping[str, str], rounds: int = 4
) -> Figure:
    """Draw the latest round on a radar with up to three earlier rounds overlaid."""
    return _radar(dimension_names, over_time(profile, dimension_names, rounds), latest=True)


def perspectives_radar(
    round_: RoundProfile,
    dimension_names: Mapping[str, str],
    perspective_names: Mapping[str, str],
) -> Figure:
    """Draw each shown perspective of one round on the same radar."""
    return _radar(dimension_names, by_perspective(round_, dimension_names, perspective_names))


def over_time(profile: GroupProfile, dimension_names: Mapping[str, str], rounds: int = 4) -> Series:
    """Give everyone's mean on each dimension in each of the latest rounds, oldest first."""
    series: Series = []
    for round_ in profile.rounds[-rounds:]:
        means = {d.dimension: mean_or_gap(d.everyone.summary) for d in round_.dimensions}
        series.append((round_.label, [means.get(key) for key in dimension_names]))
    return series


def by_perspective(
    round_: RoundProfile,
    dimension_names: Mapping[str, str],
    perspective_names: Mapping[str, str],
) -> Series:
    """Give each shown perspective's mean on each dimension of one round."""
    found = {d.dimension: d for d in round_.dimensions}
    return [
        (
            perspective_names.get(group, group),
            [
                mean_or_gap(found[key].by_perspective[group].summary) if key in found else None
                for key in dimension_names
            ],
        )
        for group in round_.perspectives
    ]


def category_chart(
    dimension_names: Mapping[str, str], series: Series, latest: bool = False
) -> Figure:
    """Draw one category's dimensions: a radar from three dimensions up, else bars.

    One or two spokes make no shape to read, so a small category gets bars instead.
    """
    if len(dimension_names) >= RADAR_DIMENSIONS:
        return _radar(dimension_names, series, latest)
    return score_bars(dimension_names, series)


def score_bars(dimension_names: Mapping[str, str], series: Series) -> Figure:
    """Draw scores out of 100 as bars, a group per dimension and a bar per series.

    A hidden value is a missing bar, never a zero; series are told apart by pattern
    as well as colour.
    """
    labels = [wrapped(name, BAR_LINE, "<br>") for name in dimension_names.values()]
    traces = []
    for index, (name, values) in enumerate(series):
        style = series_style(index)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": values,
                "marker": {
                    "color": style.colour,
                    "line": {"color": BLACK, "width": 0.5},
                    "pattern": {
                        "shape": PATTERNS[index % len(PATTERNS)],
                        "fillmode": "overlay",
                        "fgcolor": BLACK,
                        "size": 6,
                        "solidity": 0.15,
                    },
                },
                "hovertemplate": "%{y}: %{x:.0f} of 100<extra>" + name + "</extra>",
            }
        )
    layout = {
        "font": FONT,
        "barmode": "group",
        "bargap": 0.25,
        "height": 140 + 26 * len(labels) * max(len(series), 1),
        "margin": {"t": 10, "b": 40, "l": 10, "r": 10},
        "legend": {"orientation": "h", "y": -0.2, "traceorder": "normal"},
        # A little past 100, so the last grid line and its number are drawn, not cut off.
        "xaxis": {"range": [0, 104], "tickvals": [0, 25, 50, 75, 100], "gridcolor": GRID_GREY},
        "yaxis": {"automargin": True, "autorange": "reversed"},
    }
    return {"data": traces, "layout": layout, "config": CONFIG}


def _radar(dimension_names: Mapping[str, str], series: Series, latest: bool = False) -> Figure:
    """Draw series on one radar; with ``latest``, the last drawn boldest and earlier ones thin."""
    keys = list(dimension_names)
    traces = []
    for index, (name, values) in enumerate(series):
        width = (3 if index == len(series) - 1 else 1.5) if latest else 2
        traces.append(
            _polar_trace(name, values, _spokes(dimension_names, keys), index, width=width)
        )
    return _polar_figure(traces)


def trend(
    profile: GroupProfile, dimension_names: Mapping[str, str], compact: bool = False
) -> Figure:
    """Draw one line per dimension across rounds, broken where rounds are not comparable."""
    # Round names on short lines, so the first and last stay inside a phone's width.
    labels = [wrapped(round_.label, SPOKE_LINE, "<br>") for round_ in profile.rounds]
    traces = []
    for index, (key, name) in enumerate(dimension_names.items()):
        style = series_style(index)
        x: list[str | None] = []
        y: list[float | None] = []
        for position, round_ in enumerate(profile.rounds):
            result = next((d for d in round_.dimensions if d.dimension == key), None)
            changes = result.everyone.changes if result else ()
            if position and (
                result is None or (changes and isinstance(changes[0].change, NotComparable))
            ):
                # A gap in the line: the two rounds are not set side by side.
                x.append(None)
                y.append(None)
            x.append(labels[position])
            y.append(mean_or_gap(result.everyone.summary) if result else None)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": x,
                "y": y,
                "connectgaps": False,
                "line": {"color": style.colour, "dash": style.plotly_dash, "width": 2},
                "marker": {"symbol": style.plotly_symbol, "size": 8 if compact else 10},
                "hovertemplate": "%{x}: %{y:.0f} of 100<extra>" + name + "</extra>",
            }
        )
    layout = {
        "font": FONT,
        "showlegend": not compact or len(traces) > 1,
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"t": 10, "b": 40, "l": 40, "r": 10},
        "height": 220 if compact else 380,
        "xaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "automargin": True,
        },
        "yaxis": {"range": [0, 100], "gridcolor": GRID_GREY, "title": {"text": "0-100"}},
    }
    return {"data": traces, "layout": layout, "config": CONFIG}


def answer_bars(
    items: Sequence[ItemResult], questionnaire: Questionnaire, language: str = "en"
) -> Figure:
    """Draw everyone's answers to items on one scale as diverging bars, lower options left.

    Shares are of counted answers; answers such as "don't know" are left out of
    the bar and listed in the table. The middle option of an odd scale is split
    evenly across zero, the usual way to centre a diverging bar.
    """
    shown = [item for item in items if isinstance(item.answers, Distribution)]
    if not shown:
        return {}
    scale = questionnaire.scale_for(questionnaire.item(shown[0].item))
    options = [option.value for option in scale.options]
    colours = answer_colours(scale)
    # A status scale's own colours come with a pattern each, so no bar is told by colour alone.
    patterns = PATTERNS if scale.colours else ("",) * len(options)
    middle = (len(options) - 1) / 2
    labels = [
        wrapped(_short(localise(questionnaire.item(item.item).text, language)), BAR_LINE, "<br>")
        for item in shown
    ]
    shares = [_shares(item, options) for item in shown]
    traces = []
    # Drawn from the middle outwards, so each side's bars stack away from zero.
    for i in sorted(range(len(options)), key=lambda i: (abs(i - middle), i)):
        option = scale.options[i]
        bar = _Bar(
            name=localise(option.label, language) if option.label else str(option.value),
            colour=colours[i],
            pattern=patterns[i],
            rank=i,
            labels=labels,
            shares=[row[i] for row in shares],
        )
        if i == middle:
            traces += [bar.trace(-0.5, legend=True), bar.trace(0.5, legend=False)]
        else:
            traces.append(bar.trace(-1.0 if i < middle else 1.0, legend=True))
    layout = {
        "font": FONT,
        "barmode": "relative",
        "bargap": 0.3,
        "height": 120 + 44 * len(shown),
        "margin": {"t": 10, "b": 40, "l": 10, "r": 10},
        "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal"},
        "xaxis": {
            "range": [-100, 100],
            "tickvals": [-100, -50, 0, 50, 100],
            "ticktext": ["100%", "50%", "0", "50%", "100%"],
            "zeroline": True,
            "zerolinecolor": BLACK,
            "gridcolor": GRID_GREY,
        },
        "yaxis": {"automargin": True, "autorange": "reversed"},
    }
    return {"data": traces, "layout": layout, "config": CONFIG}


def items_by_scale(
    items: Sequence[ItemResult], questionnaire: Questionnaire
) -> list[list[ItemResult]]:
    """Split items into runs that share a scale, keeping their order, for one chart each."""
    runs: dict[str, list[ItemResult]] = {}
    for item in items:
        scale = questionnaire.item(item.item).scale or ""
        runs.setdefault(scale, []).append(item)
    return list(runs.values())


def _shares(item: ItemResult, options: Sequence[int]) -> list[float]:
    """Return the percentage of counted answers for each option."""
    assert isinstance(item.answers, Distribution)
    counts = {c.answer: c.count for c in item.answers.counts if not c.excluded}
    total = sum(counts.values()) or 1
    return [100 * counts.get(option, 0) / total for option in options]


@dataclass(frozen=True)
class _Bar:
    """One answer option's bars across items."""

    name: str
    colour: str
    pattern: str
    rank: int
    labels: list[str]
    shares: list[float]

    def trace(self, side: float, legend: bool) -> dict[str, Any]:
        """Place the shares to the left (negative) or right, whole or halved."""
        return {
            "type": "bar",
            "orientation": "h",
            "name": self.name,
            "legendgroup": self.name,
            "showlegend": legend,
            # The key lists options lowest first, whatever order the bars are drawn in.
            "legendrank": self.rank,
            "y": self.labels,
            "x": [round(side * share, 1) for share in self.shares],
            "marker": {
                "color": self.colour,
                "line": {"color": BLACK, "width": 0.5},
                # Drawn over the answer's colour, not instead of it.
                "pattern": {
                    "shape": self.pattern,
                    "fillmode": "overlay",
                    "fgcolor": BLACK,
                    "size": 6,
                    "solidity": 0.15,
                },
            },
            # The percentage is written once, on the whole bar or its right half.
            "text": [
                f"{share:.0f}%" if share >= 8 and side != -0.5 else "" for share in self.shares
            ],
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": {"color": text_on(self.colour)},
            "customdata": [round(share) for share in self.shares],
            "hovertemplate": "%{customdata}%<extra>" + self.name + "</extra>",
        }


def _polar_trace(
    name: str, values: list[float | None], labels: list[str], index: int, width: float = 2
) -> dict[str, Any]:
    style = series_style(index)
    return {
        "type": "scatterpolar",
        "name": name,
        # Close the shape by returning to the first dimension.
        "r": [*values, values[0]] if values else [],
        "theta": [*labels, labels[0]] if labels else [],
        "mode": "lines+markers",
        "connectgaps": False,
        "line": {"color": style.colour, "dash": style.plotly_dash, "width": width},
        "marker": {"symbol": style.plotly_symbol, "size": 9},
        "hovertemplate": "%{theta}: %{r:.0f} of 100<extra>" + name + "</extra>",
    }


def _spokes(dimension_names: Mapping[str, str], keys: Sequence[str]) -> list[str]:
    """Label each spoke on short lines; the table beside the chart has the names whole."""
    return [wrapped(dimension_names[key], SPOKE_LINE, "<br>") for key in keys]


def _polar_figure(traces: list[dict[str, Any]]) -> Figure:
    layout = {
        "font": FONT,
        # Room above and below the rim for spoke labels of up to three lines, and the
        # key under the lowest label rather than on top of it.
        "height": 530,
        "margin": {"t": 60, "b": 120, "l": 90, "r": 90},
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"},
        "polar": {
            "radialaxis": {
                # Up the top spoke, where the numbers never meet a spoke's label.
                "angle": 90,
                "tickangle": 90,
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                "gridcolor": GRID_GREY,
            },
            # The first dimension at the top and the rest clockwise, as in the printed report.
            "angularaxis": {"gridcolor": GRID_GREY, "rotation": 90, "direction": "clockwise"},
        },
    }
    return {"data": traces, "layout": layout, "config": CONFIG}


def _short(text: str, limit: int = 60) -> str:
    """Shorten a long statement for an axis label; the table beside holds it in full."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
