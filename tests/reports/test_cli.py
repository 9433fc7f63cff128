"""``toolkit report`` writes a PDF from the command line."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner

from tests import factories
from tests.reports.conftest import needs_poppler, pdf_text
from tests.reports.test_web import people

pytestmark = needs_poppler


def test_it_writes_a_round_report(runner: FlaskCliRunner, tmp_path: Path) -> None:
    group = factories.group(factories.organisation())
    spring = factories.check(group, people(5, "staff", 4))
    output = tmp_path / "report.pdf"
    result = runner.invoke(
        args=["report", "--round", str(spring.id), "--lang", "cy", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    assert "Riverside partnership: Spring check" in pdf_text(output.read_bytes(), tmp_path)


def test_it_asks_for_a_group_or_a_round(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["report", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "Give either --group ID or --round ID" in result.output


def test_it_names_a_group_that_does_not_exist(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["report", "--group", "999", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "There is no group 999" in result.output


def test_it_says_when_nothing_has_closed_yet(runner: FlaskCliRunner, tmp_path: Path) -> None:
    group = factories.group(factories.organisation())
    result = runner.invoke(args=["report", "--group", str(group.id), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "has no closed check to report on yet" in result.output
