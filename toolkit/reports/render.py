"""Turn a report's content into a tagged, accessible PDF with WeasyPrint."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML

from toolkit.reports import svg_text
from toolkit.reports.content import build_report
from toolkit.reports.print_charts import FONT_DIR
from toolkit.reports.subjects import Subject

svg_text.install()


def render_pdf(subject: Subject) -> bytes:
    """Render a report in its own language; needs an app context for templates."""
    with _collector_skips_the_running_app():
        with force_locale(subject.language):
            report = build_report(subject)
            html = render_template("reports/report.html", report=report, fonts=FONT_DIR.as_uri())
        # PDF/UA tags the structure, so screen readers follow headings, tables and figures.
        pdf = HTML(string=html, base_url=FONT_DIR.as_uri() + "/").write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf


@contextmanager
def _collector_skips_the_running_app() -> Iterator[None]:
    """Keep Python's cycle collector to the objects a render makes.

    matplotlib and WeasyPrint make hundreds of thousands of objects that live
    through a render, which sets off full collections. Each of those would also
    walk every object the app, its libraries and its fonts hold: about a seventh
    of a render's time. Objects alive before the render are set aside meanwhile
    and handed back afterwards, so anything that becomes garbage is still freed.
    """
    gc.freeze()
    try:
        yield
    finally:
        # The render's garbage goes now, while it is all the collector looks at;
        # left for later, it was found only by chance and grew each render.
        gc.collect()
        gc.unfreeze()
