"""A worker keeps the releases it has read, and shows a new release as soon as one is made."""

from __future__ import annotations

from tests.disclosure.conftest import Partnership
from toolkit.services.readers import Reader, ReaderKind
from toolkit.services.results import results_for

FACILITATOR = Reader(ReaderKind.FACILITATOR)


def test_a_release_is_read_back_once_and_a_new_release_is_shown_at_once(
    partnership: Partnership,
) -> None:
    round_ = partnership.round("Spring")
    partnership.many(round_, 5, answers={"open": 3})
    first = results_for(partnership.group, FACILITATOR)
    again = results_for(partnership.group, FACILITATOR)
    assert first is not None and again is not None
    assert again.standing[str(round_.id)].profile is first.standing[str(round_.id)].profile
    assert first.latest.responses == 5

    # Late paper answers, enough to move every figure by k people: a new release stands.
    partnership.many(round_, 5, answers={"open": 1})
    later = results_for(partnership.group, FACILITATOR)
    assert later is not None
    assert later.standing[str(round_.id)].release.number == 2
    assert later.latest.responses == 10
