"""The organisation's questionnaires: versions, the checks that used them, hiding and retiring."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from toolkit.services import questionnaire_choices as choices
from toolkit.services.audit import record
from toolkit.services.labels import current_language
from toolkit.storage.db import db
from toolkit.storage.models import Role
from toolkit.web.access import login_required, organisation_for
from toolkit.web.forms import Wording
from toolkit.web.inputs import only_looking

blueprint = Blueprint("managing", __name__)


@blueprint.get("/organisations/<int:organisation_id>/questionnaires")
@login_required
def index(organisation_id: int) -> str:
    """List the questionnaires the organisation may use, with their versions and checks."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    return render_template(
        "managing/index.html",
        organisation=organisation,
        questionnaires=choices.listing(organisation.id),
    )


def _listed(organisation_id: int, key: str) -> choices.Listed:
    found = next((q for q in choices.listing(organisation_id) if q.key == key), None)
    if found is None:
        abort(404)
    return found


def _title(listed: choices.Listed) -> str:
    return Wording.of(listed.latest.questionnaire.title, current_language()).text


def _done(
    organisation_id: int, key: str, action: str, target: str, message: str
) -> WerkzeugResponse:
    """Note what was done in the activity log, say so, and go back to the questionnaire."""
    record(action, target, organisation_id)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("managing.index", organisation_id=organisation_id, _anchor=key))


@blueprint.post("/organisations/<int:organisation_id>/questionnaires/<key>/hide")
@login_required
def hide(organisation_id: int, key: str) -> WerkzeugResponse:
    """Stop offering a questionnaire for new checks; it can be offered again."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    title = _title(_listed(organisation.id, key))
    choices.hide(organisation.id, key)
    message = _("%(title)s is hidden: it is not offered for new checks.", title=title)
    return _done(organisation.id, key, "hid a questionnaire", key, message)


@blueprint.post("/organisations/<int:organisation_id>/questionnaires/<key>/offer")
@login_required
def offer_again(organisation_id: int, key: str) -> WerkzeugResponse:
    """Offer a hidden questionnaire for new checks again."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    title = _title(_listed(organisation.id, key))
    choices.offer_again(organisation.id, key)
    message = _("%(title)s is offered for new checks again.", title=title)
    return _done(organisation.id, key, "offered a questionnaire again", key, message)


@blueprint.route(
    "/organisations/<int:organisation_id>/questionnaires/<key>/<version>/retire",
    methods=["GET", "POST"],
)
@login_required
def retire(organisation_id: int, key: str, version: str) -> str | WerkzeugResponse:
    """Never offer one version for new checks again, after asking: it cannot be undone."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    listed = _listed(organisation.id, key)
    found = next((v for v in listed.versions if v.version == version), None)
    if found is None:
        abort(404)
    if found.retired:
        return redirect(url_for("managing.index", organisation_id=organisation.id, _anchor=key))
    if only_looking():
        return render_template(
            "managing/retire.html",
            organisation=organisation,
            key=key,
            title=_title(listed),
            version=found,
        )
    choices.retire(organisation.id, key, version)
    message = _(
        "Version %(version)s of %(title)s is retired. Checks that used it keep it.",
        version=version,
        title=_title(listed),
    )
    target = f"{key} {version}"
    return _done(organisation.id, key, "retired a questionnaire version", target, message)
