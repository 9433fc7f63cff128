"""Time the scoring engine alone: a group's profile worked out from answers in memory.

20 rounds x 200 responses x 40 items, 8 dimensions, four perspectives, no database:
what ``build_profile`` costs when a round's results are worked out from its answers
(the first view after a round closes, or a release). Prints the median of several
runs and, as a baseline measured in the same run, the time to merely read every
answer once, so the ratio says what the scoring adds to touching the data.

    python bench/scoring_engine.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import yaml

from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import ResponseData, RoundData, build_profile

ROUNDS, PEOPLE, ITEMS, DIMENSIONS = 20, 200, 40, 8
PERSPECTIVES = ("staff", "board", "residents", "funder")


def questionnaire() -> Questionnaire:
    return Questionnaire.model_validate(
        yaml.safe_load(
            f"""
id: bench
version: "1"
title: Bench
description: For timing.
use: [team]
minutes: 5
source: bench
licence: CC-BY-4.0
scales:
  agree:
    kind: agreement
    options: [{{value: 1}}, {{value: 2}}, {{value: 3}}, {{value: 4}}, {{value: 5}}]
    excluded: [{{value: dont-know, label: "Don't know"}}]
dimensions: {[{"key": f"d{d}", "label": f"D{d}"} for d in range(DIMENSIONS)]}
sections:
  - key: s
    title: S
    items: {
                [
                    {
                        "key": f"i{i}",
                        "dimension": f"d{i % DIMENSIONS}",
                        "text": f"Item {i}",
                        "scale": "agree",
                    }
                    for i in range(ITEMS)
                ]
            }
"""
        )
    )


def rounds(shape: Questionnaire, seed: int = 1) -> list[RoundData]:
    rng = random.Random(seed)
    answers = (1, 2, 3, 4, 5, "dont-know")
    return [
        RoundData(
            key=str(r),
            label=f"Round {r}",
            questionnaire=shape,
            responses=[
                ResponseData(
                    rng.choice(PERSPECTIVES),
                    {f"i{i}": rng.choice(answers) for i in range(ITEMS) if rng.random() < 0.95},
                    key=f"{r}-{p}",
                )
                for p in range(PEOPLE)
            ],
        )
        for r in range(ROUNDS)
    ]


def median_seconds(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    data = rounds(questionnaire())

    def read_every_answer() -> None:
        for round_ in data:
            for response in round_.responses:
                list(response.answers.values())

    baseline = median_seconds(read_every_answer, repeat)
    profile = median_seconds(lambda: build_profile(data), repeat)
    answers = sum(len(r.answers) for round_ in data for r in round_.responses)
    print(f"{ROUNDS} rounds x {PEOPLE} people x {ITEMS} items ({answers:,} answers)")
    print(f"read every answer once (baseline): {baseline * 1000:7.1f} ms")
    print(
        f"build_profile:                     {profile * 1000:7.1f} ms  ({profile / baseline:.0f}x)"
    )


if __name__ == "__main__":
    main()
