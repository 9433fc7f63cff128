"""Downloads: a round's anonymised answers and profile, its questionnaire, the archive, API keys."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.core.input_limits import whole_number
from toolkit.opendata import downloads
from toolkit.opendata.archive import archive_json
from toolkit.opendata.keys import create_key, keys_of
from toolkit.opendata.rounds import left_out_sentences, prepare
from toolkit.services.audit import record
from toolkit.storage.db import db
from toolkit.storage.models import ApiKey, Organisation, Output, Role, Round
from toolkit.storage.round_data import perspective_names
from toolkit.web.access import login_required, organisation_for, reader_for, round_for
from toolkit.web.filenames import private_download

blueprint = Blueprint("exports", __name__)

KINDS = {
    "answers.csv": "text/csv",
    "answers.json": "application/json",
    "profile.csv": "text/csv",
    "comments.csv": "text/csv",
}


def _filename(round_: Round, kind: str) -> str:
    return f"round-{round_.id}-{kind}"


@blueprint.get("/rounds/<int:round_id>/exports")
@login_required
def round_exports(round_id: int) -> str:
    """List what can be downloaded for a round, and say plainly what is held back."""
    round_ = round_for(round_id, Role.FACILITATOR)
    export = prepare(round_, reader_for(round_.group.organisation_id))
    return render_template(
        "exports/round.html",
        round=round_,
        withheld=export.withheld,
        answers_deleted=export.answers_deleted,
        left_out=left_out_sentences(export.left_out, round_),
    )


@blueprint.get("/rounds/<int:round_id>/exports/<kind>")
@login_required
def round_download(round_id: int, kind: str) -> Response:
    """Send one of the round's exports, written as it is sent."""
    round_ = round_for(round_id, Role.FACILITATOR)
    if kind not in KINDS:
        abort(404)
    export = prepare(round_, reader_for(round_.group.organisation_id))
    filename = _filename(round_, kind)
    if kind == "answers.csv":
        body = downloads.answers_csv(export)
    elif kind == "answers.json":
        body = downloads.answers_json(export, left_out_sentences(export.left_out, round_))
    elif kind == "comments.csv":
        body = downloads.comments_csv(export)
    else:
        body = downloads.profile_csv(export, perspective_names(round_.group))
    export.record(export.output if kind.startswith("answers") else Output.DOWNLOAD)
    record(f"exported {kind}", round_.title, round_.group.organisation_id)
    db.session.commit()
    return private_download(body, KINDS[kind], filename)


@blueprint.get("/rounds/<int:round_id>/exports/questionnaire.yaml")
@login_required
def questionnaire_yaml(round_id: int) -> Response:
    """Send the questionnaire file exactly as the round used it."""
    round_ = round_for(round_id, Role.FACILITATOR)
    version = round_.questionnaire_version
    filename = f"{version.questionnaire_key}-{version.version}.yaml"
    return private_download(version.source_yaml, "application/yaml", filename)


@blueprint.get("/organisations/<int:organisation_id>/archive.json")
@login_required
def archive(organisation_id: int) -> Response:
    """Send the organisation's whole history, as each round's downloads hold it: admins only."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    record("exported the archive", organisation.name, organisation.id)
    db.session.commit()
    body = archive_json(organisation, reader_for(organisation.id))
    return private_download(body, "application/json", f"{organisation.slug}-archive.json")


@blueprint.route("/organisations/<int:organisation_id>/api-keys", methods=["GET", "POST"])
@login_required
def api_keys(organisation_id: int) -> str | Response:
    """List the organisation's API keys, make a new one (shown once), or withdraw one."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    if "withdraw" in request.form:
        return _withdraw(organisation, request.form["withdraw"])
    error, secret, name = None, None, request.form.get("name", "").strip()
    if request.method == "POST":
        if not name or len(name) > 200:
            error = _("Say what the key is for in 200 characters or fewer, e.g. Council dashboard.")
        else:
            secret = create_key(organisation, name)[1]
            record("made an API key", name, organisation.id)
            db.session.commit()
            name = ""
    return render_template(
        "exports/api_keys.html",
        organisation=organisation,
        keys=keys_of(organisation),
        error=error,
        name=name,
        secret=secret,
    )


def _withdraw(organisation: Organisation, key_id: str) -> Response:
    """Withdraw a key: anything still using it is refused from now on."""
    number = whole_number(key_id)
    key = db.session.get(ApiKey, number) if number else None
    if key is None or key.organisation_id != organisation.id:
        abort(404)
    record("withdrew an API key", key.name, organisation.id)
    db.session.delete(key)
    db.session.commit()
    flash(_("The key “%(name)s” was withdrawn.", name=key.name), "success")
    return redirect(url_for("exports.api_keys", organisation_id=organisation.id))
