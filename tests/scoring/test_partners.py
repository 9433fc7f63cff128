from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import response, round_of
from toolkit.core.scoring import Summary, Suppressed, build_profile
from toolkit.core.scoring.data import ResponseData

ORGS = ["council", "charity", "nhs"]


def rating(member: str, about: dict[str, int], count: int) -> list[ResponseData]:
    return [
        response(
            member=member, about={p: {"keeps-word": v, "listens": v} for p, v in about.items()}
        )
        for _ in range(count)
    ]


def test_it_shows_how_each_member_sees_the_others_and_how_it_is_seen() -> None:
    answers = rating("council", {"charity": 4, "nhs": 2, "council": 5}, 5) + rating(
        "charity", {"council": 2, "nhs": 3}, 5
    )
    (round_,) = build_profile([round_of(answers)]).rounds
    matrix = round_.partners
    assert matrix is not None
    cell = matrix.cells["council", "charity"].overall
    assert isinstance(cell, Summary) and (cell.n, cell.mean) == (5, 75.0)
    seen = matrix.how_it_is_seen["council"].overall
    # The council's own members rating themselves are left out of how it is seen.
    assert isinstance(seen, Summary) and (seen.n, seen.mean) == (5, 25.0)
    sees = matrix.how_it_sees_others["council"].overall
    assert isinstance(sees, Summary) and sees.mean == 50.0
    assert matrix.raters == ("charity", "council")


def one_small_rater() -> list[ResponseData]:
    """6 council, 5 charity and 2 police people rate NHS, and only NHS."""
    return (
        rating("council", {"nhs": 4}, 6)
        + rating("charity", {"nhs": 2}, 5)
        + rating("police", {"nhs": 1}, 2)
    )


def test_it_hides_a_second_rater_when_one_small_rater_could_be_subtracted() -> None:
    (round_,) = build_profile([round_of(one_small_rater())]).rounds
    assert round_.partners is not None
    cells = round_.partners.cells
    assert isinstance(round_.partners.how_it_is_seen["nhs"].overall, Summary)
    assert isinstance(cells["police", "nhs"].overall, Suppressed)
    assert isinstance(cells["charity", "nhs"].overall, Suppressed)
    assert isinstance(cells["council", "nhs"].overall, Summary)


@st.composite
def partnership(draw: st.DrawFn) -> list[ResponseData]:
    return [
        response(
            member=draw(st.sampled_from([*ORGS, None])),
            about={
                p: {"keeps-word": draw(st.integers(1, 5))}
                for p in draw(st.lists(st.sampled_from(ORGS), unique=True))
            },
        )
        for _ in range(draw(st.integers(0, 40)))
    ]


@settings(max_examples=100, deadline=None)
@given(partnership())
def test_no_rater_group_of_fewer_than_k_can_be_worked_out_from_the_matrix(
    answers: list[ResponseData],
) -> None:
    (round_,) = build_profile([round_of(answers)]).rounds
    if round_.partners is None:
        return
    matrix = round_.partners
    raters, k = matrix.raters, 5

    def n(rater: str | None, partner: str) -> int:
        return sum(1 for r in answers if r.member == rater and partner in r.about_partners)

    for partner in matrix.partners:
        column = [(r, partner) for r in raters if r != partner]
        if isinstance(matrix.how_it_is_seen[partner].overall, Summary):
            with_answers = [c for c in column if n(*c)]
            hidden = [c for c in with_answers if isinstance(matrix.cells[c].overall, Suppressed)]
            # Nothing hidden, two or more hidden cells of k people together, or all of it.
            assert (
                not hidden
                or (len(hidden) >= 2 and sum(n(*c) for c in hidden) >= k)
                or hidden == with_answers
            )
    for rater, sees in matrix.how_it_sees_others.items():
        row = [(rater, p) for p in matrix.partners if p != rater]
        if isinstance(sees.overall, Summary):
            with_answers = [c for c in row if n(*c)]
            hidden = [c for c in with_answers if isinstance(matrix.cells[c].overall, Suppressed)]
            # People rate several partners, so a hidden cell needs one of k people beside it.
            assert (
                not hidden
                or (len(hidden) >= 2 and max(n(*c) for c in hidden) >= k)
                or hidden == with_answers
            )
    for cell in matrix.cells.values():
        for value in (cell.overall, *cell.items.values()):
            assert isinstance(value, Suppressed) or value.n >= k
