"""Results pages: a group's profile over time, one round, partners, an organisation's groups.

Facilitators and admins see every round with results; viewers see shared
rounds only; respondents see the round they answered once it is shared.
Charts need plotly.js, served from the installed package and only here.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, abort, g, render_template, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from toolkit.extensions import db
from toolkit.insight import perspectives_sentence, results_for, trend_sentence
from toolkit.models import Group, Response, Role, RoomSession, Round, RoundStatus
from toolkit.profiles import WITH_RESULTS
from toolkit.tokens import hash_token
from toolkit.web.access import (
    SHARED_WITH_VIEWERS,
    group_for,
    login_required,
    organisation_for,
    role_in,
    round_for,
)
from toolkit.web.labels import current_language

blueprint = Blueprint("results", __name__)

PLOTLY_FILE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# The file never changes for one version, so browsers may keep it for a year.
A_YEAR = 31_536_000


@blueprint.app_context_processor
def plotly_address() -> dict[str, object]:
    return {"plotly_js": lambda: url_for("results.plotly_js", version=plotly.__version__)}


@blueprint.get("/assets/plotly-<version>.min.js")
def plotly_js(version: str) -> WerkzeugResponse:
    """Serve plotly.js from the installed package, never from another site."""
    if version != plotly.__version__:
        abort(404)
    response = send_file(PLOTLY_FILE, mimetype="text/javascript", max_age=A_YEAR)
    response.cache_control.immutable = True
    return response


@blueprint.get("/groups/<int:group_id>/results")
@login_required
def group(group_id: int) -> str:
    """Show a group's profile: over time, by perspective, item by item, and what was agreed."""
    found = group_for(group_id, Role.VIEWER)
    results = results_for(found, statuses=_statuses(found), language=current_language())
    return _render_charts("results/group.html", group=found, results=results)


@blueprint.get("/rounds/<int:round_id>/results")
@login_required
def round_results(round_id: int) -> str:
    """Show one round's results, with how they moved since the rounds before it."""
    check = round_for(round_id, Role.VIEWER)
    statuses = _statuses(check.group)
    revealed = check if _revealed_in_room(check) else None
    results = None
    if check.status in statuses or revealed:
        results = results_for(check.group, check, statuses, current_language(), revealed)
    return _render_charts(
        "results/round.html",
        check=check,
        group=check.group,
        results=results,
        actions=results.actions() if results else [],
    )


@blueprint.get("/groups/<int:group_id>/partners")
@login_required
def partners(group_id: int) -> str:
    """Show how the member organisations of a partnership see each other."""
    found = group_for(group_id, Role.VIEWER)
    results = results_for(found, statuses=_statuses(found), language=current_language())
    rated = None
    if results is not None:
        rated = next((r for r in reversed(results.profile.rounds) if r.partners), None)
    return render_template("results/partners.html", group=found, results=results, rated=rated)


@blueprint.get("/organisations/<int:organisation_id>/overview")
@login_required
def overview(organisation_id: int) -> str:
    """Show each group's own trend; groups are listed by name and never compared."""
    organisation = organisation_for(organisation_id, Role.VIEWER)
    groups = sorted(organisation.groups, key=lambda found: found.name.casefold())
    language = current_language()
    each = [
        (found, results_for(found, statuses=_statuses(found), language=language))
        for found in groups
    ]
    return _render_charts("results/overview.html", organisation=organisation, groups=each)


@blueprint.get("/resume/<token>/results")
def for_respondent(token: str) -> str:
    """Show someone who answered the results of their round, once they are shared."""
    response = db.session.scalar(
        select(Response).where(Response.resume_token_hash == hash_token(token))
    )
    if response is None:
        abort(404)
    check = response.round
    results = None
    if check.status == RoundStatus.SHARED:
        results = results_for(check.group, check, {RoundStatus.SHARED}, current_language())
    return render_template(
        "results/respondent.html",
        check=check,
        results=results,
        actions=results.actions() if results else [],
    )


def _revealed_in_room(check: Round) -> bool:
    """Say whether a facilitator showed this open round's results in a facilitated session."""
    if check.status != RoundStatus.OPEN or role_in(check.group.organisation_id) == Role.VIEWER:
        return False
    return (
        db.session.scalar(
            select(RoomSession.id).where(
                RoomSession.round_id == check.id, RoomSession.revealed_at.is_not(None)
            )
        )
        is not None
    )


def _statuses(found: Group) -> frozenset[RoundStatus]:
    """Viewers see shared rounds; facilitators and admins every round with results."""
    if role_in(found.organisation_id) == Role.VIEWER:
        return SHARED_WITH_VIEWERS
    return WITH_RESULTS


def _render_charts(template: str, **context: object) -> str:
    # plotly.js sets styles on its own elements; the security headers read this flag.
    g.csp_style_inline = True
    return render_template(
        template,
        charts=True,
        perspectives_sentence=perspectives_sentence,
        trend_sentence=trend_sentence,
        **context,
    )
