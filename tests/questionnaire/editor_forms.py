"""An editor form filled in as a browser would send it, for tests of the editor."""

from __future__ import annotations

from toolkit.core.questionnaire.editing import (
    Draft,
    Words,
    area_field,
    draft_of,
    page_field,
    statement_field,
)
from toolkit.core.questionnaire.schema import Questionnaire


def _words(form: dict[str, str], name: str, words: Words) -> None:
    form[f"{name}-en"], form[f"{name}-cy"] = words.en, words.cy


def form_of(draft: Draft) -> dict[str, str]:
    """Return the fields a browser sends for a draft; unticked boxes are left out."""
    form: dict[str, str] = {}
    _words(form, "title", draft.title)
    _words(form, "description", draft.description)
    for a, area in enumerate(draft.areas):
        _words(form, area_field(a, "label"), area.label)
    for p, page in enumerate(draft.pages):
        _words(form, page_field(p, "title"), page.title)
        _words(form, page_field(p, "intro"), page.intro)
        for row, statement in enumerate(page.statements):
            form[statement_field(p, row, "key")] = statement.key
            _words(form, statement_field(p, row, "text"), statement.text)
            if statement.differential:
                _words(form, statement_field(p, row, "left"), statement.left)
                _words(form, statement_field(p, row, "right"), statement.right)
            if statement.is_scored:
                form[statement_field(p, row, "dimension")] = statement.dimension
                form[statement_field(p, row, "weight")] = statement.weight
                if statement.reverse:
                    form[statement_field(p, row, "reverse")] = "y"
    return form


def form_for(questionnaire: Questionnaire) -> dict[str, str]:
    """Return the editor's form for a questionnaire, as first shown."""
    return form_of(draft_of(questionnaire))
