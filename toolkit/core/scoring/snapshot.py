"""Keep a round's published results as JSON, and read them back exactly as they were.

A snapshot is what stays of a round once its raw answers are deleted (see
``toolkit.services.retention``). ``snapshot`` writes one from a ``RoundProfile``, and
``read_snapshot`` gives back an equal ``RoundProfile``: every value hidden when
it was published is still a ``Suppressed`` that holds no number, so pages,
reports and exports show the round like any other and can hide nothing less.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from toolkit.core.scoring.anonymity import Suppressed, SuppressedBecause
from toolkit.core.scoring.data import Comment
from toolkit.core.scoring.partners import rehide_published_totals
from toolkit.core.scoring.results import (
    Change,
    ChangeSince,
    ChoiceResult,
    DimensionResult,
    GroupScore,
    ItemResult,
    NotComparable,
    PartnerScores,
    PerceptionGap,
    PerceptionMatrix,
    RoundProfile,
    Shown,
    SplitOpinion,
)
from toolkit.core.scoring.stats import AnswerCount, Distribution, Summary

# Bump when the snapshot's shape changes, and teach read_snapshot to read the old one.
# 2: a round keeps how many people answered in each shown perspective (took_part).
# 3: the perception matrix's totals were hidden where rows and columns together could give
#    a hidden value away; older matrices have theirs hidden again on reading.
# 4: a round keeps the answer counts of questions that feed no score (choices).
SNAPSHOT_VERSION = 4

T = TypeVar("T")


class SnapshotError(ValueError):
    """A stored snapshot that this toolkit cannot read."""


def snapshot(profile: RoundProfile, published_on: date) -> dict[str, Any]:
    """Return a round's results as a JSON-ready snapshot."""
    return {
        "version": SNAPSHOT_VERSION,
        "published_on": published_on.isoformat(),
        "submitted": profile.responses,
        "profile": plain(profile),
    }


def read_snapshot(stored: Mapping[str, Any]) -> RoundProfile:
    """Read a snapshot back as the round's results, or say why it cannot be read."""
    version = stored.get("version")
    profile: Any = stored.get("profile")
    name = profile.get("label") if isinstance(profile, Mapping) else None
    if type(version) is not int or not 1 <= version <= SNAPSHOT_VERSION:
        raise SnapshotError(
            f"Unexpected snapshot version {version!r} in the published results of round "
            f"{name!r}; this toolkit reads versions 1 to {SNAPSHOT_VERSION}, so upgrade it "
            "to the release that published them."
        )
    try:
        if version == 1:
            # Version 1 did not keep how many answered in each perspective.
            profile = {**profile, "took_part": {}}
        if version < 4:
            # Questionnaires could not ask questions that feed no score before version 4.
            profile = {**profile, "choices": []}
        read = _round_profile(profile)
        if version < 3 and read.partners is not None:
            read = dataclasses.replace(read, partners=rehide_published_totals(read.partners))
        return read
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise SnapshotError(
            f"The published results of round {name!r} cannot be read: {error!r} in a "
            f"version {version} snapshot; it may have been edited."
        ) from error


def plain(value: Any) -> Any:
    """Turn scoring results into JSON-ready values: dicts, lists, strings and numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"kind": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def _key(key: Any) -> str:
    # Perception matrix cells are keyed by (rater, partner); None is "no member".
    if isinstance(key, tuple):
        return " → ".join("" if part is None else str(part) for part in key)
    return "" if key is None else str(key)


# Reading: each function below undoes ``plain`` for one kind of value.


def _build(kind: type[T], data: Any, **readers: Callable[[Any], object]) -> T:
    """Make ``kind`` from its fields, reading those named in ``readers`` with them.

    Fields are passed on by name, so a missing or unexpected one fails.
    """
    if not _is(data, kind):
        found = data.get("kind") if isinstance(data, Mapping) else type(data).__name__
        raise ValueError(f"expected {kind.__name__}, found {found}")
    fields = {name: value for name, value in data.items() if name != "kind"}
    for name, read in readers.items():
        fields[name] = read(fields[name])
    return kind(**fields)


def _is(data: Any, kind: type) -> bool:
    return isinstance(data, Mapping) and data.get("kind") == kind.__name__


def _optional(read: Callable[[Any], T]) -> Callable[[Any], T | None]:
    return lambda data: None if data is None else read(data)


def _tuple_of(read: Callable[[Any], T]) -> Callable[[Any], tuple[T, ...]]:
    return lambda data: tuple(map(read, data))


def _mapping_of(read: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    return lambda data: {key: read(value) for key, value in data.items()}


def _suppressed(data: Any) -> Suppressed:
    return _build(Suppressed, data, reason=SuppressedBecause)


def _shown(data: Any) -> Shown:
    return _suppressed(data) if _is(data, Suppressed) else _build(Summary, data)


def _answers(data: Any) -> Distribution | Suppressed:
    if _is(data, Suppressed):
        return _suppressed(data)
    return _build(Distribution, data, counts=_tuple_of(lambda c: _build(AnswerCount, c)))


def _change(data: Any) -> Change | Suppressed | NotComparable:
    if _is(data, Suppressed):
        return _suppressed(data)
    if _is(data, NotComparable):
        return _build(NotComparable, data)
    return _build(Change, data)


def _group_score(data: Any) -> GroupScore:
    since = _tuple_of(
        lambda c: _build(ChangeSince, c, closed_on=_optional(date.fromisoformat), change=_change)
    )
    return _build(GroupScore, data, summary=_shown, changes=since)


def _dimension(data: Any) -> DimensionResult:
    return _build(
        DimensionResult, data, everyone=_group_score, by_perspective=_mapping_of(_group_score)
    )


def _item(data: Any) -> ItemResult:
    return _build(
        ItemResult,
        data,
        everyone=_shown,
        answers=_answers,
        by_perspective=_mapping_of(_shown),
        answers_by_perspective=_mapping_of(_answers),
    )


def _choice(data: Any) -> ChoiceResult:
    return _build(
        ChoiceResult, data, answers=_answers, answers_by_perspective=_mapping_of(_answers)
    )


def _comments(data: Any) -> tuple[Comment, ...] | Suppressed:
    if _is(data, Suppressed):
        return _suppressed(data)
    return _tuple_of(lambda c: _build(Comment, c))(data)


def _partner_scores(data: Any) -> PartnerScores:
    return _build(PartnerScores, data, overall=_shown, items=_mapping_of(_shown))


def _matrix(data: Any) -> PerceptionMatrix:
    raters, partners = tuple(data["raters"]), tuple(data["partners"])

    def cells(stored: Mapping[str, Any]) -> dict[tuple[str | None, str], PartnerScores]:
        # Keyed "rater → partner" in the snapshot; the matrix has a cell for every pair.
        if len(stored) != len(raters) * len(partners):
            raise ValueError(f"{len(stored)} perception matrix cells, not one for every pair")
        return {(r, p): _partner_scores(stored[_key((r, p))]) for r in raters for p in partners}

    return _build(
        PerceptionMatrix,
        data,
        raters=tuple,
        partners=tuple,
        cells=cells,
        how_it_is_seen=_mapping_of(_partner_scores),
        how_it_sees_others=_mapping_of(_partner_scores),
    )


def _round_profile(data: Any) -> RoundProfile:
    return _build(
        RoundProfile,
        data,
        closed_on=_optional(date.fromisoformat),
        perspectives=_mapping_of(tuple),
        took_part=dict,
        dimensions=_tuple_of(_dimension),
        items=_tuple_of(_item),
        gaps=_tuple_of(lambda g: _build(PerceptionGap, g)),
        split_opinions=_tuple_of(lambda s: _build(SplitOpinion, s)),
        comments=_comments,
        partners=_optional(_matrix),
        choices=_tuple_of(_choice),
    )
