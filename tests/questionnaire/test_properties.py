"""Generated questionnaires: any valid one loads cleanly, and its hash ignores layout."""

from __future__ import annotations

import random
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.questionnaire import ScaleKind, load_questionnaire_text

keys = st.from_regex(r"\A[a-z][a-z0-9-]{0,12}\Z")
# No newlines, so a comment can go between any two lines of the YAML.
words = st.text(
    st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\n\r\x85\u2028\u2029"),
    min_size=1,
    max_size=40,
).filter(str.strip)
texts = st.one_of(words, st.builds(lambda en, cy: {"en": en, "cy": cy}, words, words))


@st.composite
def scales(draw: st.DrawFn) -> dict[str, Any]:
    values = sorted(draw(st.sets(st.integers(-5, 10), min_size=2, max_size=6)))
    scale: dict[str, Any] = {
        # Scored items: a choice scale's answers have no better or worse to score.
        "kind": draw(st.sampled_from([k for k in ScaleKind if k is not ScaleKind.CHOICE])).value,
        # Every option is described, so ladders raise no warning.
        "options": [{"value": v, "label": draw(words), "description": draw(words)} for v in values],
    }
    if draw(st.booleans()):
        scale["excluded"] = [{"value": "dont-know", "label": draw(words)}]
    return scale


@st.composite
def questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    dimension_keys = draw(st.lists(keys, min_size=1, max_size=3, unique=True))
    scale_map = draw(st.dictionaries(keys, scales(), min_size=1, max_size=3))
    minimum = draw(st.integers(1, 2))
    item_keys = iter(draw(st.lists(keys, min_size=12, max_size=12, unique=True)))
    items: list[dict[str, Any]] = []
    for dimension in dimension_keys:
        for _ in range(draw(st.integers(minimum, minimum + 1))):
            scale_key = draw(st.sampled_from(sorted(scale_map)))
            item: dict[str, Any] = {
                "key": next(item_keys),
                "dimension": dimension,
                "scale": scale_key,
                "text": draw(texts),
                "reverse": draw(st.booleans()),
                "weight": draw(st.floats(0.5, 10)),
            }
            if scale_map[scale_key]["kind"] == "differential":
                item |= {"left": draw(words), "right": draw(words)}
            if items and draw(st.booleans()):
                target = draw(st.sampled_from(items))
                offered = [o["value"] for o in scale_map[target["scale"]]["options"]]
                answers = sorted(draw(st.sets(st.sampled_from(offered), min_size=1)))
                item["show_if"] = {"item": target["key"], "any_of": answers}
            items.append(item)
    if draw(st.booleans()):
        items.append({"key": next(item_keys), "type": "text", "text": draw(texts)})
    split = draw(st.integers(1, len(items)))
    return {
        "id": draw(keys),
        "version": draw(st.from_regex(r"\A[0-9]{1,2}(\.[0-9]{1,2}){0,2}\Z")),
        "title": draw(words),
        "description": draw(words),
        "use": draw(
            st.lists(
                st.sampled_from(["organisation", "team", "partnership"]), min_size=1, unique=True
            )
        ),
        "minutes": draw(st.integers(1, 120)),
        "source": draw(words),
        "licence": "CC BY 4.0",
        "scoring": {"min_answered": minimum},
        "scales": scale_map,
        "dimensions": [{"key": key, "label": draw(words)} for key in dimension_keys],
        "sections": [
            {"key": "first", "title": draw(words), "items": items[:split]},
            *(
                [{"key": "second", "title": draw(words), "items": items[split:]}]
                if items[split:]
                else []
            ),
        ],
    }


def dump(data: dict[str, Any], **options: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, width=float("inf"), **options)


def shuffled(value: Any, rng: random.Random) -> Any:
    """Reorder every mapping's keys, leaving lists in order."""
    if isinstance(value, dict):
        pairs = list(value.items())
        rng.shuffle(pairs)
        return {key: shuffled(child, rng) for key, child in pairs}
    if isinstance(value, list):
        return [shuffled(child, rng) for child in value]
    return value


def with_comments(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(line + ("# a note\n" if rng.random() < 0.3 else "") for line in lines)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(questionnaires())
def test_a_valid_questionnaire_always_loads_without_problems(data: dict[str, Any]) -> None:
    result = load_questionnaire_text(dump(data))
    welsh = [p for p in result.problems if p.code.name == "MISSING_WELSH"]
    assert [p for p in result.problems if p not in welsh] == []
    assert result.ok


@FAST
@given(questionnaires(), st.randoms(use_true_random=False))
def test_the_content_hash_ignores_key_order_comments_and_layout(
    data: dict[str, Any], rng: random.Random
) -> None:
    plain = load_questionnaire_text(dump(data)).questionnaire
    text = with_comments(dump(shuffled(data, rng), sort_keys=False, indent=4), rng)
    relaid = load_questionnaire_text(text).questionnaire
    assert plain is not None and relaid is not None
    assert plain.content_hash == relaid.content_hash


@FAST
@given(questionnaires(), words)
def test_the_content_hash_changes_when_the_wording_does(data: dict[str, Any], title: str) -> None:
    before = load_questionnaire_text(dump(data)).questionnaire
    after = load_questionnaire_text(dump({**data, "title": data["title"] + title})).questionnaire
    assert before is not None and after is not None
    assert before.content_hash != after.content_hash
