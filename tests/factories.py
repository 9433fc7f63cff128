"""Test data in one place: plain data for the scoring core, and stored groups and rounds.

``questionnaire``, ``response`` and ``round_of`` make the plain data scoring takes;
``organisation``, ``group`` and ``check`` add stored rows to the test's database.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import yaml

from tests.questionnaires import CHECK
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import Comment, GroupProfile, ResponseData, RoundData
from toolkit.core.tokens import hash_token
from toolkit.services.readers import Reader, ReaderKind
from toolkit.services.results import Results, results_for
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Answer,
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
from toolkit.storage.models import Comment as StoredComment
from toolkit.storage.questionnaire_store import pin


def questionnaire(text: str = CHECK, **changes: Any) -> Questionnaire:
    """Read a questionnaire from YAML, with top-level fields changed."""
    data = yaml.safe_load(text)
    data.update(changes)
    return Questionnaire.model_validate(data)


def response(
    perspective: str = "staff",
    member: str | None = None,
    about: Mapping[str, Mapping[str, int | str]] | None = None,
    comments: Sequence[str] = (),
    **answers: int | str,
) -> ResponseData:
    """Make a response; item keys with dashes are written with underscores."""
    return ResponseData(
        perspective=perspective,
        answers={key.replace("_", "-"): value for key, value in answers.items()},
        about_partners=dict(about or {}),
        member=member,
        comments=tuple(Comment(None, text) for text in comments),
    )


def round_of(
    responses: Sequence[ResponseData],
    key: str = "r1",
    label: str = "March 2025",
    questionnaire_: Questionnaire | None = None,
    threshold: int = 5,
    collect_comments: bool = True,
) -> RoundData:
    return RoundData(
        key=key,
        label=label,
        questionnaire=questionnaire_ or questionnaire(),
        responses=tuple(responses),
        threshold=threshold,
        collect_comments=collect_comments,
    )


def everyone_answers(perspective: str, count: int, **answers: int | str) -> list[ResponseData]:
    return [response(perspective, **answers) for _ in range(count)]


@dataclass
class Person:
    """One respondent's answers, as a test writes them."""

    perspective: str | None = "staff"
    answers: Mapping[str, int | str] = field(default_factory=dict)
    about: Mapping[str, Mapping[str, int | str]] = field(default_factory=dict)
    member: str | None = None
    comments: Mapping[str, str] = field(default_factory=dict)
    submitted: bool = True
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))


def organisation(name: str = "Riverside Trust", email: str = "alice@example.org") -> Organisation:
    """Add an organisation with a facilitator account, Alice."""
    found = Organisation(name=name, slug=name.lower().replace(" ", "-"))
    account = Account(email=email, name="Alice", password_hash="-")
    db.session.add_all([found, Membership(account=account, organisation=found, role=Role.ADMIN)])
    db.session.flush()
    return found


def group(
    owner: Organisation,
    name: str = "Riverside partnership",
    perspectives: Sequence[str] = ("staff", "residents"),
    partners: Sequence[str] = (),
) -> Group:
    made = Group(organisation=owner, name=name, kind=GroupKind.PARTNERSHIP)
    made.perspectives = [
        Perspective(key=key, label=key.capitalize(), position=i)
        for i, key in enumerate(perspectives)
    ]
    made.partners = [Partner(key=key, name=key.replace("-", " ").title()) for key in partners]
    db.session.add(made)
    db.session.flush()
    return made


def check(
    into: Group,
    people: Sequence[Person],
    title: str = "Spring check",
    opens_on: date = date(2026, 3, 2),
    status: RoundStatus = RoundStatus.CLOSED,
    threshold: int = 3,
    asked: tuple[Questionnaire, str] | None = None,
) -> Round:
    """Add a round to the group with these people's answers, to ``asked`` or the short check."""
    version = pin(*(asked or (questionnaire(), CHECK)))
    made = Round(
        group=into,
        questionnaire_version=version,
        title=title,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(weeks=2),
        status=status,
        threshold=threshold,
    )
    for person in people:
        response = Response(
            status=ResponseStatus.SUBMITTED if person.submitted else ResponseStatus.DRAFT,
            perspective_key=person.perspective,
            partner_key=person.member,
            started_on=opens_on,
            submitted_on=opens_on if person.submitted else None,
            resume_token_hash=hash_token(person.token),
        )
        for key, answer in person.answers.items():
            response.answers.append(stored_answer(key, "", answer))
        for partner, answers in person.about.items():
            for key, answer in answers.items():
                response.answers.append(stored_answer(key, partner, answer))
        for key, text in person.comments.items():
            response.comments.append(StoredComment(item_key=key, text=text))
        made.responses.append(response)
    db.session.add(made)
    db.session.commit()
    return made


def stored_answer(key: str, partner: str, answer: int | str) -> Answer:
    if isinstance(answer, str):
        return Answer(item_key=key, partner_key=partner, excluded=answer)
    return Answer(item_key=key, partner_key=partner, value=answer)


def team_results(group: Group, up_to: Round | None = None) -> Results:
    """Return a group's results as its facilitators see them."""
    found = results_for(group, Reader(ReaderKind.FACILITATOR), up_to=up_to)
    assert found is not None, f"{group.name} has no results a facilitator may see"
    return found


def team_profile(group: Group) -> GroupProfile:
    """Return a group's profile as its facilitators see it."""
    return team_results(group).profile
