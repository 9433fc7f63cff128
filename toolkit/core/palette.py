"""Colours, markers and line styles that tell chart series apart for everyone.

Series colours are the Okabe-Ito palette, which stays distinguishable with the
common kinds of colour blindness. Colour is never the only difference: each
series also has its own marker and line style, for screen and for print
(plotly and matplotlib names are both given). Colours are not verdicts: no
series is "good" or "bad", and answer scales run from orange to blue rather
than red to green. Only a status scale whose file gives its own colours (a
traffic light) is drawn in them, always with a shape or pattern beside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.core.questionnaire.schema import Scale

WHITE = "#FFFFFF"
BLACK = "#0B0C0C"
# WCAG 2.2: 4.5:1 for text, 3:1 for lines and shapes that carry meaning.
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
# For answers recorded but left out of the scale, such as "don't know".
EXCLUDED_GREY = "#B1B4B6"
GRID_GREY = "#B1B4B6"


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    """How one series is drawn: colour, marker and line style."""

    colour: str
    plotly_symbol: str
    plotly_dash: str
    matplotlib_marker: str
    matplotlib_dash: str | tuple[int, tuple[int, ...]]


# Okabe-Ito, ordered so the first five reach 3:1 against white; the rest lean
# on their marker and line style, and on the data table beside every chart.
SERIES = (
    SeriesStyle("#0072B2", "circle", "solid", "o", "-"),
    SeriesStyle("#D55E00", "square", "dash", "s", "--"),
    SeriesStyle("#009E73", "diamond", "dot", "D", ":"),
    SeriesStyle("#CC79A7", "triangle-up", "dashdot", "^", "-."),
    SeriesStyle("#000000", "x", "longdash", "X", (0, (8, 3))),
    SeriesStyle("#E69F00", "star", "longdashdot", "*", (0, (8, 3, 2, 3))),
    SeriesStyle("#56B4E9", "cross", "solid", "P", "-"),
    SeriesStyle("#F0E442", "triangle-down", "dash", "v", "--"),
)

# Answer scales, lowest option to highest: orange through neutral grey to blue.
_SCALE_LOW = "#B35806"
_SCALE_MIDDLE = "#D8D8D8"
_SCALE_HIGH = "#2166AC"


def series_style(index: int) -> SeriesStyle:
    """Return the style of the series at this position, repeating after the last."""
    return SERIES[index % len(SERIES)]


def scale_colours(count: int) -> list[str]:
    """Return one colour per scale option, lowest first, symmetric about the middle."""
    if count < 1:
        return []
    if count == 1:
        return [_SCALE_MIDDLE]
    colours = []
    for i in range(count):
        where = i / (count - 1)
        if where <= 0.5:
            colours.append(_mix(_SCALE_LOW, _SCALE_MIDDLE, where * 2))
        else:
            colours.append(_mix(_SCALE_MIDDLE, _SCALE_HIGH, where * 2 - 1))
    return colours


def answer_colours(scale: Scale) -> list[str]:
    """Return each option's colour: a status scale's own, else orange through blue."""
    return scale.colours or scale_colours(len(scale.options))


def text_on(background: str) -> str:
    """Return black or white text, whichever reads better on this background."""
    if contrast(background, BLACK) >= contrast(background, WHITE):
        return BLACK
    return WHITE


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    red, green, blue = (_linear(channel / 255) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _mix(start: str, end: str, share: float) -> str:
    mixed = (round(a + (b - a) * share) for a, b in zip(_rgb(start), _rgb(end), strict=True))
    return "#" + "".join(f"{channel:02X}" for channel in mixed)
