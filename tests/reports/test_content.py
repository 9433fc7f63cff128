"""What a report says, before it is drawn: the parts that need no PDF to check."""

from __future__ import annotations

from dataclasses import replace

from flask import Flask
from flask_babel import force_locale

from tests.reports.test_pdf import subject
from toolkit.reports.content import build_report


def test_a_round_kept_without_counts_per_perspective_says_so_rather_than_nobody(
    plain_app: Flask,
) -> None:
    # Results published as a version 1 snapshot did not keep how many answered in each.
    with plain_app.app_context(), force_locale("en"):
        counted = build_report(subject(plain_app))
        unknown = build_report(replace(subject(plain_app), took_part={}))
    assert counted.took_part == [
        ("Staff", "6"),
        ("all other perspectives (Managers, Residents)", "7"),
    ]
    assert unknown.took_part == [
        ("Staff", "–"),
        ("all other perspectives (Managers, Residents)", "–"),
    ]
