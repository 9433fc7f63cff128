"""What the JSON API returns, as pydantic models: the OpenAPI document is written from these."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from toolkit.models.groups import GroupKind
from toolkit.models.rounds import RoundStatus
from toolkit.scoring import (
    Change,
    ChangeSince,
    GroupProfile,
    NotComparable,
    RoundProfile,
    Summary,
    Suppressed,
)


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(Out):
    error: str = Field(description="What went wrong, in a few words.")
    detail: str = Field(description="What was wrong with the request and how to fix it.")


class Organisation(Out):
    id: int
    name: str
    slug: str


class OrganisationList(Out):
    organisations: list[Organisation]


class Perspective(Out):
    key: str
    label: str
    label_cy: str | None


class Partner(Out):
    key: str
    name: str


class RoundSummary(Out):
    id: int
    uid: str
    group_id: int
    title: str
    status: RoundStatus
    opens_on: date
    closes_on: date
    threshold: int = Field(description="Anonymity threshold k: nothing from fewer is shown.")
    questionnaire_id: int


class Round(RoundSummary):
    collect_comments: bool
    perspectives: list[str] = Field(description="Keys of the group's perspectives asked.")


class RoundList(Out):
    rounds: list[RoundSummary]


class GroupSummary(Out):
    id: int
    uid: str
    name: str
    kind: GroupKind


class Group(GroupSummary):
    description: str
    perspectives: list[Perspective]
    partners: list[Partner]
    rounds: list[RoundSummary]


class GroupList(Out):
    groups: list[GroupSummary]


class QuestionnaireSummary(Out):
    id: int
    questionnaire_key: str
    version: str
    content_hash: str
    title: str


class Questionnaire(QuestionnaireSummary):
    source_yaml: str = Field(description="The questionnaire file exactly as rounds used it.")
    definition: dict[str, Any] = Field(
        description="The same questionnaire as JSON, in the format of questionnaire.schema.json."
    )


class QuestionnaireList(Out):
    questionnaires: list[QuestionnaireSummary]


class Cell(Out):
    """Scores on 0-100, or why they are not shown."""

    shown: bool
    n: int | None = None
    mean: float | None = None
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None
    not_shown: str | None = Field(default=None, description='e.g. "fewer than 5 responses".')


class ChangeOut(Out):
    since_round_id: int
    since_title: str
    points: float | None = Field(description="How far the mean moved; null when not shown.")
    not_shown: str | None


class Score(Out):
    summary: Cell
    changes: list[ChangeOut] = Field(description="Since up to two earlier rounds.")


class DimensionOut(Out):
    dimension: str
    everyone: Score
    by_perspective: dict[str, Score]


class ItemOut(Out):
    item: str
    dimension: str | None
    everyone: Cell
    by_perspective: dict[str, Cell]


class GapOut(Out):
    dimension: str | None
    item: str | None
    higher: str
    lower: str
    points: float
    flagged: bool = Field(description="True when the gap is a third of the scale or more.")


class CommentOut(Out):
    dimension: str | None
    text: str


class RoundProfileOut(Out):
    round_id: int
    title: str
    closed_on: date | None
    threshold: int
    responses: int
    perspectives: dict[str, list[str]] = Field(
        description='Each perspective shown, with the perspectives in it ("all other '
        'perspectives" gathers small ones); empty when no breakdown is safe.'
    )
    dimensions: list[DimensionOut]
    items: list[ItemOut]
    gaps: list[GapOut]
    comments: list[CommentOut] | None = Field(description="Shuffled, never attributed.")
    comments_not_shown: str | None


class Profile(Out):
    group_id: int
    rounds: list[RoundProfileOut] = Field(description="Closed and shared rounds, oldest first.")


def cell(shown: Summary | Suppressed) -> Cell:
    """Describe one score, or why it is hidden."""
    if isinstance(shown, Suppressed):
        return Cell(shown=False, not_shown=shown.message)
    return Cell(
        shown=True,
        n=shown.n,
        mean=round(shown.mean, 2),
        median=round(shown.median, 2),
        lower_quartile=round(shown.lower_quartile, 2),
        upper_quartile=round(shown.upper_quartile, 2),
    )


def change(since: ChangeSince) -> ChangeOut:
    moved = since.change
    return ChangeOut(
        since_round_id=int(since.round_key),
        since_title=since.round_label,
        points=round(moved.points, 2) if isinstance(moved, Change) else None,
        not_shown=moved.message
        if isinstance(moved, Suppressed)
        else (moved.reason if isinstance(moved, NotComparable) else None),
    )


def round_profile(profile: RoundProfile) -> RoundProfileOut:
    """Lay out one round's profile; hidden values stay hidden, as on every page."""
    comments = profile.comments
    return RoundProfileOut(
        round_id=int(profile.key),
        title=profile.label,
        closed_on=profile.closed_on,
        threshold=profile.threshold,
        responses=profile.responses,
        perspectives={g: list(members) for g, members in profile.perspectives.items()},
        dimensions=[
            DimensionOut(
                dimension=d.dimension,
                everyone=Score(
                    summary=cell(d.everyone.summary),
                    changes=[change(c) for c in d.everyone.changes],
                ),
                by_perspective={
                    g: Score(summary=cell(s.summary), changes=[change(c) for c in s.changes])
                    for g, s in d.by_perspective.items()
                },
            )
            for d in profile.dimensions
        ],
        items=[
            ItemOut(
                item=i.item,
                dimension=i.dimension,
                everyone=cell(i.everyone),
                by_perspective={g: cell(s) for g, s in i.by_perspective.items()},
            )
            for i in profile.items
        ],
        gaps=[
            GapOut(
                dimension=gap.dimension,
                item=gap.item,
                higher=gap.higher,
                lower=gap.lower,
                points=round(gap.points, 2),
                flagged=gap.flagged,
            )
            for gap in profile.gaps
        ],
        comments=None
        if isinstance(comments, Suppressed)
        else [CommentOut(dimension=c.dimension, text=c.text) for c in comments],
        comments_not_shown=comments.message if isinstance(comments, Suppressed) else None,
    )


def group_profile(group_id: int, profile: GroupProfile) -> Profile:
    return Profile(group_id=group_id, rounds=[round_profile(r) for r in profile.rounds])
