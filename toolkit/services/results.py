"""One results model for every output: pages, PDF reports, the API and downloads.

``results_for`` takes what is shown (a group over time, or a group up to one
round), who reads it, and the language, and returns ``Results``: the rounds
this reader may see, each as its standing release, the profile built from
those releases, names, sentences and agreed actions. Every output renders
what it returns and nothing else, so they all show the same rounds and hide
the same figures, and ``fingerprint`` changes whenever anything shown would.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import force_locale, gettext, ngettext
from markupsafe import Markup

from toolkit.charts import web
from toolkit.core import shapes
from toolkit.core.questionnaire.headings import Heading, headings
from toolkit.core.questionnaire.schema import Questionnaire, localise
from toolkit.core.scoring import (
    Change,
    ChoiceResult,
    GroupProfile,
    NotComparable,
    RoundData,
    RoundProfile,
    Summary,
    Suppressed,
    SuppressedBecause,
    build_profile,
)
from toolkit.core.scoring.results import Shown
from toolkit.paths import PACKAGE_DIR, shipped
from toolkit.services import sentences
from toolkit.services.agreed import Agreed, agreed_in
from toolkit.services.readers import Reader, may_see_results
from toolkit.services.releases import Standing, standing_release
from toolkit.storage.db import db
from toolkit.storage.models import AgreedAction, Disclosure, Group, Output, Release, Round
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.storage.round_data import dimension_names, partner_names, perspective_names


@dataclass(frozen=True)
class Movement:
    """An agreed action beside how its dimension moved since it was agreed."""

    action: AgreedAction
    dimension: str | None
    agreed_after: str | None
    then: Shown | None = None
    now: Shown | None = None
    change: Change | Suppressed | NotComparable | None = None


@dataclass(frozen=True)
class Run:
    """Rounds set side by side: one questionnaire, or versions of it declared comparable."""

    title: str
    profile: GroupProfile
    dimensions: dict[str, str]
    # The dimensions under their categories; one heading with key "" when there are none.
    headings: list[Heading] = field(default_factory=list)


@dataclass
class Results:
    """A group's results up to a round, as one reader may see them, ready for any output."""

    group: Group
    reader: Reader
    rounds: list[Round]
    standing: dict[str, Standing]  # by round key
    profile: GroupProfile
    questionnaires: dict[str, Questionnaire]
    language: str = "en"
    dimensions: dict[str, str] = field(default_factory=dict)
    perspectives: dict[str, Any] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)
    # The round the results run up to; None for the group over time.
    subject: Round | None = None
    # What the team agreed about each dimension, by round key then dimension key.
    agreed: dict[str, dict[str, Agreed]] = field(default_factory=dict)

    @property
    def latest(self) -> RoundProfile:
        return self.profile.rounds[-1]

    @property
    def questionnaire(self) -> Questionnaire:
        return self.questionnaires[self.latest.key]

    @property
    def words(self) -> sentences.Words:
        """Say what to call dimensions, statements and perspectives, in the reader's language."""
        # Some names are the interface's own words, translated when read: read in this language.
        with force_locale(self.language):
            perspectives = {k: str(v) for k, v in self.perspectives.items()}
        return sentences.Words(
            dimensions=self.dimensions,
            items={i.key: localise(i.text, self.language) for i in self.questionnaire.items},
            perspectives=perspectives,
        )

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

    def swatch(self, item_key: str, answer: int | str) -> Markup:
        """Draw a status answer's shape in its colour, to go beside its name; else nothing."""
        scale = self.questionnaire.scale_for(self.questionnaire.item(item_key))
        for position, drawn in enumerate(shapes.swatches(scale)):
            if scale.options[position].value == answer:
                return Markup(drawn)
        return Markup("")

    def in_own_units(self, round_key: str, dimension: str, shown: object) -> str:
        """Say a dimension's shown score in its questionnaire's own units, or nothing."""
        return sentences.in_own_units(self.questionnaires[round_key], dimension, shown)

    def guidance(self, round_key: str, dimension: str, shown: object) -> str:
        """Say which band of the instrument's own guidance a shown score is in, or nothing."""
        return sentences.guidance(self.questionnaires[round_key], dimension, shown, self.language)

    def headings(self, round_key: str) -> list[Heading]:
        """Group a round's dimensions under their categories, in the reader's language."""
        return headings(self.questionnaires[round_key], self.language)

    def most_say(self, asked: ChoiceResult) -> str | None:
        """Say which answer most gave to a question beside a dimension, if most gave one."""
        return sentences.most_say(asked.answers, lambda a: self.option_name(asked.item, a))

    def names_of(self, perspectives: tuple[str, ...]) -> str:
        """Name the perspectives brought together in one shown group."""
        return ", ".join(str(self.perspectives.get(p, p)) for p in perspectives)

    def sentences(self, round_: RoundProfile | None = None) -> list[str]:
        """Describe a round in words, the latest unless another is given."""
        round_ = round_ or self.latest
        words = sentences.Words(
            dimensions=self.dimensions,
            items={
                i.key: localise(i.text, self.language)
                for i in self.questionnaires[round_.key].items
            },
            perspectives=self.words.perspectives,
        )
        found = sentences.strengths(round_, words) + sentences.movement(round_, words)
        if round_.perspectives:
            found += sentences.gaps(round_, words)
        if round_.split_opinions:
            found += sentences.splits(round_, words)
        return found

    def up_to(self, round_: RoundProfile) -> GroupProfile:
        """Return the profile of the rounds up to and including this one."""
        keys = [r.key for r in self.profile.rounds]
        return GroupProfile(self.profile.rounds[: keys.index(round_.key) + 1])

    def runs(self, round_: RoundProfile | None = None) -> list[Run]:
        """Split the rounds up to this one by questionnaire, for one chart each.

        The run holding this round comes first; the others follow, newest first.
        Rounds are only drawn together when their questionnaires are comparable.
        """
        upto = self.up_to(round_ or self.latest).rounds
        runs: list[tuple[Questionnaire, list[RoundProfile]]] = []
        for earlier in upto:
            questionnaire = self.questionnaires[earlier.key]
            run = next((r for q, r in runs if q.comparable_with(questionnaire)), None)
            if run is None:
                runs.append((questionnaire, [earlier]))
            else:
                run.append(earlier)
        # This round is the last of all, so its run ends latest and sorts first.
        runs.sort(key=lambda run: upto.index(run[1][-1]), reverse=True)
        return [
            Run(
                title=localise(questionnaire.title, self.language),
                profile=GroupProfile(tuple(rounds)),
                dimensions=dimension_names(questionnaire, self.language),
                headings=headings(questionnaire, self.language),
            )
            for questionnaire, rounds in runs
        ]

    def stories(self, round_: RoundProfile) -> list[tuple[str | None, list[str]]]:
        """Group a shown round's stories by the dimension they speak to, as the report does.

        Dimensions come in the questionnaire's order; stories about no one dimension
        come last, under None. The mixed order within each group is kept.
        """
        assert isinstance(round_.comments, tuple)
        names = dimension_names(self.questionnaires[round_.key], self.language)
        grouped: list[tuple[str | None, list[str]]] = []
        for key in [*names, None]:
            texts = [c.text for c in round_.comments if c.dimension == key]
            if texts:
                grouped.append((names[key] if key else None, texts))
        return grouped

    def agreed_on(self, round_: RoundProfile, dimension: str) -> Agreed | None:
        """Return what the team agreed about a dimension after a round, if it recorded it."""
        return self.agreed.get(round_.key, {}).get(dimension)

    def round_profile(self, round_id: int) -> RoundProfile | None:
        return next((r for r in self.profile.rounds if r.key == str(round_id)), None)

    def pending(self, round_id: int) -> Standing | None:
        """Return a round's standing release when newer answers are held back from it."""
        standing = self.standing.get(str(round_id))
        return standing if standing and standing.pending and standing.pending.any else None

    def figures(
        self, round_: RoundProfile | None = None, runs: list[Run] | None = None
    ) -> dict[str, web.Figure]:
        """Build the page's plotly figures, keyed by the id of their JSON block.

        ``runs`` are ``self.runs(round_)``, for a caller that has them already.
        """
        round_ = round_ or self.latest
        questionnaire = self.questionnaires[round_.key]
        found = {}
        # One radar and one trend per questionnaire (per category, if it has them): never
        # one chart mixing two questionnaires.
        for number, compared in enumerate(self.runs(round_) if runs is None else runs):
            for heading in compared.headings:
                names, radar = heading.dimensions, chart_id("radar-over-time", number, heading)
                if heading.key:
                    series = web.over_time(compared.profile, names)
                    found[radar] = web.category_chart(names, series, True)
                else:
                    found[radar] = web.radar_over_time(compared.profile, names)
                found[chart_id("trend", number, heading)] = web.trend(compared.profile, names)
        if round_.perspectives:
            for heading in headings(questionnaire, self.language):
                names = heading.dimensions
                found[chart_id("perspectives-radar", 0, heading)] = (
                    web.category_chart(names, web.by_perspective(round_, names, self.perspectives))
                    if heading.key
                    else web.perspectives_radar(round_, names, self.perspectives)
                )
        for key in self.dimensions:
            items = [i for i in round_.items if i.dimension == key]
            for number, run in enumerate(web.items_by_scale(items, questionnaire)):
                figure = web.answer_bars(run, questionnaire, self.language)
                if figure:
                    found[f"answers-{key}-{number}"] = figure
        return found

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

    @property
    def fingerprint(self) -> str:
        """Sum up everything these results show, and the code that shows them."""
        facts = {
            "group": [self.group.id, self.group.name, str(self.group.kind)],
            "organisation": self.group.organisation.name,
            "subject": self.subject.id if self.subject else None,
            "audience": str(self.reader.audience),
            "language": self.language,
            "rounds": [
                [r.id, r.title, str(r.closes_on), self.standing[str(r.id)].release.id]
                for r in self.rounds
            ],
            "names": [self.dimensions, self.words.perspectives],
            "partners": self.partners,
            "actions": [
                [a.id, a.round_id, a.dimension_key, a.text, a.owner, a.what_happened]
                for a in sorted(self.group.actions, key=lambda a: a.id)
            ],
            "agreed": {
                key: sorted([a.dimension, a.status, a.note] for a in by_dimension.values())
                for key, by_dimension in self.agreed.items()
            },
            "code": code_version(),
        }
        return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()

    def record(self, output: Output) -> None:
        """Log that these results left the toolkit: a line per round's release."""
        record_disclosures([s.release for s in self.standing.values()], output, self.reader)


def chart_id(kind: str, run: int, heading: Heading) -> str:
    """Name a chart's JSON block: its kind, then its run (after the first) and category."""
    return kind + (f"-{run}" if run else "") + heading.suffix


def record_disclosures(releases: Iterable[Release], output: Output, reader: Reader) -> None:
    """Log that these releases left the toolkit, how, and to what kind of reader."""
    for release in releases:
        db.session.add(
            Disclosure(
                release_id=release.id,
                output=output,
                reader=str(reader.kind),
                account_id=reader.account_id,
            )
        )


def results_for(
    group: Group, reader: Reader, language: str = "en", up_to: Round | None = None
) -> Results | None:
    """Gather a group's results up to a round as this reader may see them.

    None when there is nothing this reader may see yet (with ``up_to``: when
    that round's own results are not theirs to see).
    """
    rounds = sorted(group.rounds, key=lambda r: (r.opens_on, r.id))
    if up_to is not None:
        rounds = [r for r in rounds if (r.opens_on, r.id) <= (up_to.opens_on, up_to.id)]
    standing: dict[str, Standing] = {}
    shown = []
    for round_ in rounds:
        if not may_see_results(round_, reader):
            continue
        found = standing_release(round_)
        if found is not None:
            standing[str(round_.id)] = found
            shown.append(round_)
    if not shown or (up_to is not None and shown[-1] is not up_to):
        return None
    questionnaires = {str(r.id): questionnaire_of(r.questionnaire_version) for r in shown}
    profile = build_profile(
        [
            RoundData(
                key=str(r.id),
                label=r.title,
                questionnaire=questionnaires[str(r.id)],
                responses=(),
                closed_on=r.closes_on,
                threshold=r.threshold,
                published=standing[str(r.id)].profile,
            )
            for r in shown
        ]
    )
    latest = questionnaires[str(shown[-1].id)]
    names = dimension_names(latest, language)
    # Dimensions an earlier questionnaire had and the latest lost still need a name.
    for questionnaire in questionnaires.values():
        for key, name in dimension_names(questionnaire, language).items():
            names.setdefault(key, name)
    return Results(
        group=group,
        reader=reader,
        rounds=shown,
        standing=standing,
        profile=profile,
        questionnaires=questionnaires,
        language=language,
        dimensions=names,
        perspectives=perspective_names(group, language),
        partners=partner_names(group),
        subject=up_to,
        agreed=agreed_in(shown, questionnaires, language),
    )


def perspectives_sentence(results: Results, round_: RoundProfile) -> list[str]:
    """Say where each perspective sees most strength, and where they differ most."""
    found = []
    for group in round_.perspectives:
        shown = [
            (d.dimension, d.by_perspective[group].summary)
            for d in round_.dimensions
            if isinstance(d.by_perspective[group].summary, Summary)
        ]
        if shown:
            best = max(shown, key=lambda pair: pair[1].mean)  # type: ignore[union-attr]
            found.append(
                gettext(
                    "%(who)s see most strength in %(dimension)s.",
                    who=sentences.capital(str(results.perspectives.get(group, group))),
                    dimension=results.dimensions.get(best[0], best[0]),
                )
            )
    if not found:
        found.append(
            gettext(
                "No perspective had %(k)s or more answers of its own, so views are not compared.",
                k=round_.threshold,
            )
        )
    return found


def trend_sentence(run: Run, dimensions: dict[str, str] | None = None) -> list[str]:
    """Describe each dimension's scores across a run of comparable rounds, in round order.

    ``dimensions`` names those to describe, such as one category's; all the run's if None.
    """
    found = []
    for key, name in (run.dimensions if dimensions is None else dimensions).items():
        means = []
        for round_ in run.profile.rounds:
            result = next((d for d in round_.dimensions if d.dimension == key), None)
            if result and isinstance(result.everyone.summary, Summary):
                means.append(f"{result.everyone.summary.mean:.0f}")
            else:
                means.append(gettext("not shown"))
        found.append(
            gettext(
                "%(dimension)s, oldest first: %(means)s.", dimension=name, means=", ".join(means)
            )
        )
    return found


def held_back_sentence(standing: Standing, k: int) -> str:
    """Say in plain words why newer answers are not in the figures yet."""
    assert standing.pending is not None
    added, withdrawn = standing.pending.added, standing.pending.withdrawn
    changed = []
    if added:
        changed.append(
            ngettext(
                "%(num)d newer answer came in since these results were released.",
                "%(num)d newer answers came in since these results were released.",
                added,
            )
        )
    if withdrawn:
        changed.append(
            ngettext(
                "%(num)d answer was withdrawn since these results were released.",
                "%(num)d answers were withdrawn since these results were released.",
                withdrawn,
            )
        )
    return " ".join(
        [
            *changed,
            gettext(
                "The figures will change once at least %(k)s answers have changed in every "
                "group of people they describe, so that nobody's answers can be picked out by "
                "comparing them with what was shown before.",
                k=k,
            ),
        ]
    )


def _everyone(round_: RoundProfile, dimension: str) -> Shown | None:
    result = next((d for d in round_.dimensions if d.dimension == dimension), None)
    return result.everyone.summary if result else None


@cache
def code_version() -> str:
    """Fingerprint the toolkit's code, templates and translations: a new version draws anew."""
    digest = hashlib.sha256()
    for folder in (PACKAGE_DIR, shipped("templates")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".mo"}:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
