"""Adapting a questionnaire on screen: copy one, change its words and statements, add Welsh.

A thin view over ``toolkit.core.questionnaire.editing``: the form is read into a draft,
the draft is written as a file, and the file is checked by the same loader as an
upload. Saving always stores a new version, so a version people answered never changes.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse

from toolkit.core.questionnaire import editing
from toolkit.core.questionnaire.errors import Code, Problem
from toolkit.core.questionnaire.loader import load_questionnaire_text
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.services.audit import record
from toolkit.services.questionnaire_choices import find, own_versions
from toolkit.storage.models import Organisation, Role
from toolkit.storage.questionnaire_store import library
from toolkit.web.access import login_required, organisation_for
from toolkit.web.inputs import only_looking
from toolkit.web.questionnaires import keep

blueprint = Blueprint("adapting", __name__)

ADD = "add-"

# The loader's messages speak of the file; in the editor, these say what to do on the form.
EDITOR_WORDS = {
    Code.MISSING_ENGLISH: _l("Write this in English: English is shown wherever Welsh is missing."),
    Code.ITEM_WITHOUT_DIMENSION: _l("Choose the area this statement counts towards."),
    Code.DIFFERENTIAL_WITHOUT_ENDS: _l(
        "Write both ends of the scale for this statement: where it moves from, and where to."
    ),
    Code.EMPTY_DIMENSION: _l(
        "No statement counts towards this area any more. Keep one, or choose this area for "
        "another statement."
    ),
    Code.TOO_FEW: _l("Keep at least one statement on each page."),
}
WEIGHT_WORDS = _l("Write the weight as a number more than 0 and at most 10, such as 1 or 1.5.")


def in_the_editors_words(problem: Problem) -> str:
    """Say what to do on the form about a problem the loader found, where we know how."""
    if problem.path.endswith(".weight"):
        return str(WEIGHT_WORDS)
    known = EDITOR_WORDS.get(problem.code)
    return str(known) if known else editing.explain(problem)


@blueprint.route(
    "/organisations/<int:organisation_id>/questionnaires/<key>/<version>/copy",
    methods=["GET", "POST"],
)
@login_required
def copy(organisation_id: int, key: str, version: str) -> str | WerkzeugResponse:
    """Make the organisation's own copy of any questionnaire it may use, under a new key."""
    return _editor(organisation_id, key, version, copying=True)


@blueprint.route(
    "/organisations/<int:organisation_id>/questionnaires/<key>/<version>/adapt",
    methods=["GET", "POST"],
)
@login_required
def edit(organisation_id: int, key: str, version: str) -> str | WerkzeugResponse:
    """Make a new version of one of the organisation's own questionnaires."""
    return _editor(organisation_id, key, version, copying=False)


def _editor(organisation_id: int, key: str, version: str, copying: bool) -> str | WerkzeugResponse:
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    found = find(organisation.id, key, version)
    # Questionnaires that ship with the toolkit are never changed, only copied.
    if found is None or not (copying or (found[1] and key not in library())):
        abort(404)
    base = found[0]
    if only_looking():
        return _page(organisation, base, editing.draft_of(base), copying)
    draft = editing.draft_from_form(request.form, base)
    action = request.form.get("action", "save")
    if action.startswith(ADD):
        page = action.removeprefix(ADD)
        if page.isdecimal() and int(page) < len(draft.pages):
            editing.add_statement(draft, int(page), base)
            added = (int(page), len(draft.pages[int(page)].statements) - 1)
            return _page(organisation, base, draft, copying, added=added)
        return _page(organisation, base, draft, copying)
    return _save(organisation, base, draft, copying)


def _save(
    organisation: Organisation, base: Questionnaire, draft: editing.Draft, copying: bool
) -> str | WerkzeugResponse:
    key, version = _new_name(organisation.id, base, copying)
    text = editing.as_yaml(editing.questionnaire_data(draft, base, key, version))
    result = load_questionnaire_text(text, f"{key}.yaml")
    if result.questionnaire is None:
        errors = editing.problems_by_field(result.problems, in_the_editors_words)
        return _page(organisation, base, draft, copying, errors)
    if not copying and editing.same_questions(result.questionnaire, base):
        flash(_("Nothing has changed yet, so no new version was made."), "info")
        return _page(organisation, base, draft, copying)
    record(
        "adapted a questionnaire", f"{base.id} {base.version} → {key} {version}", organisation.id
    )
    keep(result.questionnaire, result.source, organisation.id)
    for warning in result.warnings:
        flash(editing.explain(warning), "info")
    return redirect(url_for("managing.index", organisation_id=organisation.id, _anchor=key))


def _new_name(organisation_id: int, base: Questionnaire, copying: bool) -> tuple[str, str]:
    """Name what saving makes: a copy gets a key of its own, an adaptation the next version."""
    own = own_versions(organisation_id)
    if copying:
        taken = {q.id for q in library()} | {v.questionnaire_key for v in own}
        return editing.copy_key(base.id, taken), "1"
    versions = [v.version for v in own if v.questionnaire_key == base.id]
    return base.id, editing.next_version(base.version, versions)


def _page(
    organisation: Organisation,
    base: Questionnaire,
    draft: editing.Draft,
    copying: bool,
    errors: dict[str | None, list[str]] | None = None,
    added: tuple[int, int] | None = None,
) -> str:
    errors = errors or {}
    return render_template(
        "adapting/editor.html",
        organisation=organisation,
        base=base,
        draft=draft,
        copying=copying,
        errors=errors,
        summary={name or "editor": " ".join(messages) for name, messages in errors.items()},
        added=added,
        page_field=editing.page_field,
        statement_field=editing.statement_field,
        area_field=editing.area_field,
        new_statements=[editing.new_statement(draft, p, base) for p in range(len(draft.pages))],
    )
