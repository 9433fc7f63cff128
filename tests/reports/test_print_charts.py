"""Print charts: accessible SVG whose words stay text, hidden values left out, bars that diverge."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from toolkit.core.palette import series_style
from toolkit.reports.print_charts import SVG_NS, Picture, Series, answer_spans, radar, trends

DIMENSIONS = ["Common purpose", "Respect for what each partner brings", "Trust", "Direction"]


def parsed(picture: Picture) -> ElementTree.Element:
    return ElementTree.fromstring(picture.svg)


def texts(picture: Picture) -> list[str]:
    return [t.text or "" for t in parsed(picture).iter(f"{{{SVG_NS}}}text")]


def paths_drawn_in(picture: Picture, colour: str, attribute: str) -> list[ElementTree.Element]:
    return [
        p
        for p in parsed(picture).iter(f"{{{SVG_NS}}}path")
        if p.get(attribute, "").lower() == colour.lower()
    ]


def test_lower_answers_lie_left_of_centre_and_the_middle_one_straddles_it() -> None:
    spans = answer_spans([1, 1, 2, 1, 1])
    assert [(round(a, 2), round(b, 2)) for a, b in spans] == [
        (-50.0, -33.33),
        (-33.33, -16.67),
        (-16.67, 16.67),
        (16.67, 33.33),
        (33.33, 50.0),
    ]


def test_an_even_scale_divides_at_the_centre() -> None:
    assert answer_spans([3, 1, 0, 4]) == [(-50.0, -12.5), (-12.5, 0.0), (0.0, 0.0), (0.0, 50.0)]


def test_a_statement_nobody_answered_has_an_empty_bar() -> None:
    assert answer_spans([0, 0, 0]) == [(0.0, 0.0)] * 3


@pytest.mark.parametrize(
    "picture",
    [
        radar(DIMENSIONS, [Series("Spring", [50, 60, 70, 80], series_style(0))], "T", "D", "r"),
        trends(
            ["Spring 2025 check", "Autumn 2025 check"],
            [(name, [Series("Everyone", [40, 60], series_style(4))]) for name in DIMENSIONS],
            "T",
            "D",
            "t",
        ),
    ],
    ids=["radar", "trends"],
)
def test_each_chart_is_an_image_named_and_described_with_only_what_weasyprint_needs(
    picture: Picture,
) -> None:
    root = parsed(picture)
    assert root.get("role") == "img"
    title_id, description_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{{{SVG_NS}}}title[@id='{title_id}']") is not None
    assert root.find(f"{{{SVG_NS}}}desc[@id='{description_id}']") is not None
    assert picture.alt == "T. D"
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"style", "metadata", "clipPath"}
    assert all("style" not in element.attrib for element in root.iter())


def test_the_radar_keeps_its_words_as_text() -> None:
    picture = radar(
        DIMENSIONS,
        [Series("Spring 2026 check", [50, 60, 70, 80], series_style(0))],
        "T",
        "D",
        "r",
    )
    words = " ".join(texts(picture))
    for word in ("Common purpose", "Trust", "Direction", "Spring 2026 check", "25", "100"):
        assert word in words


def test_a_hidden_value_breaks_the_radar_outline_instead_of_dropping_to_the_centre() -> None:
    shown, gap = series_style(0), series_style(1)
    picture = radar(
        DIMENSIONS,
        [
            Series("All shown", [50, 60, 70, 80], shown),
            Series("One hidden", [50, None, 70, 80], gap),
        ],
        "T",
        "D",
        "r",
    )

    def outline(colour: str) -> str:
        # The longest line in the series' colour; the legend's sample is a short one.
        lines = [p.get("d", "") for p in paths_drawn_in(picture, colour, "stroke")]
        return max((d for d in lines if "L" in d), key=len)

    assert outline(shown.colour).count("M") == 1
    assert outline(gap.colour).count("M") == 2
    # A marker on each shown value, and one in the legend: none for the hidden value.
    markers = [
        u
        for u in parsed(picture).iter(f"{{{SVG_NS}}}use")
        if u.get("fill", "").lower() == gap.colour.lower()
    ]
    assert len(markers) == 3 + 1


def test_trends_name_every_dimension_and_each_round_once_per_column() -> None:
    rounds = ["Spring 2025 check", "Autumn 2025 check", "Spring 2026 check"]
    panels = [(name, [Series("Everyone", [40, None, 60], series_style(4))]) for name in DIMENSIONS]
    words = texts(trends(rounds, panels, "T", "D", "t"))
    for name in DIMENSIONS:
        assert name in words
    # Round names are wrapped; the small panels share them, written under the bottom row.
    assert words.count("Spring 2025") == 2


def test_the_same_chart_is_drawn_the_same_way_and_ids_never_clash_between_charts() -> None:
    def drawn(chart_id: str) -> Picture:
        series = [Series("Spring", [50, 60, 70, 80], series_style(1))]
        return radar(DIMENSIONS, series, "T", "D", chart_id)

    assert drawn("a").svg == drawn("a").svg
    ids = {e.get("id") for e in parsed(drawn("a")).iter() if e.get("id")}
    assert ids and all(i.startswith("a") for i in ids)


@pytest.mark.parametrize(
    "top_label",
    ["Trust", "Respect for what each partner brings", "Listening to those least heard first"],
)
def test_every_line_of_the_radars_top_label_is_inside_the_picture(top_label: str) -> None:
    picture = radar(
        [top_label, *DIMENSIONS[1:]],
        [Series("Spring 2026 check", [50, 60, 70, 80], series_style(0))],
        "T",
        "D",
        "r",
    )
    root = parsed(picture)
    height = float(root.get("viewBox", "").split()[3])
    for text in root.iter(f"{{{SVG_NS}}}text"):
        translate = re.search(r"translate\(\S+ (\S+?)\)", text.get("transform", ""))
        baseline = float(translate.group(1) if translate else text.get("y", "0"))
        size = float(text.get("font-size", "0").removesuffix("px"))
        # The tallest letters reach about a type size above the baseline.
        assert size <= baseline <= height, text.text
    assert top_label.split()[0] in texts(picture)[4]
