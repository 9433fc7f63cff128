"""Every interface string has a Welsh translation, and the compiled catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

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
