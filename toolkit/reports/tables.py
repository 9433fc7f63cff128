"""The report's data tables: every chart's numbers, with hidden cells saying why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup

from toolkit.core.palette import answer_colours
from toolkit.core.questionnaire.schema import Questionnaire, Scale, localise
from toolkit.core.scoring import (
    ChoiceResult,
    Distribution,
    RoundProfile,
    Summary,
    Suppressed,
    SuppressedBecause,
)
from toolkit.core.shapes import swatches
from toolkit.reports.print_charts import Picture, answer_bar
from toolkit.services.sentences import Words


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
    # A table of answers also draws them: the colour of each answer's column
    # (None for the others), and under each statement its answers as one bar.
    colours: list[str | None] = field(default_factory=list)
    bars: list[Picture | None] = field(default_factory=list)
    # A status scale's columns are headed by each answer's shape as well as its colour.
    shapes: list[Markup | None] = field(default_factory=list)


def shown(value: Summary | Suppressed | float, places: int = 1) -> str:
    """Say a mean out of 100, or why it is not shown."""
    if isinstance(value, Suppressed):
        return hidden(value)
    mean = value.mean if isinstance(value, Summary) else value
    return f"{mean:.{places}f}"


def hidden(value: Suppressed) -> str:
    """Say in the reader's language why a value is not shown."""
    if value.reason is SuppressedBecause.TOO_FEW:
        return _("fewer than %(k)s responses", k=value.n_below)
    return _("hidden so that a smaller group's answers cannot be worked out")


def trend_table(rounds: Sequence[RoundProfile], words: Words) -> Table:
    """Everyone's mean on each dimension in each check, with how many people it is from."""
    rows = []
    for key, label in words.dimensions.items():
        row = [label]
        for profile in rounds:
            result = next((r for r in profile.dimensions if r.dimension == key), None)
            if result is None:
                row.append("–")
            elif isinstance(result.everyone.summary, Summary):
                row.append(f"{shown(result.everyone.summary)} (n={result.everyone.summary.n})")
            else:
                row.append(shown(result.everyone.summary))
        rows.append(row)
    return Table(
        _("Everyone's mean score out of 100 in each check"),
        [_("Dimension"), *[r.label for r in rounds]],
        rows,
    )


def dimension_table(now: RoundProfile, words: Words) -> Table:
    """Each perspective's mean on each dimension in the latest check."""
    groups = list(now.perspectives)
    rows = []
    for result in now.dimensions:
        row = [words.dimensions[result.dimension], shown(result.everyone.summary)]
        row += [shown(result.by_perspective[g].summary) for g in groups]
        rows.append(row)
    return Table(
        _("Mean score out of 100 by perspective, %(round)s", round=now.label),
        [_("Dimension"), _("Everyone"), *[words.perspectives.get(g, g) for g in groups]],
        rows,
    )


def item_table(
    questionnaire: Questionnaire, key: str, now: RoundProfile, words: Words, language: str
) -> Table:
    """How many people gave each answer to a dimension's statements, and their mean.

    When the statements share one scale, each also gets a bar of its answers,
    lower answers left of the centre line and higher ones right.
    """
    items = [i for i in now.items if i.dimension == key]
    columns: list[str] = []
    options = 0
    scale: Scale | None = None
    for item in items:
        scale = questionnaire.scale_for(questionnaire.item(item.item))
        labels = [localise(o.label, language) or str(o.value) for o in scale.options]
        options = len(labels)
        labels += [localise(e.label, language) for e in scale.excluded]
        columns = columns or labels
        if labels != columns:
            # Mixed scales in one dimension: counts would not line up under one heading.
            columns = []
            break
    colours = answer_colours(scale) if columns and scale else []
    drawn = [Markup(shape) for shape in swatches(scale)] if columns and scale else []
    rows, bars = [], []
    for item in items:
        text = statement(questionnaire, item.item, language)
        if questionnaire.item(item.item).reverse:
            text += " " + _("(reverse-worded)")
        row = [text, shown(item.everyone)]
        bar = None
        if isinstance(item.answers, Distribution):
            counts = [str(c.count) for c in item.answers.counts]
            row += counts if columns else [" · ".join(counts)]
            if colours:
                scored = [c.count for c in item.answers.counts if not c.excluded]
                bar = answer_bar(scored, columns[:options], colours)
        else:
            row += [hidden(item.answers)] + [""] * (max(len(columns), 1) - 1)
        rows.append(row)
        bars.append(bar)
    return Table(
        _("Number of people giving each answer")
        + (
            ". "
            + _(
                "The bar under each statement shows the same answers as shares: "
                "lower answers left of the centre line, higher answers right."
            )
            if colours
            else ""
        ),
        [_("Statement"), _("Mean out of 100"), *(columns or [_("Answers, lowest first")])],
        rows,
        colours=[None, None, *colours, *[None] * (len(columns) - len(colours))] if colours else [],
        bars=bars if colours else [],
        shapes=[None, None, *drawn, *[None] * (len(columns) - len(drawn))] if drawn else [],
    )


def choice_table(
    questionnaire: Questionnaire,
    asked: ChoiceResult,
    now: RoundProfile,
    words: Words,
    language: str,
) -> Table:
    """How many people gave each answer to a question that feeds no score, by perspective."""
    names = answer_names(questionnaire, asked.item, language)
    groups = list(now.perspectives)
    columns = [asked.answers, *[asked.answers_by_perspective[g] for g in groups]]
    rows = []
    for number, answer in enumerate(names):
        row = [names[answer]]
        for counts in columns:
            if isinstance(counts, Distribution):
                row.append(str(next(c.count for c in counts.counts if c.answer == answer)))
            else:
                # Once per column is enough to say why it is empty.
                row.append("" if number else hidden(counts))
        rows.append(row)
    return Table(
        statement(questionnaire, asked.item, language),
        [_("Answer"), _("Everyone"), *[words.perspectives.get(g, g) for g in groups]],
        rows,
    )


def answer_names(questionnaire: Questionnaire, key: str, language: str) -> dict[int | str, str]:
    """Name each answer an item's scale offers, as people saw it."""
    scale = questionnaire.scale_for(questionnaire.item(key))
    names: dict[int | str, str] = {
        o.value: localise(o.label, language) or str(o.value) for o in scale.options
    }
    return names | {e.value: localise(e.label, language) for e in scale.excluded}


def statement(questionnaire: Questionnaire, key: str, language: str) -> str:
    """Word a statement as asked, with both ends of a from-to scale."""
    item = questionnaire.item(key)
    text = localise(item.text, language)
    if item.left and item.right:
        text += f" ({localise(item.left, language)} – {localise(item.right, language)})"
    return text
