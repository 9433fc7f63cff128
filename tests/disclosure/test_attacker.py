"""An attacker plays random histories of a round through the real server, reading everything.

The attacker answers as many people with answers they choose, withdraws, enters
paper answers, closes and reopens the round, reveals it in the room and shares
it, and changes a colleague's role. After every step they read every output
any role may have: the API, each download, the results pages. At the end, the
exact-arithmetic oracle (``oracle.exposures``) solves every release they saw
together, and must find no figure about fewer than k people that they could
work out; and no group of rows they downloaded, or that changed between two
downloads, may hold fewer than k people.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from tests.disclosure.conftest import PARTNERS, PERSPECTIVES, Partnership, Visitor
from tests.disclosure.oracle import Seen, exposures
from tests.factories import questionnaire
from tests.questionnaires import TINY
from toolkit.core.scoring import ResponseData, RoundProfile, figures
from toolkit.core.scoring.figures import shown_figures
from toolkit.core.scoring.snapshot import read_snapshot
from toolkit.opendata.keys import create_key
from toolkit.storage.db import db
from toolkit.storage.models import (
    Collection,
    Group,
    GroupKind,
    Membership,
    Partner,
    Perspective,
    Release,
    Role,
    Round,
    RoundStatus,
)

K = 3
# The kinds of figure the API and the oracle speak of: every score and count.
SCORES = {"dimension", "statement", "partner", "how it is seen", "how it sees others"}
QUESTIONNAIRE = questionnaire(TINY)
VALUE = st.sampled_from([1, 2, 3, 3, 1, "dont-know"])


@dataclass
class Context:
    """What every example shares: the partnership, the server, and who reads it."""

    partnership: Partnership
    live: str
    key: str
    readers: dict[Role, Visitor] = field(default_factory=dict)


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    member = draw(st.sampled_from((None, *PARTNERS)))
    own = {item: draw(VALUE) for item in ("open", "kept", "heard") if draw(st.booleans())}
    about = {
        partner: {item: draw(VALUE) for item in ("keeps", "listens") if draw(st.booleans())}
        for partner in PARTNERS
        if partner != member and draw(st.booleans())
    }
    return {
        "perspective": draw(st.sampled_from(PERSPECTIVES)),
        "member": member,
        "answers": own or {"open": draw(VALUE)},
        "about": {p: a for p, a in about.items() if a},
    }


class Attack(RuleBasedStateMachine):
    context: ClassVar[Context]

    def __init__(self) -> None:
        super().__init__()
        partnership = self.context.partnership
        group = Group(
            organisation=partnership.organisation, name="Attacked", kind=GroupKind.PARTNERSHIP
        )
        group.perspectives = [
            Perspective(key=key, label=key.capitalize(), position=i)
            for i, key in enumerate(PERSPECTIVES)
        ]
        group.partners = [Partner(key=key, name=key.upper()) for key in PARTNERS]
        db.session.add(group)
        db.session.commit()
        self.group = group
        partnership.group = group
        self.round: Round = partnership.round("Attacked round", RoundStatus.OPEN, threshold=K)
        self.status = RoundStatus.OPEN
        self.revealed = False
        self.alive: dict[str, ResponseData] = {}
        self.tokens: dict[str, str] = {}
        self.online: set[str] = set()
        # Release number -> what it showed, and who stood behind it when first seen.
        self.seen: dict[int, Seen] = {}
        self.downloads: list[Counter[tuple[Any, ...]]] = []

    # What the attacker does.

    @precondition(lambda self: self.status in (RoundStatus.OPEN, RoundStatus.CLOSED))
    @rule(given=answers(), batch=st.sampled_from([1, 1, K]), paper=st.booleans())
    def answer(self, given: dict[str, Any], batch: int, paper: bool) -> None:
        if self.status is RoundStatus.CLOSED and not paper:
            return
        for _ in range(batch):
            made = self.context.partnership.answer(
                self.round,
                given["perspective"],
                given["answers"],
                about=given["about"],
                member=given["member"],
                collected=Collection.PAPER if paper else Collection.ONLINE,
            )
            key = str(made.id)
            self.alive[key] = ResponseData(
                perspective=given["perspective"],
                answers=given["answers"],
                about_partners=given["about"],
                member=given["member"],
                key=key,
            )
            self.tokens[key] = made.token  # type: ignore[attr-defined]
            if not paper:
                self.online.add(key)

    @precondition(lambda self: self.status is RoundStatus.OPEN and self.online)
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.online)))
        page = Visitor(self.context.live).open(f"/resume/{self.tokens[key]}/withdraw", {})
        assert page.status == 200
        self.online.discard(key)
        del self.alive[key]

    @precondition(lambda self: self.status is RoundStatus.OPEN)
    @rule()
    def close(self) -> None:
        self._move("close", RoundStatus.CLOSED)

    @precondition(lambda self: self.status is RoundStatus.CLOSED)
    @rule()
    def reopen(self) -> None:
        self._move("reopen", RoundStatus.OPEN)

    @precondition(lambda self: self.status is RoundStatus.CLOSED)
    @rule()
    def share(self) -> None:
        self._move("share", RoundStatus.SHARED)

    @precondition(lambda self: self.status is RoundStatus.OPEN and not self.revealed)
    @rule()
    def reveal_in_the_room(self) -> None:
        facilitator = self.context.readers[Role.FACILITATOR]
        path = f"/rounds/{self.round.id}/session"
        assert facilitator.open(path, {"expected": "30"}).status == 200
        assert facilitator.open(f"{path}/reveal", {}).status == 200
        self.revealed = True

    @rule()
    def change_the_viewers_role(self) -> None:
        viewer = self.context.partnership.accounts[Role.VIEWER]
        membership = db.session.query(Membership).filter_by(account_id=viewer.id).one()
        membership.role = Role.FACILITATOR if membership.role is Role.VIEWER else Role.VIEWER
        db.session.commit()

    def _move(self, step: str, to: RoundStatus) -> None:
        page = self.context.readers[Role.FACILITATOR].open(
            f"/rounds/{self.round.id}/stage/{step}", {}
        )
        assert page.status == 200
        self.status = to

    # What the attacker reads after every step.

    @invariant()
    def read_everything(self) -> None:
        readers = self.context.readers
        api = Visitor(self.context.live)
        request = __import__("urllib.request").request.Request(
            f"{self.context.live}/api/groups/{self.group.id}/profile",
            headers={"Authorization": f"Bearer {self.context.key}"},
        )
        with __import__("urllib.request").request.urlopen(request, timeout=60) as answer:
            profile = json.loads(answer.read())
        del api
        shown_rounds = {r["round_id"]: r for r in profile["rounds"]}
        for found in shown_rounds.values():
            self._saw(found["release"], shown_in_api(found), found["perspectives"])
        for reader in readers.values():
            page = reader.open(f"/rounds/{self.round.id}/results")
            shows = re.search(r'data-release="(\d+)"', page.text)
            if shows is None:
                continue
            number = int(shows.group(1))
            api = shown_rounds.get(self.round.id)
            if api is not None and api["release"] == number:
                assert f"{api['responses']} people answered" in page.text
            else:
                # Only pages show a round revealed in the room: what they show is its release.
                shown = shown_figures(self._release(number))
                self._saw(number, frozenset(f for f in shown if _a_score(f)), None)
        download = readers[Role.FACILITATOR].open(f"/rounds/{self.round.id}/exports/answers.csv")
        assert download.status == 200
        found_rows = list(csv.DictReader(io.StringIO(download.text)))
        if found_rows:
            self.downloads.append(_records(found_rows))

    def _release(self, number: int) -> RoundProfile:
        release = db.session.scalar(
            select(Release).where(Release.round_id == self.round.id, Release.number == number)
        )
        assert release is not None
        return read_snapshot(release.profile)

    def _saw(self, number: int, shown: frozenset[str], grouping: Any) -> None:
        """Keep a release the first time it is seen, with the answers behind it then."""
        if number in self.seen:
            assert shown == self.seen[number].shown, f"release {number} changed"
            return
        if grouping is None:
            grouping = self._release(number).perspectives
        self.seen[number] = Seen(shown, grouping, tuple(self.alive.values()))

    def teardown(self) -> None:
        assert exposures(QUESTIONNAIRE, self.seen.values(), K) == []
        _check_rows(self.downloads)


def _a_score(figure: str) -> bool:
    """Say whether a figure is a score or count shown, named as the API's figures are."""
    kind = figures.kind_of(figure)
    return kind == "choice" or (kind in SCORES and figures.parts(figure)[-1] == figures.SCORED)


def _records(rows: list[dict[str, str]]) -> Counter[tuple[Any, ...]]:
    """Return a download's records by group of rows and what they hold."""
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in rows:
        found[row["response"]].append(
            (row["perspective"], row["partner"], row["item"], row["answer"])
        )
    records: Counter[tuple[Any, ...]] = Counter()
    for held in found.values():
        perspective, partner = held[0][0], held[0][1]
        records[(("about", partner) if partner else ("own", perspective), tuple(sorted(held)))] += 1
    return records


def _check_rows(downloads: list[Counter[tuple[Any, ...]]]) -> None:
    """Every group of rows holds k records or more, and so does every change between two."""
    for i, records in enumerate(downloads):
        groups = Counter(group for group, _ in records.elements())
        assert all(n >= K for n in groups.values()), groups
        for earlier in downloads[:i]:
            for change in (records - earlier, earlier - records):
                moved = Counter(group for group, _ in change.elements())
                assert all(n >= K for n in moved.values()), moved


def shown_in_api(found: dict[str, Any]) -> frozenset[str]:
    """Name the figures a round's API profile shows."""
    names: set[str] = set()
    for d in found["dimensions"]:
        cells = {"": d["everyone"]["summary"]}
        cells |= {g: score["summary"] for g, score in d["by_perspective"].items()}
        names |= {
            figures.dimension(d["dimension"], g) for g, cell in cells.items() if cell["shown"]
        }
    for item in found["items"]:
        scores = {"": item["everyone"], **item["by_perspective"]}
        counts = {"": item["answers"], **item["answers_by_perspective"]}
        for g in scores:
            if scores[g]["shown"] or counts[g]["shown"]:
                names.add(figures.statement(item["item"], g))
    for asked in found["choices"]:
        counts = {"": asked["answers"], **asked["answers_by_perspective"]}
        names |= {figures.choice(asked["item"], g) for g, shown in counts.items() if shown["shown"]}
    matrix = found["partners"]
    if matrix is not None:
        for cell in matrix["cells"]:
            names |= {
                figures.partner_cell(m, cell["rater"], cell["partner"])
                for m in _shown_measures(cell)
            }
        for partner, seen in matrix["how_it_is_seen"].items():
            names |= {figures.how_it_is_seen(m, partner) for m in _shown_measures(seen)}
        for rater, sees in matrix["how_it_sees_others"].items():
            names |= {figures.how_it_sees_others(m, rater) for m in _shown_measures(sees)}
    return frozenset(names)


def _shown_measures(scores: dict[str, Any]) -> list[str]:
    measures = {"": scores["overall"], **scores["items"]}
    return [m for m, cell in measures.items() if cell["shown"]]


def test_no_history_of_answers_and_moves_lets_an_attacker_work_out_fewer_than_k_people(
    partnership: Partnership, live: str
) -> None:
    key = create_key(partnership.organisation, "Attacker's dashboard")[1]
    db.session.commit()
    readers = {role: Visitor(live).sign_in(partnership.email(role)) for role in Role}
    Attack.context = Context(partnership, live, key, readers)
    run_state_machine_as_test(
        Attack,
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
