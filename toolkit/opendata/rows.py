"""Decide which answers a row-level download holds, and lay them out: plain Python.

A row-level download shows each person's answers, so every attribute that
could single someone out must be shared by at least k of the rows. Rows come
from a round's standing release (``toolkit.services.releases``), never from
answers newer than it, and carry only:

- the perspective group the release showed: a group of fewer than k people in
  it has its people's own answers left out;
- for answers about partners, the partner answered about. Which partners
  someone rated gives away their own organisation (nobody rates their own), so
  each answer about a partner goes out as a record of its own, with its own
  number, not linked to the person's other answers; answers about a partner
  fewer than k people answered about are left out.

Dates, the language answered in, paper or online, and personal links never go
out. Numbers are drawn afresh for every download, so two downloads cannot be
joined on them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import figures
from toolkit.core.scoring.history import People
from toolkit.core.scoring.responses import ScoringPlan

# Responses not shown under a perspective of their own, when no breakdown is safe.
NO_PERSPECTIVE = ""
# A record's group of rows: its kind, "own" answers or "about" a partner, and which.
RowGroup = tuple[str, str]
OWN, ABOUT = "own", "about"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Answers a download leaves out, and why: a group of fewer than k people."""

    kind: str  # OWN: the group is a perspective group; ABOUT: a partner answered about
    group: str
    people: int


@dataclass(frozen=True, slots=True)
class RecordPlan:
    """Which answers of a release a row-level download holds, by group of rows."""

    groups: dict[RowGroup, People]
    left_out: tuple[LeftOut, ...]

    @property
    def own(self) -> dict[str, str]:
        """Return each response whose own answers go out, with the perspective shown."""
        return {
            key: group for (kind, group), keys in self.groups.items() if kind == OWN for key in keys
        }

    @property
    def about(self) -> list[tuple[str, str]]:
        """Return each (response, partner) whose answers about that partner go out."""
        return sorted(
            (key, partner)
            for (kind, partner), keys in self.groups.items()
            if kind == ABOUT
            for key in keys
        )


def plan_records(
    people: Mapping[str, People], grouping: Mapping[str, Sequence[str]], k: int
) -> RecordPlan:
    """Plan a release's records: each perspective group and partner with k people or more."""
    if grouping:
        own = {g: people.get(figures.took_part(g), frozenset()) for g in grouping}
    else:
        own = {NO_PERSPECTIVE: people.get(figures.RESPONSES, frozenset())}
    about = {
        figures.parts(figure)[1]: keys
        for figure, keys in people.items()
        if figures.kind_of(figure) == figures.RATED
    }
    groups: dict[RowGroup, People] = {}
    left_out = []
    for kind, found in ((OWN, own), (ABOUT, about)):
        for group, keys in sorted(found.items()):
            if len(keys) >= k:
                groups[kind, group] = keys
            elif keys:
                left_out.append(LeftOut(kind, group, len(keys)))
    return RecordPlan(groups, tuple(left_out))


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One answer, as it appears in the long-format export."""

    round: str
    response: int
    perspective: str
    partner: str
    section: str
    dimension: str
    item: str
    answer: int | str
    position: float | None


ANSWER_COLUMNS = tuple(f.name for f in fields(AnswerRow))


@dataclass(frozen=True, slots=True)
class ItemPlace:
    """Where an item sits in its questionnaire, and where each answer lands on 0-100."""

    order: int
    section: str
    dimension: str
    positions: Mapping[int | str | None, float | None]


def item_places(questionnaire: Questionnaire) -> dict[str, ItemPlace]:
    """Map each scored item to its section, dimension and answer positions."""
    plan = ScoringPlan.for_questionnaire(questionnaire)
    rules = {rule.key: rule for rule in (*plan.items, *plan.partner_items)}
    places: dict[str, ItemPlace] = {}
    for section in questionnaire.sections:
        for item in section.items:
            if item.key in rules:
                places[item.key] = ItemPlace(
                    order=len(places),
                    section=section.key,
                    dimension=item.dimension or "",
                    positions=rules[item.key].positions,
                )
    return places


def answer_rows(
    round_label: str,
    number: int,
    perspective: str,
    answers: Iterable[tuple[str, str, int | None, str | None]],
    places: Mapping[str, ItemPlace],
) -> list[AnswerRow]:
    """Lay out one response's answers (item, partner, value, excluded) in questionnaire order."""
    rows = []
    for item_key, partner, value, excluded in answers:
        answer = value if value is not None else excluded
        place = places.get(item_key)
        if answer is None or place is None:
            continue
        rows.append(
            AnswerRow(
                round=round_label,
                response=number,
                perspective=perspective,
                partner=partner,
                section=place.section,
                dimension=place.dimension,
                item=item_key,
                answer=answer,
                position=_rounded(place.positions.get(answer)),
            )
        )
    rows.sort(key=lambda row: (places[row.item].order, row.partner))
    return rows


# A spreadsheet reads a cell starting with one of these as a formula to run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Write CSV a line at a time, so a download starts before the last row is read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _with_header(header, rows):
        writer.writerow(map(spreadsheet_cell, row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def spreadsheet_cell(value: object) -> object:
    """Write a value so a spreadsheet shows it as text: "=1+1" becomes "'=1+1"."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _with_header(
    header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield header
    yield from rows


def _rounded(position: float | None) -> float | None:
    # Positions are thirds and quarters of 100; two decimals hold them exactly enough.
    return None if position is None else round(position, 2)
