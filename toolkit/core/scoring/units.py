"""A dimension's score in the instrument's own units, beside its position from 0 to 100.

Some instruments are known by their own numbers ("3.4 on the 1-4 scale", or a
total out of 20). The own-units figure is worked out from the shown 0-100 mean
alone, by a straight line, so it is hidden exactly when that mean is and tells
nobody anything the mean does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.questionnaire.schema import Questionnaire, Units


@dataclass(frozen=True, slots=True)
class OwnUnits:
    """A score on the instrument's own numbers, and the range those numbers run over."""

    value: float
    lowest: int
    highest: int
    units: Units
    statements: int


def in_own_units(questionnaire: Questionnaire, dimension: str, mean: float) -> OwnUnits | None:
    """Put a dimension's 0-100 mean on its statements' own scale, if the questionnaire asks.

    Only a dimension whose scored statements share one scale has own units: with
    several scales there is no one set of numbers to put it on.
    """
    found = questionnaire.own_range(dimension)
    if found is None or questionnaire.scoring.units is None:
        return None
    lowest, highest, statements = found
    value = lowest + mean / 100 * (highest - lowest)
    return OwnUnits(value, lowest, highest, questionnaire.scoring.units, statements)
