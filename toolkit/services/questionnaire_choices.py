"""An organisation's questionnaires: what it has, which checks used them, what it set aside."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from toolkit.core.questionnaire.library import version_key
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.db import db
from toolkit.storage.models import Group, QuestionnaireChoice, QuestionnaireVersion, Round, Shelving
from toolkit.storage.models.questionnaires import EVERY_VERSION
from toolkit.storage.questionnaire_store import library, questionnaire_of


@dataclass
class ListedVersion:
    """One version of a questionnaire, and the organisation's checks that used it."""

    version: str
    questionnaire: Questionnaire
    # The organisation stored this version itself (an upload or an adaptation).
    own: bool
    retired: bool = False
    rounds: list[Round] = field(default_factory=list)


@dataclass
class Listed:
    """A questionnaire the organisation may use, with its versions, newest first."""

    key: str
    shipped: bool
    hidden: bool
    versions: list[ListedVersion]

    @property
    def latest(self) -> ListedVersion:
        return self.versions[0]

    @property
    def editable(self) -> bool:
        """Only an organisation's own questionnaire gets new versions; others are copied."""
        return not self.shipped


@dataclass(frozen=True)
class SetAside:
    """The questionnaires an organisation hid, and the versions it retired."""

    hidden: frozenset[str]
    retired: frozenset[tuple[str, str]]

    def offers(self, questionnaire: Questionnaire) -> bool:
        """Say whether a version may still be chosen for a new check."""
        return questionnaire.id not in self.hidden and (
            (questionnaire.id, questionnaire.version) not in self.retired
        )


def set_aside(organisation_id: int) -> SetAside:
    """Return what the organisation no longer offers for new checks."""
    choices = db.session.scalars(
        select(QuestionnaireChoice).where(QuestionnaireChoice.organisation_id == organisation_id)
    ).all()
    return SetAside(
        hidden=frozenset(c.questionnaire_key for c in choices if c.state == Shelving.HIDDEN),
        retired=frozenset(
            (c.questionnaire_key, c.version) for c in choices if c.state == Shelving.RETIRED
        ),
    )


def own_versions(organisation_id: int, key: str | None = None) -> list[QuestionnaireVersion]:
    """Return the versions the organisation stored itself, oldest first."""
    query = select(QuestionnaireVersion).where(
        QuestionnaireVersion.organisation_id == organisation_id
    )
    if key is not None:
        query = query.where(QuestionnaireVersion.questionnaire_key == key)
    return list(
        db.session.scalars(query.order_by(QuestionnaireVersion.stored_at, QuestionnaireVersion.id))
    )


def find(organisation_id: int, key: str, version: str) -> tuple[Questionnaire, bool] | None:
    """Return a version the organisation may use, and whether it is its own; None if none."""
    own = [v for v in own_versions(organisation_id, key) if v.version == version]
    if own:
        return questionnaire_of(own[-1]), True
    try:
        return library().get(key, version), False
    except KeyError:
        return None


def _rounds_by_version(organisation_id: int) -> dict[tuple[str, str], list[Round]]:
    found = db.session.scalars(
        select(Round)
        .join(Group)
        .where(Group.organisation_id == organisation_id)
        .order_by(Round.opens_on, Round.id)
    )
    rounds: dict[tuple[str, str], list[Round]] = defaultdict(list)
    for round_ in found:
        stored = round_.questionnaire_version
        rounds[(stored.questionnaire_key, stored.version)].append(round_)
    return rounds


def listing(organisation_id: int) -> list[Listed]:
    """List the organisation's own questionnaires, then those that ship with the toolkit."""
    versions: dict[str, dict[str, ListedVersion]] = defaultdict(dict)
    for questionnaire in library():
        versions[questionnaire.id][questionnaire.version] = ListedVersion(
            questionnaire.version, questionnaire, own=False
        )
    for stored in own_versions(organisation_id):
        versions[stored.questionnaire_key][stored.version] = ListedVersion(
            stored.version, questionnaire_of(stored), own=True
        )
    # A check keeps the version it used, even one no longer in the library.
    for (key, version), rounds in _rounds_by_version(organisation_id).items():
        listed = versions[key].get(version)
        if listed is None:
            stored = rounds[0].questionnaire_version
            listed = versions[key][version] = ListedVersion(
                version, questionnaire_of(stored), own=stored.organisation_id is not None
            )
        listed.rounds = rounds
    aside = set_aside(organisation_id)
    found = []
    for key, by_version in versions.items():
        ordered = sorted(by_version.values(), key=lambda v: version_key(v.version), reverse=True)
        for listed in ordered:
            listed.retired = (key, listed.version) in aside.retired
        found.append(Listed(key, key in library(), key in aside.hidden, ordered))
    return sorted(found, key=lambda q: (q.shipped, q.latest.questionnaire.title["en"].lower()))


def _put_aside(organisation_id: int, key: str, version: str, state: Shelving) -> None:
    """Keep a choice to set a questionnaire or version aside, once."""
    found = db.session.scalar(
        select(QuestionnaireChoice).where(
            QuestionnaireChoice.organisation_id == organisation_id,
            QuestionnaireChoice.questionnaire_key == key,
            QuestionnaireChoice.version == version,
        )
    )
    if found is None:
        db.session.add(
            QuestionnaireChoice(
                organisation_id=organisation_id,
                questionnaire_key=key,
                version=version,
                state=state,
            )
        )


def hide(organisation_id: int, key: str) -> None:
    """Stop offering every version of a questionnaire for new checks, until offered again."""
    _put_aside(organisation_id, key, EVERY_VERSION, Shelving.HIDDEN)


def offer_again(organisation_id: int, key: str) -> None:
    """Offer a hidden questionnaire for new checks again; retired versions stay retired."""
    db.session.execute(
        delete(QuestionnaireChoice).where(
            QuestionnaireChoice.organisation_id == organisation_id,
            QuestionnaireChoice.questionnaire_key == key,
            QuestionnaireChoice.state == Shelving.HIDDEN,
        )
    )


def retire(organisation_id: int, key: str, version: str) -> None:
    """Never offer this version for new checks again; checks that used it keep it."""
    _put_aside(organisation_id, key, version, Shelving.RETIRED)
