"""Draw each SVG ``<text>`` in a chart as one run of text rather than letter by letter.

WeasyPrint 70 lays out and draws every letter of an SVG ``<text>`` on its own,
so that it can honour per-letter ``x``, ``dx`` or ``rotate`` lists. Our charts
never use those: matplotlib writes one position per label. Drawing a whole
label at once gives the same words in the same place (with the font's kerning,
and as one string to search or read aloud) for about a tenth of the work: the
3,000 letters in a report's charts took 0.6 s to draw one by one.

Anything this fast path does not cover goes to WeasyPrint's own function, and
the patch is only applied to the WeasyPrint versions it was written against.
"""

from __future__ import annotations

import importlib
from math import inf
from typing import Any

import weasyprint
from weasyprint import svg as weasy_svg

# Not ``from weasyprint.svg import text``: the package's ``text`` is the function.
weasy_text = importlib.import_module("weasyprint.svg.text")

# Written against weasyprint/svg/text.py of these versions; others keep their own.
SUPPORTED_MAJOR_VERSIONS = {"70"}
# Attributes that need WeasyPrint's letter-by-letter drawing.
PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")

_letter_by_letter = weasy_text.text


def install() -> None:
    """Use the whole-label drawing for SVG text; safe to call more than once."""
    if weasyprint.__version__.split(".")[0] not in SUPPORTED_MAJOR_VERSIONS:
        return
    if weasy_svg.text is whole_text:
        return
    # draw_node compares TAGS entries with the module's ``text`` to spot text nodes.
    for tag, function in list(weasy_svg.TAGS.items()):
        if function is _letter_by_letter:
            weasy_svg.TAGS[tag] = whole_text
    weasy_svg.text = whole_text


def whole_text(svg: Any, node: Any, font_size: float) -> None:
    """Draw a text node with at most one x and one y as a single run of text."""
    attrib = node.attrib
    if (
        not node.text
        or any(name in attrib for name in PER_LETTER)
        or len(_numbers(attrib.get("x"))) > 1
        or len(_numbers(attrib.get("y"))) > 1
        or node.get("letter-spacing")
    ):
        _letter_by_letter(svg, node, font_size)
        return

    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    # The same style WeasyPrint's own function builds.
    style = weasy_text.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = node.get("font-weight", 400)
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    if style["font_weight"] == "normal":
        style["font_weight"] = 400
    elif style["font_weight"] == "bold":
        style["font_weight"] = 700
    else:
        try:
            style["font_weight"] = int(style["font_weight"])
        except ValueError:
            style["font_weight"] = 400

    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

    x_values = _numbers(attrib.get("x"))
    y_values = _numbers(attrib.get("y"))
    x = size(x_values[0], font_size, svg.inner_width) if x_values else None
    y = size(y_values[0], font_size, svg.inner_height) if y_values else None

    ascent, descent = font_size * 0.8, font_size * 0.2
    y_align = 0.0
    display_anchor = node.get("display-anchor")
    alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        y_align = -height / 2
    elif display_anchor == "top":
        pass
    elif display_anchor == "bottom":
        y_align = -height
    elif alignment_baseline in ("central", "middle"):
        y_align = (ascent + descent) / 2 - descent
    elif alignment_baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        y_align = ascent
    elif alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        y_align = -descent

    # As WeasyPrint does for the first letter (a zero position counts as none there too).
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + y_align
    points = (
        (x_position, y_position - baseline),
        (x_position + width, y_position - baseline + height),
    )
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = weasy_text.TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(
        svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position)
    )
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _numbers(value: str | None) -> list[str]:
    from weasyprint.svg.utils import normalize

    if value is None:
        return []
    return normalize(value).strip().split(" ")
