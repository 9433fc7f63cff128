"""Charts for printed reports: vector SVG drawn in-process, labels kept as real text.

Charts take plain numbers on the 0-100 scale and return an ``<svg>`` element
ready to inline in the report's HTML. Each carries ``role="img"``, a title and
a description, and the same numbers appear in a table in the appendix.
Colour never says whether a score is good or bad: it only tells series apart,
together with marker and line style, so a page printed in grey still reads.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

import matplotlib

matplotlib.use("svg")

from flask_babel import format_percent
from flask_babel import gettext as _
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from toolkit.charts.labels import wrapped
from toolkit.core.palette import BLACK, GRID_GREY, SeriesStyle
from toolkit.paths import PACKAGE_DIR

FONT_DIR = PACKAGE_DIR / "static" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible Next"
INK = BLACK
GRID = GRID_GREY
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
DROPPED_ELEMENTS = {"metadata", "style", "clipPath"}
ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", XLINK_NS)

for _font in sorted(FONT_DIR.glob("*.ttf")):
    font_manager.fontManager.addfont(str(_font))
matplotlib.rcParams.update(
    {
        # Text stays text, so the PDF can be searched and read aloud.
        "svg.fonttype": "none",
        "font.family": FONT_FAMILY,
        "font.size": 9,
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.edgecolor": GRID,
    }
)


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn chart and the words that stand in for it."""

    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        """Return the chart as a ``data:`` address for an ``<img>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True, slots=True)
class Series:
    """One line on a chart; None where the value is not shown."""

    name: str
    values: Sequence[float | None]
    style: SeriesStyle


def radar(
    axes: Sequence[str], series: Sequence[Series], title: str, description: str, chart_id: str
) -> Picture:
    """Draw series on a radar, one spoke per dimension, 0 at the centre and 100 at the rim."""
    width, rim = 6.2, 1.2
    labels = [wrapped(label, 16) for label in axes]
    # Room above the rim for every line of the top spoke's label, below it for
    # two lines and the legend; labels on the left and right reach out sideways.
    top_lines = labels[0].count("\n") + 1 if labels else 1
    centre_x, centre_y = width / 2, 0.2 + top_lines * LINE * SPOKE_SIZE + rim
    legend_top = centre_y + rim + 0.55
    figure, ax = _canvas(width, legend_top + _legend_height(series, width, 8))
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    for value in (25, 50, 75, 100):
        ax.add_artist(
            Circle((centre_x, centre_y), rim * value / 100, fill=False, color=GRID, linewidth=0.5)
        )
        # Inside the ring, so the top spoke's label never meets it.
        _text(ax, centre_x + 0.04, centre_y - rim * value / 100 + 0.02, str(value), 7, va="top")
    spokes_x: list[float] = []
    spokes_y: list[float] = []
    for angle, label in zip(angles, labels, strict=True):
        x, y = math.sin(angle), -math.cos(angle)
        spokes_x += [centre_x, centre_x + rim * x, math.nan]
        spokes_y += [centre_y, centre_y + rim * y, math.nan]
        # Labels sit outside the rim, leaning away from the centre so they never cross it.
        _text(
            ax,
            centre_x + (rim + 0.12) * x,
            centre_y + (rim + 0.1) * y,
            label,
            SPOKE_SIZE,
            ha="center" if abs(x) < 0.3 else "left" if x > 0 else "right",
            va="bottom" if y < -0.3 else "top" if y > 0.3 else "center",
        )
    ax.plot(spokes_x, spokes_y, color=GRID, linewidth=0.5, clip_on=False)
    for line in series:
        # A hidden value breaks the outline rather than pretending to be zero.
        radii = [math.nan if v is None else rim * v / 100 for v in line.values]
        closed = [*zip(angles, radii, strict=True), (angles[0], radii[0])]
        _line(
            ax,
            [centre_x + r * math.sin(a) for a, r in closed],
            [centre_y - r * math.cos(a) for a, r in closed],
            line.style,
            markersize=5,
            linewidth=1.6,
            markevery=list(range(len(angles))),  # not again on the point that closes the shape
        )
    _legend(ax, series, width, legend_top, 8)
    return _svg(figure, title, description, chart_id)


def trends(
    rounds: Sequence[str],
    panels: Sequence[tuple[str, Sequence[Series]]],
    title: str,
    description: str,
    chart_id: str,
) -> Picture:
    """Draw how each dimension moved across rounds, one small panel each, oldest on the left."""
    width, left, gap, right = 6.2, 0.35, 0.3, 0.1
    panel_width = (width - left - gap - right) / TREND_COLUMNS
    round_labels = [wrapped(label, 14) for label in rounds]
    label_lines = max(label.count("\n") + 1 for label in round_labels)
    plot_height = 0.95
    panel_height = TITLE_LINE + plot_height + 0.3
    rows = math.ceil(len(panels) / TREND_COLUMNS)
    legend = panels[0][1] if panels else []
    legend_top = 0.1 + rows * panel_height + label_lines * LINE * 7
    figure, ax = _canvas(width, legend_top + _legend_height(legend, width, 7.5))
    for index, (name, series) in enumerate(panels):
        x0 = left + (index % TREND_COLUMNS) * (panel_width + gap)
        top = 0.1 + (index // TREND_COLUMNS) * panel_height
        _text(ax, x0, top, wrapped(name, 44), 8.5, va="top")
        plot_top = top + TITLE_LINE
        plot_bottom = plot_top + plot_height

        def height_of(value: float, top: float = plot_top) -> float:
            return top + plot_height * (1 - value / 100)

        for value in (0, 50, 100):
            y = height_of(value)
            ax.plot([x0, x0 + panel_width], [y, y], color=GRID, linewidth=0.5, clip_on=False)
            if index % TREND_COLUMNS == 0:
                _text(ax, x0 - 0.06, y, str(value), 7, ha="right", va="center")
        # Rounds spread evenly, with room at each end for a marker.
        inner = panel_width - 0.5
        places = [x0 + 0.25 + inner * i / max(len(rounds) - 1, 1) for i in range(len(rounds))]
        if index + TREND_COLUMNS >= len(panels):  # nothing below: name the rounds
            for place, label in zip(places, round_labels, strict=True):
                _text(ax, place, plot_bottom + 0.08, label, 7, ha="center", va="top")
        for line in series:
            heights = [math.nan if v is None else height_of(v) for v in line.values]
            _line(ax, places, heights, line.style, markersize=4, linewidth=1.4)
    _legend(ax, legend, width, legend_top, 7.5)
    return _svg(figure, title, description, chart_id)


def bars(
    axes: Sequence[str], series: Sequence[Series], title: str, description: str, chart_id: str
) -> Picture:
    """Draw series as bars from 0 to 100, a group per dimension: for one or two dimensions.

    A radar of one or two spokes has no shape to read. Each bar ends in its series'
    marker, so the key tells series apart in grey too; a hidden value draws no bar.
    """
    width, left, right = 6.2, 2.0, 0.45
    plot = width - left - right
    labels = [wrapped(label, 30) for label in axes]
    bar, gap, top = 0.17, 0.14, 0.3
    heights = [
        max(len(series) * bar, LINE * SPOKE_SIZE * (label.count("\n") + 1)) for label in labels
    ]
    bottom = top + sum(heights) + gap * len(labels)
    legend_top = bottom + 0.15
    figure, ax = _canvas(width, legend_top + _legend_height(series, width, 8))
    for tick in (0, 25, 50, 75, 100):
        x = left + plot * tick / 100
        ax.plot([x, x], [top - 0.05, bottom], color=GRID, linewidth=0.5, clip_on=False)
        _text(ax, x, top - 0.08, str(tick), 7, ha="center")
    y = top
    for index, label in enumerate(labels):
        _text(ax, left - 0.1, y + 0.02, label, SPOKE_SIZE, ha="right", va="top")
        for row, line in enumerate(series):
            value = line.values[index]
            if value is None:
                continue
            middle = y + bar * (row + 0.5)
            end = left + plot * value / 100
            ax.plot(
                [left, end],
                [middle, middle],
                color=line.style.colour,
                linewidth=6,
                solid_capstyle="butt",
                clip_on=False,
            )
            _line(ax, [end], [middle], line.style, markersize=5, linewidth=0)
            _text(ax, end + 0.1, middle, f"{value:.0f}", 7, va="center")
        y += heights[index] + gap
    _legend(ax, series, width, legend_top, 8)
    return _svg(figure, title, description, chart_id)


def answer_bar(counts: Sequence[int], options: Sequence[str], colours: Sequence[str]) -> Picture:
    """Draw one statement's answers as a bar centred on the middle of the scale.

    Drawn straight as SVG: a row of rectangles needs none of matplotlib, whose
    figure would cost more than all a report's bars together.
    """
    total = sum(counts)
    shapes = [
        # The bar runs -100 to 100 over a width of 200, with a hair of white between answers.
        f'<rect x="{start + 100:.2f}" width="{max(end - start - 0.6, 0.3):.2f}" height="10" '
        f'fill="{colour}"/>'
        for (start, end), colour in zip(answer_spans(counts), colours, strict=True)
        if end > start
    ]
    shapes.append(f'<rect x="99.6" y="-2" width="0.8" height="14" fill="{INK}"/>')
    for edge in (0, 199.6):
        shapes.append(f'<rect x="{edge}" width="0.4" height="10" fill="{GRID}"/>')
    svg = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 -2 200 14" preserveAspectRatio="none">'
        + "".join(shapes)
        + "</svg>"
    )
    shares = ", ".join(
        f"{option} {format_percent(count / total)}"
        for option, count in zip(options, counts, strict=True)
        if count
    )
    return Picture(svg, _("Shares of the answers on the scale: %(shares)s", shares=shares))


def answer_spans(counts: Sequence[int]) -> list[tuple[float, float]]:
    """Place each answer's share of a diverging bar, lowest answer first, from -100 to 100.

    Lower answers lie left of centre and higher ones right; with an odd number
    of answers the middle one straddles the centre.
    """
    total = sum(counts) or 1
    shares = [100 * count / total for count in counts]
    middle = (len(counts) - 1) / 2
    start = -sum(share for i, share in enumerate(shares) if i < middle)
    if middle.is_integer():
        start -= shares[int(middle)] / 2
    spans = []
    for share in shares:
        spans.append((start, start + share))
        start += share
    return spans


# Line heights in inches per point of type size, and for a panel title.
LINE = 1.25 / 72
SPOKE_SIZE = 9
TITLE_LINE = 0.22
TREND_COLUMNS = 2
LEGEND_COLUMNS = 4


def _canvas(width: float, height: float) -> tuple[Figure, Axes]:
    """Return a blank figure measured in inches from its top left corner.

    Charts are laid out by hand on it rather than with matplotlib's axes, ticks
    and legends: those cost most of a chart's drawing time and fill the SVG with
    elements WeasyPrint must then draw one by one.
    """
    figure = Figure(figsize=(width, height))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    return figure, ax


def _text(
    ax: Axes, x: float, y: float, words: str, size: float, ha: str = "left", va: str = "baseline"
) -> None:
    ax.text(x, y, words, fontsize=size, ha=ha, va=va, clip_on=False)


def _line(
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    style: SeriesStyle,
    markersize: float,
    linewidth: float,
    markevery: list[int] | None = None,
) -> None:
    ax.plot(
        xs,
        ys,
        color=style.colour,
        linestyle=style.matplotlib_dash,
        marker=style.matplotlib_marker,
        markersize=markersize,
        linewidth=linewidth,
        markevery=markevery,
        clip_on=False,
    )


def _legend_line(
    ax: Axes, x: float, y: float, style: SeriesStyle, label: str, size: float
) -> float:
    """Draw a sample of a line and its name with its top at ``y``; return the height used."""
    middle = y + LINE * size / 2
    sample = [x, x + 0.15, x + 0.3]
    _line(ax, sample, [middle] * 3, style, markersize=4, linewidth=1.4, markevery=[1])
    _text(ax, x + 0.38, y, label, size, va="top")
    return LINE * size * (label.count("\n") + 1)


def _legend_height(series: Sequence[Series], width: float, size: float) -> float:
    return sum(_legend_row_heights(series, width, size)) + 0.1


def _legend_row_heights(series: Sequence[Series], width: float, size: float) -> list[float]:
    columns = min(len(series), LEGEND_COLUMNS) or 1
    names = [wrapped(line.name, _legend_characters(width, columns, size)) for line in series]
    return [
        max(LINE * size * (label.count("\n") + 1) for label in names[i : i + columns]) + 0.08
        for i in range(0, len(names), columns)
    ]


def _legend(ax: Axes, series: Sequence[Series], width: float, top: float, size: float) -> None:
    """Draw a sample of each series' line and its name, in rows of equal columns."""
    columns = min(len(series), LEGEND_COLUMNS) or 1
    column_width = (width - 0.2) / columns
    characters = _legend_characters(width, columns, size)
    heights = _legend_row_heights(series, width, size)
    for index, line in enumerate(series):
        row, column = divmod(index, columns)
        x, y = 0.1 + column * column_width, top + sum(heights[:row])
        _legend_line(ax, x, y, line.style, wrapped(line.name, characters), size)


def _legend_characters(width: float, columns: int, size: float) -> int:
    # Atkinson Hyperlegible averages about half an em per character.
    return max(8, int(((width - 0.2) / columns - 0.45) * 72 / (size * 0.5)))


def _svg(figure: Figure, title: str, description: str, chart_id: str) -> Picture:
    """Return the figure as an accessible ``<svg>`` document, pared down for WeasyPrint."""
    buffer = io.StringIO()
    # A salt per chart keeps matplotlib's marker ids the same from one render to the next.
    with matplotlib.rc_context({"svg.hashsalt": chart_id}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    root = ElementTree.fromstring(buffer.getvalue())
    _pare(root, chart_id)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("class", "chart")
    root.set("id", chart_id)
    # The style matplotlib gives every element, inherited from the root instead (see _pare).
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    words = []
    for tag, text in (("title", title), ("desc", description)):
        element = ElementTree.Element(f"{{{SVG_NS}}}{tag}", {"id": f"{chart_id}-{tag}"})
        element.text = text
        words.append(element)
    root[0:0] = words
    return Picture(ElementTree.tostring(root, encoding="unicode"), f"{title}. {description}")


def _pare(parent: ElementTree.Element, chart_id: str) -> None:
    """Take out of matplotlib's SVG what WeasyPrint pays for and nobody sees.

    WeasyPrint cascades and draws every element on its own, so:

    - the metadata, the clip paths and their uses go: nothing is drawn outside
      its axes, and clipping cost about a third of a chart's drawing time;
    - the ``<style>`` sheet (``*{stroke-linejoin: round; stroke-linecap: butt}``)
      goes, its two properties set on the root to be inherited: a ``*`` rule made
      WeasyPrint match a selector against every element, twice;
    - ``style`` attributes become presentation attributes, which need no CSS parsing;
    - groups that only carry an id are unwrapped, and ``rotate(-0 …)`` dropped;
    - ids get the chart's id in front, so charts on one page never clash.
    """
    children = []
    for child in parent:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in DROPPED_ELEMENTS:
            continue
        if tag == "defs":
            _pare(child, chart_id)
            if len(child) == 0:
                continue
            children.append(child)
            continue
        child.tail = None  # layout whitespace; no element here holds text among children
        attributes = child.attrib
        attributes.pop("clip-path", None)
        style = attributes.pop("style", None)
        if style:
            for declaration in style.split(";"):
                name, _, value = declaration.partition(":")
                if name.strip():
                    attributes[name.strip()] = value.strip()
        if attributes.get("transform", "").startswith("rotate(-0 "):
            del attributes["transform"]
        if "id" in attributes:
            attributes["id"] = f"{chart_id}-{attributes['id']}"
        if XLINK_HREF in attributes:
            attributes[XLINK_HREF] = f"#{chart_id}-{attributes[XLINK_HREF][1:]}"
        _pare(child, chart_id)
        if tag == "g" and set(attributes) <= {"id"}:
            children.extend(child)
        else:
            children.append(child)
    parent[:] = children
