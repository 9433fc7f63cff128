"""What a person is asked, and what they have answered so far, without the web.

Pages are the questionnaire's sections. Items with ``show_if`` appear only
when the earlier answer they depend on was given, and lose their answers
when it changes. Sections asked about each partner repeat every scored item
once per partner, leaving out the person's own organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from toolkit.core.questionnaire.schema import Item, Questionnaire, Section
from toolkit.core.scoring.data import AnswerValue

AnswerKey = tuple[str, str]  # (item key, partner key or "")
Partner = tuple[str, str]  # (key, name)

# Not a valid section key, so it can never clash with one.
ABOUT_YOU = "_about-you"
MAX_STORY_LENGTH = 5000


class RoundState(StrEnum):
    OPEN = "open"
    NOT_YET_OPEN = "not-yet-open"
    CLOSED = "closed"


def round_state(status: str, opens_on: date, closes_on: date, today: date) -> RoundState:
    """Say whether people can answer a round today."""
    if status == "draft" or (status == "open" and today < opens_on):
        return RoundState.NOT_YET_OPEN
    if status == "open" and today <= closes_on:
        return RoundState.OPEN
    return RoundState.CLOSED


@dataclass(frozen=True)
class Question:
    """One item as asked on a page, about a partner organisation or not."""

    item: Item
    partner_key: str = ""
    partner_name: str = ""

    @property
    def key(self) -> AnswerKey:
        return (self.item.key, self.partner_key)

    @property
    def name(self) -> str:
        # Keys never contain "_", so "__" cannot be confused with part of a key.
        if self.partner_key:
            return f"q-{self.item.key}__{self.partner_key}"
        return f"q-{self.item.key}"


@dataclass(frozen=True)
class Draft:
    """Everything answered so far: scale answers and free-text stories."""

    answers: Mapping[AnswerKey, AnswerValue] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)

    def value_of(self, question: Question) -> AnswerValue | str | None:
        if not question.item.is_story:
            return self.answers.get(question.key)
        return self.comments.get(question.item.key)

    def has_answered(self, question: Question) -> bool:
        return self.value_of(question) not in (None, "")


@dataclass(frozen=True)
class AnswerToStore:
    item_key: str
    partner_key: str
    value: int | None
    excluded: str | None


@dataclass(frozen=True)
class Asking:
    """The settings of one response that decide what is asked."""

    questionnaire: Questionnaire
    partners: Sequence[Partner] = ()
    own_partner: str | None = None
    with_stories: bool = True
    about_you: bool = False

    @property
    def rates_partners(self) -> bool:
        """Say whether people are asked about each partner organisation in turn."""
        sections = self.questionnaire.sections
        return bool(self.partners) and any(section.about_each_partner for section in sections)


def is_shown(item: Item, draft: Draft) -> bool:
    """Say whether an item's ``show_if`` condition, if any, holds."""
    if item.show_if is None:
        return True
    return draft.answers.get((item.show_if.item, "")) in item.show_if.any_of


def section_questions(asking: Asking, section: Section, draft: Draft) -> list[Question]:
    """Return the questions a page shows, in order, given the answers so far."""
    items = [
        item
        for item in section.items
        if (asking.with_stories or not item.is_story) and is_shown(item, draft)
    ]
    if not section.about_each_partner:
        return [Question(item) for item in items]
    rated = [(key, name) for key, name in asking.partners if key != asking.own_partner]
    about_partners = [
        Question(item, key, name) for key, name in rated for item in items if not item.is_story
    ]
    # Stories are kept per item, not per partner, so they are asked once.
    return about_partners + [Question(item) for item in items if item.is_story]


def pages(asking: Asking, draft: Draft) -> list[str]:
    """Return the keys of the pages to show: "about-you" first when needed, then sections."""
    keys = [ABOUT_YOU] if asking.about_you else []
    keys += [
        section.key
        for section in asking.questionnaire.sections
        if section_questions(asking, section, draft)
    ]
    return keys


def section_named(questionnaire: Questionnaire, key: str) -> Section | None:
    return next((s for s in questionnaire.sections if s.key == key), None)


def progress(page_keys: Sequence[str], current: str) -> tuple[int, int]:
    """Return (page number, number of pages) for "Page 2 of 5"."""
    return page_keys.index(current) + 1, len(page_keys)


def read_page(
    asking: Asking, questions: Iterable[Question], values: Mapping[str, str | None]
) -> Draft:
    """Turn a page's submitted values into answers, ignoring blanks and unknown values."""
    answers: dict[AnswerKey, AnswerValue] = {}
    comments: dict[str, str] = {}
    for question in questions:
        raw = (values.get(question.name) or "").strip()
        if not raw:
            continue
        if question.item.is_story:
            comments[question.item.key] = raw[:MAX_STORY_LENGTH]
            continue
        scale = asking.questionnaire.scale_for(question.item)
        number = raw.removeprefix("-")
        answer: AnswerValue = int(raw) if number.isascii() and number.isdigit() else raw
        if scale.accepts(answer):
            answers[question.key] = answer
    return Draft(answers, comments)


def merge(asking: Asking, draft: Draft, asked: Iterable[Question], page: Draft) -> Draft:
    """Replace the answers to the questions asked on a page, then drop hidden ones."""
    asked = list(asked)
    asked_keys = {q.key for q in asked if not q.item.is_story}
    asked_stories = {q.item.key for q in asked if q.item.is_story}
    answers = {k: v for k, v in draft.answers.items() if k not in asked_keys}
    comments = {k: v for k, v in draft.comments.items() if k not in asked_stories}
    answers.update(page.answers)
    comments.update(page.comments)
    return drop_hidden(asking.questionnaire, Draft(answers, comments))


def drop_hidden(questionnaire: Questionnaire, draft: Draft) -> Draft:
    """Forget answers to items whose condition no longer holds."""
    answers = dict(draft.answers)
    comments = dict(draft.comments)
    # show_if only points backwards, so one pass in order settles chains too.
    for item in questionnaire.items:
        if not is_shown(item, Draft(answers, comments)):
            answers = {k: v for k, v in answers.items() if k[0] != item.key}
            comments.pop(item.key, None)
    return Draft(answers, comments)


def missing_required(asking: Asking, draft: Draft) -> list[tuple[Section, Question]]:
    """Return the required questions, with their page, that have no answer yet."""
    return [
        (section, question)
        for section in asking.questionnaire.sections
        for question in section_questions(asking, section, draft)
        if question.item.required and not draft.has_answered(question)
    ]


def resume_page(asking: Asking, draft: Draft) -> str | None:
    """Return the first page with nothing answered on it, or None when all have answers."""
    for key in pages(asking, draft):
        if key == ABOUT_YOU:
            continue
        section = section_named(asking.questionnaire, key)
        assert section is not None
        if not any(draft.has_answered(q) for q in section_questions(asking, section, draft)):
            return key
    return None


def answers_to_store(draft: Draft) -> list[AnswerToStore]:
    """Return the rows to store for the scale answers of a draft."""
    return [
        AnswerToStore(
            item_key,
            partner_key,
            answer if isinstance(answer, int) else None,
            answer if isinstance(answer, str) else None,
        )
        for (item_key, partner_key), answer in sorted(draft.answers.items())
    ]


def draft_from_rows(
    answers: Iterable[tuple[str, str, AnswerValue | None]], comments: Iterable[tuple[str, str]]
) -> Draft:
    """Rebuild a draft from stored (item, partner, answer) and (item, text) rows."""
    return Draft(
        {(item, partner): answer for item, partner, answer in answers if answer is not None},
        dict(comments),
    )
