"""Adapting a questionnaire in a form: its words, its statements and their Welsh.

A facilitator never edits YAML. The editor shows a questionnaire as rows of fields;
saving turns the rows back into a file, which the same loader as an upload checks.
Only words, statements and how statements count are edited here: the scales, the
areas' keys and the scoring rules come unchanged from the questionnaire the draft
started from, so answers stay comparable wherever the statements are kept.

Field names are made here and nowhere else, so the form and the reading of it agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from toolkit.core.questionnaire.errors import Code, Problem
from toolkit.core.questionnaire.library import version_key
from toolkit.core.questionnaire.schema import Item, Questionnaire, ScaleKind, Section

ENGLISH, WELSH = "en", "cy"
LONGEST_KEY = 64
# A new statement's key is made from its first words; this many characters is plenty.
KEY_FROM_WORDS = 40
# The words a copy's key ends in, so a copy never takes the name of what it copies.
COPY_SUFFIX = "ours"


@dataclass
class Words:
    """A text in English and, once someone adds it, in Welsh."""

    en: str = ""
    cy: str = ""

    @classmethod
    def of(cls, text: Mapping[str, str] | None) -> Words:
        text = text or {}
        return cls(text.get(ENGLISH, ""), text.get(WELSH, ""))

    def as_text(self) -> str | dict[str, str]:
        """Return the text as a file writes it: plain English, or both languages.

        Empty text stays empty, for the loader to say that English is missing.
        """
        en, cy = self.en.strip(), self.cy.strip()
        if not cy:
            return en
        # Welsh without English is kept, for the loader to say English is missing.
        return {ENGLISH: en, WELSH: cy} if en else {WELSH: cy}


@dataclass
class Statement:
    """One statement of a page; a new one has no key until it is saved."""

    text: Words = field(default_factory=Words)
    key: str = ""
    # "scale" is scored towards an area; "text" asks for a story; "choice" is only counted.
    kind: str = "scale"
    dimension: str = ""
    reverse: bool = False
    weight: str = "1"
    # On a scale from one thing to another, each statement names its two ends.
    differential: bool = False
    left: Words = field(default_factory=Words)
    right: Words = field(default_factory=Words)

    @property
    def is_scored(self) -> bool:
        return self.kind == "scale"


@dataclass
class Page:
    """One section of the questionnaire, with its statements in order."""

    key: str
    title: Words
    intro: Words
    statements: list[Statement]


@dataclass
class Area:
    """One dimension: an axis of the radar, with its label."""

    key: str
    label: Words


@dataclass
class Draft:
    """Everything the editor lets someone change."""

    title: Words
    description: Words
    areas: list[Area]
    pages: list[Page]


# Field names. Statements are numbered per page by the form, gaps allowed, so a row a
# script added or took away needs no renumbering of the others.
def page_field(page: int, part: str) -> str:
    return f"p{page}-{part}"


def statement_field(page: int, row: int | str, part: str) -> str:
    return f"p{page}-s{row}-{part}"


def area_field(area: int, part: str) -> str:
    return f"a{area}-{part}"


def _weight_text(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else str(weight)


def _differential(scale: str | None, base: Questionnaire) -> bool:
    return scale in base.scales and base.scales[scale].kind is ScaleKind.DIFFERENTIAL


def _statement(item: Item, base: Questionnaire) -> Statement:
    return Statement(
        text=Words.of(item.text),
        key=item.key,
        kind=item.type,
        dimension=item.dimension or "",
        reverse=item.reverse,
        weight=_weight_text(item.weight),
        differential=_differential(item.scale, base),
        left=Words.of(item.left),
        right=Words.of(item.right),
    )


def draft_of(questionnaire: Questionnaire) -> Draft:
    """Return a draft holding a questionnaire's words and statements, ready to edit."""
    return Draft(
        title=Words.of(questionnaire.title),
        description=Words.of(questionnaire.description),
        areas=[Area(d.key, Words.of(d.label)) for d in questionnaire.dimensions],
        pages=[
            Page(
                key=section.key,
                title=Words.of(section.title),
                intro=Words.of(section.intro),
                statements=[_statement(item, questionnaire) for item in section.items],
            )
            for section in questionnaire.sections
        ],
    )


def _words(form: Mapping[str, str], name: str) -> Words:
    return Words(form.get(f"{name}-{ENGLISH}", ""), form.get(f"{name}-{WELSH}", ""))


def _rows(form: Mapping[str, str], page: int) -> list[int]:
    """Return the statement numbers the form holds for a page, in order."""
    found = re.compile(rf"^p{page}-s(\d+)-text-{ENGLISH}$")
    return sorted({int(match[1]) for name in form if (match := found.match(name))})


def draft_from_form(form: Mapping[str, str], base: Questionnaire) -> Draft:
    """Read a posted editor form; statements marked for removal are left out.

    The kind of each statement comes from the questionnaire it started from, never
    from the form: a key the base does not know is a new scored statement.
    """
    known = {item.key: item for item in base.items}
    pages = []
    for p, section in enumerate(base.sections):
        statements = []
        for row in _rows(form, p):
            if form.get(statement_field(p, row, "remove")):
                continue
            key = form.get(statement_field(p, row, "key"), "")
            item = known.get(key)
            scale = item.scale if item else _usual_scale(section, base)
            statements.append(
                Statement(
                    text=_words(form, statement_field(p, row, "text")),
                    key=key if item else "",
                    kind=item.type if item else "scale",
                    dimension=form.get(statement_field(p, row, "dimension"), ""),
                    reverse=bool(form.get(statement_field(p, row, "reverse"))),
                    weight=form.get(statement_field(p, row, "weight"), "1").strip(),
                    differential=_differential(scale, base),
                    left=_words(form, statement_field(p, row, "left")),
                    right=_words(form, statement_field(p, row, "right")),
                )
            )
        pages.append(
            Page(
                key=section.key,
                title=_words(form, page_field(p, "title")),
                intro=_words(form, page_field(p, "intro")),
                statements=statements,
            )
        )
    return Draft(
        title=_words(form, "title"),
        description=_words(form, "description"),
        areas=[
            Area(d.key, _words(form, area_field(a, "label"))) for a, d in enumerate(base.dimensions)
        ],
        pages=pages,
    )


def new_statement(draft: Draft, page: int, base: Questionnaire) -> Statement:
    """Return an empty statement for the end of a page, in the area of the one before it."""
    scored = [s for s in draft.pages[page].statements if s.is_scored]
    scale = _usual_scale(base.sections[page], base)
    return Statement(
        dimension=scored[-1].dimension if scored else "",
        differential=_differential(scale, base),
    )


def add_statement(draft: Draft, page: int, base: Questionnaire) -> None:
    """Add an empty statement at the end of a page."""
    draft.pages[page].statements.append(new_statement(draft, page, base))


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:KEY_FROM_WORDS].rstrip("-") or "statement"


def _numbered(stem: str, taken: Iterable[str], ending: str = "") -> str:
    """Return stem and ending, numbered if need be, within the longest key and not taken."""
    taken = set(taken)
    number = 1
    while True:
        suffix = ending + (f"-{number}" if number > 1 else "")
        found = stem[: LONGEST_KEY - len(suffix)].rstrip("-") + suffix
        if found not in taken:
            return found
        number += 1


def copy_key(key: str, taken: Iterable[str]) -> str:
    """Return a key for a copy of ``key`` that no questionnaire in ``taken`` has."""
    return _numbered(key, taken, f"-{COPY_SUFFIX}")


def next_version(current: str, taken: Iterable[str]) -> str:
    """Return the version after the latest of ``current`` and ``taken``: 1 -> 2, 1.0 -> 1.1."""
    taken = set(taken)
    latest = max([current, *taken], key=version_key)
    found = latest
    while found in taken or found == latest:
        numbers = list(re.finditer(r"\d+", found))
        if numbers:
            last = numbers[-1]
            found = found[: last.start()] + str(int(last[0]) + 1) + found[last.end() :]
        else:
            found = f"{found}.1"
    return found


def _weight(text: str) -> float | str:
    """Read a weight; text that is no number is kept, for the loader to explain."""
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _usual_scale(section: Section, base: Questionnaire) -> str | None:
    """Return the scale a new statement on a page uses: the page's, or the most used."""
    scored = [item.scale for item in section.items if item.is_scored]
    scored = scored or [item.scale for item in base.scored_items]
    usual = Counter(scale for scale in scored if scale).most_common(1)
    if usual:
        return usual[0][0]
    kinds = (key for key, scale in base.scales.items() if scale.kind is not ScaleKind.CHOICE)
    return next(kinds, None)


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    """Set a field, or leave it out when empty so the loader reports what is missing."""
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value


def _item_data(
    statement: Statement, was: dict[str, Any] | None, key: str, scale: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = dict(was) if was else {"key": key, "scale": scale}
    _put(data, "text", statement.text.as_text())
    if statement.is_scored:
        _put(data, "dimension", statement.dimension or None)
        _put(data, "reverse", True if statement.reverse else None)
        weight = _weight(statement.weight) if statement.weight else 1
        _put(data, "weight", None if weight == 1 else weight)
    if statement.differential:
        _put(data, "left", statement.left.as_text() or None)
        _put(data, "right", statement.right.as_text() or None)
    return data


def questionnaire_data(draft: Draft, base: Questionnaire, key: str, version: str) -> dict[str, Any]:
    """Return the file's fields: the base questionnaire with the draft's words and statements."""
    data: dict[str, Any] = base.model_dump(mode="json", exclude_unset=True)
    data["id"], data["version"] = key, version
    _put(data, "title", draft.title.as_text())
    _put(data, "description", draft.description.as_text())
    for area, dimension in zip(draft.areas, data["dimensions"], strict=True):
        _put(dimension, "label", area.label.as_text())
    was = {item["key"]: item for section in data["sections"] for item in section.get("items", [])}
    taken = set(was)
    for p, (page, section) in enumerate(zip(draft.pages, data["sections"], strict=True)):
        _put(section, "title", page.title.as_text())
        _put(section, "intro", page.intro.as_text() or None)
        scale = _usual_scale(base.sections[p], base)
        items = []
        for statement in page.statements:
            key_ = statement.key or _numbered(f"{page.key}-{_slug(statement.text.en)}", taken)
            taken.add(key_)
            items.append(_item_data(statement, was.get(statement.key), key_, scale))
        section["items"] = items
    return data


def as_yaml(data: dict[str, Any]) -> str:
    """Write a questionnaire's fields as the text of a file."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def same_questions(first: Questionnaire, second: Questionnaire) -> bool:
    """Say whether two questionnaires differ in nothing but their key and version."""

    def words(q: Questionnaire) -> dict[str, Any]:
        return q.model_dump(mode="json", exclude={"id", "version"})

    return words(first) == words(second)


# Where in the form a problem at a place in the file is shown.
_TOP = re.compile(r"^(title|description)(?:\.(en|cy))?$")
_AREA = re.compile(r"^dimensions\[(\d+)\](?:\.(label))?(?:\.(en|cy))?")
_PAGE = re.compile(r"^sections\[(\d+)\](?:\.(title|intro|items))?(?:\.(en|cy))?$")
_ITEM = re.compile(r"^sections\[(\d+)\]\.items\[(\d+)\](?:\.(\w+))?(?:\.(en|cy))?")
ITEM_FIELDS = {"dimension": "dimension", "reverse": "reverse", "weight": "weight"}
ITEM_TEXTS = ("left", "right")
# Problems about a whole statement that one of its fields can put right.
ITEM_PROBLEMS = {Code.DIFFERENTIAL_WITHOUT_ENDS: "left", Code.ITEM_WITHOUT_DIMENSION: "dimension"}


def field_for(problem: Problem) -> str | None:
    """Return the name of the form field a problem is about, or None for the whole form."""
    path = problem.path
    welsh = problem.code is Code.MISSING_WELSH or path.endswith(f".{WELSH}")
    language = WELSH if welsh else ENGLISH
    if match := _TOP.match(path):
        return f"{match[1]}-{language}"
    if match := _AREA.match(path):
        return area_field(int(match[1]), f"label-{language}")
    if match := _ITEM.match(path):
        part = ITEM_PROBLEMS.get(problem.code) or match[3] or ""
        part = ITEM_FIELDS.get(part) or f"{part if part in ITEM_TEXTS else 'text'}-{language}"
        return statement_field(int(match[1]), int(match[2]), part)
    if match := _PAGE.match(path):
        # A page with no statements left is put right by adding one.
        part = "add" if match[2] == "items" else f"{match[2] or 'title'}-{language}"
        return page_field(int(match[1]), part)
    return None


def explain(problem: Problem) -> str:
    """Say what is wrong and how to put it right, in one sentence or two."""
    message = problem.message[:1].upper() + problem.message[1:]
    return f"{message}. {problem.hint}"


def problems_by_field(
    problems: Iterable[Problem], say: Callable[[Problem], str] = explain
) -> dict[str | None, list[str]]:
    """Group the errors by the field they concern; None gathers those about the whole form.

    ``say`` puts a problem in words; the web editor words those it knows for a form.
    """
    grouped: dict[str | None, list[str]] = {}
    for problem in problems:
        if problem.is_error:
            grouped.setdefault(field_for(problem), []).append(say(problem))
    return grouped
