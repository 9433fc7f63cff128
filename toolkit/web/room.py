"""A facilitated session: everyone in the room answers, then results appear at once.

The session lives in the database so every worker serving the room sees the same state.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField

from toolkit.core.input_limits import whole_number
from toolkit.core.rounds.room import answered_in_room, ready_to_reveal, room_code
from toolkit.services.links import external_url
from toolkit.storage.db import count_rows, db
from toolkit.storage.models import Response, ResponseStatus, Role, RoomSession, Round, RoundStatus
from toolkit.web.access import login_required, round_for
from toolkit.web.inputs import only_looking
from toolkit.web.qr import qr_svg
from toolkit.web.rounds import respondent_url

blueprint = Blueprint("room", __name__)

# More than any room holds; beyond it the number is surely a typing slip.
LARGEST_ROOM = 10_000


def results_path(found: Round) -> str:
    return url_for("results.round_results", round_id=found.id)


def _submitted(found: Round) -> int:
    return count_rows(
        Response, Response.round_id == found.id, Response.status == ResponseStatus.SUBMITTED
    )


def _session_of(found: Round) -> RoomSession | None:
    return db.session.scalar(select(RoomSession).where(RoomSession.round_id == found.id))


def _join_url(code: str) -> str:
    return external_url("room.join", code=code)


class StartForm(FlaskForm):  # type: ignore[misc]
    expected = StringField()


@blueprint.route("/rounds/<int:round_id>/session", methods=["GET", "POST"])
@login_required
def start(round_id: int) -> str | WerkzeugResponse:
    """Start a session for an open round, saying how many people are in the room."""
    found = round_for(round_id, Role.FACILITATOR)
    if found.status is not RoundStatus.OPEN:
        flash(_("Open the check before starting a session in the room."))
        return redirect(url_for("rounds.show", round_id=found.id))
    form = StartForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        expected = whole_number(form.expected.data or "", LARGEST_ROOM)
        if not expected:
            errors["expected"] = _(
                "Enter how many people are in the room, as a number from 1 to %(most)s, like 8",
                most=LARGEST_ROOM,
            )
        else:
            old = _session_of(found)
            if old is not None:
                db.session.delete(old)
                db.session.flush()
            db.session.add(
                RoomSession(
                    round=found,
                    code=_unused_code(),
                    expected=expected,
                    answered_before=_submitted(found),
                )
            )
            db.session.commit()
            return redirect(url_for("room.room", round_id=found.id))
    if only_looking():
        form.expected.data = ""
    return render_template(
        "room/start.html", round=found, form=form, errors=errors, current=_session_of(found)
    )


def _unused_code() -> str:
    while True:
        code = room_code()
        if db.session.scalar(select(RoomSession.id).where(RoomSession.code == code)) is None:
            return code


@blueprint.get("/rounds/<int:round_id>/room")
@login_required
def room(round_id: int) -> str | WerkzeugResponse:
    """Show the shared screen: the code, and how many have answered, until the reveal."""
    found = round_for(round_id, Role.FACILITATOR)
    session = _session_of(found)
    if session is None:
        return redirect(url_for("room.start", round_id=found.id))
    answered = answered_in_room(_submitted(found), session.answered_before)
    if session.revealed_at is None and ready_to_reveal(answered, session.expected):
        session.revealed_at = datetime.now()
        db.session.commit()
    if session.revealed_at is not None:
        return redirect(results_path(found))
    join_url = _join_url(session.code)
    return render_template(
        "room/room.html",
        round=found,
        session=session,
        answered=answered,
        join_url=join_url,
        refreshing=request.args.get("refresh") != "off",
        qr=qr_svg(join_url, title=join_url),
        form=FlaskForm(),
    )


@blueprint.post("/rounds/<int:round_id>/session/reveal")
@login_required
def reveal(round_id: int) -> WerkzeugResponse:
    """Show the results now, before everyone expected has answered."""
    found = round_for(round_id, Role.FACILITATOR)
    session = _session_of(found)
    if not FlaskForm().validate_on_submit() or session is None:
        return redirect(url_for("room.start", round_id=found.id))
    session.revealed_at = session.revealed_at or datetime.now()
    db.session.commit()
    return redirect(results_path(found))


@blueprint.get("/join/<code>")
def join(code: str) -> str | WerkzeugResponse | tuple[str, int]:
    """Send someone who typed the room's code to the round's shared link."""
    session = db.session.scalar(select(RoomSession).where(RoomSession.code == code.upper()))
    found = session.round if session is not None else None
    if found is None or found.status is not RoundStatus.OPEN or not found.shared_token:
        return render_template("room/unknown_code.html"), 404
    return redirect(respondent_url(found.shared_token))
