"""Questionnaires for facilitators: the versions on offer, uploading one, printing on paper."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import HiddenField, TextAreaField

from toolkit.core.questionnaire.errors import Problem
from toolkit.core.questionnaire.loader import LoadResult, load_questionnaire_text
from toolkit.core.questionnaire.schema import LANGUAGES, Questionnaire, localise
from toolkit.paths import shipped
from toolkit.services.questionnaire_choices import set_aside
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, Partner, QuestionnaireVersion, Role
from toolkit.storage.questionnaire_store import library, pin, questionnaire_of
from toolkit.web.access import login_required, organisation_for, round_for, visible_organisations
from toolkit.web.redirects import safe_next

blueprint = Blueprint("questionnaires", __name__)

FORMAT_GUIDE = "questionnaire-format.md"
STARTER = "examples/starter.yaml"


@dataclass(frozen=True)
class Offer:
    """A questionnaire version a round may use, and where its text comes from."""

    questionnaire: Questionnaire
    source: str
    # The organisation whose upload this is; None for the library that ships with the toolkit.
    owner: int | None = None

    @property
    def uploaded(self) -> bool:
        return self.owner is not None

    @property
    def content_hash(self) -> str:
        return self.questionnaire.content_hash


def offered_versions(organisation_id: int) -> list[Offer]:
    """List the library's versions, then this organisation's own; never another's.

    Questionnaires the organisation hid, and versions it retired, are left out.

    Where the organisation uploaded a file that says the same as another version (a
    shipped file with a comment added, say), its latest upload is offered in its place,
    so its rounds serve the text it uploaded.
    """
    offers = {q.content_hash: Offer(q, library().entry(q.id, q.version).source) for q in library()}
    uploaded = db.session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.organisation_id == organisation_id)
        .order_by(QuestionnaireVersion.stored_at, QuestionnaireVersion.id)
    )
    for version in uploaded:
        offer = Offer(questionnaire_of(version), version.source_yaml, organisation_id)
        offers.pop(version.content_hash, None)
        offers[version.content_hash] = offer
    aside = set_aside(organisation_id)
    return [offer for offer in offers.values() if aside.offers(offer.questionnaire)]


class UploadForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("Questionnaire file"))
    # The text of a file with problems, shown back to be fixed in place and checked again.
    text = TextAreaField()
    name = HiddenField()


def _list_page(organisation_id: int) -> str:
    return url_for("managing.index", organisation_id=organisation_id)


@blueprint.route(
    "/organisations/<int:organisation_id>/questionnaires/upload", methods=["GET", "POST"]
)
@login_required
def upload(organisation_id: int) -> str:
    """Check an uploaded questionnaire file and show it as people will see it; store nothing."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    form = UploadForm()
    if form.validate_on_submit():
        uploaded = form.file.data
        text = form.text.data or ""
        if uploaded or text.strip():
            name = (uploaded.filename if uploaded else form.name.data) or "upload.yaml"
            result = load_questionnaire_text(uploaded.read() if uploaded else text, name)
            if result.questionnaire is not None:
                return _preview(organisation, result)
            return _upload_page(organisation, form, result.problems, result.source, name)
        return _upload_page(organisation, form, errors={"file": _("Choose a file")})
    if form.errors:
        return _upload_page(organisation, form, errors={"file": EXPIRED})
    return _upload_page(organisation, form)


EXPIRED = _l("The form had expired. Choose the file again.")


def _upload_page(
    organisation: Organisation,
    form: UploadForm,
    problems: list[Problem] | None = None,
    text: str = "",
    name: str = "",
    errors: dict[str, str] | None = None,
) -> str:
    problems = problems or []
    if any(p.is_error for p in problems):
        errors = {"file": _("The file has problems; see the list below and fix them")}
    return render_template(
        "questionnaires/upload.html",
        organisation=organisation,
        form=form,
        errors=errors or {},
        problems=problems,
        text=text,
        name=name,
        next=request.args.get("next"),
    )


def _preview(organisation: Organisation, result: LoadResult) -> str:
    return render_template(
        "questionnaires/preview.html",
        organisation=organisation,
        questionnaire=result.questionnaire,
        source=result.source,
        warnings=result.warnings,
        next=request.args.get("next"),
    )


def keep(questionnaire: Questionnaire, source: str, organisation_id: int) -> QuestionnaireVersion:
    """Store a checked questionnaire as the organisation's own, and say it can be used."""
    version = pin(questionnaire, source, organisation_id=organisation_id)
    db.session.commit()
    flash(
        _(
            "%(title)s version %(version)s can now be used for your groups' checks.",
            title=version.title,
            version=version.version,
        ),
        "success",
    )
    return version


@blueprint.post("/organisations/<int:organisation_id>/questionnaires/use")
@login_required
def use(organisation_id: int) -> str | WerkzeugResponse:
    """Keep a questionnaire the facilitator has seen and chosen, checking it once more."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    # Browsers send line breaks in form fields as CR LF; the file had plain ones.
    source = request.form.get("source", "").replace("\r\n", "\n")
    result = load_questionnaire_text(source, "upload.yaml")
    if result.questionnaire is None:
        return _upload_page(organisation, UploadForm(), result.problems, source, "upload.yaml")
    keep(result.questionnaire, result.source, organisation.id)
    target = request.args.get("next")
    return redirect(safe_next(target) if target else _list_page(organisation.id))


@blueprint.get("/questionnaires/format")
@login_required
def format_guide() -> WerkzeugResponse:
    """Show the guide to the questionnaire file format, as the plain text it is written in."""
    guide = (shipped("docs") / FORMAT_GUIDE).read_text(encoding="utf-8")
    return WerkzeugResponse(guide, mimetype="text/plain")


@blueprint.get("/questionnaires/starter.yaml")
@login_required
def starter() -> WerkzeugResponse:
    """Offer the smallest questionnaire file the toolkit accepts, to start from."""
    return WerkzeugResponse(
        (shipped("docs") / STARTER).read_bytes(),
        mimetype="application/yaml",
        headers={"Content-Disposition": "attachment; filename=starter-questionnaire.yaml"},
    )


def _paper_language() -> str:
    chosen = request.args.get("language", "en")
    return chosen if chosen in LANGUAGES else "en"


def _render_paper(
    questionnaire: Questionnaire, title: str, partners: list[str], **links: str
) -> str:
    language = _paper_language()
    return render_template(
        "questionnaires/paper.html",
        questionnaire=questionnaire,
        title=title,
        partners=partners,
        language=language,
        t=lambda text: localise(text, language),
        **links,
    )


@blueprint.get("/rounds/<int:round_id>/paper")
@login_required
def round_paper(round_id: int) -> str:
    """Print the questionnaire a round uses, to hand out on paper."""
    found = round_for(round_id, Role.FACILITATOR)
    partners = [
        p.name
        for p in db.session.scalars(
            select(Partner).where(Partner.group_id == found.group_id).order_by(Partner.name)
        )
    ]
    return _render_paper(
        questionnaire_of(found.questionnaire_version),
        found.title,
        partners,
        back=url_for("rounds.show", round_id=found.id),
    )


@blueprint.get("/questionnaires/<key>/<version>/paper")
@login_required
def paper(key: str, version: str) -> str:
    """Print any questionnaire this account may use."""
    try:
        questionnaire = library().get(key, version)
    except KeyError:
        questionnaire = _uploaded(key, version)
    return _render_paper(questionnaire, localise(questionnaire.title, _paper_language()), [])


def _uploaded(key: str, version: str) -> Questionnaire:
    mine = [o.id for o in visible_organisations()]
    stored = db.session.scalar(
        select(QuestionnaireVersion)
        .where(
            QuestionnaireVersion.questionnaire_key == key,
            QuestionnaireVersion.version == version,
            QuestionnaireVersion.organisation_id.in_(mine),
        )
        .order_by(QuestionnaireVersion.stored_at.desc())
    )
    if stored is None:
        abort(404)
    return questionnaire_of(stored)
