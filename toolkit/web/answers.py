"""Between stored responses and the plain answering logic: load, save, summarise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import update

from toolkit.core.answering import (
    ABOUT_YOU,
    Asking,
    Draft,
    answers_to_store,
    draft_from_rows,
    pages,
    section_named,
    section_questions,
)
from toolkit.core.questionnaire.schema import Item, Questionnaire
from toolkit.core.scoring.data import AnswerValue
from toolkit.storage.db import db
from toolkit.storage.models import Answer, Comment, Response, ResponseStatus, Round
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.web.forms import Wording


def asking_for(response: Response) -> Asking:
    """Return what a response is asked, from its round, group and invitation."""
    check = response.round
    partners = [(partner.key, partner.name) for partner in check.group.partners]
    preset = response.perspective_given
    return Asking(
        questionnaire=questionnaire_of(check.questionnaire_version),
        partners=partners,
        own_partner=response.partner_key,
        with_stories=check.collect_comments,
        about_you=not preset and bool(check.perspectives_asked or partners),
    )


def perspective_choices(check: Round, language: str) -> list[tuple[str, str]]:
    """Return (key, label) for the perspectives a round asks, in the reader's language."""
    asked = set(check.perspectives_asked)
    return [
        (p.key, p.label_cy if language == "cy" and p.label_cy else p.label)
        for p in check.group.perspectives
        if p.key in asked
    ]


def draft_of(response: Response) -> Draft:
    return draft_from_rows(
        [(a.item_key, a.partner_key, a.answer) for a in response.answers],
        [(c.item_key, c.text) for c in response.comments],
    )


def store(response: Response, draft: Draft) -> None:
    """Make the stored answers and stories match a draft, changing only what differs."""
    existing = {(a.item_key, a.partner_key): a for a in response.answers}
    for row in answers_to_store(draft):
        stored = existing.pop((row.item_key, row.partner_key), None)
        if stored is None:
            stored = Answer(item_key=row.item_key, partner_key=row.partner_key)
            response.answers.append(stored)
        stored.value, stored.excluded = row.value, row.excluded
    for gone in existing.values():
        response.answers.remove(gone)
    stories = {c.item_key: c for c in response.comments}
    for item_key, text in draft.comments.items():
        story = stories.pop(item_key, None)
        if story is None:
            response.comments.append(Comment(item_key=item_key, text=text))
        else:
            story.text = text
    for gone_story in stories.values():
        response.comments.remove(gone_story)


def choose_partner(response: Response, partner_key: str | None) -> None:
    """Record someone's own organisation and forget anything they said rating it."""
    response.partner_key = partner_key
    for answer in [a for a in response.answers if partner_key and a.partner_key == partner_key]:
        response.answers.remove(answer)


@dataclass
class SummaryRow:
    question: Wording
    answer: Wording | None
    anchor: str
    partner: str = ""


@dataclass
class SummaryPage:
    key: str
    title: Wording
    rows: list[SummaryRow] = field(default_factory=list)


def summary(response: Response, asking: Asking, draft: Draft, language: str) -> list[SummaryPage]:
    """Lay out every page's answers for the check page."""
    result = []
    for key in pages(asking, draft):
        if key == ABOUT_YOU:
            result.append(_about_you_summary(response, asking, language))
            continue
        section = section_named(asking.questionnaire, key)
        assert section is not None
        summary_page = SummaryPage(key, Wording.of(section.title, language))
        for question in section_questions(asking, section, draft):
            given = draft.value_of(question)
            summary_page.rows.append(
                SummaryRow(
                    Wording.of(question.item.text, language),
                    None
                    if given in (None, "")
                    else answer_wording(asking.questionnaire, question.item, given, language),
                    question.name,
                    question.partner_name,
                )
            )
        result.append(summary_page)
    return result


def _about_you_summary(response: Response, asking: Asking, language: str) -> SummaryPage:
    about = SummaryPage(ABOUT_YOU, Wording(_("About you"), language))
    perspectives = dict(perspective_choices(response.round, language))
    if perspectives:
        label = perspectives.get(response.perspective_key or "")
        about.rows.append(
            SummaryRow(
                Wording(_("Which of these best describes you?"), language),
                Wording(label, language) if label else None,
                "perspective",
            )
        )
    if asking.partners:
        name = dict(asking.partners).get(response.partner_key or "")
        about.rows.append(
            SummaryRow(
                Wording(_("Which organisation are you part of?"), language),
                Wording(name, language) if name else None,
                "partner",
            )
        )
    return about


def answer_wording(
    questionnaire: Questionnaire, item: Item, given: AnswerValue, language: str
) -> Wording:
    """Say an answer in words: the option's label, or its place between the two ends."""
    if item.is_story:
        return Wording(str(given), language)
    scale = questionnaire.scale_for(item)
    for excluded in scale.excluded:
        if excluded.value == given:
            return Wording.of(excluded.label, language)
    for option in scale.options:
        if option.value == given and option.label:
            return Wording.of(option.label, language)
    if item.left and item.right:
        return Wording(
            _(
                "%(value)s, where %(low)s is “%(left)s” and %(high)s is “%(right)s”",
                value=given,
                low=scale.lowest,
                left=Wording.of(item.left, language).text,
                high=scale.highest,
                right=Wording.of(item.right, language).text,
            ),
            language,
        )
    return Wording(_("%(value)s out of %(high)s", value=given, high=scale.highest), language)


def submit(response: Response) -> None:
    """Mark a response sent, once only, however many times the button is pressed."""
    today = date.today()
    db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == ResponseStatus.DRAFT)
        .values(status=ResponseStatus.SUBMITTED, submitted_on=today)
    )
    db.session.commit()
