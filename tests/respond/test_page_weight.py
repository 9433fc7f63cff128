"""Respondent pages stay light: a size check, not a timing test."""

from __future__ import annotations

from bench.page_weight import BUDGET, measure


def test_every_respondent_page_with_its_css_is_within_50_kb_and_loads_nothing_elsewhere(
    app, demo_data
) -> None:
    weights = measure(app)
    question_pages = [w for w in weights.values() if w.page.startswith("question page")]
    assert {"question page: ladder", "question page: differential"} <= set(weights)
    assert len(question_pages) >= 4
    for weight in weights.values():
        assert weight.loaded > 0, f"{weight.page} loads no stylesheet"
        assert weight.total <= BUDGET, f"{weight.page} sends {weight.total:,} bytes"
        assert weight.foreign == (), f"{weight.page} loads {weight.foreign}"
