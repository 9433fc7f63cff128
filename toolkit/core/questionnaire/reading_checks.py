"""Rules for how results are read: categories above dimensions, and the instrument's guidance."""

from __future__ import annotations

from itertools import pairwise

from toolkit.core.questionnaire.errors import Code, Collector, did_you_mean
from toolkit.core.questionnaire.schema import GuidanceBand, Questionnaire

# On 0-100 when the file asks for no own units.
WHOLE_SCALE = (0, 100)


def check_categories(q: Questionnaire, report: Collector) -> None:
    """Every dimension sits under a known category, or none does; no category stands empty."""
    keys = [c.key for c in q.categories]
    report.repeated_keys(Code.DUPLICATE_CATEGORY_KEY, ("categories",), keys)
    fix = (
        f"Use one of the categories defined under categories: {', '.join(keys)}."
        if keys
        else 'Add a "categories:" list with this key, or remove "category" from the dimension.'
    )
    for di, dimension in enumerate(q.dimensions):
        if dimension.category is None:
            if keys:
                report.add(
                    Code.DIMENSION_WITHOUT_CATEGORY,
                    ("dimensions", di),
                    dimension=dimension.key,
                    allowed=", ".join(keys),
                )
        elif dimension.category not in keys:
            report.add(
                Code.UNKNOWN_CATEGORY,
                ("dimensions", di, "category"),
                category=dimension.category,
                dimension=dimension.key,
                suggestion=did_you_mean(dimension.category, keys),
                fix=fix,
            )
    named = {d.category for d in q.dimensions}
    # A misspelt or missing category on a dimension may empty a real one: report the cause only.
    if named <= set(keys):
        for ci, category in enumerate(q.categories):
            if category.key not in named:
                report.add(Code.EMPTY_CATEGORY, ("categories", ci), category=category.key)


def check_guidance(q: Questionnaire, report: Collector) -> None:
    """Bands have their own keys, run upwards, stay within the scores and never overlap."""
    if q.guidance is None:
        return
    bands = q.guidance.bands
    report.repeated_keys(Code.DUPLICATE_BAND_KEY, ("guidance", "bands"), [b.key for b in bands])
    for bi, band in enumerate(bands):
        if band.lowest > band.highest:
            report.add(
                Code.BAND_ENDS_REVERSED,
                ("guidance", "bands", bi, "from"),
                band=band.key,
                lowest=_number(band.lowest),
                highest=_number(band.highest),
            )
    _within_scores(q, bands, report)
    ordered = sorted(range(len(bands)), key=lambda i: (bands[i].lowest, i))
    for below, above in pairwise(ordered):
        if bands[above].lowest <= bands[below].highest:
            report.add(
                Code.BANDS_OVERLAP,
                ("guidance", "bands", above, "from"),
                band=bands[above].key,
                other=bands[below].key,
                value=_number(bands[above].lowest),
            )
    if q.scoring.units is not None:
        for di, dimension in enumerate(q.dimensions):
            if q.own_range(dimension.key) is None:
                report.add(
                    Code.GUIDANCE_WITHOUT_OWN_UNITS, ("dimensions", di), dimension=dimension.key
                )


def _within_scores(q: Questionnaire, bands: list[GuidanceBand], report: Collector) -> None:
    """Bands lie within the scores a dimension can have, on the numbers the file shows."""
    if q.scoring.units is None:
        low, high = WHOLE_SCALE
        fix = (
            "Without scoring.units, bands are on the 0-100 scale. To write them on the "
            'instrument\'s own numbers, add "units: mean" under "scoring".'
        )
    else:
        ranges = [q.own_range(d.key) for d in q.dimensions]
        found = [r for r in ranges if r is not None]
        if not found:
            return
        low, high = min(r[0] for r in found), max(r[1] for r in found)
        fix = f"Use numbers from {low} to {high}, on the scale of scoring.units."
    for bi, band in enumerate(bands):
        if band.lowest < low or band.highest > high:
            report.add(
                Code.BAND_OUTSIDE_SCORES,
                ("guidance", "bands", bi),
                band=band.key,
                lowest=_number(band.lowest),
                highest=_number(band.highest),
                low=low,
                high=high,
                fix=fix,
            )


def _number(value: float) -> str:
    """Write a band's end as the file would: 4.0 stays 4.0, 3.95 stays 3.95."""
    return repr(value)
