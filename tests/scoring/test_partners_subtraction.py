"""No hidden figure of the perception matrix can be worked out from the figures shown.

A shown mean comes with its n, so it gives a sum: each shown "how it is seen" (a column)
and "how it sees others" (a row) is an equation whose unknowns are the sums of the hidden
cells with answers in it. A hidden value is given away when some combination of those
equations adds up to exactly it. The check here compares ranks with exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import response, round_of
from tests.scoring.test_partners import one_small_rater, rating
from toolkit.core.scoring import (
    PartnerScores,
    PerceptionMatrix,
    Summary,
    Suppressed,
    SuppressedBecause,
    build_profile,
)
from toolkit.core.scoring.anonymity import Line, hide_cells
from toolkit.core.scoring.data import ResponseData
from toolkit.core.scoring.results import Shown

ORGS = ["council", "charity", "nhs", "police"]
MEASURES = ("overall", "keeps-word", "listens")
Cell = tuple[str | None, str]


def rank(rows: list[dict[Cell, Fraction]]) -> int:
    """Return the rank of sparse rows, by plain Gaussian elimination."""
    rows = [dict(r) for r in rows if r]
    found = 0
    while rows:
        pivot_row = rows.pop()
        if not pivot_row:
            continue
        found += 1
        column, pivot = next(iter(pivot_row.items()))
        for row in rows:
            if column in row:
                factor = row[column] / pivot
                for c, v in pivot_row.items():
                    row[c] = row.get(c, Fraction(0)) - factor * v
                    if row[c] == 0:
                        del row[c]
        rows = [r for r in rows if r]
    return found


def given_away(matrix: PerceptionMatrix, answers: list[ResponseData], measure: str) -> list[str]:
    """Name every hidden cell or total whose sum follows from the shown figures."""

    def n(cell: Cell) -> int:
        rater, partner = cell
        key = "keeps-word" if measure == "overall" else measure
        return sum(
            1 for r in answers if r.member == rater and key in r.about_partners.get(partner, {})
        )

    def value(scores: PartnerScores) -> Shown:
        return scores.overall if measure == "overall" else scores.items[measure]

    columns = {p: [(r, p) for r in matrix.raters if r != p] for p in matrix.partners}
    rows = {r: [(r, p) for p in matrix.partners if p != r] for r in matrix.how_it_sees_others}
    lines = [(f"how {p} is seen", columns[p], matrix.how_it_is_seen[p]) for p in columns]
    lines += [(f"how {r} sees others", rows[r], matrix.how_it_sees_others[r]) for r in rows]
    unknown = {c for c, s in matrix.cells.items() if isinstance(value(s), Suppressed) and n(c)}

    def as_sum(cells: list[Cell]) -> dict[Cell, Fraction]:
        return {c: Fraction(1) for c in cells if c in unknown}

    equations = [as_sum(cells) for _, cells, total in lines if isinstance(value(total), Summary)]
    secrets = [(f"{c[0]} → {c[1]}", as_sum([c])) for c in sorted(unknown, key=str)]
    secrets += [
        (name, as_sum(cells))
        for name, cells, total in lines
        if isinstance(value(total), Suppressed) and any(n(c) for c in cells)
    ]
    base = rank(equations)
    return [name for name, secret in secrets if rank([*equations, secret]) == base]


def test_the_police_ratings_of_nhs_cannot_be_worked_out_from_the_charitys_row() -> None:
    # Before: NHS seen 44.23 (n=13), council → NHS 75 (n=6) and the charity's row 25 (n=5)
    # were shown; the charity rated only NHS, so (575 - 450 - 125) / 2 gave the police's 0.
    answers = one_small_rater()
    (round_,) = build_profile([round_of(answers)]).rounds
    matrix = round_.partners
    assert matrix is not None
    assert matrix.how_it_sees_others["charity"].overall == Suppressed(
        SuppressedBecause.PROTECTS_ANOTHER, 5
    )
    assert isinstance(matrix.cells["charity", "nhs"].overall, Suppressed)
    assert isinstance(matrix.how_it_is_seen["nhs"].overall, Summary)
    assert isinstance(matrix.cells["council", "nhs"].overall, Summary)
    for measure in MEASURES:
        assert given_away(matrix, answers, measure) == []


def test_a_small_groups_row_cannot_be_worked_out_from_two_columns_and_another_row() -> None:
    # Police's two people rate NHS and the council, the charity's five the same two: the two
    # columns less the charity's row would give the police's row, hidden for being too few.
    answers = (
        rating("nhs", {"council": 4}, 6)
        + rating("council", {"nhs": 4}, 6)
        + rating("charity", {"nhs": 2, "council": 3}, 5)
        + rating("police", {"nhs": 1, "council": 1}, 2)
    )
    (round_,) = build_profile([round_of(answers)]).rounds
    assert round_.partners is not None
    assert isinstance(round_.partners.how_it_sees_others["police"].overall, Suppressed)
    for measure in MEASURES:
        assert given_away(round_.partners, answers, measure) == []


def test_hide_cells_hides_a_total_when_two_hidden_groups_are_joined_by_a_single_cell() -> None:
    # Every line has two or more hidden cells, yet rows a and b less columns 1 and 2 leave
    # (a, 3) alone; with no shown cell left to hide, totals are hidden instead.
    sizes = {c: 3 for c in ["a1", "a2", "b1", "b2", "a3", "c3", "c4", "d3", "d4"]}
    lines = {
        "row a": ("a1", "a2", "a3"),
        "row b": ("b1", "b2"),
        "row c": ("c3", "c4"),
        "row d": ("d3", "d4"),
        "col 1": ("a1", "b1"),
        "col 2": ("a2", "b2"),
        "col 3": ("a3", "c3", "d3"),
        "col 4": ("c4", "d4"),
    }
    sizes |= {total: 9 for total in lines}
    hidden = hide_cells(sizes, 5, [Line(cells, total=total) for total, cells in lines.items()])
    assert {c for c, why in hidden.items() if why is SuppressedBecause.PROTECTS_ANOTHER} == {
        "row a",
        "col 3",
    }


@st.composite
def partnership(draw: st.DrawFn) -> list[ResponseData]:
    """Draw a few groups of raters, each person rating some partners on one or two items."""
    answers = []
    for member in [*ORGS, None]:
        for _ in range(draw(st.integers(0, 9))):
            rated = draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=3))
            about: dict[str, dict[str, int | str]] = {}
            for partner in rated:
                about[partner] = {"keeps-word": draw(st.integers(1, 5))}
                if draw(st.booleans()):
                    about[partner]["listens"] = draw(st.integers(1, 5))
            answers.append(response(member=member, about=about))
    return answers


@settings(max_examples=150, deadline=None)
@given(partnership())
def test_no_hidden_figure_of_the_matrix_follows_from_the_figures_shown(
    answers: list[ResponseData],
) -> None:
    (round_,) = build_profile([round_of(answers)]).rounds
    if round_.partners is None:
        return
    for measure in MEASURES:
        assert given_away(round_.partners, answers, measure) == []
