"""A group's results page stays light on a first visit: a size budget, not a timing test."""

from __future__ import annotations

from flask import Flask

from bench.results_weight import PAGE_BUDGET, STYLESHEET_BUDGET, first_visit
from tests.live import served, signed_in
from toolkit.services.demo import DEMO_EMAIL, DEMO_PASSWORD
from toolkit.storage.models import Group


def test_a_first_visit_to_the_results_page_sends_at_most_400_kb(
    app: Flask, partnership: Group
) -> None:
    with served(app) as address:
        browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
        visit = first_visit(browser, f"{address}/groups/{partnership.id}/results")
    _page, *loaded = visit
    kinds = {sent.content_type.split(";")[0] for sent in loaded}
    assert {"text/css", "text/javascript"} <= kinds, "the page loads its stylesheet and charts"
    assert any("plotly" in sent.url for sent in loaded)
    total = sum(sent.size for sent in visit)
    assert total <= PAGE_BUDGET, f"a first visit sends {total:,} bytes: " + ", ".join(
        f"{sent.url.split('/', 3)[-1]} {sent.size:,}" for sent in visit
    )
    for sent in visit:
        assert sent.encoding in ("br", "gzip"), f"{sent.url} was sent uncompressed"
    for sent in loaded:
        assert "immutable" in sent.cache_control and "max-age=31536000" in sent.cache_control
        if sent.content_type.startswith("text/css"):
            assert sent.size <= STYLESHEET_BUDGET, f"the stylesheet sends {sent.size:,} bytes"
