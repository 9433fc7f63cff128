"""Categories above dimensions and the instrument's guidance bands: read, checked, hashed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.questionnaire.test_colours import SHIPPED_HASHES
from toolkit.core.questionnaire import Code, load_questionnaire
from toolkit.core.questionnaire.loader import load_questionnaire_text as load_text
from toolkit.core.questionnaire.schema import Questionnaire

ROOT = Path(__file__).parents[2]
READING = ROOT / "tests" / "data" / "reading"
WILDER_LIKE = (READING / "wilder-like.yaml").read_text()
NUFFIELD_LIKE = (READING / "nuffield-like.yaml").read_text()


def problems(text: str) -> list[tuple[Code, int | None, str]]:
    return [(p.code, p.line, p.message) for p in load_text(text).problems if p.is_error]


def only_all(text: str) -> list[tuple[Code, int | None, str, str]]:
    return [(p.code, p.line, p.message, p.hint) for p in load_text(text).problems if p.is_error]


def only(text: str) -> tuple[Code, int | None, str, str]:
    (problem,) = [p for p in load_text(text).problems if p.is_error]
    return problem.code, problem.line, problem.message, problem.hint


@pytest.mark.parametrize("path", ["wilder-like.yaml", "nuffield-like.yaml"])
def test_the_test_instruments_load_without_errors(path: str) -> None:
    result = load_questionnaire(READING / path)
    assert result.ok, [str(p) for p in result.problems]


def test_dimensions_come_grouped_under_their_categories_in_the_files_order() -> None:
    found = load_text(WILDER_LIKE).questionnaire
    assert found is not None
    grouped = [(c.key if c else None, [d.key for d in ds]) for c, ds in found.grouped()]
    assert grouped == [
        ("setting", ["history", "standing", "climate"]),
        ("members", ["respect", "self-interest"]),
        ("aims", ["vision"]),
    ]


def test_a_file_without_categories_is_one_group_under_none() -> None:
    found = load_questionnaire(ROOT / "docs/examples/example.yaml").questionnaire
    assert found is not None
    assert [(c, len(ds)) for c, ds in found.grouped()] == [(None, 3)]


def test_an_unknown_category_is_named_with_a_suggestion() -> None:
    code, line, message, hint = only(
        WILDER_LIKE.replace("{key: vision, category: aims", "{key: vision, category: aim")
    )
    assert code is Code.UNKNOWN_CATEGORY
    assert line == 38
    assert message == 'unknown category "aim" in dimension "vision"; did you mean "aims"?'
    assert "setting, members, aims" in hint


def test_a_category_named_in_a_file_without_categories_says_to_add_them() -> None:
    without = (
        WILDER_LIKE.split("categories:\n", 1)[0]
        + "dimensions:"
        + (WILDER_LIKE.split("\ndimensions:", 1)[1])
    )
    found = only_all(without)
    assert {code for code, _, _, _ in found} == {Code.UNKNOWN_CATEGORY}
    hint = found[0][3]
    assert 'Add a "categories:" list' in hint


def test_a_dimension_left_out_of_every_category_is_refused() -> None:
    code, line, message, hint = only(
        WILDER_LIKE.replace("{key: vision, category: aims, ", "{key: vision, ").replace(
            "  - key: aims\n    label: {en: What we aim for, cy: Beth yw ein nod}\n", ""
        )
    )
    assert code is Code.DIMENSION_WITHOUT_CATEGORY
    assert line == 36
    assert message.startswith('dimension "vision" has no category')
    assert "setting, members" in hint


def test_a_category_with_no_dimensions_is_refused() -> None:
    code, line, message, _ = only(WILDER_LIKE.replace("category: aims", "category: members"))
    assert code is Code.EMPTY_CATEGORY
    assert line == 30
    assert message == 'category "aims" has no dimensions'


def test_a_category_key_used_twice_is_refused() -> None:
    found = problems(WILDER_LIKE.replace("- key: members", "- key: setting"))
    assert Code.DUPLICATE_CATEGORY_KEY in {code for code, _, _ in found}


def test_overlapping_bands_are_refused_naming_both() -> None:
    code, line, message, hint = only(WILDER_LIKE.replace("to: 3.9", "to: 4.0"))
    assert code is Code.BANDS_OVERLAP
    assert line == 43
    assert (
        message == 'guidance bands "strength" and "borderline" overlap: a score of 4.0 is in both'
    )
    assert '"to: 3.9" then "from: 4.0"' in hint


def test_a_band_running_downwards_is_refused() -> None:
    code, _, message, hint = only(WILDER_LIKE.replace("from: 1.0", "from: 2.95"))
    assert code is Code.BAND_ENDS_REVERSED
    assert message == 'guidance band "concern" runs from 2.95 down to 2.9'
    assert '"from"' in hint


def test_a_band_outside_the_own_scale_is_refused() -> None:
    code, _, message, hint = only(WILDER_LIKE.replace("to: 5.0", "to: 50"))
    assert code is Code.BAND_OUTSIDE_SCORES
    assert (
        message == 'guidance band "strength" runs from 4.0 to 50.0, outside the scores from 1 to 5'
    )
    assert "from 1 to 5" in hint


def test_bands_without_own_units_are_on_0_to_100() -> None:
    without_units = WILDER_LIKE.replace("scoring:\n  units: mean\n", "")
    assert only_all(without_units) == []
    code, _, message, hint = only(without_units.replace("to: 5.0", "to: 101"))
    assert code is Code.BAND_OUTSIDE_SCORES
    assert "outside the scores from 0 to 100" in message
    assert 'add "units: mean"' in hint


def test_band_keys_are_their_own() -> None:
    found = problems(WILDER_LIKE.replace("key: concern", "key: strength"))
    assert [code for code, _, _ in found] == [Code.DUPLICATE_BAND_KEY]


def test_a_misspelt_band_field_lists_the_fields_as_written() -> None:
    found = only_all(WILDER_LIKE.replace("from: 3.0", "form: 3.0"))
    assert [(code, line) for code, line, _, _ in found] == [
        (Code.MISSING_FIELD, 47),
        (Code.UNKNOWN_FIELD, 48),
    ]
    assert found[1][2] == 'unknown field "form"; did you mean "from"?'
    assert found[1][3] == "Fields allowed here: from, key, label, prompt, to."


def test_a_dimension_on_two_scales_is_warned_about_when_bands_need_own_units() -> None:
    status = (
        "      - {key: delivery-status, dimension: delivery, scale: status, text: Work gets done.}"
    )
    text = NUFFIELD_LIKE.replace(
        status,
        status + "\n      - {key: delivery-two, dimension: delivery, scale: two, text: On time.}",
    ).replace(
        "scales:\n", "scales:\n  two:\n    kind: rating\n    options: [{value: 1}, {value: 2}]\n"
    )
    warned = [p for p in load_text(text).problems if p.code is Code.GUIDANCE_WITHOUT_OWN_UNITS]
    assert [p.message.split('"')[1] for p in warned] == ["delivery"]
    assert not warned[0].is_error


def test_a_file_without_categories_or_guidance_keeps_them_out_of_the_hashed_form() -> None:
    # So that no stored round's hash changes (every shipped hash is checked in test_colours).
    found = load_questionnaire(ROOT / "docs/examples/example.yaml").questionnaire
    assert found is not None
    dumped = found.model_dump(mode="json")
    assert "categories" not in dumped and "guidance" not in dumped
    assert all("category" not in d for d in dumped["dimensions"])
    assert found.content_hash == SHIPPED_HASHES["docs/examples/example.yaml"]


def test_categories_and_bands_change_the_hash_and_keep_their_written_names() -> None:
    found = load_text(WILDER_LIKE).questionnaire
    other = load_text(WILDER_LIKE.replace("to: 3.9", "to: 3.8")).questionnaire
    assert found is not None and other is not None
    assert found.content_hash != other.content_hash
    band = found.model_dump(mode="json")["guidance"]["bands"][1]
    assert (band["from"], band["to"]) == (3.0, 3.9)


def test_a_stored_questionnaire_reads_back_the_same_with_its_bands() -> None:
    found = load_text(WILDER_LIKE).questionnaire
    assert found is not None
    stored = found.model_dump(mode="json")
    assert Questionnaire.model_validate(stored, context={"stored": True}) == found
