"""Say what a round shows in short plain sentences, for screen readers and reports.

Strengths come first. Sentences describe what people said and where they see
things differently; they never grade, label or rank groups of people.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.questionnaire.schema import Questionnaire, localise
from toolkit.scoring.results import Change, NotComparable, RoundProfile
from toolkit.scoring.stats import Summary


def describe_round(
    profile: RoundProfile,
    questionnaire: Questionnaire,
    perspective_names: Mapping[str, str] | None = None,
    language: str = "en",
) -> list[str]:
    """Describe one round in a few sentences; name perspectives as the caller words them."""
    names = perspective_names or {}
    labels = {d.key: localise(d.label, language) for d in questionnaire.dimensions}
    items = {i.key: localise(i.text, language) for i in questionnaire.items}
    shown = [
        (result.dimension, result.everyone.summary.mean)
        for result in profile.dimensions
        if isinstance(result.everyone.summary, Summary)
    ]
    if not shown:
        return [f"Fewer than {profile.threshold} people have answered, so no scores are shown yet."]
    shown.sort(key=lambda dm: -dm[1])
    best, *rest = shown
    sentences = [f"People see most strength in {labels[best[0]]} ({best[1]:.0f} of 100)."]
    if rest:
        others = [f"{labels[d]} ({mean:.0f})" for d, mean in rest]
        sentences.append(f"Then {_join(others)}.")
    sentences += _changes(profile, labels)
    for gap in profile.gaps:
        if gap.flagged and gap.item is None and gap.dimension is not None:
            sentences.append(
                f"{_capital(names.get(gap.lower, gap.lower))} and "
                f"{names.get(gap.higher, gap.higher)} see {labels[gap.dimension]} "
                f"differently: {gap.lower_mean:.0f} and {gap.higher_mean:.0f}."
            )
    for split in profile.split_opinions:
        if split.group is None:
            sentences.append(f"Answers to “{items[split.item]}” gather at both ends of the scale.")
    return sentences


def _changes(profile: RoundProfile, labels: Mapping[str, str]) -> list[str]:
    """Describe moves since the previous round, upward moves first."""
    ups, downs, same = [], [], []
    not_compared = ""
    for result in profile.dimensions:
        if not result.everyone.changes:
            continue
        since = result.everyone.changes[0]
        change = since.change
        if isinstance(change, NotComparable):
            not_compared = f"Scores are not compared with {since.round_label}: {change.reason}."
        elif isinstance(change, Change):
            points = round(change.points)
            label = labels[result.dimension]
            if points >= 1:
                ups.append(f"{label} moved up {points} points since {since.round_label}.")
            elif points <= -1:
                downs.append(f"{label} moved down {-points} points since {since.round_label}.")
            else:
                same.append(f"{label} stayed about the same since {since.round_label}.")
    return [*ups, *same, *downs] + ([not_compared] if not_compared else [])


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
