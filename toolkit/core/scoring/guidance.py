"""The instrument's own guidance on reading a score: which of its authors' bands a score is in.

A band is the instrument's words, never the toolkit's grade. It is found from the
shown 0-100 mean alone (through the own units, when the file asks for them), so,
like the own units, it is hidden exactly when the mean is and tells nobody more.
A score is matched as it is shown, so "3.0 to 3.9" and "4.0 to 5.0" leave no gap
for 3.95: that is shown, and matched, as 4.0.
"""

from __future__ import annotations

from toolkit.core.questionnaire.schema import GuidanceBand, Questionnaire
from toolkit.core.scoring.units import in_own_units


def band_for(questionnaire: Questionnaire, dimension: str, mean: float) -> GuidanceBand | None:
    """Return the guidance band a dimension's shown mean falls in, if the file has bands."""
    guidance = questionnaire.guidance
    if guidance is None:
        return None
    if questionnaire.scoring.units is None:
        # Shown as a whole number out of 100.
        value = float(f"{mean:.0f}")
    else:
        own = in_own_units(questionnaire, dimension, mean)
        if own is None:
            return None
        # Shown to one decimal place, e.g. "3.4 on the 1-5 scale".
        value = float(f"{own.value:.1f}")
    return next((b for b in guidance.bands if b.lowest <= value <= b.highest), None)
