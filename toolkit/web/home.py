"""The start page and the language switch."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, session
from werkzeug.wrappers import Response as WerkzeugResponse

from toolkit.core.questionnaire.schema import LANGUAGES
from toolkit.services.retention import people_answered
from toolkit.web.access import current_account, role_in, visible_organisations, visible_rounds
from toolkit.web.auth import sign_in_page
from toolkit.web.redirects import safe_next

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index() -> str | tuple[str, int]:
    """List the signed-in person's organisations, their groups and checks."""
    if current_account() is None:
        return sign_in_page()
    organisations = visible_organisations()
    rounds = [r for organisation in organisations for g in organisation.groups for r in g.rounds]
    return render_template(
        "home/index.html",
        organisations=organisations,
        visible_rounds=visible_rounds,
        roles={organisation.id: role_in(organisation.id) for organisation in organisations},
        submitted_counts=people_answered(rounds),
    )


# When the statement below was last checked against the toolkit; update it when you do.
STATEMENT_REVIEWED = date(2026, 12, 2)


@blueprint.get("/accessibility")
def accessibility() -> str:
    """Say how accessible the toolkit is, what is known not to work, and how to ask for more."""
    return render_template("home/accessibility.html", reviewed=STATEMENT_REVIEWED)


@blueprint.get("/language/<code>")
def language(code: str) -> WerkzeugResponse:
    """Remember the chosen language and go back to the page the person was on."""
    if code in LANGUAGES:
        session["language"] = code
    return redirect(safe_next(request.args.get("next")))
