"""What the JSON API returns, as pydantic models: the OpenAPI document is written from these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from toolkit.core.questionnaire import schema
from toolkit.core.scoring import (
    Change,
    ChangeSince,
    DimensionResult,
    Distribution,
    GroupProfile,
    GroupScore,
    NotComparable,
    PartnerScores,
    PerceptionMatrix,
    RoundProfile,
    Summary,
    Suppressed,
)
from toolkit.core.scoring.guidance import band_for
from toolkit.core.scoring.units import in_own_units
from toolkit.storage.models.groups import GroupKind
from toolkit.storage.models.rounds import RoundStatus

if TYPE_CHECKING:
    from toolkit.services.agreed import Agreed


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
    # Read from the round's row, where it is the questionnaire version's id.
    questionnaire_id: int = Field(validation_alias="questionnaire_version_id")


class Round(RoundSummary):
    collect_comments: bool
    perspectives: list[str] = Field(
        description="Keys of the group's perspectives asked.", validation_alias="perspectives_asked"
    )


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


class OwnUnitsOut(Out):
    """A score on the questionnaire's own numbers, worked out from the shown 0-100 mean."""

    value: float
    lowest: int
    highest: int
    units: str = Field(description="'mean' (the mean answer) or 'sum' (added up over statements).")


class Score(Out):
    summary: Cell
    changes: list[ChangeOut] = Field(description="Since up to two earlier rounds.")
    in_own_units: OwnUnitsOut | None = Field(
        default=None,
        description="The same score in the questionnaire's own units, when its file asks for "
        "them (scoring.units); null when it does not, or when the score is hidden.",
    )
    guidance_band: str | None = Field(
        default=None,
        description="The key of the band of the instrument's own guidance the score is in, as "
        "the questionnaire's guidance.bands name it: the instrument's reading, never a grade "
        "from the toolkit. Null when the file has no guidance, the score is in no band, or "
        "the score is hidden.",
    )


class DimensionOut(Out):
    dimension: str
    category: str | None = Field(
        default=None,
        description="The key of the category the dimension sits under; null when the "
        "questionnaire has no categories.",
    )
    everyone: Score
    by_perspective: dict[str, Score]


class CategoryOut(Out):
    """A heading over some dimensions; it has no score of its own."""

    key: str
    label: str
    label_cy: str | None
    dimensions: list[str] = Field(description="Keys of its dimensions, in order.")


class AnswerCountOut(Out):
    answer: int | str = Field(
        description="The option, as its number on the scale, or an excluded answer's code "
        "such as dont-know."
    )
    count: int
    excluded: bool = Field(description="True for answers such as dont-know, not in the score.")


class AnswerCounts(Out):
    """How many people gave each answer to one statement, or why the counts are not shown."""

    shown: bool
    n: int | None = Field(default=None, description="Everyone who answered, excluded answers too.")
    counts: list[AnswerCountOut] | None = Field(
        default=None, description="Every answer on the scale, in the scale's order."
    )
    not_shown: str | None = Field(default=None, description='e.g. "fewer than 5 responses".')


class ItemOut(Out):
    item: str
    dimension: str | None
    everyone: Cell
    by_perspective: dict[str, Cell]
    answers: AnswerCounts = Field(description="Everyone's answers.")
    answers_by_perspective: dict[str, AnswerCounts]


class ChoiceOut(Out):
    """How many gave each answer to a question that feeds no score; it never has a score."""

    item: str
    dimension: str | None = Field(
        description="The dimension it speaks to, shown beside it but not part of its score; "
        "null for none."
    )
    answers: AnswerCounts = Field(description="Everyone's answers.")
    answers_by_perspective: dict[str, AnswerCounts]


class GapOut(Out):
    dimension: str | None
    item: str | None
    higher: str
    lower: str
    points: float
    flagged: bool = Field(description="True when the gap is a third of the scale or more.")


class PartnerScoresOut(Out):
    overall: Cell = Field(description="Across all the statements about partners.")
    items: dict[str, Cell] = Field(description="Each statement about partners, by item key.")


class MatrixCellOut(PartnerScoresOut):
    rater: str | None = Field(
        description="The member organisation whose people answered; null for people in none."
    )
    partner: str = Field(description="The partner organisation they answered about.")


class PerceptionMatrixOut(Out):
    raters: list[str | None] = Field(
        description="Member organisations whose people answered; null for people in none."
    )
    partners: list[str] = Field(description="Partner organisations answered about.")
    cells: list[MatrixCellOut] = Field(
        description="One for every rater and partner, raters first; where the two are the "
        "same, how an organisation's own people see it."
    )
    how_it_is_seen: dict[str, PartnerScoresOut] = Field(
        description="Each partner as everyone but its own people see it."
    )
    how_it_sees_others: dict[str, PartnerScoresOut] = Field(
        description="How each member organisation's people see the partners other than their "
        "own: each person's average over the partners they answered about."
    )


class CommentOut(Out):
    dimension: str | None
    text: str


class AgreedOut(Out):
    dimension: str
    status: str = Field(
        description="What the team agreed together about the dimension: one of the answer "
        'values of the dimension\'s scale (as text, e.g. "4"), or "no-agreement".'
    )
    note: str


class RoundProfileOut(Out):
    round_id: int
    title: str
    release: int = Field(
        description="Which release of the round's results this is: 1 for the first. A new "
        "release comes only once every figure it changes has changed by k people or more."
    )
    released_on: date = Field(description="The day this release was made.")
    closed_on: date | None
    threshold: int
    responses: int
    perspectives: dict[str, list[str]] = Field(
        description='Each perspective shown, with the perspectives in it ("all other '
        'perspectives" gathers small ones); empty when no breakdown is safe.'
    )
    categories: list[CategoryOut] = Field(
        default_factory=list,
        description="The questionnaire's categories, each over its dimensions, in order; "
        "empty when it has none. A category is a heading, never a score: its dimensions' "
        "figures are each shown or hidden on their own.",
    )
    dimensions: list[DimensionOut] = Field(
        description="In the questionnaire's order of categories, then of dimensions."
    )
    items: list[ItemOut]
    choices: list[ChoiceOut] = Field(
        description="Questions that feed no score, such as how long people have been involved: "
        "answer counts only, hidden as a statement's are."
    )
    gaps: list[GapOut]
    partners: PerceptionMatrixOut | None = Field(
        description="How member organisations see each other; null when nobody was asked."
    )
    comments: list[CommentOut] | None = Field(description="Shuffled, never attributed.")
    comments_not_shown: str | None
    agreed: list[AgreedOut] = Field(
        default_factory=list,
        description="What the team recorded it agreed about each dimension after this round, "
        "in its own words; not anyone's answers.",
    )


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


def answer_counts(shown: Distribution | Suppressed) -> AnswerCounts:
    """Describe one statement's answer counts, or why they are hidden."""
    if isinstance(shown, Suppressed):
        return AnswerCounts(shown=False, not_shown=shown.message)
    counts = [AnswerCountOut.model_validate(c, from_attributes=True) for c in shown.counts]
    return AnswerCounts(shown=True, n=shown.n, counts=counts)


def answer_counts_by_perspective(
    shown: Mapping[str, Distribution | Suppressed],
) -> dict[str, AnswerCounts]:
    """Describe each perspective's answer counts, or why they are hidden."""
    return {g: answer_counts(a) for g, a in shown.items()}


def _scores(scores: PartnerScores) -> dict[str, Any]:
    return {
        "overall": cell(scores.overall),
        "items": {m: cell(s) for m, s in scores.items.items()},
    }


def perception_matrix(matrix: PerceptionMatrix) -> PerceptionMatrixOut:
    """Lay out the perception matrix; cells the scoring layer hid stay hidden."""
    return PerceptionMatrixOut(
        raters=list(matrix.raters),
        partners=list(matrix.partners),
        cells=[
            MatrixCellOut(rater=r, partner=p, **_scores(scores))
            for (r, p), scores in matrix.cells.items()
        ],
        how_it_is_seen={
            p: PartnerScoresOut(**_scores(s)) for p, s in matrix.how_it_is_seen.items()
        },
        how_it_sees_others={
            r: PartnerScoresOut(**_scores(s)) for r, s in matrix.how_it_sees_others.items()
        },
    )


def own_units(
    questionnaire: schema.Questionnaire, dimension: str, shown: Summary | Suppressed
) -> OwnUnitsOut | None:
    """Put a shown dimension score in the questionnaire's own units; never a hidden one."""
    if not isinstance(shown, Summary):
        return None
    found = in_own_units(questionnaire, dimension, shown.mean)
    if found is None:
        return None
    return OwnUnitsOut(
        value=round(found.value, 2),
        lowest=found.lowest,
        highest=found.highest,
        units=found.units.value,
    )


def score(questionnaire: schema.Questionnaire, dimension: str, found: GroupScore) -> Score:
    """Lay out one group's score on a dimension, with its own units and guidance band if shown."""
    shown = found.summary
    band = band_for(questionnaire, dimension, shown.mean) if isinstance(shown, Summary) else None
    return Score(
        summary=cell(shown),
        changes=[change(c) for c in found.changes],
        in_own_units=own_units(questionnaire, dimension, shown),
        guidance_band=band.key if band else None,
    )


def categories(questionnaire: schema.Questionnaire) -> list[CategoryOut]:
    """List the questionnaire's categories with their dimensions; none without them."""
    return [
        CategoryOut(
            key=category.key,
            label=category.label["en"],
            label_cy=category.label.get("cy"),
            dimensions=[d.key for d in dimensions],
        )
        for category, dimensions in questionnaire.grouped()
        if category is not None
    ]


def _in_order(
    results: Sequence[DimensionResult], questionnaire: schema.Questionnaire
) -> list[DimensionResult]:
    """Put dimensions in the order of their categories, as every output groups them."""
    order = [d.key for _, dimensions in questionnaire.grouped() for d in dimensions]
    return sorted(results, key=lambda r: order.index(r.dimension) if r.dimension in order else 0)


def _category_of(questionnaire: schema.Questionnaire, dimension: str) -> str | None:
    return next((d.category for d in questionnaire.dimensions if d.key == dimension), None)


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


def round_profile(
    profile: RoundProfile,
    release: tuple[int, date],
    agreed: Mapping[str, Agreed],
    questionnaire: schema.Questionnaire,
) -> RoundProfileOut:
    """Lay out one round's profile; hidden values stay hidden, as on every page."""
    comments = profile.comments
    return RoundProfileOut(
        round_id=int(profile.key),
        title=profile.label,
        release=release[0],
        released_on=release[1],
        closed_on=profile.closed_on,
        threshold=profile.threshold,
        responses=profile.responses,
        perspectives={g: list(members) for g, members in profile.perspectives.items()},
        categories=categories(questionnaire),
        dimensions=[
            DimensionOut(
                dimension=d.dimension,
                category=_category_of(questionnaire, d.dimension),
                everyone=score(questionnaire, d.dimension, d.everyone),
                by_perspective={
                    g: score(questionnaire, d.dimension, s) for g, s in d.by_perspective.items()
                },
            )
            for d in _in_order(profile.dimensions, questionnaire)
        ],
        items=[
            ItemOut(
                item=i.item,
                dimension=i.dimension,
                everyone=cell(i.everyone),
                by_perspective={g: cell(s) for g, s in i.by_perspective.items()},
                answers=answer_counts(i.answers),
                answers_by_perspective=answer_counts_by_perspective(i.answers_by_perspective),
            )
            for i in profile.items
        ],
        choices=[
            ChoiceOut(
                item=c.item,
                dimension=c.dimension,
                answers=answer_counts(c.answers),
                answers_by_perspective=answer_counts_by_perspective(c.answers_by_perspective),
            )
            for c in profile.choices
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
        partners=None if profile.partners is None else perception_matrix(profile.partners),
        comments=None
        if isinstance(comments, Suppressed)
        else [CommentOut(dimension=c.dimension, text=c.text) for c in comments],
        comments_not_shown=comments.message if isinstance(comments, Suppressed) else None,
        agreed=[
            AgreedOut(dimension=a.dimension, status=a.status, note=a.note) for a in agreed.values()
        ],
    )


def group_profile(
    group_id: int,
    profile: GroupProfile,
    releases: Mapping[str, tuple[int, date]],
    agreed: Mapping[str, Mapping[str, Agreed]],
    questionnaires: Mapping[str, schema.Questionnaire],
) -> Profile:
    """Lay out a group's profile; ``releases`` gives each round's release number and day."""
    return Profile(
        group_id=group_id,
        rounds=[
            round_profile(r, releases[r.key], agreed.get(r.key, {}), questionnaires[r.key])
            for r in profile.rounds
        ],
    )
