"""Each file in tests/data/broken breaks one rule; the loader names it and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.questionnaire import Code, Severity, load_questionnaire

BROKEN = Path(__file__).parent.parent / "data" / "broken"

# file name → the one catalogued code it should produce, and on which line.
CASES = [
    ("bad-yaml", Code.YAML_SYNTAX, 5),
    ("duplicate-yaml-key", Code.YAML_DUPLICATE_KEY, 5),
    ("alias", Code.YAML_ALIAS, 9),
    ("not-a-mapping", Code.NOT_A_MAPPING, 1),
    ("missing-english", Code.MISSING_ENGLISH, 28),
    ("unknown-language", Code.UNKNOWN_LANGUAGE, 28),
    ("unknown-field", Code.UNKNOWN_FIELD, 26),
    ("missing-field", Code.MISSING_FIELD, 25),
    ("wrong-type", Code.WRONG_TYPE, 3),
    ("bad-key", Code.BAD_KEY, 25),
    ("bad-choice", Code.BAD_CHOICE, 12),
    ("too-few", Code.TOO_FEW, 13),
    ("out-of-range", Code.OUT_OF_RANGE, 28),
    ("duplicate-item-key", Code.DUPLICATE_ITEM_KEY, 29),
    ("duplicate-dimension-key", Code.DUPLICATE_DIMENSION_KEY, 21),
    ("duplicate-section-key", Code.DUPLICATE_SECTION_KEY, 29),
    ("unknown-scale", Code.UNKNOWN_SCALE, 27),
    ("unknown-dimension", Code.UNKNOWN_DIMENSION, 26),
    ("empty-dimension", Code.EMPTY_DIMENSION, 21),
    ("item-without-scale", Code.ITEM_WITHOUT_SCALE, 25),
    ("item-without-dimension", Code.ITEM_WITHOUT_DIMENSION, 29),
    ("text-item-with-weight", Code.SCORING_FIELD_ON_TEXT_ITEM, 31),
    ("show-if-unknown-item", Code.SHOW_IF_UNKNOWN_ITEM, 32),
    ("show-if-forward", Code.SHOW_IF_NOT_EARLIER, 29),
    ("show-if-self", Code.SHOW_IF_NOT_EARLIER, 29),
    ("show-if-bad-answer", Code.SHOW_IF_BAD_ANSWER, 34),
    ("show-if-text-target", Code.SHOW_IF_TEXT_TARGET, 35),
    ("show-if-into-partner-section", Code.SHOW_IF_INTO_PARTNER_SECTION, 36),
    ("scale-duplicate-value", Code.SCALE_DUPLICATE_VALUE, 15),
    ("scale-unordered", Code.SCALE_UNORDERED, 13),
    ("exclusion-clash", Code.EXCLUSION_CLASH, 18),
    ("ladder-without-description", Code.LADDER_WITHOUT_DESCRIPTION, 14),
    ("differential-without-ends", Code.DIFFERENTIAL_WITHOUT_ENDS, 25),
    ("ends-on-non-differential", Code.ENDS_ON_NON_DIFFERENTIAL, 29),
    ("min-answered-too-high", Code.MIN_ANSWERED_TOO_HIGH, 21),
    ("missing-welsh", Code.MISSING_WELSH, 7),
    # Files made to break the parser rather than the format (issue 14).
    ("control-character", Code.CONTROL_CHARACTER, 4),
    ("control-character-escaped", Code.CONTROL_CHARACTER, 5),
    ("too-deep", Code.YAML_TOO_DEEP, 7),
    ("number-too-long", Code.YAML_NUMBER_TOO_LONG, 7),
    ("bad-version", Code.BAD_VERSION, 3),
    # Messages that say how to fix it (issue 15).
    ("comma-in-braces", Code.UNQUOTED_COMMA, 25),
    # Questions that feed no score (issue 15).
    ("choice-with-weight", Code.SCORING_FIELD_ON_CHOICE, 32),
    ("choice-about-partners", Code.CHOICE_ABOUT_PARTNERS, 34),
    ("scored-on-a-choice-scale", Code.SCORED_ON_A_CHOICE_SCALE, 34),
    # Status scales with a colour per option (issue 15, part 2).
    ("bad-colour", Code.BAD_COLOUR, 16),
    ("scale-colours-incomplete", Code.SCALE_COLOURS_INCOMPLETE, 15),
    ("too-many-colours", Code.TOO_MANY_COLOURS, 21),
    # Categories above dimensions and the instrument's guidance (issue 15, part 3).
    ("duplicate-category-key", Code.DUPLICATE_CATEGORY_KEY, 18),
    ("unknown-category", Code.UNKNOWN_CATEGORY, 20),
    ("empty-category", Code.EMPTY_CATEGORY, 18),
    ("dimension-without-category", Code.DIMENSION_WITHOUT_CATEGORY, 20),
    ("duplicate-band-key", Code.DUPLICATE_BAND_KEY, 25),
    ("band-ends-reversed", Code.BAND_ENDS_REVERSED, 25),
    ("bands-overlap", Code.BANDS_OVERLAP, 24),
    ("band-outside-scores", Code.BAND_OUTSIDE_SCORES, 24),
    ("guidance-without-own-units", Code.GUIDANCE_WITHOUT_OWN_UNITS, 22),
]


@pytest.mark.parametrize(("name", "code", "line"), CASES, ids=[case[0] for case in CASES])
def test_each_broken_file_reports_its_one_problem_on_its_line(
    name: str, code: Code, line: int
) -> None:
    result = load_questionnaire(BROKEN / f"{name}.yaml")
    assert [(p.code, p.line) for p in result.problems] == [(code, line)]
    problem = result.problems[0]
    assert problem.file.endswith(f"{name}.yaml")
    assert str(problem).startswith(f"{problem.file}:{line}: ")
    assert problem.hint


@pytest.mark.parametrize(("name", "code", "line"), CASES, ids=[case[0] for case in CASES])
def test_only_files_with_errors_are_refused(name: str, code: Code, line: int) -> None:
    result = load_questionnaire(BROKEN / f"{name}.yaml")
    assert result.ok is (code.severity is Severity.WARNING)


def test_every_broken_file_is_in_the_table() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(case[0] for case in CASES)


def test_every_check_rule_has_a_broken_file() -> None:
    shape_and_file_codes = {
        Code.CANNOT_READ,
        Code.FILE_TOO_BIG,
        Code.NOT_UTF8,
        Code.TOO_LONG,
        Code.INVALID_VALUE,
        Code.DUPLICATE_VERSION,
        Code.SAME_FILE_TWICE,
        Code.NO_QUESTIONNAIRES,
    }
    covered = {case[1] for case in CASES}
    assert set(Code) - covered - shape_and_file_codes == set()


def test_the_weight_error_gives_the_allowed_range() -> None:
    (problem,) = load_questionnaire(BROKEN / "out-of-range.yaml").problems
    assert (
        problem.message == '"weight" is 0 in item "trust-1"; it must be more than 0 and at most 10'
    )


def test_a_comma_inside_braces_asks_for_quotes_around_the_whole_text() -> None:
    (problem,) = load_questionnaire(BROKEN / "comma-in-braces.yaml").problems
    assert '"and we act on what we hear." was read as a field of its own' in problem.message
    assert (
        problem.hint
        == 'Put the whole text in quotes: text: "We listen, and we act on what we hear."'
    )
