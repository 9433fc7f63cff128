"""Turn stored answers into export rows: plain Python, no database or Flask.

Every rule about what may leave the toolkit lives in the scoring layer; this
module only asks it (``group_perspectives``) and lays the answers out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields

from toolkit.questionnaire.schema import Questionnaire
from toolkit.scoring.anonymity import group_perspectives
from toolkit.scoring.responses import ScoringPlan

# Responses not shown under a perspective of their own, when no breakdown is safe.
NO_PERSPECTIVE = ""


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


def shown_perspectives(sizes: Mapping[str, int], k: int) -> dict[str, str]:
    """Map each perspective to the label it may be shown under in an export.

    The scoring layer decides the grouping, so exports and pages always agree:
    small perspectives appear as "all other perspectives", and when no
    breakdown is safe every response has no perspective at all.
    """
    groups = group_perspectives(sizes, k)
    shown = dict.fromkeys(sizes, NO_PERSPECTIVE)
    for label, members in groups.items():
        for perspective in members:
            shown[perspective] = label
    return shown


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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Write CSV a line at a time, so a download starts before the last row is read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _with_header(header, rows):
        writer.writerow("" if value is None else value for value in row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _with_header(
    header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield header
    yield from rows


def _rounded(position: float | None) -> float | None:
    # Positions are thirds and quarters of 100; two decimals hold them exactly enough.
    return None if position is None else round(position, 2)
