"""Every interface string has a Welsh translation, and the compiled catalogue is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "toolkit" / "translations" / "cy" / "LC_MESSAGES"


def test_every_string_in_the_code_has_welsh(tmp_path: Path) -> None:
    extracted = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(extracted),
            ".",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with extracted.open("rb") as source:
        wanted = {m.id for m in read_po(source) if m.id}
    with (CATALOGUE / "messages.po").open("rb") as source:
        welsh = {m.id: m.string for m in read_po(source) if m.id}
    missing = sorted(
        str(key)
        for key in wanted
        if not welsh.get(key) or (isinstance(welsh[key], tuple) and not all(welsh[key]))
    )
    assert missing == [], "run toolkit/translations/update.sh and translate: " + "; ".join(missing)


def _plain(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with (CATALOGUE / "messages.po").open("rb") as source:
        written = {_plain(m.id): _plain(m.string) for m in read_po(source) if m.id and m.string}
    with (CATALOGUE / "messages.mo").open("rb") as source:
        compiled = {_plain(m.id): _plain(m.string) for m in read_mo(source) if m.id}
    assert compiled == written, "run toolkit/translations/update.sh to compile the catalogue"


# One time a group answers a questionnaire is a "check" (Welsh: "gwiriad") wherever people
# read it; "round" stays only in code names, which are never in the catalogue. Placeholders
# such as %(round)s name a value, not a word people read, so they are left out.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
ROUND_AS_A_WORD = re.compile(r"\brounds?\b", re.IGNORECASE)
# rownd and cylch (a circle, also used for a round) in every mutated form Welsh gives them.
WELSH_ROUND = re.compile(r"\b(rownd(iau)?|(cylch|gylch|nghylch|chylch)(oedd)?)\b", re.IGNORECASE)
# Sentences that use "round" in another sense, each with the sense it has.
OTHER_SENSES = {
    # "worded the other way round": reversed statements, not a time people answered.
    "Each answer is placed on a scale from 0 to 100, lowest answer to highest. Statements "
    "worded the other way round are turned around first, so that higher always means "
    "stronger. A person's score on a dimension is the weighted mean of their answers to its "
    "statements; answers such as “don't know” are left out.",
}


def _texts(value: object) -> list[str]:
    return [PLACEHOLDER.sub("", text) for text in (value if isinstance(value, tuple) else (value,))]


def test_people_read_check_never_round() -> None:
    with (CATALOGUE / "messages.po").open("rb") as source:
        entries = [m for m in read_po(source) if m.id]
    english = sorted(
        str(m.id)
        for m in entries
        if (m.id if isinstance(m.id, str) else m.id[0]) not in OTHER_SENSES
        and any(ROUND_AS_A_WORD.search(text) for text in _texts(m.id))
    )
    welsh = sorted(
        str(m.id) for m in entries if any(WELSH_ROUND.search(text) for text in _texts(m.string))
    )
    assert english == [], "say “check”, not “round”: " + "; ".join(english)
    assert welsh == [], "say “gwiriad”, not “rownd” or “cylch”: " + "; ".join(welsh)


def test_words_translated_when_read_are_english_outside_a_request(app: Flask) -> None:
    """A report worker has no request to take a language from: nothing it reads fails."""
    team = _l("Team")
    assert str(team) == "Team"
    with force_locale("cy"):
        assert str(team) != "Team"
