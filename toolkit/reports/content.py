"""Build a report's content from a group profile: words, charts and tables, all made safe.

Everything the template receives is already a string (or a chart), so a
hidden value reaches it only as the words saying why it is hidden. Raw
responses never get here: only the scoring layer's results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import gettext as _

from toolkit.core.questionnaire.headings import headings
from toolkit.core.questionnaire.schema import Questionnaire, localise
from toolkit.core.scoring import (
    RoundProfile,
    Summary,
    Suppressed,
)
from toolkit.reports.charts import Chart, category_charts, overview_charts
from toolkit.reports.subjects import Subject
from toolkit.reports.tables import (
    Table,
    answer_names,
    choice_table,
    dimension_table,
    item_table,
    shown,
    trend_table,
)
from toolkit.services.sentences import (
    Paragraph,
    Words,
    guidance,
    in_own_units,
    most_say,
    summary,
)

# Rounds drawn on one radar: more lines than this stop being readable.
RADAR_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class DimensionSection:
    key: str
    label: str
    description: str
    sentences: list[str]
    tables: list[Table]
    prompts: list[str]
    comments: list[str]
    agreed: str = ""


@dataclass(frozen=True, slots=True)
class CategoryPart:
    """A category's heading and charts above its dimensions' sections; no label without one."""

    label: str
    description: str
    charts: list[Chart]
    dimensions: list[DimensionSection]


@dataclass(frozen=True, slots=True)
class Report:
    language: str
    title: str
    questionnaire_title: str
    questionnaire_description: str
    facts: list[tuple[str, str]]
    took_part: list[tuple[str, str]]
    summary: list[Paragraph]
    charts: list[Chart]
    parts: list[CategoryPart]
    comments: list[str]  # those about no one dimension
    comments_note: str
    # Answer counts of the questions that feed no score and speak to no one dimension.
    unscored: list[Table]
    threshold: int
    appendix: list[Table] = field(default_factory=list)

    @property
    def dimensions(self) -> list[DimensionSection]:
        """Return every dimension's section, in the report's order."""
        return [section for part in self.parts for section in part.dimensions]


def build_report(subject: Subject) -> Report:
    """Build the content of a round report, or of a group-over-time report."""
    rounds = subject.profile.rounds
    now = rounds[-1]
    questionnaire = subject.questionnaires[now.key]
    language = subject.language
    words = Words(
        dimensions={d.key: localise(d.label, language) for d in questionnaire.dimensions},
        items={i.key: localise(i.text, language) for i in questionnaire.items},
        perspectives=subject.perspective_names,
    )
    # Earlier rounds are set beside this one only when they asked the same things.
    comparable = [r for r in rounds if questionnaire.comparable_with(subject.questionnaires[r.key])]
    shown_rounds = comparable if subject.over_time else comparable[-RADAR_ROUNDS:]
    earlier = rounds[-2] if len(rounds) > 1 else None
    title = (
        _("%(group)s: our checks over time", group=subject.group_name)
        if subject.over_time
        else _("%(group)s: %(round)s", group=subject.group_name, round=now.label)
    )
    comments = now.comments
    grouped = headings(questionnaire, language)
    return Report(
        language=language,
        title=title,
        questionnaire_title=localise(questionnaire.title, language),
        questionnaire_description=localise(questionnaire.description, language),
        facts=_facts(subject, now, shown_rounds),
        took_part=_took_part(subject, now),
        summary=summary(now, earlier, subject.actions, words),
        charts=overview_charts(
            now, shown_rounds, words, subject.over_time, whole=not grouped[0].key
        ),
        parts=[
            CategoryPart(
                label=heading.label,
                description=heading.description,
                charts=category_charts(heading, now, shown_rounds, words) if heading.key else [],
                dimensions=[
                    _dimension_section(questionnaire, key, now, shown_rounds, subject, words)
                    for key in heading.dimensions
                ],
            )
            for heading in grouped
        ],
        comments=[]
        if isinstance(comments, Suppressed)
        else [c.text for c in comments if c.dimension is None],
        comments_note=_(
            "Comments are shown only when at least %(k)s people have answered.", k=now.threshold
        )
        if isinstance(comments, Suppressed)
        else "",
        unscored=[
            choice_table(questionnaire, asked, now, words, language)
            for asked in now.choices
            if asked.dimension is None
        ],
        threshold=now.threshold,
        appendix=[
            trend_table(shown_rounds, words),
            *([dimension_table(now, words)] if now.perspectives else []),
        ],
    )


def _facts(
    subject: Subject, now: RoundProfile, shown_rounds: Sequence[RoundProfile]
) -> list[tuple[str, str]]:
    facts = [
        (_("Group"), subject.group_name),
        (_("Kind of group"), subject.kind),
        (_("Organisation"), subject.organisation_name),
    ]
    if subject.over_time:
        facts.append((_("Checks in this report"), ", ".join(r.label for r in shown_rounds)))
    facts.append((_("Latest check") if subject.over_time else _("Check"), now.label))
    if now.closed_on is not None:
        facts.append((_("Closed on"), format_date(now.closed_on, "d MMMM yyyy")))
    facts.append((_("People who answered"), str(now.responses)))
    return facts


def _took_part(subject: Subject, now: RoundProfile) -> list[tuple[str, str]]:
    names = subject.perspective_names
    rows = []
    for group, members in now.perspectives.items():
        label = names.get(group, group)
        if len(members) > 1 or members != (group,):
            label += " (" + ", ".join(names.get(m, m) for m in members) + ")"
        # Results kept as a version 1 snapshot (toolkit.core.scoring.snapshot) lack these counts.
        rows.append((label, str(subject.took_part.get(group, "–"))))
    return rows


def _dimension_section(
    questionnaire: Questionnaire,
    key: str,
    now: RoundProfile,
    shown_rounds: Sequence[RoundProfile],
    subject: Subject,
    words: Words,
) -> DimensionSection:
    language = subject.language
    dimension = questionnaire.dimension(key)
    result = next(r for r in now.dimensions if r.dimension == key)
    everyone = result.everyone.summary
    if isinstance(everyone, Summary):
        sentences = [
            _(
                "Everyone's score: %(mean)s out of 100 from %(n)s people; the middle half "
                "of scores lie between %(low)s and %(high)s.",
                mean=f"{everyone.mean:.0f}",
                n=everyone.n,
                low=f"{everyone.lower_quartile:.0f}",
                high=f"{everyone.upper_quartile:.0f}",
            )
        ]
        own = in_own_units(questionnaire, key, everyone)
        if own:
            sentences.append(_("In the questionnaire's own units: %(score)s.", score=own))
        # The instrument's own reading of the score, in its words: never the toolkit's grade.
        read = guidance(questionnaire, key, everyone, language)
        if read:
            sentences.append(read)
    else:
        sentences = [_("Everyone's score: %(why)s.", why=shown(everyone))]
    # Questions about how this dimension is going sit beside its score, never in it.
    beside = [asked for asked in now.choices if asked.dimension == key]
    for asked in beside:
        most = most_say(
            asked.answers, answer_names(questionnaire, asked.item, language).__getitem__
        )
        if most:
            sentences.append(f"“{words.items[asked.item]}” {most}")
    comments = (
        [c.text for c in now.comments if c.dimension == key]
        if isinstance(now.comments, tuple)
        else []
    )
    return DimensionSection(
        key=key,
        label=words.dimensions[key],
        description=localise(dimension.description, language),
        sentences=sentences,
        tables=[
            item_table(questionnaire, key, now, words, language),
            *(choice_table(questionnaire, asked, now, words, language) for asked in beside),
        ],
        prompts=[localise(p, language) for p in dimension.prompts],
        comments=comments,
        agreed=subject.agreed.get(key, ""),
    )
