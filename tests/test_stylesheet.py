"""The stylesheet holds only the GOV.UK Frontend components in use, and every one in use."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.paths import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent
CLASS = re.compile(r"govuk-[a-z0-9!-]*[a-z0-9]")
# Named in templates with no rule of their own in GOV.UK Frontend: the start of a name
# finished by the template (govuk-input--width-{{ width }}), and a hook with no style.
UNSTYLED = {"govuk-input--width", "govuk-file-upload--error"}


def _used() -> set[str]:
    sources = [*Path(ROOT, "templates").rglob("*.html"), *PACKAGE_DIR.rglob("*.py")]
    return {name for path in sources for name in CLASS.findall(path.read_text())}


def _styled() -> set[str]:
    css = (PACKAGE_DIR / "static" / "css" / "toolkit.css").read_text().replace("\\!", "!")
    return set(re.findall(r"\.(govuk-[a-z0-9!-]*[a-z0-9])", css))


def test_every_govuk_class_the_pages_use_has_its_style() -> None:
    missing = _used() - _styled() - UNSTYLED
    assert not missing, (
        f"{sorted(missing)} have no style: add their component to assets/toolkit.scss "
        "and run assets/build.sh"
    )


def test_components_no_page_uses_are_left_out() -> None:
    styled = _styled()
    for unused in ("govuk-accordion", "govuk-tabs", "govuk-header", "govuk-cookie-banner"):
        assert unused not in styled
