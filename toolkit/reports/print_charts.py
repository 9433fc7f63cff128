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
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

import matplotlib

matplotlib.use("svg")

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes

from toolkit.charts.palette import BLACK, GRID_GREY, SeriesStyle, scale_colours
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


@dataclass(frozen=True, slots=True)
class Bar:
    """One item's answers, lowest option first, for a diverging bar."""

    label: str
    counts: Sequence[int]


def radar(
    axes: Sequence[str], series: Sequence[Series], title: str, description: str, chart_id: str
) -> Picture:
    """Draw series on a radar, one spoke per dimension, 0 at the centre and 100 at the rim."""
    figure = Figure(figsize=(6.2, 3.7))
    ax: PolarAxes = figure.add_subplot(projection="polar")  # type: ignore[assignment]
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=7)
    ax.set_xticks(angles, [_wrap(label, 16) for label in axes])
    ax.tick_params(axis="x", pad=10)
    ax.grid(color=GRID, linewidth=0.5)
    for line in series:
        _radar_line(ax, angles, line)
    # The legend sits clear of the spoke labels, which reach well outside the circle.
    figure.legend(loc="upper left", bbox_to_anchor=(0.7, 0.92), frameon=False, fontsize=8)
    figure.subplots_adjust(left=0.08, right=0.54, top=0.86, bottom=0.11)
    return _svg(figure, title, description, chart_id)


def _radar_line(ax: object, angles: list[float], line: Series) -> None:
    # A hidden value breaks the outline rather than pretending to be zero.
    values = [math.nan if v is None else v for v in line.values]
    closed_angles = [*angles, angles[0]]
    closed = [*values, values[0]]
    ax.plot(  # type: ignore[attr-defined]
        closed_angles,
        closed,
        color=line.style.colour,
        linestyle=line.style.matplotlib_dash,
        marker=line.style.matplotlib_marker,
        markersize=5,
        linewidth=1.6,
        label=_wrap(line.name, 26),
    )


def trends(
    rounds: Sequence[str],
    panels: Sequence[tuple[str, Sequence[Series]]],
    title: str,
    description: str,
    chart_id: str,
) -> Picture:
    """Draw how each dimension moved across rounds, one small panel each, oldest on the left."""
    columns = 2
    rows = math.ceil(len(panels) / columns)
    figure = Figure(figsize=(6.2, 0.6 + 1.75 * rows))
    grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    positions = list(range(len(rounds)))
    for ax, (name, series) in zip(grid.flat, panels, strict=False):
        for line in series:
            ax.plot(
                positions,
                [math.nan if v is None else v for v in line.values],
                color=line.style.colour,
                linestyle=line.style.matplotlib_dash,
                marker=line.style.matplotlib_marker,
                markersize=4,
                linewidth=1.4,
                label=line.name,
            )
        ax.set_title(_wrap(name, 40), fontsize=8.5, loc="left")
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in grid.flat[len(panels) :]:
        ax.set_visible(False)
    first = grid.flat[0]
    first.set_ylim(0, 100)
    first.set_yticks([0, 50, 100])
    first.set_xlim(-0.3, len(rounds) - 0.7)
    first.set_xticks(positions, [_wrap(label, 12) for label in rounds], fontsize=7)
    for ax in grid[-1]:
        ax.tick_params(labelbottom=True)
    handles, labels = first.get_legend_handles_labels()
    figure.legend(
        handles,
        labels,
        loc="lower center",
        ncol=min(len(labels), 4),
        frameon=False,
        fontsize=7.5,
    )
    figure.subplots_adjust(
        left=0.07,
        right=0.98,
        top=1 - 0.3 / (0.6 + 1.75 * rows),
        bottom=0.75 / (0.6 + 1.75 * rows),
        hspace=0.75,
        wspace=0.12,
    )
    return _svg(figure, title, description, chart_id)


def diverging_bars(
    bars: Sequence[Bar],
    options: Sequence[str],
    title: str,
    description: str,
    chart_id: str,
) -> Picture:
    """Draw each item's answers as one bar centred on the middle of the scale."""
    labels = [_wrap(bar.label, 34) for bar in bars]
    # Rows grow with the longest label, so wrapped labels never run into each other.
    lines = max(label.count("\n") + 1 for label in labels)
    row_height = max(0.5, 0.115 * lines + 0.12)
    height = 1.0 + row_height * len(bars)
    figure = Figure(figsize=(6.2, height))
    ax = figure.subplots()
    middle = (len(options) - 1) / 2
    colours = scale_colours(len(options))
    # One barh call per answer option, every statement at once: far fewer artists to set up.
    lefts, widths = [], []
    for bar in bars:
        total = sum(bar.counts) or 1
        shares = [100 * c / total for c in bar.counts]
        # Lower answers extend left of centre, higher ones right; a middle option straddles.
        left = -sum(s for i, s in enumerate(shares) if i < middle) - (
            shares[int(middle)] / 2 if middle.is_integer() else 0
        )
        starts = []
        for share in shares:
            starts.append(left)
            left += share
        lefts.append(starts)
        widths.append(shares)
    for i, option in enumerate(options):
        ax.barh(
            range(len(bars)),
            [row[i] for row in widths],
            left=[row[i] for row in lefts],
            height=min(0.6, 0.35 / row_height),
            color=colours[i],
            edgecolor="white",
            linewidth=0.4,
            label=option,
        )
    ax.axvline(0, color=INK, linewidth=0.6)
    ax.set_yticks(range(len(bars)), labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"], fontsize=7)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    figure.legend(loc="lower center", ncol=min(len(options), 5), frameon=False, fontsize=7)
    figure.subplots_adjust(left=0.36, right=0.98, top=1 - 0.1 / height, bottom=0.95 / height)
    return _svg(figure, title, description, chart_id)


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


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
