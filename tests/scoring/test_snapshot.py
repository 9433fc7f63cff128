"""Published results read back from their JSON snapshot: equal, still safe, and versioned."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import everyone_answers, response, round_of
from tests.scoring.test_partners import one_small_rater
from tests.scoring.test_partners_subtraction import given_away
from tests.scoring.test_properties import SETTINGS, profiles
from toolkit.core.scoring import (
    Change,
    GroupProfile,
    PartnerScores,
    RoundData,
    RoundProfile,
    Summary,
    Suppressed,
    SuppressedBecause,
    build_profile,
)
from toolkit.core.scoring.snapshot import (
    SNAPSHOT_VERSION,
    SnapshotError,
    plain,
    read_snapshot,
    snapshot,
)

PUBLISHED_ON = date(2025, 7, 1)


def stored(profile: RoundProfile) -> dict[str, Any]:
    """Return the snapshot as the database gives it back: through JSON text."""
    return json.loads(json.dumps(snapshot(profile, PUBLISHED_ON)))


def published(round_: RoundData, profile: RoundProfile) -> RoundData:
    """Return the round as it is once retention has deleted its answers."""
    return replace(round_, responses=(), published=read_snapshot(stored(profile)))


@SETTINGS
@given(profiles(), st.data())
def test_published_rounds_give_the_same_profile_as_scoring_their_answers(
    made: tuple[list[RoundData], GroupProfile], data: st.DataObject
) -> None:
    rounds, profile = made
    answers_gone = data.draw(st.lists(st.booleans(), min_size=len(rounds), max_size=len(rounds)))
    mixed = [
        published(round_, shown) if gone else round_
        for round_, shown, gone in zip(rounds, profile.rounds, answers_gone, strict=True)
    ]
    for shown in profile.rounds:
        assert read_snapshot(stored(shown)) == shown
    assert build_profile(mixed) == profile


def test_the_perception_matrix_and_dates_read_back_exactly() -> None:
    def rating(member: str | None, about: dict[str, int], count: int) -> list[Any]:
        rated = {p: {"keeps-word": v, "listens": v} for p, v in about.items()}
        return [response(member=member, about=rated) for _ in range(count)]

    answers = (
        rating("council", {"nhs": 4, "charity": 3}, 6)
        + rating("charity", {"nhs": 2}, 5)
        + rating("police", {"nhs": 1}, 2)
        + rating(None, {"nhs": 5, "council": 2}, 5)
    )
    round_ = replace(round_of(answers), closed_on=date(2025, 3, 31))
    (profile,) = build_profile([round_]).rounds
    assert profile.partners is not None
    assert isinstance(profile.partners.cells["police", "nhs"].overall, Suppressed)
    assert read_snapshot(stored(profile)) == profile
    assert build_profile([published(round_, profile)]).rounds[0] == profile


def partly_answered() -> list[Any]:
    """Ten people, two of whom skipped Power: 3 community members' Power is too few to show."""
    return (
        everyone_answers("commissioner", 5, shared=2, say_no=2, trusted=4)
        + everyone_answers("community member", 3, shared=5, say_no=4, trusted=4)
        + everyone_answers("community member", 2, trusted=4)
    )


def test_a_value_hidden_when_published_stays_hidden_and_hides_the_change_since() -> None:
    everyone = everyone_answers("commissioner", 5, shared=2, say_no=2, trusted=4) + (
        everyone_answers("community member", 5, shared=5, say_no=4, trusted=4)
    )
    (as_published,) = build_profile([round_of(partly_answered())]).rounds
    # Scored today, these answers would show every group's Power; the snapshot hid two.
    march = replace(round_of(everyone), published=read_snapshot(stored(as_published)))
    june = round_of(everyone, key="r2", label="June 2025")
    then, now = build_profile([march, june]).rounds
    power_then, power_now = then.dimensions[1], now.dimensions[1]
    assert power_then.dimension == power_now.dimension == "power"
    assert power_then.by_perspective["community member"].summary == Suppressed(
        SuppressedBecause.TOO_FEW, 5
    )
    assert power_then.by_perspective["commissioner"].summary == Suppressed(
        SuppressedBecause.PROTECTS_ANOTHER, 5
    )
    for group in ("community member", "commissioner"):
        (since,) = power_now.by_perspective[group].changes
        assert isinstance(power_now.by_perspective[group].summary, Summary)
        assert isinstance(since.change, Suppressed), group
    # What the snapshot showed still counts: everyone's Power, from 8 people.
    before, after = power_then.everyone.summary, power_now.everyone.summary
    assert isinstance(before, Summary) and isinstance(after, Summary)
    assert power_now.everyone.changes[0].change == Change(after.mean - before.mean, 8, 10)


def test_a_published_round_is_named_and_dated_as_the_round_is_now() -> None:
    (as_published,) = build_profile([round_of(partly_answered())]).rounds
    renamed = replace(
        round_of((), key="17", label="Spring check", threshold=5),
        closed_on=date(2025, 4, 1),
        published=read_snapshot(stored(as_published)),
    )
    (shown,) = build_profile([renamed]).rounds
    assert (shown.key, shown.label, shown.closed_on) == ("17", "Spring check", date(2025, 4, 1))
    assert shown.dimensions == as_published.dimensions and shown.responses == 10


def test_a_version_1_snapshot_reads_without_how_many_answered_in_each_perspective() -> None:
    (as_published,) = build_profile([round_of(partly_answered())]).rounds
    old = stored(as_published)
    del old["profile"]["took_part"]
    old["version"] = 1
    assert read_snapshot(old) == replace(as_published, took_part={})


def test_a_version_2_snapshot_hides_the_totals_that_gave_a_small_group_away() -> None:
    # Version 2 showed the charity's row (25, n=5): the charity rated only NHS, so with NHS's
    # column and the council's cell it gave the two police people's ratings away.
    answers = one_small_rater()
    (profile,) = build_profile([round_of(answers)]).rounds
    old = {**stored(profile), "version": 2}
    as_shown = plain(PartnerScores(Summary(5, 25.0, 25.0, 25.0, 25.0), {}))
    as_shown["items"] = {item: as_shown["overall"] for item in ("keeps-word", "listens")}
    old["profile"]["partners"]["how_it_sees_others"]["charity"] = as_shown
    matrix = read_snapshot(old).partners
    assert matrix is not None
    hidden = Suppressed(SuppressedBecause.PROTECTS_ANOTHER, 5)
    # Hidden cells keep no n, so the police's cell may or may not be empty: the column goes too.
    assert matrix.how_it_sees_others["charity"].overall == hidden
    assert matrix.how_it_is_seen["nhs"].items["listens"] == hidden
    assert isinstance(matrix.how_it_sees_others["council"].overall, Summary)
    assert profile.partners is not None and matrix.cells == profile.partners.cells
    for measure in ("overall", "keeps-word", "listens"):
        assert given_away(matrix, answers, measure) == []


@pytest.mark.parametrize("version", [SNAPSHOT_VERSION + 1, 0, "2", None])
def test_an_unknown_snapshot_version_is_refused_saying_which_versions_are_read(
    version: object,
) -> None:
    (as_published,) = build_profile([round_of(partly_answered())]).rounds
    newer = {**stored(as_published), "version": version}
    with pytest.raises(SnapshotError) as refused:
        read_snapshot(newer)
    assert str(refused.value) == (
        f"Unexpected snapshot version {version!r} in the published results of round "
        f"'March 2025'; this toolkit reads versions 1 to {SNAPSHOT_VERSION}, so upgrade it "
        "to the release that published them."
    )


def test_an_edited_snapshot_is_refused_rather_than_read_wrongly() -> None:
    (as_published,) = build_profile([round_of(partly_answered())]).rounds
    edited = stored(as_published)
    power = edited["profile"]["dimensions"][1]["by_perspective"]["commissioner"]
    power["summary"]["kind"] = "Summary"  # a hidden value made to look shown
    with pytest.raises(SnapshotError, match="cannot be read: TypeError"):
        read_snapshot(edited)
    extra = stored(as_published)
    extra["profile"]["mood"] = "sunny"
    with pytest.raises(SnapshotError, match="mood"):
        read_snapshot(extra)
