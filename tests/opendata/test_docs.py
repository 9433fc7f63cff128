"""The export docs and published schemas stay true to the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.opendata.api_models import (
    AnswerCountOut,
    AnswerCounts,
    MatrixCellOut,
    PartnerScoresOut,
    PerceptionMatrixOut,
)
from toolkit.opendata.downloads import COMMENT_COLUMNS, PROFILE_COLUMNS
from toolkit.opendata.formats import Archive, RoundAnswers, schema_text
from toolkit.opendata.rows import ANSWER_COLUMNS

DOCS = Path(__file__).parents[2] / "docs"


@pytest.mark.parametrize("column", sorted({*ANSWER_COLUMNS, *PROFILE_COLUMNS, *COMMENT_COLUMNS}))
def test_every_export_column_is_explained(column: str) -> None:
    assert f"| `{column}` |" in (DOCS / "exports.md").read_text()


@pytest.mark.parametrize(("model", "name"), [(RoundAnswers, "round-answers"), (Archive, "archive")])
def test_the_published_schemas_are_the_ones_the_code_writes(model: type, name: str) -> None:
    published = (DOCS / "schemas" / f"{name}.schema.json").read_text()
    assert published == schema_text(model), (
        f"Regenerate docs/schemas/{name}.schema.json with toolkit.opendata.formats.schema_text"
    )


def test_laying_out_export_rows_needs_no_flask() -> None:
    code = "import sys, toolkit.opendata.rows; assert 'flask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


API_MODELS = (AnswerCounts, AnswerCountOut, PerceptionMatrixOut, MatrixCellOut, PartnerScoresOut)


@pytest.mark.parametrize(
    "field",
    sorted({"answers", "answers_by_perspective", *(f for m in API_MODELS for f in m.model_fields)}),
)
def test_every_field_of_answer_counts_and_the_perception_matrix_is_explained(field: str) -> None:
    api = (DOCS / "exports.md").read_text().partition("## The JSON API")[2]
    assert f"| `{field}` |" in api
