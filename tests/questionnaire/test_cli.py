"""The questionnaires command group, run without an app."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli.questionnaires import questionnaires

BROKEN = Path(__file__).parent.parent / "data" / "broken"
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example.yaml"


def test_validate_passes_a_good_file_with_a_summary() -> None:
    result = CliRunner().invoke(questionnaires, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output == "1 questionnaire(s) loaded; 0 error(s), 0 warning(s).\n"


def test_validate_prints_each_problem_with_file_line_and_path_then_fails() -> None:
    path = BROKEN / "unknown-dimension.yaml"
    result = CliRunner().invoke(questionnaires, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        'unknown-dimension.yaml:26: sections[0].items[0].dimension: unknown dimension "trst"'
        in result.output
    )
    assert '; did you mean "trust"?\n    fix: Use one of the dimensions' in result.output
    assert result.output.endswith("0 questionnaire(s) loaded; 1 error(s), 0 warning(s).\n")


def test_validate_prints_warnings_but_passes() -> None:
    path = BROKEN / "missing-welsh.yaml"
    result = CliRunner().invoke(questionnaires, ["validate", "--no-hints", str(path)])
    assert result.exit_code == 0
    assert "missing-welsh.yaml:7: description: warning: 8 of 9 texts" in result.output
    assert "fix:" not in result.output


def test_validate_reads_whole_folders() -> None:
    result = CliRunner().invoke(questionnaires, ["validate", str(BROKEN)])
    assert result.exit_code == 1
    assert "error(s)" in result.output.splitlines()[-1]


def test_validate_checks_the_library_folders_by_default() -> None:
    result = CliRunner(env={"QUESTIONNAIRE_DIRS": ""}).invoke(questionnaires, ["validate"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_schema_writes_the_json_schema(tmp_path: Path) -> None:
    output = tmp_path / "schema.json"
    result = CliRunner().invoke(questionnaires, ["schema", "--output", str(output)])
    assert result.exit_code == 0
    assert json.loads(output.read_text())["title"] == "Questionnaire"


def test_schema_prints_to_the_screen_by_default() -> None:
    result = CliRunner().invoke(questionnaires, ["schema"])
    assert json.loads(result.output)["required"][0] == "id"
