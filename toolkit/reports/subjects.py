"""Read what a report needs from the database: a profile, names and agreed actions."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from toolkit.extensions import db
from toolkit.models import AgreedAction, Group, Round
from toolkit.profiles import perspective_names, profiled_rounds, rounds_data
from toolkit.reports.content import Subject
from toolkit.reports.summary import ActionNote
from toolkit.scoring import build_profile
from toolkit.web.labels import GROUP_KINDS


class NoResults(Exception):
    """There is nothing to report yet: no check of this group has closed."""


def reported_rounds(group: Group, round_: Round | None) -> list[Round]:
    """Return the rounds a report covers, oldest first, or raise NoResults."""
    rounds = profiled_rounds(group, up_to=round_)
    if not rounds or (round_ is not None and rounds[-1].id != round_.id):
        raise NoResults(group.name)
    return rounds


def report_subject(group: Group, round_: Round | None, language: str) -> Subject:
    """Gather a round report (``round_`` given) or the group's report over time."""
    data = rounds_data(reported_rounds(group, round_))
    profile = build_profile(data)
    actions = db.session.scalars(
        select(AgreedAction)
        .where(AgreedAction.group_id == group.id)
        .order_by(AgreedAction.agreed_on, AgreedAction.id)
    )
    with force_locale(language):
        names = perspective_names(group, language)
        kind = str(GROUP_KINDS[group.kind])
    return Subject(
        group_name=group.name,
        organisation_name=group.organisation.name,
        kind=kind,
        profile=profile,
        questionnaires={d.key: d.questionnaire for d in data},
        perspective_names=names,
        took_part=profile.rounds[-1].took_part,
        actions=[
            ActionNote(str(a.round_id), a.text, a.owner, a.dimension_key, a.what_happened)
            for a in actions
        ],
        over_time=round_ is None,
        language=language,
    )
