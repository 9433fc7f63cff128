"""The published JSON formats, as pydantic models: the schemas in docs/schemas come from here."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from toolkit.storage.models.groups import GroupKind
from toolkit.storage.models.rounds import RoundStatus

ANSWERS_FORMAT = "toolkit-round-answers"
ARCHIVE_FORMAT = "toolkit-organisation-archive"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerRecord(Strict):
    """One answer: the same columns as the CSV export."""

    round: str = Field(description="The round's title.")
    response: int = Field(
        ge=1,
        description="Record number, in a random order made afresh for each download. A "
        "person's own answers share one; each answer about a partner has its own, not linked "
        "to the person's other answers.",
    )
    perspective: str = Field(
        description='Perspective key, "all other perspectives", or "" when no breakdown is safe '
        "and for answers about a partner."
    )
    partner: str = Field(
        description='Key of the partner organisation the item asked about; "" for ordinary items.'
    )
    section: str = Field(description="Key of the questionnaire section.")
    dimension: str = Field(
        description='Key of the dimension the item counts towards; "" when none.'
    )
    item: str = Field(description="Key of the item.")
    answer: int | str = Field(
        description='The option chosen, or an excluded answer such as "dont-know".'
    )
    position: float | None = Field(
        description=(
            "Where the answer sits on 0-100 after reversal (higher is stronger); "
            "null for excluded answers."
        )
    )


class CommentRecord(Strict):
    dimension: str | None = Field(
        description="Key of the dimension the story question speaks to, if any."
    )
    text: str


class QuestionnaireRef(Strict):
    id: str
    version: str
    content_hash: str


class RoundRef(Strict):
    uid: str
    title: str
    group: str = Field(description="The group's name.")
    questionnaire: QuestionnaireRef
    opens_on: date
    closes_on: date
    threshold: int = Field(ge=3, description="The round's anonymity threshold k.")


class RoundAnswers(Strict):
    """A round's anonymised answers (format toolkit-round-answers)."""

    format: Literal["toolkit-round-answers"]
    format_version: Literal[2]
    round: RoundRef
    responses: int = Field(ge=0, description="Responses exported; 0 when withheld.")
    withheld: str | None = Field(description="Why no answers are included, or null.")
    left_out: list[str] = Field(
        description="What the answers leave out, and why: a perspective group or a partner "
        "answered about by fewer than k people."
    )
    answers: list[AnswerRecord]
    comments: list[CommentRecord] | None = Field(
        description="Shuffled, without perspective; null when withheld."
    )
    comments_withheld: str | None


class ArchiveQuestionnaire(Strict):
    content_hash: str = Field(description="Identifies the exact questionnaire; rounds point at it.")
    questionnaire_key: str
    version: str
    title: str
    source_yaml: str = Field(description="The questionnaire file exactly as it was used.")
    organisation_owned: bool = Field(description="True when the organisation uploaded it.")


class ArchivePerspective(Strict):
    key: str
    label: str
    label_cy: str | None
    position: int


class ArchivePartner(Strict):
    key: str
    name: str


class ArchiveAnswer(Strict):
    item: str
    partner: str = Field(description='The partner asked about; "" for ordinary items.')
    value: int | None
    excluded: str | None


class ArchiveRecord(Strict):
    """A record of a round's row-level download: someone's own answers, or those about a partner."""

    uid: str = Field(
        description="Drawn afresh for every download, so no two archives share one: it joins "
        "nothing across downloads."
    )
    perspective: str = Field(
        description="The perspective group the released results showed: a perspective key or "
        '"all other perspectives"; "" when no breakdown was safe and for answers about a partner.'
    )
    answers: list[ArchiveAnswer]


class ArchiveRound(Strict):
    uid: str
    title: str
    questionnaire: str = Field(description="content_hash of one of the archive's questionnaires.")
    opens_on: date
    closes_on: date
    status: RoundStatus
    threshold: int = Field(ge=3)
    collect_comments: bool
    anonymous: bool
    perspectives: list[str]
    retention_days: int | None
    published_profile: dict[str, Any] | None = Field(
        description="The round's standing release, as a snapshot "
        "(toolkit/core/scoring/snapshot.py): "
        "the results every output of the round shows, comments included; null for a round "
        "still being set up or open."
    )
    withheld: str | None = Field(description="Why the round has no records, or null.")
    left_out: list[str] = Field(
        description="What the records leave out, and why: a perspective group or a partner "
        "answered about by fewer than k people."
    )
    responses: list[ArchiveRecord] = Field(
        description="The records a row-level download of the round holds, in a random order: "
        "only answers behind the standing release, without dates, language, paper or online, "
        "or the respondent's own organisation."
    )


class ArchiveAction(Strict):
    uid: str
    round: str | None = Field(description="uid of the round it was agreed after, if any.")
    dimension: str | None
    text: str
    owner: str
    what_happened: str
    agreed_on: date


class ArchiveGroup(Strict):
    uid: str
    name: str
    kind: GroupKind
    description: str
    perspectives: list[ArchivePerspective]
    partners: list[ArchivePartner]
    rounds: list[ArchiveRound]
    actions: list[ArchiveAction]


class ArchiveOrganisation(Strict):
    name: str
    slug: str


class Archive(Strict):
    """An organisation's history as its outputs show it (format toolkit-organisation-archive)."""

    format: Literal["toolkit-organisation-archive"]
    format_version: Literal[2]
    exported_on: date
    organisation: ArchiveOrganisation
    questionnaires: list[ArchiveQuestionnaire]
    groups: list[ArchiveGroup]


def schema_text(model: type[BaseModel]) -> str:
    """Render a model's JSON Schema as kept in docs/schemas."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(model.model_json_schema(mode="serialization"))
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
