"""Deciding together: one dimension at a time, the room's answers, then what the team agreed.

The facilitator's screen, projected in the room, shows a dimension's answers from
the round's results (so the same figures are hidden, in the same words, as on
the results page), and records the status the team agreed and a short note.
Teams that met without the toolkit record theirs here too, from the results page.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField, TextAreaField

from toolkit.core import agreeing
from toolkit.core.questionnaire.schema import localise
from toolkit.services.agreed import choice_label, record_status, stored_status
from toolkit.services.labels import current_language
from toolkit.services.results_pages import deciding_page
from toolkit.storage.db import db
from toolkit.storage.models import AgreedStatus, Response, ResponseStatus, Role, Round
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.storage.round_data import dimension_names
from toolkit.web.access import login_required, reader_for, round_for
from toolkit.web.inputs import longest, too_long
from toolkit.web.results import shown_results

blueprint = Blueprint("agreeing", __name__)


class AgreedForm(FlaskForm):  # type: ignore[misc]
    status = StringField()
    note = TextAreaField()


def _dimension_keys(found: Round) -> list[str]:
    questionnaire = questionnaire_of(found.questionnaire_version)
    return [d.key for d in agreeing.dimensions_to_agree(questionnaire)]


def _has_answers(found: Round) -> bool:
    return (
        db.session.scalar(
            select(Response.id).where(
                Response.round_id == found.id, Response.status == ResponseStatus.SUBMITTED
            )
        )
        is not None
    )


@blueprint.get("/rounds/<int:round_id>/agree")
@login_required
def start(round_id: int) -> WerkzeugResponse:
    """Begin with the questionnaire's first dimension."""
    found = round_for(round_id, Role.FACILITATOR)
    keys = _dimension_keys(found)
    if not keys:
        abort(404)
    return redirect(url_for("agreeing.dimension", round_id=found.id, dimension=keys[0]))


@blueprint.route("/rounds/<int:round_id>/agree/<dimension>", methods=["GET", "POST"])
@login_required
def dimension(round_id: int, dimension: str) -> str | WerkzeugResponse:
    """Show one dimension's answers to the room, and record what the team agreed about it."""
    found = round_for(round_id, Role.FACILITATOR)
    keys = _dimension_keys(found)
    if dimension not in keys:
        abort(404)
    if not _has_answers(found):
        flash(_("Nobody has answered this check yet, so there is nothing to agree on."))
        return redirect(url_for("rounds.show", round_id=found.id))
    questionnaire = questionnaire_of(found.questionnaire_version)
    language = current_language()
    choices = agreeing.choices(questionnaire, dimension, language)
    form = AgreedForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        status = form.status.data or ""
        note = (form.note.data or "").strip()
        if status not in {c.value for c in choices}:
            errors["status"] = _("Choose where the team agreed it stands, or that it did not agree")
        if problem := too_long(note, AgreedStatus.note, _("Note")):
            errors["note"] = problem
        if not errors:
            record_status(found, dimension, status, note)
            db.session.commit()
            name = dimension_names(questionnaire, language)[dimension]
            flash(_("Saved what the team agreed about %(dimension)s.", dimension=name), "success")
            return redirect(_after(found, keys, dimension))
    elif request.method == "GET" and (stored := stored_status(found, dimension)) is not None:
        form.status.data, form.note.data = stored.status, stored.note
    about = questionnaire.dimension(dimension)
    results = shown_results(found.group, reader_for(found.group.organisation_id), found)
    place = keys.index(dimension)
    numbered = agreeing.only_numbered(choices)
    return render_template(
        "agreeing/dimension.html",
        check=found,
        key=dimension,
        names=dimension_names(questionnaire, language),
        description=localise(about.description, language),
        prompts=[localise(p, language) for p in about.prompts],
        earlier=keys[place - 1] if place else None,
        later=keys[place + 1] if place + 1 < len(keys) else None,
        place=place,
        keys=keys,
        results=results,
        page=deciding_page(results, dimension) if results else None,
        form=form,
        errors=errors,
        choices=[(c.value, choice_label(c, numbered), None) for c in choices],
        note_limit=longest(AgreedStatus.note),
    )


def _after(found: Round, keys: list[str], dimension: str) -> str:
    """Go on to the next dimension, or back to the results after the last."""
    place = keys.index(dimension)
    if place + 1 < len(keys):
        return url_for("agreeing.dimension", round_id=found.id, dimension=keys[place + 1])
    return url_for("results.round_results", round_id=found.id, _anchor="answers")
