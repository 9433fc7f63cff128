"""The library: every questionnaire from several folders, indexed and checked together."""

from __future__ import annotations

from pathlib import Path

import pytest

import toolkit
from toolkit.core.questionnaire import (
    Code,
    QuestionnaireError,
    QuestionnaireLibrary,
    default_questionnaire_dir,
    load_library,
    version_key,
)

TEMPLATE = """\
id: {id}
version: "{version}"
title: {title}
description: A short check.
use: [team]
minutes: 5
source: Tests
licence: CC BY 4.0
scales:
  agree:
    kind: agreement
    options:
      - {{value: 1, label: Disagree}}
      - {{value: 2, label: Agree}}
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


def write(
    folder: Path, name: str, id: str = "check", version: str = "1", title: str = "Check"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(TEMPLATE.format(id=id, version=version, title=title))
    return path


def test_it_finds_the_shipped_folder_beside_the_package() -> None:
    expected = Path(toolkit.__file__).parent.parent / "questionnaires"
    assert default_questionnaire_dir() == expected


def test_it_loads_the_shipped_questionnaires_without_errors() -> None:
    library = load_library()
    assert len(library) >= 1
    assert library.errors == []


def test_it_returns_the_latest_version_by_natural_order(tmp_path: Path) -> None:
    for version in ("1.9", "1.10", "1.2"):
        write(tmp_path, f"check-{version}.yaml", version=version)
    library = load_library([tmp_path])
    assert library.get("check").version == "1.10"
    assert library.get("check", "1.2").version == "1.2"
    assert [q.version for q in library.versions("check")] == ["1.2", "1.9", "1.10"]


def test_it_finds_a_questionnaire_by_its_content_hash(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml")
    library = load_library([tmp_path])
    questionnaire = library.get("check")
    assert library.by_hash(questionnaire.content_hash) is questionnaire
    assert library.entry("check").source.startswith("id: check")


def test_it_raises_key_error_for_an_unknown_questionnaire(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml")
    library = load_library([tmp_path])
    with pytest.raises(KeyError):
        library.get("nope")
    with pytest.raises(KeyError):
        library.by_hash("0" * 16)


def test_it_reads_several_folders_and_both_extensions(tmp_path: Path) -> None:
    write(tmp_path / "ours", "one.yaml", id="one")
    write(tmp_path / "theirs", "two.yml", id="two")
    library = load_library([tmp_path / "ours", tmp_path / "theirs"])
    assert [q.id for q in library] == ["one", "two"]
    assert "two" in library


def test_it_refuses_the_same_version_with_different_content_naming_both_files(
    tmp_path: Path,
) -> None:
    first = write(tmp_path / "a", "check.yaml")
    write(tmp_path / "b", "check.yaml", title="Changed check")
    library = QuestionnaireLibrary.load([tmp_path / "a", tmp_path / "b"])
    (problem,) = library.problems
    assert problem.code is Code.DUPLICATE_VERSION
    assert problem.file.endswith("b/check.yaml")
    assert str(first) in problem.message


def test_it_only_warns_about_an_identical_copy(tmp_path: Path) -> None:
    write(tmp_path / "a", "check.yaml")
    write(tmp_path / "b", "check.yaml")
    library = load_library([tmp_path / "a", tmp_path / "b"])
    assert [p.code for p in library.problems] == [Code.SAME_FILE_TWICE]


def test_it_raises_with_every_problem_from_every_file(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", id="good")
    (tmp_path / "bad.yaml").write_text("id: [\n")
    (tmp_path / "worse.yaml").write_text("- a list\n")
    with pytest.raises(QuestionnaireError) as raised:
        load_library([tmp_path])
    assert {p.code for p in raised.value.problems} == {Code.YAML_SYNTAX, Code.NOT_A_MAPPING}
    assert "2 error(s)" in str(raised.value)


def test_it_warns_about_a_folder_with_no_questionnaires(tmp_path: Path) -> None:
    library = load_library([tmp_path])
    assert [p.code for p in library.problems] == [Code.NO_QUESTIONNAIRES]


@pytest.mark.parametrize(
    ("older", "newer"),
    [("1", "2"), ("1.9", "1.10"), ("1.0", "1.0.1"), ("2024-03", "2024-11"), ("1.0-a", "1.0-b")],
)
def test_it_orders_versions_naturally(older: str, newer: str) -> None:
    assert version_key(older) < version_key(newer)
