"""Turn pydantic validation errors into catalogued problems in plain words."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from toolkit.core.questionnaire.errors import FORMAT_DOC, Code, Collector, Loc
from toolkit.core.questionnaire.schema import LANGUAGES, Questionnaire

# What each pydantic error type expected, in words a charity worker would use.
EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "text or a set of fields",
    "model_type": "a set of fields",
    "model_attributes_type": "a set of fields",
}
RANGE = {
    "greater_than": ("gt", "more than {}"),
    "greater_than_equal": ("ge", "at least {}"),
    "less_than": ("lt", "less than {}"),
    "less_than_equal": ("le", "at most {}"),
}
# The same limits as they sit on a field, lowest first: "more than 0 and at most 10".
BOUNDS = (
    (annotated_types.Gt, "gt", "more than {}"),
    (annotated_types.Ge, "ge", "at least {}"),
    (annotated_types.Lt, "lt", "less than {}"),
    (annotated_types.Le, "le", "at most {}"),
)
# Names for the things a list holds, to say "in item "x"" rather than "in sections[0].items[2]".
KINDS = {
    "sections": "section",
    "items": "item",
    "dimensions": "dimension",
    "options": "option",
    "excluded": "excluded answer",
}


def describe(value: Any) -> str:
    """Describe a YAML value briefly."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _walk(data: Any, loc: Loc) -> tuple[Loc, list[tuple[str, Any, int]]]:
    """Follow loc into data as far as it goes, naming what we pass through and how deep."""
    found: Loc = ()
    trail: list[tuple[str, Any, int]] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            if found == ("scales",):
                trail.append(("scale", part, len(found) + 1))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kind = KINDS.get(str(found[-1]) if found else "")
            if kind:
                key = node[part].get("key") if isinstance(node[part], dict) else None
                name = key if isinstance(key, str) else f"{found[-1]}[{part}]"
                trail.append((kind, name, len(found) + 1))
        else:
            break
        found = (*found, part)
        node = node[part]
    return found, trail


def _where(trail: list[tuple[str, Any, int]], depth: int) -> str:
    """Say which named part a problem is in, e.g. ' in item "trust-3"'."""
    # A problem with a whole item is "in" whatever holds the item, not in itself.
    enclosing = [(kind, name) for kind, name, at in trail if at < depth]
    if not enclosing:
        return ""
    kind, name = enclosing[-1]
    return f' in {kind} "{name}"'


def _field_name(loc: Loc) -> str:
    if not loc:
        return "the file"
    last = loc[-1]
    if isinstance(last, int):
        return f"{_field_name(loc[:-1])}[{last}]"
    return str(last)


def _inner_model(annotation: Any) -> tuple[type[BaseModel] | None, int]:
    """Find the model inside a field type, and how many list/dict layers wrap it."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, 0
    origin = get_origin(annotation)
    if origin in (list, dict):
        model, depth = _inner_model(get_args(annotation)[-1])
        return model, depth + 1
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            model, depth = _inner_model(arg)
            if model is not None:
                return model, depth
    return None, 0


def _fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Name a model's fields as the file writes them: "from", not the Python name under it."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """Find which model describes the mapping at loc."""
    model: type[BaseModel] | None = Questionnaire
    parts = list(loc)
    while parts and model is not None:
        field = _fields(model).get(str(parts.pop(0)))
        if field is None:
            return None
        model, depth = _inner_model(field.annotation)
        del parts[:depth]
    return model


def _allowed_range(loc: Loc) -> str:
    """Say every limit on the number at loc, e.g. "more than 0 and at most 10"."""
    model = _model_at(loc[:-1])
    field = _fields(model).get(str(loc[-1])) if model and loc else None
    if field is None:
        return ""
    limits = [
        words.format(describe(getattr(rule, bound)))
        for kind, bound, words in BOUNDS
        for rule in field.metadata
        if isinstance(rule, kind)
    ]
    return " and ".join(limits)


def _suggest_key(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-key"


def _suggest_version(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z.+-]+", "-", value).strip("-.+") or "1.0"


def _grouped(errors: list[ErrorDetails], data: Any) -> Iterator[tuple[Loc, list[ErrorDetails]]]:
    """Group errors by the place in the data they are about.

    A union such as ``int | str`` fails once per branch; one problem is enough.
    """
    groups: dict[Loc, list[ErrorDetails]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        found, _ = _walk(data, loc)
        if error["type"] == "missing":
            found = (*found, loc[len(found)])
        elif loc[len(found) : len(found) + 1] == ("[key]",):
            found = (*found, "[key]")
        groups.setdefault(found, []).append(error)
    yield from groups.items()


def report_validation_error(error: ValidationError, data: Any, report: Collector) -> None:
    """Add one catalogued problem per place the data does not fit the models."""
    for loc, errors in _grouped(error.errors(), data):
        _report_one(loc, errors, data, report)


def _report_one(loc: Loc, errors: list[ErrorDetails], data: Any, report: Collector) -> None:
    first = errors[0]
    kind = first["type"]
    is_key = loc[-1:] == ("[key]",)
    loc = loc[:-1] if is_key else loc
    _, trail = _walk(data, loc)
    where = _where(trail, len(loc) + (0 if is_key else 1))
    name = _field_name(loc)
    value = first.get("input")
    ctx = first.get("ctx", {})
    if kind == "missing":
        report.add(Code.MISSING_FIELD, loc, field=name, where=where)
    elif kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = sorted(_fields(model)) if model else []
        report.add_not_among(Code.UNKNOWN_FIELD, loc, name, allowed, field=name, where=where)
    elif kind == "missing_english":
        report.add(Code.MISSING_ENGLISH, loc, field=name, where=where)
    elif kind == "unknown_language":
        language = ctx.get("language", "")
        report.add_not_among(
            Code.UNKNOWN_LANGUAGE,
            loc,
            language,
            LANGUAGES,
            language=language,
            field=name,
            where=where,
        )
    elif kind == "string_pattern_mismatch":
        report.add(Code.BAD_KEY, loc, value=value, where=where, fixed=_suggest_key(value))
    elif kind == "bad_version":
        shown = str(value).encode("unicode_escape").decode("ascii")
        report.add(Code.BAD_VERSION, loc, value=shown, fixed=_suggest_version(str(value)))
    elif kind == "bad_colour":
        report.add(Code.BAD_COLOUR, loc, value=describe(value), where=where)
    elif kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        report.add_not_among(
            Code.BAD_CHOICE, loc, value, choices, value=value, field=name, where=where
        )
    elif kind in ("too_short", "string_too_short"):
        minimum = ctx.get("min_length", 1)
        entries = (
            ("entry" if minimum == 1 else "entries") if kind == "too_short" else "character(s)"
        )
        report.add(Code.TOO_FEW, loc, field=name, minimum=minimum, entries=entries, where=where)
    elif kind in ("too_long", "string_too_long"):
        report.add(Code.TOO_LONG, loc, field=name, where=where, maximum=ctx.get("max_length"))
    elif kind in RANGE:
        bound, words = RANGE[kind]
        limit = _allowed_range(loc) or words.format(describe(ctx.get(bound)))
        report.add(Code.OUT_OF_RANGE, loc, field=name, value=value, where=where, limit=limit)
    elif all(e["type"] in EXPECTED for e in errors):
        expected = " or ".join(dict.fromkeys(EXPECTED[e["type"]] for e in errors))
        # YAML reads 1.0, yes and 2024-01-01 as numbers, booleans and dates.
        if value is None:
            advice = "Write something after the colon, or remove the line."
        elif "text" in expected and not isinstance(value, dict | list):
            advice = f'Put the value in quotes, e.g. {name}: "{value}".'
        else:
            advice = f"See {FORMAT_DOC} for what it holds."
        actual = describe(value)
        report.add(
            Code.WRONG_TYPE,
            loc,
            field=name,
            expected=expected,
            actual=actual,
            where=where,
            advice=advice,
        )
    else:
        report.add(Code.INVALID_VALUE, loc, field=name, where=where, detail=first["msg"])
