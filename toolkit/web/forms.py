"""WTForms forms built from questionnaire data, in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from toolkit.core.answering import MAX_STORY_LENGTH, Partner, Question
from toolkit.core.questionnaire.schema import ENGLISH, Questionnaire, Scale, ScaleKind
from toolkit.core.shapes import swatches

# Scales whose options are short numbers read best side by side.
INLINE_KINDS = {ScaleKind.RATING, ScaleKind.DIFFERENTIAL}


@dataclass(frozen=True)
class Wording:
    """Text in the reader's language, and the language it is really in."""

    text: str
    lang: str
    # Set when the reader's language had no wording and another stands in.
    stands_in: bool = False

    @classmethod
    def of(cls, text: dict[str, str] | None, language: str) -> Wording:
        if not text:
            return cls("", language)
        if text.get(language):
            return cls(text[language], language)
        return cls(text[ENGLISH], ENGLISH, stands_in=language != ENGLISH)

    @property
    def lang_attribute(self) -> Markup:
        """` lang="en"` on wording standing in for the reader's language, for screen readers.

        Worked out here rather than in the template, which would ask for the page's
        language once for every choice of every question.
        """
        return Markup(' lang="{}"').format(self.lang) if self.stands_in else Markup("")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Choice:
    value: str
    label: Wording
    description: Wording | None = None
    # A status scale's shape in the option's colour, shown beside the label.
    swatch: Markup | None = None


class PickField(RadioField):
    """Radios that say in plain words which question got an answer it does not offer."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        choices: Sequence[tuple[str, str]],
        invalid_message: str,
        **kwargs: Any,
    ) -> None:
        offered = [SelectChoice(value, label) for value, label in choices]
        super().__init__(label, validators, choices=offered, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.invalid_message)


class AnswerField(PickField):
    """A radio question on one scale, with what the macro needs to show it."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        kind: str,
        options: list[Choice],
        excluded: list[Choice],
        hint: Wording,
        legend: Wording,
        partner: str,
        ends: tuple[Wording, Wording] | None,
        **kwargs: Any,
    ) -> None:
        choices = [(c.value, c.label.text) for c in [*options, *excluded]]
        super().__init__(label, validators, choices=choices, **kwargs)
        self.kind = kind
        self.options = options
        self.excluded = excluded
        self.hint = hint
        self.legend = legend
        self.partner = partner
        self.ends = ends
        self.inline = kind in INLINE_KINDS


class StoryField(TextAreaField):
    """A free-text story, with its hint and the language of its wording."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        hint: Wording,
        legend: Wording,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.kind = "text"
        self.hint = hint
        self.legend = legend
        self.partner = ""


def section_form(
    questionnaire: Questionnaire, questions: Sequence[Question], language: str
) -> type[FlaskForm]:
    """Build a form class with one field per question on a page."""

    class SectionForm(FlaskForm):
        pass

    for question in questions:
        setattr(SectionForm, question.name, _field(questionnaire, question, language))
    return SectionForm


def _field(questionnaire: Questionnaire, question: Question, language: str) -> Any:
    item = question.item
    legend = Wording.of(item.text, language)
    hint = Wording.of(item.help, language)
    subject = f"{legend.text} ({question.partner_name})" if question.partner_name else legend.text
    if item.is_story:
        needed = (
            InputRequired(_("Write an answer to “%(question)s”", question=subject))
            if item.required
            else Optional()
        )
        too_long = _("Keep your answer under %(count)d characters", count=MAX_STORY_LENGTH)
        return StoryField(
            legend.text,
            [needed, Length(max=MAX_STORY_LENGTH, message=too_long)],
            hint=hint,
            legend=legend,
        )
    scale = questionnaire.scale_for(item)
    needed = (
        InputRequired(_("Choose an answer to “%(question)s”", question=subject))
        if item.required
        else Optional()
    )
    return AnswerField(
        legend.text,
        [needed],
        kind=scale.kind.value,
        options=_options(scale, language),
        excluded=[Choice(ex.value, Wording.of(ex.label, language)) for ex in scale.excluded],
        hint=hint,
        legend=legend,
        partner=question.partner_name,
        ends=(Wording.of(item.left, language), Wording.of(item.right, language))
        if item.left and item.right
        else None,
        invalid_message=_("Choose one of the answers shown for “%(question)s”", question=subject),
    )


def _options(scale: Scale, language: str) -> list[Choice]:
    shapes = swatches(scale)
    return [
        Choice(
            str(option.value),
            Wording.of(option.label, language)
            if option.label
            else Wording(str(option.value), language),
            Wording.of(option.description, language) if option.description else None,
            Markup(shapes[position]) if shapes else None,
        )
        for position, option in enumerate(scale.options)
    ]


def about_you_form(
    perspectives: Sequence[tuple[str, str]], partners: Sequence[Partner]
) -> type[FlaskForm]:
    """Build the form that asks which perspective, and which partner, a person answers from."""

    class AboutYouForm(FlaskForm):
        pass

    if perspectives:
        AboutYouForm.perspective = PickField(
            _("Which of these best describes you?"),
            [InputRequired(_("Choose the description that fits you best"))],
            choices=list(perspectives),
            invalid_message=_("Choose one of the descriptions shown"),
        )
    if partners:
        AboutYouForm.partner = PickField(
            _("Which organisation are you part of?"),
            [Optional()],
            # A choice of its own, so a partner picked by mistake can be unpicked without script.
            choices=[*partners, ("", _("None of these, or I would rather not say"))],
            invalid_message=_("Choose one of the organisations shown, or leave this blank"),
        )
    return AboutYouForm


def entry_form() -> type[FlaskForm]:
    """Build the form a facilitator starts entering someone's answers with."""

    class EntryForm(FlaskForm):
        collection = PickField(
            _("How were these answers given?"),
            [InputRequired(_("Choose how these answers were given"))],
            choices=[
                ("paper", _("On a paper questionnaire")),
                ("facilitator", _("In a facilitated session or conversation")),
            ],
            invalid_message=_("Choose how these answers were given"),
        )

    return EntryForm
