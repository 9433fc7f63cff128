"""Small shapes that go with a status colour, so an answer is never told by colour alone.

A scale whose options have their own colours (red, amber, green) shows each
option with its label, its colour and a shape of its own: the first option a
circle, the second a triangle, and so on (WCAG 1.4.1, use of colour). The
shapes are drawn as inline SVG, which needs no JavaScript and prints in PDFs,
filled with the option's colour and outlined in near-black so the outline
stands out 3:1 or more against a white page whatever the fill (WCAG 1.4.11).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from toolkit.core.palette import BLACK

if TYPE_CHECKING:
    # The questionnaire checks use this module, so it must not import them back.
    from toolkit.core.questionnaire.schema import Scale

# Swatches are drawn in a 16 by 16 box, the shape's outline inside it.
BOX = 16
OUTLINE = BLACK


def _points(corners: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in corners)


def _regular(sides: int, radius: float = 6.75) -> str:
    """Corners of a regular shape standing on its base, centred in the box."""
    start = -math.pi / 2
    return _points(
        [
            (
                8 + radius * math.cos(start + 2 * math.pi * i / sides),
                8 + radius * math.sin(start + 2 * math.pi * i / sides),
            )
            for i in range(sides)
        ]
    )


def _star() -> str:
    corners = []
    for i in range(10):
        radius = 7.25 if i % 2 == 0 else 3.1
        angle = -math.pi / 2 + math.pi * i / 5
        corners.append((8 + radius * math.cos(angle), 8 + radius * math.sin(angle)))
    return _points(corners)


# One shape per option position, most different first: a scale with colours may
# have at most this many options, so no two of its options share a shape.
SHAPES: tuple[tuple[str, str], ...] = (
    ("circle", '<circle cx="8" cy="8" r="6.25"'),
    ("triangle", f'<polygon points="{_points([(8, 1.25), (14.75, 14.25), (1.25, 14.25)])}"'),
    ("square", '<rect x="2" y="2" width="12" height="12"'),
    ("diamond", f'<polygon points="{_points([(8, 0.75), (15.25, 8), (8, 15.25), (0.75, 8)])}"'),
    ("pentagon", f'<polygon points="{_regular(5)}"'),
    ("star", f'<polygon points="{_star()}"'),
    ("hexagon", f'<polygon points="{_regular(6)}"'),
)
MOST_OPTIONS = len(SHAPES)


def shape_name(position: int) -> str:
    """Name the shape of the option at this position (0 for the lowest)."""
    return SHAPES[position][0]


def shape(position: int, colour: str, line: float = 1.5) -> str:
    """Return the SVG element of one option's shape, filled with its colour."""
    return f'{SHAPES[position][1]} fill="{colour}" stroke="{OUTLINE}" stroke-width="{line}"/>'


def swatch(position: int, colour: str, size: int = BOX) -> str:
    """Return a small inline SVG of one option's shape, hidden from screen readers.

    The label beside it says the same in words, so assistive technology skips it.
    """
    return (
        f'<svg class="tk-swatch tk-swatch--{shape_name(position)}" width="{size}" '
        f'height="{size}" viewBox="0 0 {BOX} {BOX}" aria-hidden="true" focusable="false">'
        f"{shape(position, colour)}</svg>"
    )


def swatches(scale: Scale) -> list[str]:
    """Return a swatch for each option of a status scale, lowest first; none for other scales."""
    return [swatch(position, colour) for position, colour in enumerate(scale.colours or [])]
