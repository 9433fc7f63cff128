"""Put together what a results page shows: the profile, names, figures, sentences, actions.

Everything shown comes from the scoring package's safe results, so a hidden
value stays hidden here too. Sentences put strengths first and never grade.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

from toolkit.charts import web
from toolkit.models import AgreedAction, Group, Round, RoundStatus
from toolkit.profiles import (
    WITH_RESULTS,
    dimension_names,
    group_profile,
    partner_names,
    perspective_names,
    profiled_rounds,
)
from toolkit.questionnaire.schema import Questionnaire, localise
from toolkit.questionnaire_store import questionnaire_of
from toolkit.scoring import (
    Change,
    GroupProfile,
    NotComparable,
    RoundProfile,
    Summary,
    Suppressed,
    SuppressedBecause,
    describe_round,
)
from toolkit.scoring.results import Shown


@dataclass(frozen=True)
class Movement:
    """An agreed action beside how its dimension moved since it was agreed."""

    action: AgreedAction
    dimension: str | None
    agreed_after: str | None
    then: Shown | None = None
    now: Shown | None = None
    change: Change | Suppressed | NotComparable | None = None


@dataclass
class Results:
    """One group's results up to a round, ready for a page or a report."""

    group: Group
    rounds: list[Round]
    profile: GroupProfile
    questionnaires: dict[str, Questionnaire]
    language: str = "en"
    dimensions: dict[str, str] = field(default_factory=dict)
    perspectives: dict[str, Any] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> RoundProfile:
        return self.profile.rounds[-1]

    @property
    def questionnaire(self) -> Questionnaire:
        return self.questionnaires[self.latest.key]

    def item_text(self, key: str) -> str:
        return localise(self.questionnaire.item(key).text, self.language)

    def option_name(self, item_key: str, answer: int | str) -> str:
        """Name an answer as the scale words it, e.g. "Agree" or "Don't know"."""
        scale = self.questionnaire.scale_for(self.questionnaire.item(item_key))
        for option in scale.options:
            if option.value == answer and option.label:
                return localise(option.label, self.language)
        for excluded in scale.excluded:
            if excluded.value == answer:
                return localise(excluded.label, self.language)
        return str(answer)

    def names_of(self, perspectives: tuple[str, ...]) -> str:
        """Name the perspectives brought together in one shown group."""
        return ", ".join(str(self.perspectives.get(p, p)) for p in perspectives)

    def sentences(self, round_: RoundProfile | None = None) -> list[str]:
        """Describe a round in words, the latest unless another is given."""
        round_ = round_ or self.latest
        return describe_round(
            round_, self.questionnaires[round_.key], self.perspectives, self.language
        )

    def up_to(self, round_: RoundProfile) -> GroupProfile:
        """Return the profile of the rounds up to and including this one."""
        keys = [r.key for r in self.profile.rounds]
        return GroupProfile(self.profile.rounds[: keys.index(round_.key) + 1])

    def round_profile(self, round_id: int) -> RoundProfile | None:
        return next((r for r in self.profile.rounds if r.key == str(round_id)), None)

    def figures(self, round_: RoundProfile | None = None) -> dict[str, web.Figure]:
        """Build the page's plotly figures, keyed by the id of their JSON block."""
        round_ = round_ or self.latest
        questionnaire = self.questionnaires[round_.key]
        upto = self.up_to(round_)
        found = {
            "radar-over-time": web.radar_over_time(upto, self.dimensions),
            "trend": web.trend(upto, self.dimensions),
        }
        if round_.perspectives:
            found["perspectives-radar"] = web.perspectives_radar(
                round_, self.dimensions, self.perspectives
            )
        for key in self.dimensions:
            items = [i for i in round_.items if i.dimension == key]
            for number, run in enumerate(web.items_by_scale(items, questionnaire)):
                figure = web.answer_bars(run, questionnaire, self.language)
                if figure:
                    found[f"answers-{key}-{number}"] = figure
        return found

    @staticmethod
    def answer_charts(figures: dict[str, web.Figure], dimension: str) -> list[str]:
        """Return the ids of the answer charts drawn for one dimension."""
        return [key for key in figures if key.startswith(f"answers-{dimension}-")]

    def small_trend(self) -> web.Figure:
        """Build the small trend shown for this group on its organisation's overview."""
        return web.trend(self.profile, self.dimensions, compact=True)

    def actions(self) -> list[AgreedAction]:
        """Return the actions agreed after the rounds in this profile, newest first."""
        keys = {r.key for r in self.profile.rounds}
        return sorted(
            (a for a in self.group.actions if str(a.round_id) in keys),
            key=lambda a: (a.agreed_on, a.id),
            reverse=True,
        )

    def movements(self, actions: Collection[AgreedAction]) -> list[Movement]:
        """Set each agreed action beside how its dimension moved since, newest first."""
        by_key = {r.key: r for r in self.profile.rounds}
        found = []
        for action in sorted(actions, key=lambda a: (a.agreed_on, a.id), reverse=True):
            label = self.dimensions.get(action.dimension_key or "")
            agreed = by_key.get(str(action.round_id))
            if agreed is None or agreed is self.latest or not action.dimension_key:
                found.append(Movement(action, label, agreed.label if agreed else None))
                continue
            then = _everyone(agreed, action.dimension_key)
            now = _everyone(self.latest, action.dimension_key)
            found.append(
                Movement(action, label, agreed.label, then, now, self._change(agreed, then, now))
            )
        return found

    def _change(
        self, agreed: RoundProfile, then: Shown | None, now: Shown | None
    ) -> Change | Suppressed | NotComparable:
        if not self.questionnaire.comparable_with(self.questionnaires[agreed.key]):
            return NotComparable()
        for shown in (now, then):
            if not isinstance(shown, Summary):
                return shown or Suppressed(SuppressedBecause.TOO_FEW, self.latest.threshold)
        assert isinstance(now, Summary) and isinstance(then, Summary)
        return Change(now.mean - then.mean, then.n, now.n)


def results_for(
    group: Group,
    up_to: Round | None = None,
    statuses: Collection[RoundStatus] = WITH_RESULTS,
    language: str = "en",
    revealed: Round | None = None,
) -> Results | None:
    """Gather a group's results up to a round, or None when no round has results yet."""
    rounds = profiled_rounds(group, up_to, statuses, revealed)
    if not rounds:
        return None
    questionnaires = {str(r.id): questionnaire_of(r.questionnaire_version) for r in rounds}
    latest = questionnaires[str(rounds[-1].id)]
    names = dimension_names(latest, language)
    # Dimensions an earlier questionnaire had and the latest lost still need a name.
    for questionnaire in questionnaires.values():
        for key, name in dimension_names(questionnaire, language).items():
            names.setdefault(key, name)
    return Results(
        group=group,
        rounds=rounds,
        profile=group_profile(group, up_to, statuses, revealed),
        questionnaires=questionnaires,
        language=language,
        dimensions=names,
        perspectives=perspective_names(group, language),
        partners=partner_names(group),
    )


def perspectives_sentence(results: Results, round_: RoundProfile) -> list[str]:
    """Say where each perspective sees most strength, and where they differ most."""
    sentences = []
    for group in round_.perspectives:
        shown = [
            (d.dimension, d.by_perspective[group].summary)
            for d in round_.dimensions
            if isinstance(d.by_perspective[group].summary, Summary)
        ]
        if shown:
            best = max(shown, key=lambda pair: pair[1].mean)  # type: ignore[union-attr]
            sentences.append(
                gettext(
                    "%(who)s see most strength in %(dimension)s.",
                    who=_capital(str(results.perspectives.get(group, group))),
                    dimension=results.dimensions.get(best[0], best[0]),
                )
            )
    if not sentences:
        sentences.append(
            gettext(
                "No perspective had %(k)s or more answers of its own, so views are not compared.",
                k=round_.threshold,
            )
        )
    return sentences


def trend_sentence(results: Results, upto: GroupProfile) -> list[str]:
    """Describe each dimension's scores across rounds, in round order."""
    sentences = []
    for key, name in results.dimensions.items():
        means = []
        for round_ in upto.rounds:
            result = next((d for d in round_.dimensions if d.dimension == key), None)
            if result and isinstance(result.everyone.summary, Summary):
                means.append(f"{result.everyone.summary.mean:.0f}")
            else:
                means.append(gettext("not shown"))
        sentences.append(
            gettext(
                "%(dimension)s, oldest first: %(means)s.", dimension=name, means=", ".join(means)
            )
        )
    return sentences


def _everyone(round_: RoundProfile, dimension: str) -> Shown | None:
    result = next((d for d in round_.dimensions if d.dimension == dimension), None)
    return result.everyone.summary if result else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
