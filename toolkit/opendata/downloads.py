"""The files a facilitator can download for a round, written as they are sent."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict

from flask_babel import gettext

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import DimensionResult, RoundProfile, Summary, Suppressed
from toolkit.core.scoring.guidance import band_for
from toolkit.opendata.formats import ANSWERS_FORMAT
from toolkit.opendata.rounds import RoundExport, stream_answers
from toolkit.opendata.rows import ANSWER_COLUMNS, csv_text
from toolkit.storage.questionnaire_store import questionnaire_of

PROFILE_COLUMNS = (
    "round",
    "category",
    "dimension",
    "dimension_label",
    "perspective",
    "perspective_label",
    "n",
    "mean",
    "median",
    "lower_quartile",
    "upper_quartile",
    "iqr",
    "guidance_band",
    "not_shown",
)
COMMENT_COLUMNS = ("round", "dimension", "comment")


def answers_csv(export: RoundExport) -> Iterator[str]:
    """Write the anonymised answers, one row per answer."""
    return csv_text(ANSWER_COLUMNS, (tuple(asdict(row).values()) for row in stream_answers(export)))


def answers_json(export: RoundExport, left_out: list[str]) -> Iterator[str]:
    """Write the anonymised answers and comments as one JSON document, piece by piece.

    Everything about the round is read before the first piece is written: the
    database session may be gone by the time the last one is.
    """
    round_ = export.round
    version = round_.questionnaire_version
    comments, comments_withheld = _comments(export.profile, export.withheld)
    head = {
        "format": ANSWERS_FORMAT,
        "format_version": 2,
        "round": {
            "uid": round_.uid,
            "title": round_.title,
            "group": round_.group.name,
            "questionnaire": {
                "id": version.questionnaire_key,
                "version": version.version,
                "content_hash": version.content_hash,
            },
            "opens_on": round_.opens_on.isoformat(),
            "closes_on": round_.closes_on.isoformat(),
            "threshold": round_.threshold,
        },
        "responses": export.responses,
        "withheld": export.withheld,
        "left_out": left_out,
    }
    opening = json.dumps(head, ensure_ascii=False)
    rows = stream_answers(export)
    tail = {"comments": comments, "comments_withheld": comments_withheld}

    def pieces() -> Iterator[str]:
        yield opening[:-1] + ', "answers": ['
        for i, row in enumerate(rows):
            yield ("," if i else "") + "\n" + json.dumps(asdict(row), ensure_ascii=False)
        yield "\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n"

    return pieces()


def comments_csv(export: RoundExport) -> Iterator[str]:
    """Write the round's comments, shuffled and without perspective, when the round reaches k."""
    comments, _ = _comments(export.profile, export.withheld)
    title = export.round.title
    rows = [(title, c["dimension"] or "", c["text"]) for c in comments or ()]
    return csv_text(COMMENT_COLUMNS, rows)


def profile_csv(export: RoundExport, perspective_names: Mapping[str, str]) -> Iterator[str]:
    """Write n, mean, median and quartiles per dimension and perspective, hidden cells marked.

    Dimensions come under their categories, in the questionnaire's order; a category is a
    heading with no figures of its own.
    """
    round_, profile = export.round, export.profile
    questionnaire = questionnaire_of(round_.questionnaire_version)
    found = {result.dimension: result for result in (profile.dimensions if profile else ())}
    rows = []
    for category, dimensions in questionnaire.grouped():
        for dimension in dimensions:
            if dimension.key in found:
                rows += _dimension_rows(
                    round_.title,
                    category.key if category else "",
                    dimension.label.get("en", dimension.key),
                    found[dimension.key],
                    questionnaire,
                    perspective_names,
                )
    return csv_text(PROFILE_COLUMNS, rows)


def _dimension_rows(
    title: str,
    category: str,
    label: str,
    result: DimensionResult,
    questionnaire: Questionnaire,
    perspective_names: Mapping[str, str],
) -> list[tuple[object, ...]]:
    """Write everyone's row for one dimension, then one for each perspective shown."""
    cells = [("", gettext("everyone"), result.everyone.summary)]
    cells += [
        (group, perspective_names.get(group, group), score.summary)
        for group, score in result.by_perspective.items()
    ]
    return [
        (
            title,
            category,
            result.dimension,
            label,
            key,
            perspective,
            *_figures(shown, questionnaire, result.dimension),
        )
        for key, perspective, shown in cells
    ]


def _figures(
    shown: Summary | Suppressed, questionnaire: Questionnaire, dimension: str
) -> tuple[object, ...]:
    if isinstance(shown, Suppressed):
        return (None,) * 7 + (shown.message,)
    band = band_for(questionnaire, dimension, shown.mean)
    return (
        shown.n,
        round(shown.mean, 2),
        round(shown.median, 2),
        round(shown.lower_quartile, 2),
        round(shown.upper_quartile, 2),
        round(shown.spread, 2),
        band.key if band else None,
        None,
    )


def _comments(
    profile: RoundProfile | None, withheld: str | None
) -> tuple[list[dict[str, str | None]] | None, str | None]:
    if profile is None:
        return None, withheld
    if isinstance(profile.comments, Suppressed):
        return None, profile.comments.message
    return [{"dimension": c.dimension, "text": c.text} for c in profile.comments], None
