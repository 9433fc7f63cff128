"""Loading questionnaire text: valid files load, and problems come back in plain words."""

from __future__ import annotations

from pathlib import Path

from toolkit.core.questionnaire import MAX_BYTES, Code, load_questionnaire, load_questionnaire_text

VALID = """\
id: team-check
version: "1.0"
title: Team check
description: A short check.
use: [team]
minutes: 5
source: Tests
licence: CC BY 4.0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: Disagree}
      - {value: 2, label: Agree}
dimensions:
  - key: trust
    label: Trust
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
"""


def test_it_loads_a_valid_questionnaire_without_problems() -> None:
    result = load_questionnaire_text(VALID)
    assert result.problems == []
    assert result.questionnaire is not None
    assert result.questionnaire.item("trust-1").text == {"en": "We trust each other."}
    assert result.source == VALID


def test_it_names_uploads_by_the_filename_given() -> None:
    result = load_questionnaire_text(VALID.replace("trust-1", "Trust-1"), filename="ours.yaml")
    assert str(result.problems[0]).startswith("ours.yaml:22: sections[0].items[0].key: ")


def test_it_suggests_the_nearest_dimension_for_a_misspelt_one() -> None:
    result = load_questionnaire_text(VALID.replace("dimension: trust", "dimension: trst"), "x.yaml")
    assert [str(p) for p in result.problems] == [
        'x.yaml:23: sections[0].items[0].dimension: unknown dimension "trst" in item "trust-1"; '
        'did you mean "trust"?'
    ]


def test_it_suggests_the_nearest_field_name_for_an_unknown_field() -> None:
    result = load_questionnaire_text(VALID.replace("minutes: 5", "minutse: 5"))
    (problem,) = [p for p in result.problems if p.code is Code.UNKNOWN_FIELD]
    assert problem.message == 'unknown field "minutse"; did you mean "minutes"?'
    assert problem.line == 6
    assert "minutes" in problem.hint


def test_it_reports_a_missing_field_on_the_line_of_its_block() -> None:
    result = load_questionnaire_text(VALID.replace("    title: Main\n", ""))
    (problem,) = result.problems
    assert problem.code is Code.MISSING_FIELD
    assert problem.message == 'missing field "title" in section "main"'
    assert problem.line == 19


def test_it_reports_every_shape_problem_at_once() -> None:
    text = VALID.replace("minutes: 5", "minutes: lots").replace("kind: agreement", "kind: agree")
    codes = {p.code for p in load_questionnaire_text(text).problems}
    assert codes == {Code.WRONG_TYPE, Code.BAD_CHOICE}


def test_it_asks_for_quotes_around_a_number_where_text_belongs() -> None:
    (problem,) = load_questionnaire_text(VALID.replace('"1.0"', "1.10")).problems
    assert problem.message == '"version" should be text, not 1.1'
    assert problem.hint == 'Put the value in quotes, e.g. version: "1.1".'


def test_it_reports_one_problem_for_a_value_that_fits_no_type() -> None:
    text = VALID.replace(
        "scale: agree\n", "scale: agree\n        show_if: {item: trust-1, any_of: [1.5]}\n"
    )
    (problem,) = load_questionnaire_text(text).problems
    assert problem.code is Code.WRONG_TYPE
    assert problem.message == (
        '"any_of[0]" should be a whole number or text, not 1.5 in item "trust-1"'
    )


def test_it_finds_duplicate_keys_inside_nested_blocks() -> None:
    text = VALID.replace("        text: We trust", "        scale: agree\n        text: We trust")
    (problem,) = load_questionnaire_text(text).problems
    assert problem.code is Code.YAML_DUPLICATE_KEY
    assert problem.line == 25
    assert problem.message == '"scale" appears twice in the same block (first on line 24)'


def test_it_reports_bad_yaml_with_line_and_column() -> None:
    (problem,) = load_questionnaire_text('id: x\ntitle: "unclosed\n').problems
    assert problem.code is Code.YAML_SYNTAX
    assert problem.line == 3
    assert "column" in problem.message


def test_it_refuses_python_tags_that_safe_load_would_refuse() -> None:
    (problem,) = load_questionnaire_text("id: !!python/object:os.system {}\n").problems
    assert problem.code is Code.YAML_SYNTAX


def test_it_refuses_an_empty_file() -> None:
    (problem,) = load_questionnaire_text("# nothing yet\n").problems
    assert (
        problem.message
        == "the file should be a set of fields (id, version, title, ...), not an empty file"
    )


def test_it_refuses_an_upload_over_the_size_limit() -> None:
    text = VALID + "#" * MAX_BYTES
    result = load_questionnaire_text(text)
    (problem,) = result.problems
    assert problem.code is Code.FILE_TOO_BIG
    assert problem.message == "the file is 257 KB; the limit is 256 KB"
    assert result.questionnaire is None


def test_it_refuses_a_file_that_is_not_utf8() -> None:
    (problem,) = load_questionnaire_text(VALID.encode("utf-16")).problems
    assert problem.code is Code.NOT_UTF8


def test_it_accepts_bytes_with_a_byte_order_mark() -> None:
    assert load_questionnaire_text(b"\xef\xbb\xbf" + VALID.encode()).ok


def test_it_reports_a_file_it_cannot_read(tmp_path: Path) -> None:
    (problem,) = load_questionnaire(tmp_path / "missing.yaml").problems
    assert problem.code is Code.CANNOT_READ
    assert problem.line is None


def test_it_reads_a_file_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(VALID)
    result = load_questionnaire(path)
    assert result.ok
    assert result.problems == []


def test_it_gives_the_same_hash_whatever_the_layout() -> None:
    rewritten = "# A comment\n" + VALID.replace(
        "      - {value: 1, label: Disagree}",
        "      - value: 1\n        label:\n          en: Disagree",
    )
    first, second = load_questionnaire_text(VALID), load_questionnaire_text(rewritten)
    assert first.questionnaire and second.questionnaire
    assert first.questionnaire.content_hash == second.questionnaire.content_hash


def test_a_number_out_of_range_is_told_both_limits() -> None:
    result = load_questionnaire_text(VALID.replace("minutes: 5", "minutes: 500"))
    assert [p.message for p in result.problems] == [
        '"minutes" is 500; it must be at least 1 and at most 120'
    ]
    result = load_questionnaire_text(VALID.replace("{value: 2,", "{value: 2000,"))
    assert [p.message for p in result.problems] == [
        '"value" is 2000 in option "options[1]"; it must be at least -1000 and at most 1000'
    ]


def test_a_comma_that_cuts_quoted_text_short_is_still_told_to_use_quotes() -> None:
    text = VALID.replace("label: Agree}", 'label: "Agree", mostly}')
    (problem,) = load_questionnaire_text(text).problems
    assert (problem.code, problem.line) == (Code.UNQUOTED_COMMA, 14)
    assert problem.hint == 'Put any text that holds a comma in quotes, e.g. text: "Yes, we do"'


def test_a_flow_mapping_with_an_empty_value_after_a_colon_is_not_a_cut_text() -> None:
    text = VALID.replace("label: Agree}", "label: Agree, description: }")
    assert load_questionnaire_text(text).ok
