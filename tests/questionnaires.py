"""Small questionnaires written inline for tests, shared so each is written once."""

# Five-point agreement: 1..5 sit at 0, 25, 50, 75 and 100.
CHECK = """
id: check
version: "1"
title: A short check
description: Four questions about trust and power.
use: [team, partnership]
minutes: 5
source: Written for the tests
licence: CC-BY-4.0
scoring: {min_answered: 1}
scales:
  agree:
    kind: agreement
    options: [{value: 1}, {value: 2}, {value: 3}, {value: 4}, {value: 5}]
    excluded: [{value: dont-know, label: "Don't know"}, {value: not-applicable, label: N/A}]
dimensions:
  - {key: trust, label: Trust}
  - {key: power, label: Power}
sections:
  - key: us
    title: Us
    items:
      - {key: trusted, dimension: trust, text: We trust each other, scale: agree}
      - {key: hidden, dimension: trust, text: People hide things, scale: agree, reverse: true}
      - {key: shared, dimension: power, text: Decisions are shared, scale: agree, weight: 2}
      - {key: say-no, dimension: power, text: We can say no, scale: agree}
      - {key: story, type: text, text: Tell us a story}
  - key: partners
    title: Each partner
    about_each_partner: true
    items:
      - {key: keeps-word, dimension: trust, text: They keep their word, scale: agree}
      - {key: listens, dimension: power, text: They listen, scale: agree}
"""

# Three-point statements and two about each partner: small enough to solve exactly.
TINY = """
id: tiny
version: "1"
title: A tiny check
description: Three statements and one about each partner.
use: [partnership]
minutes: 2
source: Written for the tests
licence: CC-BY-4.0
scoring: {min_answered: 1}
scales:
  three:
    kind: agreement
    options: [{value: 1}, {value: 2}, {value: 3}]
    excluded: [{value: dont-know, label: "Don't know"}]
dimensions:
  - {key: trust, label: Trust}
  - {key: power, label: Power}
sections:
  - key: us
    title: Us
    items:
      - {key: open, dimension: trust, text: We are open, scale: three}
      - {key: kept, dimension: trust, text: Promises are kept, scale: three}
      - {key: heard, dimension: power, text: We are heard, scale: three}
  - key: partners
    title: Each partner
    about_each_partner: true
    items:
      - {key: keeps, dimension: trust, text: They keep their word, scale: three}
      - {key: listens, dimension: power, text: They listen, scale: three}
"""


# TINY with a question that feeds no score, asked on the same scale.
TINY_WITH_CHOICE = TINY.replace(
    "      - {key: heard, dimension: power, text: We are heard, scale: three}\n",
    "      - {key: heard, dimension: power, text: We are heard, scale: three}\n"
    '      - {key: how-long, type: choice, text: "How long?", scale: three}\n',
)
