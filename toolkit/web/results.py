"""Results pages: a group's profile over time, one round, partners, an organisation's groups.

Which rounds each reader sees, and what they show, is decided once in
``toolkit.services.results``; these views only render it. Charts need
plotly.js, a static file loaded only by these pages (templates/results/_scripts.html).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from sqlalchemy import select

from toolkit.core.tokens import hash_token
from toolkit.services.labels import current_language
from toolkit.services.readers import Audience, Reader, ReaderKind
from toolkit.services.results import Results, held_back_sentence, results_for
from toolkit.services.results_pages import group_trend, respondent_page, round_page
from toolkit.services.sentences import SPLITS_TO_NAME
from toolkit.storage.db import db
from toolkit.storage.models import Group, Output, Response, Role, Round
from toolkit.web.access import (
    group_for,
    login_required,
    may_facilitate,
    organisation_for,
    reader_for,
    round_for,
)

blueprint = Blueprint("results", __name__)


@blueprint.get("/groups/<int:group_id>/results")
@login_required
def group(group_id: int) -> str:
    """Show a group's profile: over time, by perspective, item by item, and what was agreed."""
    found = group_for(group_id, Role.VIEWER)
    results = shown_results(found, reader_for(found.organisation_id))
    page = round_page(results) if results else None
    return _render_charts("results/group.html", group=found, results=results, page=page)


@blueprint.get("/rounds/<int:round_id>/results")
@login_required
def round_results(round_id: int) -> str:
    """Show one round's results, with how they moved since the rounds before it."""
    check = round_for(round_id, Role.VIEWER)
    reader = reader_for(check.group.organisation_id)
    results = shown_results(check.group, reader, check)
    return _render_charts(
        "results/round.html",
        check=check,
        group=check.group,
        results=results,
        page=round_page(results) if results else None,
        held_back=_held_back(results, check, reader),
    )


@blueprint.get("/groups/<int:group_id>/partners")
@login_required
def partners(group_id: int) -> str:
    """Show how the member organisations of a partnership see each other."""
    found = group_for(group_id, Role.VIEWER)
    results = shown_results(found, reader_for(found.organisation_id))
    rated = None
    if results is not None:
        rated = next((r for r in reversed(results.profile.rounds) if r.partners), None)
    return render_template("results/partners.html", group=found, results=results, rated=rated)


@blueprint.get("/organisations/<int:organisation_id>/overview")
@login_required
def overview(organisation_id: int) -> str:
    """Show each group's own trend; groups are listed by name and never compared."""
    organisation = organisation_for(organisation_id, Role.VIEWER)
    reader = reader_for(organisation.id)
    groups = sorted(organisation.groups, key=lambda found: found.name.casefold())
    trends = []
    for found in groups:
        results = shown_results(found, reader)
        trends.append((found, group_trend(results, found.id) if results else None))
    return _render_charts("results/overview.html", organisation=organisation, groups=trends)


@blueprint.get("/resume/<token>/results")
def for_respondent(token: str) -> str:
    """Show someone who answered the results of their round, once they are shared."""
    response = db.session.scalar(
        select(Response).where(Response.resume_token_hash == hash_token(token))
    )
    if response is None:
        abort(404)
    check = response.round
    results = shown_results(check.group, Reader(ReaderKind.RESPONDENT), check)
    return render_template(
        "results/respondent.html",
        check=check,
        results=results,
        page=respondent_page(results) if results else None,
    )


def shown_results(group: Group, reader: Reader, up_to: Round | None = None) -> Results | None:
    """Gather the results a page shows, and log that they were shown."""
    results = results_for(group, reader, current_language(), up_to)
    if results is not None:
        results.record(Output.PAGE)
        db.session.commit()
    return results


def _held_back(results: Results | None, check: Round, reader: Reader) -> str | None:
    """Tell facilitators why answers newer than the figures shown are not in them yet."""
    standing = results.pending(check.id) if results else None
    if standing is None or reader.audience is not Audience.TEAM:
        return None
    return held_back_sentence(standing, check.threshold)


def _render_charts(template: str, **context: object) -> str:
    # plotly.js sets styles on its own elements; the security headers read this flag.
    g.csp_style_inline = True
    return render_template(
        template,
        charts=True,
        may_facilitate=may_facilitate,
        split_limit=SPLITS_TO_NAME,
        **context,
    )
