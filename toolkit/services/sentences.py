"""What a round's results say in words, for its page and its report alike: strengths first.

Sentences say what people said, what moved and where views differ. They never
grade, label or rank anyone. Hidden values are simply left out of sentences;
the tables say why they are hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from toolkit.core.questionnaire.schema import Questionnaire, Units, localise
from toolkit.core.scoring import (
    Change,
    Distribution,
    NotComparable,
    RoundProfile,
    Summary,
    Suppressed,
    units,
)
from toolkit.core.scoring.data import AnswerValue
from toolkit.core.scoring.guidance import band_for
from toolkit.core.scoring.results import MIX_CHANGED, QUESTIONNAIRE_CHANGED

# Enough to start a conversation; the tables hold the rest.
GAPS_TO_NAME = 3
ITEM_GAPS_TO_NAME = 2
SPLITS_TO_NAME = 3


@dataclass(frozen=True, slots=True)
class ActionNote:
    """Something the group agreed to try after a round, and what came of it."""

    round_key: str
    text: str
    owner: str
    dimension: str | None
    what_happened: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    heading: str
    sentences: list[str]


@dataclass(frozen=True, slots=True)
class Words:
    """What to call things, in the reader's language."""

    dimensions: Mapping[str, str]
    items: Mapping[str, str]
    perspectives: Mapping[str, str]


def summary(
    now: RoundProfile, earlier: RoundProfile | None, actions: Sequence[ActionNote], words: Words
) -> list[Paragraph]:
    """Write the summary of one round, with what the group tried since the one before."""
    paragraphs = [
        Paragraph(_("Where people see strengths"), strengths(now, words)),
        Paragraph(_("What moved since last time"), movement(now, words)),
        Paragraph(_("Where perspectives differ most"), gaps(now, words)),
        Paragraph(_("Where opinion is split"), splits(now, words)),
    ]
    if earlier is not None:
        paragraphs.append(
            Paragraph(
                _("What we agreed to try last time"),
                tried(now, [a for a in actions if a.round_key == earlier.key], words),
            )
        )
    return paragraphs


def strengths(now: RoundProfile, words: Words) -> list[str]:
    shown = sorted(
        (
            (result.everyone.summary.mean, result.dimension)
            for result in now.dimensions
            if isinstance(result.everyone.summary, Summary)
        ),
        reverse=True,
    )
    if not shown:
        return [
            _(
                "Fewer than %(k)s people answered, so no scores are shown for this check.",
                k=now.threshold,
            )
        ]
    (best_mean, best), *rest = shown
    sentences = [
        _(
            "People see most strength in %(dimension)s (%(score)s out of 100).",
            dimension=words.dimensions[best],
            score=f"{best_mean:.0f}",
        )
    ]
    if rest:
        sentences.append(
            _(
                "Then come %(dimensions)s.",
                dimensions=join([f"{words.dimensions[d]} ({m:.0f})" for m, d in rest]),
            )
        )
    items = [(i.everyone.mean, i.item) for i in now.items if isinstance(i.everyone, Summary)]
    if items:
        mean, item = max(items)
        sentences.append(
            _(
                "The statement people rated most strongly: “%(item)s” (%(score)s out of 100).",
                item=words.items[item],
                score=f"{mean:.0f}",
            )
        )
    return sentences


def movement(now: RoundProfile, words: Words) -> list[str]:
    ups, same, downs, notes = [], [], [], []
    for result in now.dimensions:
        if not result.everyone.changes:
            continue
        since = result.everyone.changes[0]
        change = since.change
        label = words.dimensions[result.dimension]
        if isinstance(change, NotComparable):
            note = _(
                "Scores are not compared with %(round)s: %(reason)s.",
                round=since.round_label,
                reason=not_comparable(change),
            )
            if note not in notes:
                notes.append(note)
        elif isinstance(change, Change):
            points = round(change.points)
            if points >= 1:
                ups.append(
                    _("%(dimension)s moved up %(points)s points.", dimension=label, points=points)
                )
            elif points <= -1:
                downs.append(
                    _(
                        "%(dimension)s moved down %(points)s points.",
                        dimension=label,
                        points=-points,
                    )
                )
            else:
                same.append(_("%(dimension)s stayed about the same.", dimension=label))
    changes = [*ups, *same, *downs]
    if changes:
        previous = now.dimensions[0].everyone.changes[0].round_label
        changes.insert(0, _("Compared with %(round)s:", round=previous))
    if not changes and not notes:
        return [_("This is the first check with results, so there is nothing to compare with yet.")]
    return changes + notes


def gaps(now: RoundProfile, words: Words) -> list[str]:
    if not now.perspectives:
        return [
            _(
                "Perspectives are not shown separately: too few people answered from some of "
                "them, so their views are counted with everyone's."
            )
        ]
    # Named only where the numbers shown differ: "100 and 100" would say nothing.
    dimension_gaps = [
        g
        for g in now.gaps
        if g.item is None
        and g.dimension is not None
        and round(g.lower_mean) != round(g.higher_mean)
    ]
    item_gaps = [g for g in now.gaps if g.item is not None and g.flagged]
    sentences = [
        _(
            "%(lower)s and %(higher)s see %(dimension)s differently: %(low)s and %(high)s "
            "out of 100.",
            lower=capital(words.perspectives.get(g.lower, g.lower)),
            higher=words.perspectives.get(g.higher, g.higher),
            dimension=words.dimensions[g.dimension or ""],
            low=f"{g.lower_mean:.0f}",
            high=f"{g.higher_mean:.0f}",
        )
        for g in dimension_gaps[:GAPS_TO_NAME]
    ]
    sentences += [
        _(
            "On “%(item)s”, %(lower)s gave %(low)s and %(higher)s %(high)s.",
            item=words.items[g.item or ""],
            lower=words.perspectives.get(g.lower, g.lower),
            higher=words.perspectives.get(g.higher, g.higher),
            low=f"{g.lower_mean:.0f}",
            high=f"{g.higher_mean:.0f}",
        )
        for g in item_gaps[:ITEM_GAPS_TO_NAME]
    ]
    if not sentences:
        return [_("The perspectives shown see things in much the same way.")]
    return sentences


def splits(now: RoundProfile, words: Words) -> list[str]:
    """Name the first few statements where answers gather at both ends, and count the rest."""
    sentences = []
    for split in now.split_opinions[:SPLITS_TO_NAME]:
        item = words.items[split.item]
        if split.group is None:
            sentences.append(
                _("Answers to “%(item)s” gather at both ends of the scale.", item=item)
            )
        else:
            sentences.append(
                _(
                    "Among %(group)s, answers to “%(item)s” gather at both ends of the scale.",
                    group=words.perspectives.get(split.group, split.group),
                    item=item,
                )
            )
    more = len(now.split_opinions) - SPLITS_TO_NAME
    if more > 0:
        sentences.append(
            ngettext(
                "Answers gather at both ends on %(num)d more statement.",
                "Answers gather at both ends on %(num)d more statements.",
                more,
            )
        )
    return sentences or [_("No statement has answers gathered at both ends of the scale.")]


def most_say(answers: Distribution | Suppressed, name: Callable[[AnswerValue], str]) -> str | None:
    """Say which answer most people gave, when more than half of all who answered gave it.

    Only shown counts are read: hidden ones say nothing here, and the table says why.
    "Don't know" counts among those who answered, so "most" is never overstated.
    """
    if isinstance(answers, Suppressed) or not answers.n:
        return None
    top = max(answers.counts, key=lambda c: c.count)
    if 2 * top.count <= answers.n:
        return None
    return _(
        "Most say “%(answer)s”: %(count)s of the %(n)s people who answered.",
        answer=name(top.answer),
        count=top.count,
        n=answers.n,
    )


def tried(now: RoundProfile, actions: Sequence[ActionNote], words: Words) -> list[str]:
    if not actions:
        return [_("No agreed actions were recorded after the last check.")]
    moved = {
        r.dimension: r.everyone.changes[0].change for r in now.dimensions if r.everyone.changes
    }
    sentences = []
    for action in actions:
        sentence = _("We agreed: “%(text)s”", text=action.text)
        if action.owner:
            sentence += " " + _("(taken on by %(owner)s).", owner=action.owner)
        sentence += " " + (
            _("What happened: %(what)s", what=action.what_happened)
            if action.what_happened
            else _("Nothing was recorded about what happened.")
        )
        change = moved.get(action.dimension or "")
        if isinstance(change, Change):
            sentence += " " + _(
                "%(dimension)s moved by %(points)s points since then.",
                dimension=words.dimensions[action.dimension or ""],
                points=f"{change.points:+.0f}",
            )
        sentences.append(sentence)
    return sentences


def not_comparable(reason: NotComparable) -> str:
    """Say in the reader's language why two rounds are not compared."""
    return {
        QUESTIONNAIRE_CHANGED: _(
            "the questionnaire changed between these checks, so they are not compared"
        ),
        MIX_CHANGED: _("a different mix of perspectives made up this group, so it is not compared"),
    }.get(reason.reason, reason.reason)


def join(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s", first=", ".join(words[:-1]), last=words[-1])


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def in_own_units(questionnaire: Questionnaire, dimension: str, shown: object) -> str:
    """Say a shown dimension score in the questionnaire's own units, or nothing.

    Nothing when the score is hidden: the own units come from the shown mean alone.
    """
    if not isinstance(shown, Summary):
        return ""
    found = units.in_own_units(questionnaire, dimension, shown.mean)
    if found is None:
        return ""
    numbers = {"value": f"{found.value:.1f}", "lowest": found.lowest, "highest": found.highest}
    if found.units is Units.SUM:
        return _("%(value)s on the %(lowest)s–%(highest)s total", **numbers)
    return _("%(value)s on the %(lowest)s–%(highest)s scale", **numbers)


def guidance(questionnaire: Questionnaire, dimension: str, shown: object, language: str) -> str:
    """Say which band of the instrument's own guidance a shown score is in, or nothing.

    Said as the instrument's words with a prompt to talk about, never as the toolkit's
    grade; nothing beside a hidden score, as the band comes from the shown mean alone.
    """
    if not isinstance(shown, Summary) or questionnaire.guidance is None:
        return ""
    band = band_for(questionnaire, dimension, shown.mean)
    if band is None:
        return ""
    return _(
        "From %(source)s: %(label)s. The instrument's authors suggest talking about %(prompt)s.",
        source=localise(questionnaire.guidance.source, language),
        label=localise(band.label, language),
        prompt=localise(band.prompt, language),
    )
