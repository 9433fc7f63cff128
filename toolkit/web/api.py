"""The read-only JSON API, for one organisation per key, described at /api/openapi.json."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from sqlalchemy import or_, select
from werkzeug.exceptions import HTTPException

from toolkit.core.input_limits import whole_number
from toolkit.opendata import api_models as out
from toolkit.opendata.keys import key_for
from toolkit.opendata.openapi import Operation, Parameter, openapi_document
from toolkit.services.readers import Reader, ReaderKind
from toolkit.services.results import results_for
from toolkit.storage.db import db
from toolkit.storage.models import Group, Organisation, Output, QuestionnaireVersion, Round
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.web.extensions import csrf

blueprint = Blueprint("api", __name__, url_prefix="/api")
# Token-authenticated and read-only: there is no session for a forged request to ride on.
csrf.exempt(blueprint)

OPERATIONS: list[Operation] = []


class ApiError(Exception):
    """A request the API refuses, answered as JSON with a status code."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def operation(
    path: str, model: type[BaseModel], summary: str, *parameters: Parameter
) -> Callable[[Callable[..., BaseModel]], Callable[..., BaseModel]]:
    """Register a GET route and describe it in the OpenAPI document, from one place.

    Each id in the path, such as {group_id}, is described as a parameter here.
    """
    ids = tuple(
        Parameter(f"{what}_id", "path", f"The {what}'s id.")
        for what in re.findall(r"{(\w+)_id}", path)
    )

    def register(view: Callable[..., BaseModel]) -> Callable[..., BaseModel]:
        OPERATIONS.append(Operation(path, view.__name__, summary, model, ids + parameters))

        def respond(**kwargs: str) -> ResponseReturnValue:
            return jsonify(view(**kwargs).model_dump(mode="json"))

        blueprint.add_url_rule(
            re.sub(r"{(\w+)}", r"<\1>", path), view.__name__, respond, methods=["GET"]
        )
        return view

    return register


@blueprint.before_request
def authenticate() -> None:
    if request.endpoint == "api.openapi":
        return
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(
            401,
            "No API key",
            "Send the organisation's API key as the header 'Authorization: Bearer <key>'. "
            "An admin can make one on the organisation's API keys page.",
        )
    key = key_for(secret.strip())
    if key is None:
        raise ApiError(
            401,
            "Unknown API key",
            "This key is not known here: it may have been withdrawn or mistyped. "
            "Ask an admin of the organisation for a new one.",
        )
    g.api_organisation = key.organisation


@blueprint.errorhandler(ApiError)
def api_error(error: ApiError) -> ResponseReturnValue:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    body = out.Error(error=error.error, detail=error.detail).model_dump()
    return jsonify(body), error.status, headers


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException) -> ResponseReturnValue:
    body = out.Error(error=error.name, detail=error.description or error.name).model_dump()
    return jsonify(body), error.code or 500


def _organisation() -> Organisation:
    return g.api_organisation  # type: ignore[no-any-return]


def _number(value: str) -> int | None:
    return whole_number(value) or None


def _owned(model: type[Any], value: str, what: str) -> Any:
    """Load a group or round of the key's organisation, or answer 404."""
    number = _number(value)
    found = db.session.get(model, number) if number else None
    group = found if isinstance(found, Group) else getattr(found, "group", None)
    if group is None or group.organisation_id != _organisation().id:
        raise ApiError(
            404,
            f"No such {what}",
            f"There is no {what} with id {value!r} in this key's organisation; "
            f"list them at /api/{what}s.",
        )
    return found


@blueprint.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """Describe the API in OpenAPI 3.1."""
    return jsonify(openapi_document(OPERATIONS, "Relationship standards toolkit API", "1"))


@operation("/organisations", out.OrganisationList, "The organisation this key belongs to.")
def organisations() -> out.OrganisationList:
    return out.OrganisationList(organisations=[_organisation_out(_organisation())])


@operation(
    "/organisations/{organisation_id}", out.Organisation, "One organisation: only the key's own."
)
def organisation(organisation_id: str) -> out.Organisation:
    if _number(organisation_id) != _organisation().id:
        raise ApiError(
            404,
            "No such organisation",
            f"This key belongs to organisation {_organisation().id}, not {organisation_id!r}.",
        )
    return _organisation_out(_organisation())


@operation("/groups", out.GroupList, "The organisation's groups.")
def groups() -> out.GroupList:
    found = db.session.scalars(
        select(Group).where(Group.organisation_id == _organisation().id).order_by(Group.id)
    )
    return out.GroupList(groups=[_group_summary(group) for group in found])


@operation(
    "/groups/{group_id}", out.Group, "One group, with its perspectives, partners and rounds."
)
def group(group_id: str) -> out.Group:
    found: Group = _owned(Group, group_id, "group")
    return out.Group(
        **_group_summary(found).model_dump(),
        description=found.description,
        perspectives=[
            out.Perspective(key=p.key, label=p.label, label_cy=p.label_cy)
            for p in found.perspectives
        ],
        partners=[out.Partner(key=p.key, name=p.name) for p in found.partners],
        rounds=[_round_summary(r) for r in sorted(found.rounds, key=lambda r: r.id)],
    )


@operation(
    "/groups/{group_id}/profile",
    out.Profile,
    "The group's scores for every closed round, with anything from too few people hidden.",
)
def profile(group_id: str) -> out.Profile:
    found: Group = _owned(Group, group_id, "group")
    results = results_for(found, Reader(ReaderKind.API))
    if results is None:
        return out.Profile(group_id=found.id, rounds=[])
    results.record(Output.API)
    db.session.commit()
    releases = {
        key: (standing.release.number, standing.release.made_at.date())
        for key, standing in results.standing.items()
    }
    return out.group_profile(
        found.id, results.profile, releases, results.agreed, results.questionnaires
    )


@operation(
    "/rounds",
    out.RoundList,
    "The organisation's rounds, optionally of one group.",
    Parameter("group", "query", "Only this group's rounds.", required=False),
)
def rounds() -> out.RoundList:
    query = (
        select(Round)
        .join(Group)
        .where(Group.organisation_id == _organisation().id)
        .order_by(Round.id)
    )
    wanted = request.args.get("group")
    if wanted is not None:
        number = _number(wanted)
        if number is None:
            raise ApiError(
                400,
                "Bad group parameter",
                f"group must be a group's id, a whole number such as 1, not {wanted!r}.",
            )
        query = query.where(Round.group_id == number)
    return out.RoundList(rounds=[_round_summary(r) for r in db.session.scalars(query)])


@operation("/rounds/{round_id}", out.Round, "One round.")
def round_(round_id: str) -> out.Round:
    found: Round = _owned(Round, round_id, "round")
    return out.Round.model_validate(found, from_attributes=True)


@operation(
    "/questionnaires", out.QuestionnaireList, "The questionnaires the organisation has used."
)
def questionnaires() -> out.QuestionnaireList:
    return out.QuestionnaireList(
        questionnaires=[_questionnaire_summary(v) for v in db.session.scalars(_versions())]
    )


@operation(
    "/questionnaires/{questionnaire_id}",
    out.Questionnaire,
    "One questionnaire exactly as used, as YAML and as JSON.",
)
def questionnaire(questionnaire_id: str) -> out.Questionnaire:
    number = _number(questionnaire_id)
    found = db.session.scalar(_versions().where(QuestionnaireVersion.id == number))
    if found is None:
        raise ApiError(
            404,
            "No such questionnaire",
            f"This key's organisation has not used a questionnaire with id "
            f"{questionnaire_id!r}; list them at /api/questionnaires.",
        )
    return out.Questionnaire(
        **_questionnaire_summary(found).model_dump(),
        source_yaml=found.source_yaml,
        definition=questionnaire_of(found).model_dump(mode="json"),
    )


def _versions() -> Any:
    used = (
        select(Round.questionnaire_version_id)
        .join(Group)
        .where(Group.organisation_id == _organisation().id)
    )
    return (
        select(QuestionnaireVersion)
        .where(
            or_(
                QuestionnaireVersion.id.in_(used),
                QuestionnaireVersion.organisation_id == _organisation().id,
            )
        )
        .order_by(QuestionnaireVersion.id)
    )


# Most of what the API shows is stored under the same names, read straight from the rows.
def _organisation_out(organisation: Organisation) -> out.Organisation:
    return out.Organisation.model_validate(organisation, from_attributes=True)


def _group_summary(group: Group) -> out.GroupSummary:
    return out.GroupSummary.model_validate(group, from_attributes=True)


def _round_summary(round_: Round) -> out.RoundSummary:
    return out.RoundSummary.model_validate(round_, from_attributes=True)


def _questionnaire_summary(version: QuestionnaireVersion) -> out.QuestionnaireSummary:
    return out.QuestionnaireSummary.model_validate(version, from_attributes=True)
