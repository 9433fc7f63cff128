"""The respondent's journey: a link, one page per section, a check page, and thanks.

Nothing here records who someone is: a response keeps only the day it was
started and sent, and is found again through its resume link, whose token
is stored only as a hash. Facilitators enter paper answers through the same
pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response as WebResponse

from toolkit.core.answering import (
    ABOUT_YOU,
    Asking,
    Draft,
    RoundState,
    merge,
    missing_required,
    pages,
    progress,
    read_page,
    resume_page,
    round_state,
    section_named,
    section_questions,
)
from toolkit.core.tokens import hash_token, new_token
from toolkit.services.labels import current_language
from toolkit.services.links import external_url
from toolkit.services.releases import latest_release
from toolkit.storage.db import db
from toolkit.storage.models import (
    Collection,
    Invitation,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Role,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.web.access import login_required, round_for
from toolkit.web.answers import (
    asking_for,
    choose_partner,
    draft_of,
    perspective_choices,
    store,
    submit,
    summary,
)
from toolkit.web.forms import Wording, about_you_form, entry_form, section_form
from toolkit.web.inputs import only_looking

blueprint = Blueprint("respond", __name__)

# The welcome page shows the round's group and questionnaire, loaded with the round.
LANDING_NEEDS = (
    joinedload(Round.group),
    joinedload(Round.questionnaire_version).defer(QuestionnaireVersion.source_yaml),
)
# Problem pages: what went wrong decides the words and the status code.
PROBLEMS = {"unknown": 404, "used": 410, "closed": 410, "not-yet-open": 403}
# Facilitators may still enter paper answers after a round closes, until results are shared.
ENTRY_STATUSES = (RoundStatus.OPEN, RoundStatus.CLOSED)


@blueprint.context_processor
def resume_link() -> dict[str, str | None]:
    """Offer the resume link on every page of someone's own answers."""
    token = session.get("resume_token")
    url = external_url("respond.resume", token=token) if token else None
    return {"resume_url": url}


def problem(kind: str, round_: Round | None = None) -> WebResponse:
    """Show a plain page about a link that cannot be used, revealing nothing else."""
    page = render_template("respond/problem.html", kind=kind, round_=round_)
    return WebResponse(page, status=PROBLEMS[kind], mimetype="text/html")


def state_of(round_: Round) -> RoundState:
    return round_state(round_.status, round_.opens_on, round_.closes_on, date.today())


@blueprint.route("/s/<token>", methods=["GET", "POST"])
def shared_link(token: str) -> str | WebResponse:
    """Welcome someone arriving through a round's shared link."""
    round_ = db.session.scalar(
        select(Round).where(Round.shared_token_hash == hash_token(token)).options(*LANDING_NEEDS)
    )
    if round_ is None:
        return problem("unknown")
    return landing(round_, None)


@blueprint.route("/r/<token>", methods=["GET", "POST"])
def invitation_link(token: str) -> str | WebResponse:
    """Welcome someone arriving through a personal, single-use invitation."""
    link = hash_token(token)
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == link))
    if invitation is not None:
        return landing(invitation.round, invitation)
    # A link already used: it carries on the response it began, and nothing else.
    begun = db.session.scalar(select(Response).where(Response.link_hash == link))
    if begun is None:
        return problem("unknown")
    if begun.status is ResponseStatus.SUBMITTED:
        return problem("used")
    return landing(begun.round, begun=begun)


def landing(
    round_: Round, invitation: Invitation | None = None, begun: Response | None = None
) -> str | WebResponse:
    state = state_of(round_)
    if state is not RoundState.OPEN:
        return problem(state.value, round_)
    if request.method == "POST":
        response = start(round_, invitation, begun)
        # Starting committed, which forgot what was loaded: load what the first page needs.
        return redirect(
            first_page(db.session.get_one(Response, response.id, options=ANSWERING_NEEDS))
        )
    questionnaire = questionnaire_of(round_.questionnaire_version)
    return render_template(
        "respond/landing.html",
        round_=round_,
        questionnaire=questionnaire,
        description=Wording.of(questionnaire.description, current_language()),
    )


def start(
    round_: Round, invitation: Invitation | None = None, begun: Response | None = None
) -> Response:
    """Begin a response, or pick up the one a personal link already began."""
    token = new_token()
    response = begun or (_from_invitation(invitation) if invitation is not None else None)
    if response is None:
        response = Response(round=round_, started_on=date.today())
        db.session.add(response)
    # A fresh token each time: only the newest resume link for a response works.
    response.resume_token_hash = hash_token(token)
    response.language = current_language()
    db.session.commit()
    session["answering"] = response.id
    session["resume_token"] = token
    return response


def _from_invitation(invitation: Invitation) -> Response | None:
    """Begin the one response a personal link may start, moving its link onto it.

    The invitation forgets its link in the same step, so its label is never joined
    to the answers, and forgets the address reminders would have gone to. Two clicks
    racing on Start: the second carries on the first's.
    """
    link = invitation.token_hash
    claimed: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.token_hash == link)
        .values(token_hash=None, email=None, language=None)
    )
    if not claimed.rowcount:
        db.session.rollback()
        return db.session.scalar(select(Response).where(Response.link_hash == link))
    response = Response(
        round_id=invitation.round_id,
        link_hash=link,
        perspective_key=invitation.perspective_key,
        partner_key=invitation.partner_key,
        perspective_given=invitation.perspective_key is not None,
        started_on=date.today(),
    )
    db.session.add(response)
    return response


def first_page(response: Response) -> str:
    asking = asking_for(response)
    return page_url(pages(asking, draft_of(response))[0])


def page_url(key: str | None) -> str:
    if key is None:
        return url_for("respond.review")
    if key == ABOUT_YOU:
        return url_for("respond.about_you")
    return url_for("respond.page", key=key)


# What every answering page reads: the response with its round, group and questionnaire
# version in one statement; its answers, stories and the group's partners then load
# lazily, a statement each. A lazy load of one object's collection costs SQLAlchemy
# about a third less CPU than the same load by ``selectinload``, which builds an IN
# clause and an options cache key on every request, for the same four statements.
# The questionnaire's text is read only if this worker has not read that text before
# (``questionnaire_of``).
ANSWERING_NEEDS = (
    joinedload(Response.round).joinedload(Round.group),
    joinedload(Response.round)
    .joinedload(Round.questionnaire_version)
    .defer(QuestionnaireVersion.source_yaml),
)

# The pages after the questions show only the round.
ROUND_ONLY = (joinedload(Response.round),)


def answering(needs: Sequence[ORMOption] = ANSWERING_NEEDS) -> Response:
    """Return the response this browser is filling in, or stop with a clear page."""
    response_id = session.get("answering")
    response = db.session.get(Response, response_id, options=needs) if response_id else None
    if response is None:
        abort(problem("unknown"))
    if response.collected != Collection.ONLINE:
        # Paper answers are entered by a facilitator of the round, signed in.
        round_for(response.round_id, Role.FACILITATOR)
    elif (
        response.status is ResponseStatus.DRAFT and state_of(response.round) is not RoundState.OPEN
    ):
        abort(problem(state_of(response.round).value, response.round))
    return response


def unsent(needs: Sequence[ORMOption] = ANSWERING_NEEDS) -> Response:
    """Return the draft being answered; a sent one goes to its thank-you page."""
    response = answering(needs)
    if response.status is ResponseStatus.SUBMITTED:
        abort(redirect(url_for("respond.sent")))
    return response


def next_url(asking: Asking, draft: Draft, current: str) -> str:
    """Go on to the next page, or back to the check page when changing an answer."""
    if request.args.get("from") == "check":
        return url_for("respond.review")
    keys = pages(asking, draft)
    following = keys[keys.index(current) + 1 :] if current in keys else []
    return page_url(following[0] if following else None)


@blueprint.route("/answer/about-you", methods=["GET", "POST"])
def about_you() -> str | WebResponse:
    """Ask which perspective, and which partner organisation, someone answers from."""
    response = unsent()
    asking = asking_for(response)
    if not asking.about_you:
        return redirect(first_page(response))
    perspectives = perspective_choices(response.round, current_language())
    form_class = about_you_form(perspectives, asking.partners)
    if only_looking():
        form = form_class(
            data={"perspective": response.perspective_key, "partner": response.partner_key}
        )
    else:
        form = form_class()
    if form.validate_on_submit():
        if perspectives:
            response.perspective_key = form.perspective.data
        if asking.partners:
            choose_partner(response, form.partner.data or None)
        # Read before the commit, which would expire everything and load it all again.
        following = next_url(asking_for(response), draft_of(response), ABOUT_YOU)
        db.session.commit()
        if "later" in request.form:
            return redirect(url_for("respond.later"))
        return redirect(following)
    keys = pages(asking, draft_of(response))
    return render_template(
        "respond/about_you.html",
        form=form,
        number_and_total=progress(keys, ABOUT_YOU),
        response=response,
        rates_partners=asking.rates_partners,
    )


@blueprint.route("/answer/page/<key>", methods=["GET", "POST"])
def page(key: str) -> str | WebResponse:
    """Show one section's questions and save the answers given."""
    response = unsent()
    asking = asking_for(response)
    draft = draft_of(response)
    section = section_named(asking.questionnaire, key)
    keys = pages(asking, draft)
    if section is None or key not in keys:
        return redirect(first_page(response))
    questions = section_questions(asking, section, draft)
    form_class = section_form(asking.questionnaire, questions, current_language())
    if only_looking():
        shown = {q.name: draft.value_of(q) for q in questions}
        form = form_class(data={name: None if v is None else str(v) for name, v in shown.items()})
    else:
        form = form_class()
    if form.validate_on_submit():
        given = read_page(asking, questions, {q.name: form[q.name].data for q in questions})
        draft = merge(asking, draft, questions, given)
        store(response, draft)
        response.language = current_language()
        db.session.commit()
        asked_now = {q.name for q in section_questions(asking, section, draft)}
        if asked_now - {q.name for q in questions}:
            flash(_("Your answer opened a follow-up question on this page."))
            return redirect(request.full_path.rstrip("?"))
        if "later" in request.form:
            return redirect(url_for("respond.later"))
        return redirect(next_url(asking, draft, key))
    position = keys.index(key)
    language = current_language()
    return render_template(
        "respond/page.html",
        form=form,
        fields=[form[q.name] for q in questions],
        title=Wording.of(section.title, language),
        intro=Wording.of(section.intro, language),
        number_and_total=progress(keys, key),
        back_url=page_url(keys[position - 1]) if position else None,
    )


@blueprint.route("/answer/check", methods=["GET", "POST"])
def review() -> str | WebResponse:
    """Let someone look over every answer before sending them."""
    response = answering()
    if response.status is ResponseStatus.SUBMITTED:
        return redirect(url_for("respond.sent"))
    asking = asking_for(response)
    draft = draft_of(response)
    missing = missing_required(asking, draft)
    needs_perspective = (
        asking.about_you and response.round.perspectives_asked and not response.perspective_key
    )
    # An empty response would count as a person towards the anonymity threshold.
    empty = not draft.answers and not draft.comments
    if request.method == "POST" and not (missing or needs_perspective or empty):
        submit(response)
        return redirect(url_for("respond.sent"))
    sending = request.method == "POST"
    return render_template(
        "respond/review.html",
        rows=summary(response, asking, draft, current_language()),
        missing=missing if sending else [],
        needs_perspective=needs_perspective and sending,
        empty=empty and sending,
        first_page=first_page(response),
        page_url=page_url,
        response=response,
    )


@blueprint.get("/answer/sent")
def sent() -> str | WebResponse:
    """Thank someone and say what happens next."""
    response = answering(ROUND_ONLY)
    if response.status is not ResponseStatus.SUBMITTED:
        return redirect(url_for("respond.review"))
    return render_template("respond/sent.html", response=response, round_=response.round)


@blueprint.get("/answer/later")
def later() -> str:
    """Give the link to come back to, once the answers so far are saved."""
    response = unsent(ROUND_ONLY)
    return render_template("respond/later.html", response=response, round_=response.round)


def by_resume_token(token: str) -> Response:
    response = db.session.scalar(
        select(Response).where(Response.resume_token_hash == hash_token(token))
    )
    if response is None or response.collected != Collection.ONLINE:
        abort(problem("unknown"))
    return response


@blueprint.get("/resume/<token>")
def resume(token: str) -> str | WebResponse:
    """Carry on answering on any device, or see what happened to sent answers."""
    response = by_resume_token(token)
    state = state_of(response.round)
    if response.status is ResponseStatus.SUBMITTED:
        return render_template(
            "respond/already_sent.html",
            response=response,
            round_=response.round,
            can_withdraw=state is RoundState.OPEN,
            token=token,
        )
    if state is not RoundState.OPEN:
        return problem(state.value, response.round)
    session["answering"] = response.id
    session["resume_token"] = token
    asking = asking_for(response)
    return redirect(page_url(resume_page(asking, draft_of(response))))


@blueprint.route("/resume/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str) -> str | WebResponse:
    """Delete someone's own answers, after they confirm, while the round is open."""
    response = by_resume_token(token)
    state = state_of(response.round)
    if state is not RoundState.OPEN:
        return problem(state.value, response.round)
    # Results already shown count this person among k or more; they stay as they were.
    released = latest_release(response.round) is not None
    if request.method == "POST":
        db.session.delete(response)
        db.session.commit()
        if session.get("resume_token") == token:
            session.pop("answering", None)
            session.pop("resume_token", None)
        return render_template("respond/withdrawn.html", released=released)
    return render_template(
        "respond/withdraw.html", token=token, response=response, released=released
    )


@blueprint.route("/rounds/<int:round_id>/enter", methods=["GET", "POST"])
@login_required
def enter(round_id: int) -> str | WebResponse:
    """Start entering one response given on paper or in a facilitated session."""
    round_ = round_for(round_id, Role.FACILITATOR)
    form = entry_form()()
    if round_.status in ENTRY_STATUSES and form.validate_on_submit():
        response = Response(
            round=round_,
            collected=Collection(form.collection.data),
            started_on=date.today(),
            resume_token_hash=hash_token(new_token()),
            language=current_language(),
        )
        db.session.add(response)
        db.session.commit()
        session["answering"] = response.id
        # Paper answers have no resume link: the facilitator finishes them in one go.
        session.pop("resume_token", None)
        return redirect(first_page(response))
    return render_template(
        "respond/enter.html", round_=round_, form=form, can_enter=round_.status in ENTRY_STATUSES
    )
