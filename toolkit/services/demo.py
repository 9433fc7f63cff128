"""A deterministic, realistic demo: a partnership and a team with a history of checks.

The answers are simulated from a few plain assumptions so every screen has
something true-looking to show: community members see power-sharing less
generously than commissioners do, trust grows slowly over eighteen months,
one item splits opinion, and a few people say "don't know".
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from toolkit.core.questionnaire.schema import Item, Questionnaire
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AgreedAction,
    Answer,
    Collection,
    Comment,
    Group,
    GroupKind,
    Membership,
    Organisation,
    Partner,
    Perspective,
    Response,
    ResponseStatus,
    Role,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import available_questionnaire, pin

DEMO_SLUG = "ashby-vale-voluntary-action"
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "try-the-toolkit"


@dataclass(frozen=True)
class DemoRound:
    title: str
    opens_on: date
    weeks_open: int
    responses: int
    status: RoundStatus


@dataclass(frozen=True)
class DemoPerspective:
    key: str
    label: str
    label_cy: str
    # How generously this kind of member sees things, in points out of 100.
    leaning: float


PARTNERSHIP_PERSPECTIVES = (
    DemoPerspective("commissioner", "Commissioners", "Comisiynwyr", +8),
    DemoPerspective("provider", "Voluntary sector providers", "Darparwyr gwirfoddol", 0),
    DemoPerspective("community", "Community members", "Aelodau'r gymuned", -10),
)

# Each partner organisation, and the perspective its people usually answer from.
PARTNERS = (
    ("ashby-vale-council", "Ashby Vale Council", "commissioner"),
    ("nhs-ashby-vale", "NHS Ashby Vale Place Team", "commissioner"),
    ("ashby-vale-voluntary-action", "Ashby Vale Voluntary Action", "provider"),
    ("greenfield-family-support", "Greenfield Family Support", "provider"),
    ("northside-residents-forum", "Northside Residents' Forum", "community"),
)

# The open round's last day is at least this far off when the demo is made.
OPEN_FOR_A_WHILE = timedelta(weeks=3)
PARTNERSHIP_ROUNDS = (
    DemoRound("Spring 2025 check", date(2025, 5, 6), 4, 24, RoundStatus.SHARED),
    DemoRound("Autumn 2025 check", date(2025, 11, 4), 4, 19, RoundStatus.SHARED),
    DemoRound("Spring 2026 check", date(2026, 5, 5), 4, 27, RoundStatus.SHARED),
    DemoRound("Autumn 2026 check", date(2026, 11, 3), 4, 17, RoundStatus.OPEN),
)

TEAM_PERSPECTIVES = (
    DemoPerspective("front-line", "Front line", "Rheng flaen", -3),
    DemoPerspective("team-leaders", "Team leaders", "Arweinwyr tîm", +6),
)

TEAM_ROUNDS = (
    DemoRound("March check-in", date(2026, 3, 2), 2, 9, RoundStatus.SHARED),
    DemoRound("June check-in", date(2026, 6, 1), 2, 8, RoundStatus.SHARED),
    DemoRound("September check-in", date(2026, 9, 7), 2, 10, RoundStatus.CLOSED),
)

COMMENTS = (
    "The walk-and-talk sessions on the estate changed how the council heard us.",
    "We still find out about funding decisions after they are made.",
    "Sharing the room booking with the residents' forum built more trust than any meeting.",
    "It felt different when the commissioner came to our space instead of the town hall.",
    "Some partners listen well; others already know what they want to hear.",
    "We agreed to disagree about the referral pathway, and that was healthy.",
    "New staff at the council mean starting the relationship again.",
    "People who never came to meetings joined the community conversation in the library.",
    "Decisions are clearer since we wrote down who decides what.",
    "I would like us to spend less time on reports and more time together.",
)

ACTIONS = (
    (
        "Hold the next partnership meeting at the residents' forum, not the council offices.",
        "Chair",
    ),
    (
        "Share draft funding criteria with all partners before they are fixed.",
        "Council commissioner",
    ),
    (
        "Start each meeting with ten minutes of what we have heard from residents.",
        "Voluntary Action",
    ),
)


def closing_day(plan: DemoRound) -> date:
    """The day a demo round closes: an open round stays open a while yet, whenever the demo
    is made, so someone trying the toolkit can still answer it."""
    planned = plan.opens_on + timedelta(weeks=plan.weeks_open)
    if plan.status is RoundStatus.OPEN:
        return max(planned, date.today() + OPEN_FOR_A_WHILE)
    return planned


def create_demo() -> str:
    """Create the demo once; running it again changes nothing."""
    if db.session.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG)):
        return "The demo is already in place; nothing was added."
    organisation = Organisation(name="Ashby Vale Voluntary Action", slug=DEMO_SLUG)
    db.session.add(organisation)
    _add_demo_account(organisation)
    partnership = _add_group(
        organisation,
        "Ashby Vale Wellbeing Partnership",
        GroupKind.PARTNERSHIP,
        "The council, the NHS place team, two charities and the residents' forum, "
        "working together on wellbeing in Northside.",
        PARTNERSHIP_PERSPECTIVES,
    )
    partnership.partners = [Partner(key=key, name=name) for key, name, _ in PARTNERS]
    _add_rounds(
        partnership, "joining-forces-partnership", PARTNERSHIP_ROUNDS, PARTNERSHIP_PERSPECTIVES
    )
    team = _add_group(
        organisation,
        "Community Connectors team",
        GroupKind.TEAM,
        "Eight connectors and two team leaders who check in on their relationships every quarter.",
        TEAM_PERSPECTIVES,
    )
    _add_rounds(team, "relationship-health-check", TEAM_ROUNDS, TEAM_PERSPECTIVES)
    _add_actions(partnership)
    db.session.commit()
    return (
        "Demo created: Ashby Vale Wellbeing Partnership (4 checks) and the Community "
        f"Connectors team (3 checks). Sign in as {DEMO_EMAIL} with password {DEMO_PASSWORD}."
    )


def _add_demo_account(organisation: Organisation) -> None:
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    if account is None:
        account = Account(
            email=DEMO_EMAIL,
            name="Demo facilitator",
            password_hash=generate_password_hash(DEMO_PASSWORD),
        )
    db.session.add(Membership(account=account, organisation=organisation, role=Role.ADMIN))


def _add_group(
    organisation: Organisation,
    name: str,
    kind: GroupKind,
    description: str,
    perspectives: tuple[DemoPerspective, ...],
) -> Group:
    group = Group(name=name, kind=kind, description=description, organisation=organisation)
    group.perspectives = [
        Perspective(key=p.key, label=p.label, label_cy=p.label_cy, position=i)
        for i, p in enumerate(perspectives)
    ]
    db.session.add(group)
    return group


def _add_rounds(
    group: Group,
    questionnaire_id: str,
    rounds: tuple[DemoRound, ...],
    perspectives: tuple[DemoPerspective, ...],
) -> None:
    questionnaire, source = available_questionnaire(questionnaire_id)
    version = pin(questionnaire, source)
    simulation = Simulation(questionnaire, perspectives, seed=f"{group.name}")
    for index, plan in enumerate(rounds):
        check = Round(
            group=group,
            questionnaire_version=version,
            title=plan.title,
            opens_on=plan.opens_on,
            closes_on=closing_day(plan),
            status=plan.status,
            perspective_keys=",".join(p.key for p in perspectives),
            shared_token_hash=hash_token(secrets.token_urlsafe(16)),
        )
        answered = [simulation.response(index, number, plan) for number in range(plan.responses)]
        check.responses = [response for response, _ in answered]
        db.session.add(check)
        db.session.flush()
        # Thousands of answers: one bulk insert instead of an object each.
        db.session.execute(
            insert(Answer),
            [{**row, "response_id": response.id} for response, rows in answered for row in rows],
        )


class Simulation:
    """Answers drawn from a seeded generator, so the demo is the same everywhere."""

    def __init__(
        self, questionnaire: Questionnaire, perspectives: tuple[DemoPerspective, ...], seed: str
    ) -> None:
        self.questionnaire = questionnaire
        self.perspectives = perspectives
        self.random = random.Random(seed)
        dimensions = [d.key for d in questionnaire.dimensions]
        # The first dimension is where perspectives differ most; the last grows fastest.
        self.gap_dimension = dimensions[0]
        self.growing_dimension = dimensions[-1]
        self.item_offsets = {item.key: self.random.gauss(0, 7) for item in questionnaire.items}
        scored = questionnaire.scored_items
        self.split_item = scored[len(scored) // 2].key if scored else None

    def response(
        self, round_index: int, number: int, plan: DemoRound
    ) -> tuple[Response, list[dict[str, object]]]:
        """Return one simulated response and its answers, as rows to insert."""
        perspective = self.perspectives[number % len(self.perspectives)]
        partner = self._partner_for(perspective.key, number)
        day = plan.opens_on + timedelta(days=self.random.randrange(plan.weeks_open * 7))
        response = Response(
            status=ResponseStatus.SUBMITTED,
            perspective_key=perspective.key,
            partner_key=partner,
            collected=Collection.PAPER if number % 9 == 4 else Collection.ONLINE,
            language="cy" if number % 11 == 7 else "en",
            started_on=day,
            submitted_on=day,
            resume_token_hash=hash_token(secrets.token_urlsafe(16)),
        )
        person = self.random.gauss(0, 9)
        rows: list[dict[str, object]] = []
        for section in self.questionnaire.sections:
            for item in section.items:
                if item.is_story:
                    continue
                rated = (
                    [key for key, _, _ in PARTNERS if key != partner]
                    if section.about_each_partner
                    else [""]
                )
                for rated_partner in rated:
                    answer = self._answer(item, perspective, round_index, person, rated_partner)
                    if answer is not None:
                        rows.append(_answer_row(item.key, rated_partner, answer))
        if self.random.random() < 0.3:
            response.comments.append(self._comment())
        return response, rows

    def _partner_for(self, perspective: str, number: int) -> str | None:
        if self.questionnaire.sections and not any(
            s.about_each_partner for s in self.questionnaire.sections
        ):
            return None
        candidates = [key for key, _, usual in PARTNERS if usual == perspective]
        return candidates[number % len(candidates)]

    def _answer(
        self,
        item: Item,
        perspective: DemoPerspective,
        round_index: int,
        person: float,
        rated_partner: str,
    ) -> int | str | None:
        scale = self.questionnaire.scale_for(item)
        roll = self.random.random()
        if roll < 0.04 and scale.excluded:
            return scale.excluded[0].value
        if roll < 0.06 and not item.required:
            return None
        if item.key == self.split_item:
            position = 12.0 if self.random.random() < 0.45 else 88.0
        else:
            position = 56 + perspective.leaning + person + self.item_offsets[item.key]
            position += 3 * round_index
            if item.dimension == self.gap_dimension:
                position += 2.2 * perspective.leaning
            if item.dimension == self.growing_dimension:
                position += 3 * round_index
            if rated_partner == "ashby-vale-council":
                position -= 8
            position += self.random.gauss(0, 10)
        if item.reverse:
            position = 100 - position
        return _nearest_option(
            scale.lowest, scale.highest, [o.value for o in scale.options], position
        )

    def _comment(self) -> Comment:
        stories = [item for item in self.questionnaire.items if item.is_story]
        key = self.random.choice(stories).key if stories else "comment"
        return Comment(item_key=key, text=self.random.choice(COMMENTS))


def _nearest_option(lowest: int, highest: int, values: list[int], position: float) -> int:
    target = lowest + (highest - lowest) * min(100.0, max(0.0, position)) / 100
    return min(values, key=lambda value: abs(value - target))


def _answer_row(item_key: str, partner: str, answer: int | str) -> dict[str, object]:
    excluded = answer if isinstance(answer, str) else None
    value = None if isinstance(answer, str) else answer
    return {"item_key": item_key, "partner_key": partner, "value": value, "excluded": excluded}


def _add_actions(partnership: Group) -> None:
    dimensions = available_questionnaire("joining-forces-partnership")[0].dimensions
    for index, (text, owner) in enumerate(ACTIONS):
        agreed_after = partnership.rounds[index % 3]
        partnership.actions.append(
            AgreedAction(
                round=agreed_after,
                dimension_key=dimensions[index % len(dimensions)].key,
                text=text,
                owner=owner,
                agreed_on=agreed_after.closes_on + timedelta(days=10),
                what_happened=(
                    "Tried twice; residents said the meetings felt more open." if index == 0 else ""
                ),
            )
        )
