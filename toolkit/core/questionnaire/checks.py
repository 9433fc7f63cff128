"""Rules that need the whole file, applied once its shape is valid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from toolkit.core.questionnaire.errors import Code, Collector, Loc, did_you_mean, format_path
from toolkit.core.questionnaire.reading_checks import check_categories, check_guidance
from toolkit.core.questionnaire.schema import Item, Questionnaire, Scale, ScaleKind, Section
from toolkit.core.questionnaire.translation import texts as translatable_texts
from toolkit.core.shapes import MOST_OPTIONS

WELSH = "cy"


@dataclass(frozen=True)
class Placed:
    """An item with where it sits: its position in the file and its section."""

    index: int
    loc: Loc
    item: Item
    section: Section
    section_index: int


def placed_items(q: Questionnaire) -> Iterator[Placed]:
    """Yield every item in file order with its location."""
    index = 0
    for si, section in enumerate(q.sections):
        for ii, item in enumerate(section.items):
            yield Placed(index, ("sections", si, "items", ii), item, section, si)
            index += 1


def _duplicate_keys(q: Questionnaire, report: Collector) -> None:
    report.repeated_keys(Code.DUPLICATE_SECTION_KEY, ("sections",), [s.key for s in q.sections])
    dimensions = [d.key for d in q.dimensions]
    report.repeated_keys(Code.DUPLICATE_DIMENSION_KEY, ("dimensions",), dimensions)
    items: dict[str, Loc] = {}
    for placed in placed_items(q):
        key = placed.item.key
        if key in items:
            report.add(
                Code.DUPLICATE_ITEM_KEY,
                (*placed.loc, "key"),
                key=key,
                other=format_path(items[key]),
            )
        items.setdefault(key, placed.loc)


def _scales(q: Questionnaire, report: Collector) -> None:
    for key, scale in q.scales.items():
        loc: Loc = ("scales", key)
        values = [option.value for option in scale.options]
        repeated = [i for i, value in enumerate(values) if value in values[:i]]
        for i in repeated:
            report.add(
                Code.SCALE_DUPLICATE_VALUE,
                (*loc, "options", i, "value"),
                scale=key,
                value=values[i],
            )
        if not repeated and values != sorted(values):
            shown = ", ".join(str(value) for value in values)
            report.add(Code.SCALE_UNORDERED, (*loc, "options"), scale=key, values=shown)
        # Form answers arrive as text, so an excluded "3" would be mistaken for option 3.
        taken = {str(value) for value in values}
        for j, exclusion in enumerate(scale.excluded):
            if exclusion.value in taken:
                clash = (
                    "twice"
                    if exclusion.value not in map(str, values)
                    else "that looks like an option value"
                )
                report.add(
                    Code.EXCLUSION_CLASH,
                    (*loc, "excluded", j, "value"),
                    scale=key,
                    value=exclusion.value,
                    clash=clash,
                )
            taken.add(exclusion.value)
        _colours(key, scale, report)
        undescribed = [i for i, option in enumerate(scale.options) if option.description is None]
        if scale.kind is ScaleKind.LADDER and undescribed:
            report.add(
                Code.LADDER_WITHOUT_DESCRIPTION,
                (*loc, "options", undescribed[0]),
                scale=key,
                count=len(undescribed),
            )


def _colours(key: str, scale: Scale, report: Collector) -> None:
    """Status colours go on every option or none, each option with a shape of its own."""
    coloured = [i for i, option in enumerate(scale.options) if option.colour]
    loc: Loc = ("scales", key, "options")
    if coloured and len(coloured) < len(scale.options):
        bare = next(i for i, option in enumerate(scale.options) if not option.colour)
        report.add(
            Code.SCALE_COLOURS_INCOMPLETE,
            (*loc, bare),
            scale=key,
            count=len(coloured),
            total=len(scale.options),
        )
    elif len(coloured) > MOST_OPTIONS:
        report.add(
            Code.TOO_MANY_COLOURS,
            (*loc, MOST_OPTIONS),
            scale=key,
            count=len(coloured),
            most=MOST_OPTIONS,
        )


def _items(q: Questionnaire, report: Collector) -> None:
    scales = sorted(q.scales)
    dimensions = [d.key for d in q.dimensions]
    for placed in placed_items(q):
        item, loc = placed.item, placed.loc
        if item.is_story:
            for name in ("scale", "reverse", "weight", "left", "right"):
                if name in item.model_fields_set:
                    report.add(
                        Code.SCORING_FIELD_ON_TEXT_ITEM, (*loc, name), item=item.key, field=name
                    )
            continue
        if item.is_choice:
            _choice(placed, report)
        if item.dimension is None:
            if item.is_scored:
                report.add(
                    Code.ITEM_WITHOUT_DIMENSION, loc, item=item.key, allowed=", ".join(dimensions)
                )
        elif item.dimension not in dimensions:
            report.add_not_among(
                Code.UNKNOWN_DIMENSION,
                (*loc, "dimension"),
                item.dimension,
                dimensions,
                item=item.key,
                dimension=item.dimension,
            )
        if item.scale is None:
            report.add(Code.ITEM_WITHOUT_SCALE, loc, item=item.key, allowed=", ".join(scales))
        elif item.scale not in q.scales:
            report.add_not_among(
                Code.UNKNOWN_SCALE,
                (*loc, "scale"),
                item.scale,
                scales,
                item=item.key,
                scale=item.scale,
            )
        else:
            kind = q.scales[item.scale].kind
            _ends(item, loc, kind is ScaleKind.DIFFERENTIAL, report)
            if item.is_scored and kind is ScaleKind.CHOICE:
                report.add(
                    Code.SCORED_ON_A_CHOICE_SCALE, (*loc, "scale"), item=item.key, scale=item.scale
                )


def _choice(placed: Placed, report: Collector) -> None:
    """A choice question is counted, never scored, and asked once of each person."""
    item, loc = placed.item, placed.loc
    for name in ("reverse", "weight"):
        if name in item.model_fields_set:
            report.add(Code.SCORING_FIELD_ON_CHOICE, (*loc, name), item=item.key, field=name)
    if placed.section.about_each_partner:
        report.add(Code.CHOICE_ABOUT_PARTNERS, (*loc, "type"), item=item.key)


def _ends(item: Item, loc: Loc, differential: bool, report: Collector) -> None:
    """Differential items need both ends written out; others must not have them."""
    ends = [name for name in ("left", "right") if getattr(item, name) is not None]
    if differential and len(ends) < 2:
        missing = '" or "'.join(name for name in ("left", "right") if name not in ends)
        report.add(
            Code.DIFFERENTIAL_WITHOUT_ENDS, loc, item=item.key, scale=item.scale, missing=missing
        )
    elif not differential:
        for name in ends:
            report.add(
                Code.ENDS_ON_NON_DIFFERENTIAL,
                (*loc, name),
                item=item.key,
                field=name,
                scale=item.scale,
            )


def _dimensions(q: Questionnaire, report: Collector) -> None:
    # Answers about each partner are scored apart from people's own view, so count them apart.
    own: Counter[str | None] = Counter()
    partner: Counter[str | None] = Counter()
    for p in placed_items(q):
        if p.item.is_scored:
            (partner if p.section.about_each_partner else own)[p.item.dimension] += 1
    # A misspelt dimension on an item empties the real one; report the cause only.
    known = {d.key for d in q.dimensions}
    misspelt = any(key not in known for key in own + partner if key)
    minimum = q.scoring.min_answered
    for di, dimension in enumerate(q.dimensions):
        counts = {"": own[dimension.key], " about each partner": partner[dimension.key]}
        if not any(counts.values()):
            if not misspelt:
                report.add(Code.EMPTY_DIMENSION, ("dimensions", di), dimension=dimension.key)
            continue
        for where, count in counts.items():
            if 0 < count < minimum:
                report.add(
                    Code.MIN_ANSWERED_TOO_HIGH,
                    ("dimensions", di),
                    dimension=dimension.key,
                    count=count,
                    where=where,
                    minimum=minimum,
                )


def _show_if(q: Questionnaire, report: Collector) -> None:
    placed = list(placed_items(q))
    first: dict[str, Placed] = {}
    for p in placed:
        first.setdefault(p.item.key, p)
    for p in placed:
        if p.item.show_if is None:
            continue
        loc: Loc = (*p.loc, "show_if", "item")
        item_key, target_key = p.item.key, p.item.show_if.item
        target = first.get(p.item.show_if.item)
        if target is None:
            report.add(
                Code.SHOW_IF_UNKNOWN_ITEM,
                loc,
                suggestion=did_you_mean(target_key, first),
                item=item_key,
                target=target_key,
            )
        elif target.index == p.index:
            report.add(
                Code.SHOW_IF_NOT_EARLIER,
                loc,
                problem="is the item itself",
                item=item_key,
                target=target_key,
            )
        elif target.index > p.index:
            problem = f"comes later (at {format_path(target.loc)})"
            report.add(
                Code.SHOW_IF_NOT_EARLIER, loc, problem=problem, item=item_key, target=target_key
            )
        elif target.item.is_story:
            report.add(Code.SHOW_IF_TEXT_TARGET, loc, item=item_key, target=target_key)
        elif target.section.about_each_partner and target.section_index != p.section_index:
            report.add(Code.SHOW_IF_INTO_PARTNER_SECTION, loc, item=item_key, target=target_key)
        elif target.item.scale in q.scales:
            scale = q.scales[target.item.scale]
            offered = [str(o.value) for o in scale.options] + [
                f'"{e.value}"' for e in scale.excluded
            ]
            for ai, answer in enumerate(p.item.show_if.any_of):
                if not scale.accepts(answer):
                    shown = f'"{answer}"' if isinstance(answer, str) else answer
                    report.add(
                        Code.SHOW_IF_BAD_ANSWER,
                        (*p.loc, "show_if", "any_of", ai),
                        answer=shown,
                        allowed=", ".join(offered),
                        item=item_key,
                        target=target_key,
                    )


def _welsh(q: Questionnaire, report: Collector) -> None:
    """Warn once about untranslated texts when the file has started on Welsh."""
    texts = list(translatable_texts(q))
    missing = [loc for loc, text in texts if not text.get(WELSH, "").strip()]
    if missing and len(missing) < len(texts):
        report.add(
            Code.MISSING_WELSH,
            missing[0],
            count=len(missing),
            total=len(texts),
            example=format_path(missing[0]),
        )


RULES: list[Callable[[Questionnaire, Collector], None]] = [
    _duplicate_keys,
    _scales,
    _items,
    _dimensions,
    check_categories,
    check_guidance,
    _show_if,
    _welsh,
]


def check_questionnaire(q: Questionnaire, report: Collector) -> None:
    """Apply every whole-file rule, adding problems to the report."""
    for rule in RULES:
        rule(q, report)
