"""Random histories of one round, answered, withdrawn and released again and again.

After every history, the exact-arithmetic attacker (``oracle``) reads every
release made and must find no figure about fewer than k people it can work out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.disclosure.oracle import Seen, exposures
from tests.factories import questionnaire
from tests.questionnaires import TINY_WITH_CHOICE
from toolkit.core.scoring import ResponseData, figures
from toolkit.core.scoring.data import RoundData
from toolkit.core.scoring.history import EarlierRelease
from toolkit.core.scoring.releases import propose

K = 3
QUESTIONNAIRE = questionnaire(TINY_WITH_CHOICE)
PERSPECTIVES = ("staff", "residents", "board")
MEMBERS = (None, "council", "charity", "nhs")


@st.composite
def people(draw: st.DrawFn, keys: list[str]) -> list[ResponseData]:
    """Draw people who answered alike: the same perspective, organisation and skips.

    Alike, so that a batch of k of them can move every figure by k; their answers differ.
    """
    member = draw(st.sampled_from(MEMBERS))
    perspective = draw(st.sampled_from(PERSPECTIVES))
    own = [item for item in ("open", "kept", "heard", "how-long") if draw(st.booleans())]
    about = {
        partner: [item for item in ("keeps", "listens") if draw(st.booleans())]
        for partner in MEMBERS[1:]
        if partner != member and draw(st.booleans())
    }
    value = st.sampled_from([1, 2, 3, 3, 1, "dont-know"])
    return [
        ResponseData(
            perspective=perspective,
            answers={item: draw(value) for item in own},
            about_partners={
                p: {i: draw(value) for i in items} for p, items in about.items() if items
            },
            member=member,
            key=key,
        )
        for key in keys
    ]


@dataclass
class History:
    responses: dict[str, ResponseData] = field(default_factory=dict)
    releases: list[EarlierRelease] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def release(self) -> None:
        round_ = RoundData(
            "r1", "A round", QUESTIONNAIRE, tuple(self.responses.values()), threshold=K
        )
        proposal = propose(round_, self.releases)
        if proposal.release is not None:
            made = proposal.release
            self.releases.append(EarlierRelease(made.profile, made.people))
            self.seen.append(Seen.of(made.profile, tuple(self.responses.values())))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_release_history_gives_away_fewer_than_k_people(data: st.DataObject) -> None:
    history = History()
    for step in range(data.draw(st.integers(4, 18), label="steps")):
        action = data.draw(st.sampled_from(["answer", "answer", "withdraw", "release"]))
        if action == "answer":
            count = data.draw(st.sampled_from([1, K, K, K + 1]), label="how many")
            keys = [f"p{step}.{i}" for i in range(count)]
            for made in data.draw(people(keys), label="answers"):
                history.responses[made.key] = made
        elif action == "withdraw" and history.responses:
            count = data.draw(st.sampled_from([1, K]), label="how many withdraw")
            gone = data.draw(
                st.lists(st.sampled_from(sorted(history.responses)), max_size=count, unique=True)
            )
            for key in gone:
                del history.responses[key]
        else:
            history.release()
    history.release()
    event(f"{len(history.seen)} releases")
    assert exposures(QUESTIONNAIRE, history.seen, K) == []


def test_the_attacker_reads_a_choice_questions_counts_from_a_group_and_everyone() -> None:
    staff = [ResponseData("staff", {"how-long": 1}, key=f"s{i}") for i in range(4)]
    alone = ResponseData("board", {"how-long": 3}, key="b0")
    shown = {figures.choice("how-long", g) for g in (figures.EVERYONE, "staff")}
    seen = Seen(frozenset(shown), {"staff": ("staff",), "board": ("board",)}, [*staff, alone])
    assert exposures(QUESTIONNAIRE, [seen], K) == ["('choice', 'how-long'): b0"]
