"""Read a questionnaire file into the models, reporting problems by line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from toolkit.core.input_limits import (
    YAML_MAX_BYTES,
    YAML_MAX_DEPTH,
    YAML_MAX_NUMBER_DIGITS,
    first_control,
)
from toolkit.core.questionnaire import shape
from toolkit.core.questionnaire.checks import check_questionnaire
from toolkit.core.questionnaire.errors import Code, Collector, Loc, Problem, Severity
from toolkit.core.questionnaire.schema import Questionnaire

MAX_BYTES = YAML_MAX_BYTES


@dataclass(frozen=True)
class LoadResult:
    """A questionnaire (None if the file has errors) and every problem found."""

    questionnaire: Questionnaire | None
    problems: list[Problem] = field(default_factory=list)
    source: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.questionnaire is not None


class _Refused(yaml.MarkedYAMLError):
    """Something the loader refuses to read any further, with its catalogued code."""

    def __init__(self, code: Code, mark: Any, **params: Any) -> None:
        super().__init__(problem=code.name, problem_mark=mark)  # type: ignore[no-untyped-call]
        self.code = code
        self.params: dict[str, Any] = params


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every key and list entry."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.text = stream
        self.key_lines: dict[int, dict[Any, int]] = {}
        self.entry_lines: dict[int, list[int]] = {}
        self.duplicates: list[tuple[Any, int, int]] = []
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases can blow a small upload up into a huge structure; nobody needs them here.
        if self.check_event(yaml.AliasEvent):
            raise _Refused(Code.YAML_ALIAS, self.peek_event().start_mark)
        # Composing recurses once per level: stop long before Python's recursion limit.
        if self.depth >= YAML_MAX_DEPTH:
            raise _Refused(Code.YAML_TOO_DEEP, self.peek_event().start_mark, limit=YAML_MAX_DEPTH)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # Python refuses to read integers past 4,300 digits; none of ours needs 19.
        digits = sum(char.isdigit() for char in str(node.value))
        if digits > YAML_MAX_NUMBER_DIGITS:
            raise _Refused(
                Code.YAML_NUMBER_TOO_LONG,
                node.start_mark,
                digits=digits,
                limit=YAML_MAX_NUMBER_DIGITS,
            )
        return int(super().construct_yaml_int(node))

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if node.flow_style:
            self._refuse_cut_text(node)
        # PyYAML keeps the last of two equal keys without a word; catch it first.
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool) and key in seen:
                self.duplicates.append((key, seen[key], line))
            else:
                seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def _refuse_cut_text(self, node: yaml.MappingNode) -> None:
        """Refuse text cut short by a comma in {...}, which YAML reads as a key without value.

        ``{key: a, text: We listen, and we act}`` holds a field "and we act": pydantic
        would call it unknown, which hides the real problem, the missing quotes.
        """
        before: tuple[yaml.Node, yaml.Node] | None = None
        for key, value in node.value:
            if _written_bare(key) and _no_value_written(self.text, key, value):
                if before and _written_bare(before[1]):
                    # The text the comma cut, as written: from the value before to this key.
                    cut = self.text[before[1].start_mark.index : key.end_mark.index]
                    whole = _quoted(" ".join(cut.split()))
                    fix = f"Put the whole text in quotes: {before[0].value}: {whole}"
                else:
                    fix = 'Put any text that holds a comma in quotes, e.g. text: "Yes, we do"'
                raise _Refused(Code.UNQUOTED_COMMA, key.start_mark, fragment=key.value, fix=fix)
            before = key, value


def _written_bare(node: yaml.Node | None) -> bool:
    """Say whether a node is text written without quotes."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and bool(node.value)


def _no_value_written(text: str, key: yaml.Node, value: yaml.Node) -> bool:
    """Say whether a key in {...} stands alone, with no colon after it."""
    after = text[key.end_mark.index :].lstrip()
    return isinstance(value, yaml.ScalarNode) and value.value == "" and after[:1] in (",", "}")


def _quoted(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))
    loader.key_lines[id(data)] = {
        loader.construct_object(key_node): key_node.start_mark.line + 1
        for key_node, _ in node.value
    }


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[list[Any]]:
    data: list[Any] = []
    yield data
    data.extend(loader.construct_sequence(node))
    loader.entry_lines[id(data)] = [entry.start_mark.line + 1 for entry in node.value]


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _LineLoader.construct_yaml_int)


def _line_map(data: Any, loader: _LineLoader) -> dict[Loc, int]:
    """Map every location in the data to the line it was written on."""
    lines: dict[Loc, int] = {(): 1}

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            children: Any = loader.key_lines.get(id(value), {}).items()
        elif isinstance(value, list):
            children = enumerate(loader.entry_lines.get(id(value), []))
        else:
            return
        for part, line in children:
            lines[(*loc, part)] = line
            walk(value[part], (*loc, part))

    walk(data, ())
    return lines


def _character(char: str) -> str:
    return f"U+{ord(char):04X}"


def _control_characters(data: Any, report: Collector, loc: Loc = ()) -> None:
    """Report text that an escape such as "\\0" or "\\a" filled with a control character."""
    if isinstance(data, str):
        if (at := first_control(data)) is not None:
            report.add(Code.CONTROL_CHARACTER, loc, character=_character(data[at]), where="")
    elif isinstance(data, dict):
        for key, value in data.items():
            _control_characters(key, report, loc)
            _control_characters(value, report, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _control_characters(value, report, (*loc, index))


def _has_control_characters(text: str, report: Collector) -> bool:
    """Report the first control character written into the file as it is."""
    at = first_control(text)
    if at is None:
        return False
    # PyYAML refuses some of these with an error that has no line; name the line here.
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    report.add(
        Code.CONTROL_CHARACTER,
        line=text.count("\n", 0, at) + 1,
        character=_character(text[at]),
        where=f" at column {column}",
    )
    return True


def _parse(text: str, report: Collector) -> Any:
    """Parse YAML text, recording syntax errors, aliases, refused input and duplicate keys."""
    if _has_control_characters(text, report):
        return None
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else 0
        if isinstance(error, _Refused):
            report.add(error.code, line=line, **error.params)
        else:
            detail = error.problem or str(error)
            report.add(Code.YAML_SYNTAX, line=line, column=column, detail=detail)
        return None
    except yaml.YAMLError as error:
        report.add(Code.YAML_SYNTAX, line=None, column=0, detail=str(error))
        return None
    finally:
        loader.dispose()
    report.lines = _line_map(data, loader)
    for key, first, line in loader.duplicates:
        report.add(Code.YAML_DUPLICATE_KEY, line=line, key=key, first=first)
    _control_characters(data, report)
    return data


def load_questionnaire_text(text: str | bytes, filename: str = "<upload>") -> LoadResult:
    """Load a questionnaire from text, such as an uploaded file."""
    report = Collector(filename)
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_BYTES:
        report.add(Code.FILE_TOO_BIG, line=None, size=-(-len(raw) // 1024), limit=MAX_BYTES // 1024)
        return LoadResult(None, report.problems)
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add(Code.NOT_UTF8, line=None)
        return LoadResult(None, report.problems)
    data = _parse(decoded, report)
    if data is None and report.problems:
        return LoadResult(None, report.problems, decoded)
    if not isinstance(data, dict):
        actual = "an empty file" if data is None else shape.describe(data)
        report.add(Code.NOT_A_MAPPING, actual=actual)
        return LoadResult(None, report.problems, decoded)
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        shape.report_validation_error(error, data, report)
        return LoadResult(None, report.problems, decoded)
    check_questionnaire(questionnaire, report)
    return LoadResult(None if report.has_errors else questionnaire, report.problems, decoded)


def display_name(path: Path) -> str:
    """Name a file relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_questionnaire(path: str | os.PathLike[str]) -> LoadResult:
    """Load a questionnaire file."""
    path = Path(path)
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        report = Collector(name)
        report.add(Code.CANNOT_READ, line=None, detail=error.strerror or str(error))
        return LoadResult(None, report.problems)
    parsed = _parsed_once(raw, name)
    # Each caller gets its own list of problems: the parsed result is shared.
    return replace(parsed, problems=list(parsed.problems))


# A file is read each time, so a change shows at once, but the same text is parsed once
# per process: every app the process makes (each worker, each test) shares the work.
_parsed_once = lru_cache(maxsize=32)(load_questionnaire_text)
