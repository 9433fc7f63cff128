"""Every shipped questionnaire, answered in Welsh on the narrowest phone screen.

Welsh words run long ("cydweithredu", "trawsnewidiol"): they must wrap rather than
push the page sideways at 320 px, the width WCAG 2.2 reflow asks for. And every
question is in Welsh, so nothing on a question page falls back to English.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.answering import pages_up_to_the_check
from tests.browser.conftest import EVERY_QUESTIONNAIRE_TOKEN, LiveToolkit, accessibility_violations
from toolkit.core.questionnaire.library import default_questionnaire_dir, questionnaire_files

QUESTIONNAIRES = [path.stem for path in questionnaire_files([default_questionnaire_dir()])]
NARROWEST = {"width": 320, "height": 640}

# What on the page is wider than the screen, or in English inside the page's content.
PROBLEMS = """() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    // Name the words that do not fit, so the message says what to shorten or wrap.
    const tooWide = [...document.querySelectorAll('main *')].filter(
      el => !el.children.length && el.scrollWidth > width);
    found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px): ` +
      tooWide.map(el => el.textContent.trim().slice(0, 60)).join(' / '));
  }
  for (const el of document.querySelectorAll('main [lang="en"]')) {
    found.push(`in English: ${el.textContent.trim().slice(0, 60)}`);
  }
  return found;
}"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=NARROWEST)
    page = context.new_page()
    yield page
    context.close()


def problems_on(page: Any) -> list[str]:
    return [*page.evaluate(PROBLEMS), *accessibility_violations(page)]


@pytest.mark.parametrize("questionnaire_id", QUESTIONNAIRES)
def test_every_page_in_welsh_fits_a_phone_and_has_no_english(
    phone: Any, live_toolkit: LiveToolkit, questionnaire_id: str
) -> None:
    link = f"/s/{EVERY_QUESTIONNAIRE_TOKEN}{questionnaire_id}"
    phone.goto(f"{live_toolkit.url}/language/cy?next={link}")
    assert phone.locator("html").get_attribute("lang") == "cy"
    found = {where: problems_on(phone) for where in pages_up_to_the_check(phone)}
    assert len(found) >= 4
    assert {where: problems for where, problems in found.items() if problems} == {}
