"""The catalogue of problems a questionnaire file can have.

Every problem the loader, the checks and the library report has a code here
with a message template and a fix hint, so tests can assert on codes and the
wording lives in one place (modelled on pyxform's ``ErrorCode``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum

Loc = tuple[str | int, ...]

FORMAT_DOC = "docs/questionnaire-format.md"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


E, W = Severity.ERROR, Severity.WARNING


class Code(Enum):
    """A kind of problem: message template, fix hint template and severity."""

    # Reading the file.
    CANNOT_READ = ("cannot read the file: {detail}", "Check the path and permissions.", E)
    FILE_TOO_BIG = (
        "the file is {size} KB; the limit is {limit} KB",
        "A questionnaire should fit well within the limit; check you picked the right file.",
        E,
    )
    NOT_UTF8 = (
        "the file is not UTF-8 text",
        "Save the file as UTF-8 text (not a Word document).",
        E,
    )
    YAML_SYNTAX = (
        "this is not valid YAML (column {column}): {detail}",
        "Check the indentation, colons and quotes on this line and the one before.",
        E,
    )
    YAML_DUPLICATE_KEY = (
        '"{key}" appears twice in the same block (first on line {first})',
        "Remove or rename one of them: YAML would silently keep only the last.",
        E,
    )
    CONTROL_CHARACTER = (
        "the text holds an invisible control character ({character}){where}",
        "Delete it, or the escape that makes it in quotes (such as \\0 or \\a); "
        "text may hold line breaks and tabs, but no other control characters.",
        E,
    )
    YAML_TOO_DEEP = (
        "lists and blocks are nested more than {limit} deep",
        "A questionnaire needs only a few levels; check for brackets [ or {{ never closed.",
        E,
    )
    YAML_NUMBER_TOO_LONG = (
        "a number here has {digits} digits; a number may have at most {limit}",
        "Use a small whole number, such as the values 1 to 5 of a scale.",
        E,
    )
    YAML_ALIAS = (
        "anchors and aliases (&name, *name) are not supported",
        "Write the text out in full where it is needed.",
        E,
    )
    UNQUOTED_COMMA = (
        'inside {{ }} a comma ends the text, so "{fragment}" was read as a field of its own',
        "{fix}",
        E,
    )
    NOT_A_MAPPING = (
        "the file should be a set of fields (id, version, title, ...), not {actual}",
        f"Start from docs/examples/example.yaml; see {FORMAT_DOC}.",
        E,
    )
    # The shape of the file, from the pydantic models.
    MISSING_FIELD = (
        'missing field "{field}"{where}',
        'Add a line "{field}: ..."; see ' + FORMAT_DOC + ".",
        E,
    )
    UNKNOWN_FIELD = (
        'unknown field "{field}"{where}{suggestion}',
        "Fields allowed here: {allowed}.",
        E,
    )
    WRONG_TYPE = ('"{field}" should be {expected}, not {actual}{where}', "{advice}", E)
    BAD_KEY = (
        '"{value}" is not a valid key{where}: use lowercase letters, digits and hyphens',
        'Try "{fixed}".',
        E,
    )
    BAD_VERSION = (
        '"{value}" is not a valid version: use letters, digits, dots, hyphens and plus signs',
        'Try "{fixed}", in quotes.',
        E,
    )
    BAD_CHOICE = (
        '"{value}" is not allowed for "{field}"{where}{suggestion}',
        "Use one of: {allowed}.",
        E,
    )
    TOO_FEW = ('"{field}" needs at least {minimum} {entries}{where}', "Add the missing entries.", E)
    TOO_LONG = ('"{field}" is too long{where} (at most {maximum})', "Shorten it.", E)
    OUT_OF_RANGE = (
        '"{field}" is {value}{where}; it must be {limit}',
        "Change the number to one in that range.",
        E,
    )
    MISSING_ENGLISH = (
        '"{field}" has no English text{where}',
        'Add "en: ..." beside the other languages: English is shown when a translation is missing.',
        E,
    )
    UNKNOWN_LANGUAGE = (
        'unknown language "{language}" in "{field}"{where}{suggestion}',
        "Use one of: {allowed}.",
        E,
    )
    BAD_COLOUR = (
        '"colour" is {value}{where}: a colour is "#" and six hex digits',
        'Write it in quotes, e.g. colour: "#d4351c" (red), "#f47738" (amber) or '
        '"#00703c" (green); without quotes YAML reads "#" as the start of a comment.',
        E,
    )
    INVALID_VALUE = ('"{field}" is not valid{where}: {detail}', f"See {FORMAT_DOC}.", E)
    # Rules about the whole file.
    DUPLICATE_SECTION_KEY = (
        'section key "{key}" is used twice (also sections[{other}])',
        "Give each section its own key.",
        E,
    )
    DUPLICATE_DIMENSION_KEY = (
        'dimension key "{key}" is used twice (also dimensions[{other}])',
        "Give each dimension its own key.",
        E,
    )
    DUPLICATE_ITEM_KEY = (
        'item key "{key}" is used twice (also at {other})',
        "Give each item its own key; answers are stored against it.",
        E,
    )
    UNKNOWN_SCALE = (
        'unknown scale "{scale}" in item "{item}"{suggestion}',
        "Use one of the scales defined under scales: {allowed}.",
        E,
    )
    UNKNOWN_DIMENSION = (
        'unknown dimension "{dimension}" in item "{item}"{suggestion}',
        "Use one of the dimensions defined under dimensions: {allowed}.",
        E,
    )
    EMPTY_DIMENSION = (
        'dimension "{dimension}" has no scored items',
        'Point at least one scored item at it with "dimension: {dimension}", or remove it.',
        E,
    )
    ITEM_WITHOUT_SCALE = (
        'item "{item}" has no scale',
        'Add "scale: ..." naming one of: {allowed}; or make it "type: text".',
        E,
    )
    ITEM_WITHOUT_DIMENSION = (
        'scored item "{item}" has no dimension',
        'Add "dimension: ..." naming one of: {allowed}; or make it "type: choice" to count '
        'its answers without a score, or "type: text".',
        E,
    )
    SCORING_FIELD_ON_TEXT_ITEM = (
        'text item "{item}" has "{field}", which only scored items use',
        'Remove "{field}", or make the item "type: scale".',
        E,
    )
    SCORING_FIELD_ON_CHOICE = (
        'choice question "{item}" has "{field}", which only scored items use',
        'Remove "{field}": answers to a choice question are counted, not scored; '
        'or make the item "type: scale" to score it.',
        E,
    )
    SCORED_ON_A_CHOICE_SCALE = (
        'scored item "{item}" uses scale "{scale}", whose answers have no better or worse',
        'Make the item "type: choice" to count its answers without a score, '
        "or give it a scale of another kind.",
        E,
    )
    CHOICE_ABOUT_PARTNERS = (
        'choice question "{item}" is in a section asked about each partner',
        "Move it to a section asked once: a choice question is counted once per person.",
        E,
    )
    SHOW_IF_UNKNOWN_ITEM = (
        'show_if in item "{item}" points at "{target}", which is not an item{suggestion}',
        "Name the key of an earlier item.",
        E,
    )
    SHOW_IF_NOT_EARLIER = (
        'show_if in item "{item}" points at "{target}", which {problem}',
        "An item can only depend on an answer given before it; move it or pick an earlier item.",
        E,
    )
    SHOW_IF_TEXT_TARGET = (
        'show_if in item "{item}" points at text item "{target}", which has no answers to match',
        "Point it at a scored item.",
        E,
    )
    SHOW_IF_BAD_ANSWER = (
        'show_if in item "{item}" waits for answer {answer}, '
        'which the scale of "{target}" does not offer',
        "Use one of: {allowed}.",
        E,
    )
    SHOW_IF_INTO_PARTNER_SECTION = (
        'show_if in item "{item}" points at "{target}", which is asked once per partner',
        "Only items in the same per-partner section can depend on it.",
        E,
    )
    SCALE_DUPLICATE_VALUE = (
        'scale "{scale}" has two options with value {value}',
        "Give every option its own value.",
        E,
    )
    SCALE_UNORDERED = (
        'scale "{scale}" lists its options out of order ({values})',
        "List the options from the lowest value to the highest.",
        E,
    )
    EXCLUSION_CLASH = (
        'scale "{scale}" has excluded answer "{value}" {clash}',
        "Give each excluded answer a key of its own, such as dont-know or not-applicable.",
        E,
    )
    SCALE_COLOURS_INCOMPLETE = (
        'scale "{scale}" gives a colour to {count} of its {total} options',
        'Add "colour: ..." to every option of the scale, or remove them all.',
        E,
    )
    TOO_MANY_COLOURS = (
        'scale "{scale}" has colours on {count} options; a scale with colours may have at most '
        "{most}",
        "Each coloured option is also shown with a shape of its own, and there are {most}; "
        "use fewer options, or no colours.",
        E,
    )
    DUPLICATE_CATEGORY_KEY = (
        'category key "{key}" is used twice (also categories[{other}])',
        "Give each category its own key.",
        E,
    )
    UNKNOWN_CATEGORY = (
        'unknown category "{category}" in dimension "{dimension}"{suggestion}',
        "{fix}",
        E,
    )
    EMPTY_CATEGORY = (
        'category "{category}" has no dimensions',
        'Add "category: {category}" to the dimensions that belong under it, or remove it.',
        E,
    )
    DIMENSION_WITHOUT_CATEGORY = (
        'dimension "{dimension}" has no category, but the file groups its dimensions '
        "into categories",
        'Add "category: ..." naming one of: {allowed}. Either every dimension sits under a '
        "category or none does, so that no dimension drops out of the picture.",
        E,
    )
    DUPLICATE_BAND_KEY = (
        'guidance band key "{key}" is used twice (also guidance.bands[{other}])',
        "Give each band its own key; the API names a band by it.",
        E,
    )
    BAND_ENDS_REVERSED = (
        'guidance band "{band}" runs from {lowest} down to {highest}',
        'Put the lower number in "from" and the higher one in "to".',
        E,
    )
    BANDS_OVERLAP = (
        'guidance bands "{band}" and "{other}" overlap: a score of {value} is in both',
        'Start each band above where the one below it ends, e.g. "to: 3.9" then '
        '"from: 4.0". A score is matched as it is shown: to one decimal place in the '
        "instrument's own units, or as a whole number out of 100.",
        E,
    )
    BAND_OUTSIDE_SCORES = (
        'guidance band "{band}" runs from {lowest} to {highest}, outside the scores from '
        "{low} to {high}",
        "{fix}",
        E,
    )
    GUIDANCE_WITHOUT_OWN_UNITS = (
        'dimension "{dimension}" mixes statements on several scales, so it has no score in '
        "the instrument's own units and no guidance band is shown beside it",
        "Put its statements on one scale if the guidance should apply to it too.",
        W,
    )
    LADDER_WITHOUT_DESCRIPTION = (
        'ladder scale "{scale}" has {count} options without a description',
        "Describe what each rung looks like, so people place themselves the same way.",
        W,
    )
    DIFFERENTIAL_WITHOUT_ENDS = (
        'item "{item}" uses differential scale "{scale}" but has no "{missing}"',
        'Add "left: ..." (the "from" end) and "right: ..." (the "to" end).',
        E,
    )
    ENDS_ON_NON_DIFFERENTIAL = (
        'item "{item}" has "{field}" but its scale "{scale}" is not a differential scale',
        'Remove "{field}", or use a scale with "kind: differential".',
        E,
    )
    MIN_ANSWERED_TOO_HIGH = (
        'dimension "{dimension}" has {count} scored items{where} '
        "but scoring.min_answered is {minimum}",
        "Lower scoring.min_answered or add items, or the dimension can never get a score.",
        E,
    )
    MISSING_WELSH = (
        "{count} of {total} texts have no Welsh (cy) translation, e.g. {example}",
        "They will be shown in English; add cy: ... to translate them.",
        W,
    )
    # The library of questionnaire files.
    DUPLICATE_VERSION = (
        'questionnaire "{id}" version {version} is also in {other} with different content',
        "Change the version in one of them (e.g. 1.1) or remove the copy.",
        E,
    )
    SAME_FILE_TWICE = (
        'questionnaire "{id}" version {version} is also in {other}, with the same content',
        "Remove one copy.",
        W,
    )
    NO_QUESTIONNAIRES = ("no questionnaire files (*.yaml, *.yml) here", "Check the folder.", W)

    def __init__(self, template: str, hint: str, severity: Severity) -> None:
        self.template = template
        self.hint = hint
        self.severity = severity


@dataclass(frozen=True)
class Problem:
    """One catalogued problem, located in a file."""

    file: str
    line: int | None
    path: str
    code: Code
    message: str
    hint: str
    severity: Severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where, self.path, "warning" if not self.is_error else "", self.message]
        return ": ".join(part for part in parts if part)


class QuestionnaireError(Exception):
    """Raised when questionnaire files have errors; carries every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{len(errors)} error(s) in questionnaire files:\n{lines}")


def format_path(loc: Loc) -> str:
    """Write a location as sections[1].items[0].dimension."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """Suggest the closest choice, as '; did you mean "x"?', or nothing."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


@dataclass
class Collector:
    """Gather problems for one file, placing each on the line it came from."""

    file: str
    lines: Mapping[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: Code, loc: Loc = (), line: int | None = None, **params: object) -> None:
        """Record a problem at loc, on the line given or the line loc came from."""
        if line is None:
            line = self.line_of(loc)
        self.problems.append(
            Problem(
                file=self.file,
                line=line,
                path=format_path(loc),
                code=code,
                message=code.template.format(**params),
                hint=code.hint.format(**params),
                severity=code.severity,
            )
        )

    def add_not_among(
        self, code: Code, loc: Loc, given: object, choices: Sequence[str], **params: object
    ) -> None:
        """Record a value that is none of the choices, suggesting the closest and listing all."""
        self.add(
            code,
            loc,
            None,  # on the line loc came from
            suggestion=did_you_mean(given, choices),
            allowed=", ".join(choices),
            **params,
        )

    def line_of(self, loc: Loc) -> int | None:
        """Find the line of loc, or of its nearest enclosing part we know."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def repeated_keys(self, code: Code, where: Loc, keys: list[str]) -> None:
        """Report each key used again in a list, naming where it was first."""
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            if key in first:
                self.add(code, (*where, index, "key"), key=key, other=first[key])
            first.setdefault(key, index)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
