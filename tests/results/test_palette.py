"""Chart styles: told apart without colour, readable text."""

from __future__ import annotations

import pytest

from toolkit.core.palette import (
    BLACK,
    GRAPHIC_CONTRAST,
    SERIES,
    TEXT_CONTRAST,
    WHITE,
    contrast,
    scale_colours,
    series_style,
    text_on,
)


def test_every_series_differs_in_marker_and_line_style_as_well_as_colour() -> None:
    assert len({s.colour for s in SERIES}) == len(SERIES)
    assert len({s.plotly_symbol for s in SERIES}) == len(SERIES)
    assert len({s.matplotlib_marker for s in SERIES}) == len(SERIES)
    first_six = SERIES[:6]
    assert len({s.plotly_dash for s in first_six}) == 6
    assert series_style(len(SERIES)) == SERIES[0]


def test_the_first_five_series_stand_out_against_white() -> None:
    for style in SERIES[:5]:
        assert contrast(style.colour, WHITE) >= GRAPHIC_CONTRAST


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7, 10, 11])
def test_text_on_every_scale_colour_is_readable(count: int) -> None:
    for colour in scale_colours(count):
        assert contrast(colour, text_on(colour)) >= TEXT_CONTRAST


def test_scale_colours_run_from_orange_to_blue_through_a_neutral_middle() -> None:
    colours = scale_colours(5)
    assert colours[2] == "#D8D8D8"
    red, _, blue = (int(colours[0][i : i + 2], 16) for i in (1, 3, 5))
    assert red > blue
    red, _, blue = (int(colours[-1][i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red


def test_contrast_of_black_on_white_is_the_largest_possible() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert text_on(WHITE) == BLACK and text_on("#000000") == WHITE
