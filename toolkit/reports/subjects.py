"""What a report is made from: the one results model, as its reader may see it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import force_locale

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import GroupProfile
from toolkit.services.labels import GROUP_KINDS
from toolkit.services.readers import Reader
from toolkit.services.results import Results, results_for
from toolkit.services.sentences import ActionNote
from toolkit.storage.models import Group, Round


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything a report is made from, read from the database beforehand."""

    group_name: str
    organisation_name: str
    kind: str
    profile: GroupProfile
    questionnaires: Mapping[str, Questionnaire]  # by round key
    perspective_names: Mapping[str, str]
    took_part: Mapping[str, int]  # shown perspective group -> responses, latest round
    actions: Sequence[ActionNote]
    over_time: bool
    language: str
    # What the team agreed about each dimension after the latest round, by dimension key.
    agreed: Mapping[str, str] = field(default_factory=dict)


class NoResults(Exception):
    """There is nothing to report yet: no check of this group has results this reader may see."""


def report_results(group: Group, round_: Round | None, language: str, reader: Reader) -> Results:
    """Gather the results a report shows, or raise NoResults."""
    results = results_for(group, reader, language, round_)
    if results is None:
        raise NoResults(group.name)
    return results


def report_subject(results: Results) -> Subject:
    """Turn results into a round report (they run up to a round) or a report over time."""
    group = results.group
    keys = {r.key for r in results.profile.rounds}
    actions = sorted(
        (a for a in group.actions if str(a.round_id) in keys), key=lambda a: (a.agreed_on, a.id)
    )
    with force_locale(results.language):
        kind = str(GROUP_KINDS[group.kind])
        names = {key: str(name) for key, name in results.perspectives.items()}
    return Subject(
        group_name=group.name,
        organisation_name=group.organisation.name,
        kind=kind,
        profile=results.profile,
        questionnaires=results.questionnaires,
        perspective_names=names,
        took_part=results.latest.took_part,
        actions=[
            ActionNote(str(a.round_id), a.text, a.owner, a.dimension_key, a.what_happened)
            for a in actions
        ],
        over_time=results.subject is None,
        language=results.language,
        agreed={
            key: f"{agreed.said} — {agreed.note}" if agreed.note else agreed.said
            for key, agreed in results.agreed.get(results.latest.key, {}).items()
        },
    )
