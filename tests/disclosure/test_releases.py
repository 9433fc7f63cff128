"""Releases of one round, checked against each other: the rules, one case at a time."""

from __future__ import annotations

from tests.disclosure.oracle import Seen, exposures
from tests.disclosure.test_releases_property import QUESTIONNAIRE, K
from toolkit.core.scoring import ResponseData, Suppressed
from toolkit.core.scoring.data import RoundData
from toolkit.core.scoring.history import EarlierRelease
from toolkit.core.scoring.releases import Proposal, propose


def person(key: str, perspective: str, **answers: int | str) -> ResponseData:
    return ResponseData(perspective=perspective, answers=answers, key=key)


def several(prefix: str, perspective: str, count: int, **answers: int | str) -> list[ResponseData]:
    return [person(f"{prefix}{i}", perspective, **answers) for i in range(count)]


class Round:
    """One round's answers over time, released as the service releases them."""

    def __init__(self) -> None:
        self.responses: dict[str, ResponseData] = {}
        self.made: list[EarlierRelease] = []
        self.seen: list[Seen] = []

    def add(self, *people: ResponseData) -> None:
        self.responses.update((p.key, p) for p in people)

    def withdraw(self, *keys: str) -> None:
        for key in keys:
            del self.responses[key]

    def release(self) -> Proposal:
        data = RoundData("r", "Round", QUESTIONNAIRE, tuple(self.responses.values()), threshold=K)
        proposal = propose(data, self.made)
        if proposal.release is not None:
            self.made.append(EarlierRelease(proposal.release.profile, proposal.release.people))
            self.seen.append(Seen.of(proposal.release.profile, tuple(self.responses.values())))
        return proposal


def test_a_cell_shown_before_stays_known_so_another_is_hidden_in_its_place() -> None:
    # Three groups; only one resident answered "open", so residents' "open" is hidden, and
    # staff's with it (the smallest shown). Then three more staff answer: board is now the
    # smallest, but board's figure is already out, so hiding it would protect nothing.
    round_ = Round()
    round_.add(
        *several("s", "staff", 4, open=1),
        *several("b", "board", 5, open=2),
        *several("r", "residents", 2),
        person("r9", "residents", open=3),
    )
    first = round_.release().release
    assert first is not None
    open_now = next(i for i in first.profile.items if i.item == "open")
    assert isinstance(open_now.by_perspective["staff"], Suppressed)
    assert not isinstance(open_now.by_perspective["board"], Suppressed)
    round_.add(*several("t", "staff", K, open=3))
    second = round_.release().release
    assert second is not None
    open_then = next(i for i in second.profile.items if i.item == "open")
    assert not isinstance(open_then.by_perspective["board"], Suppressed)
    assert isinstance(open_then.by_perspective["staff"], Suppressed)
    assert exposures(QUESTIONNAIRE, round_.seen, K) == []


def test_one_more_answer_does_not_move_a_released_figure() -> None:
    round_ = Round()
    round_.add(*several("s", "staff", 4, open=1))
    assert round_.release().release is not None
    round_.add(person("late", "staff", open=3))
    proposal = round_.release()
    assert proposal.release is None
    assert (proposal.changes.added, proposal.changes.withdrawn) == (1, 0)
    assert proposal.changes.held_back


def test_a_withdrawal_does_not_move_a_released_figure_by_one_person() -> None:
    round_ = Round()
    round_.add(*several("s", "staff", 6, open=1))
    assert round_.release().release is not None
    round_.withdraw("s0")
    proposal = round_.release()
    assert proposal.release is None
    assert (proposal.changes.added, proposal.changes.withdrawn) == (0, 1)


def test_k_more_answers_alike_make_a_new_release() -> None:
    round_ = Round()
    round_.add(*several("s", "staff", 4, open=1))
    assert round_.release().release is not None
    round_.add(*several("t", "staff", K, open=3))
    assert round_.release().release is not None
    assert exposures(QUESTIONNAIRE, round_.seen, K) == []


def test_k_more_answers_spread_over_groups_wait_until_each_group_has_k() -> None:
    round_ = Round()
    round_.add(*several("s", "staff", 4, open=1), *several("b", "board", 4, open=2))
    assert round_.release().release is not None
    round_.add(*several("t", "staff", 2, open=3), *several("c", "board", 1, open=3))
    assert round_.release().release is None
    round_.add(*several("u", "staff", 1, open=3), *several("d", "board", 2, open=3))
    assert round_.release().release is not None
    assert exposures(QUESTIONNAIRE, round_.seen, K) == []


def test_the_grouping_of_perspectives_stays_as_first_released() -> None:
    round_ = Round()
    round_.add(*several("s", "staff", 4, open=1), *several("b", "board", 2, open=2))
    first = round_.release().release
    assert first is not None and first.profile.perspectives == {}
    round_.add(*several("c", "board", 4, open=2))
    second = round_.release().release
    assert second is not None and second.profile.perspectives == {}
