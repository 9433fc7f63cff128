"""Answering a questionnaire in the browser, by mouse or by keyboard alone.

Both ways read whatever page is shown, so they work with any questionnaire:
the first choice of every question, a sentence in every text box. Each page
reached is scanned with axe-core on the way through.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.browser.conftest import accessibility_violations

STORY = "We listen to each other and say what we think."
# Enough Tab presses to cross the longest page of the default library.
MOST_TABS = 400
MOST_PAGES = 40
# The buttons a keyboard user listens for, by the step they take.
BUTTONS = {"start": "Start", "continue": "Save and continue", "send": "Send my answers"}

# What the focused element is, read without touching the page.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return {};
  const group = el.type === 'radio' && el.form
    ? [...el.form.querySelectorAll(`input[type=radio][name="${el.name}"]`)].some(r => r.checked)
    : false;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
          text: (el.innerText || el.value || '').trim(), groupChecked: group,
          empty: el.tagName === 'TEXTAREA' ? el.value === '' : false};
}"""


def scanned(page: Any, seen: dict[str, list[str]] | None, label: str) -> None:
    """Scan the page with axe once per kind of page, keeping what it found.

    axe-core runs as JavaScript in the page, so pages opened with JavaScript
    off pass ``seen=None``: they are the same HTML, scanned in another context.
    """
    if seen is not None and label not in seen:
        seen[label] = accessibility_violations(page)


def kind_of_page(page: Any) -> str:
    path = page.url.split("?")[0]
    if "/answer/page/" in path:
        # Question pages differ by the kinds of question on them.
        kinds = []
        if page.locator(".govuk-radios__input").count():
            kinds.append("choices")
        if page.locator("textarea").count():
            kinds.append("story")
        if page.locator(".govuk-caption-m").count():
            kinds.append("per partner")
        return "question page: " + ", ".join(kinds)
    return path.rsplit("/", 1)[-1] if "/answer/" in path else path


def press_by_keyboard(page: Any, step: str) -> None:
    """Tab through the page, choosing and typing on the way, then press the button with Enter."""
    button = BUTTONS[step]
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused.get("type") == "radio" and not focused["groupChecked"]:
            page.keyboard.press("Space")
        elif focused.get("tag") == "textarea" and focused["empty"]:
            page.keyboard.type(STORY)
        elif focused.get("tag") == "button" and focused["text"] == button:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"Tabbed {MOST_TABS} times on {page.url} without reaching “{button}”")


def choose_first_answers(page: Any) -> None:
    """Choose the first answer to each question and write in each text box, by mouse."""
    for name in page.eval_on_selector_all(
        "form[method=post] input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    ):
        first = page.locator(f'input[type=radio][name="{name}"]').first
        page.locator(f'label[for="{first.get_attribute("id")}"]').click()
    for box in page.locator("form[method=post] textarea").all():
        box.fill(STORY)


def press_by_mouse(page: Any, step: str) -> None:
    """Answer the page by mouse and click its main button, whatever it says."""
    choose_first_answers(page)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]:not([name=later])").first.click()


def pages_up_to_the_check(page: Any) -> Iterator[str]:
    """Name the landing page, each question page and the check page while the browser is on it.

    Between them it answers each page by mouse and moves on, so whoever reads the
    names can look at every page on the way to sending.
    """
    yield "landing"
    press_by_mouse(page, "start")
    for _ in range(MOST_PAGES):
        if "/answer/check" in page.url:
            break
        yield page.url
        press_by_mouse(page, "continue")
    yield "check page"


def answer_everything(page: Any, press: Any, seen: dict[str, list[str]] | None) -> None:
    """Go from the landing page to the thank-you page, scanning each kind of page."""
    scanned(page, seen, "landing")
    press(page, "start")
    for _ in range(MOST_PAGES):
        if "/answer/check" in page.url:
            break
        assert "/answer/" in page.url, page.url
        scanned(page, seen, kind_of_page(page))
        press(page, "continue")
    else:
        raise AssertionError(f"Still answering after {MOST_PAGES} pages")
    scanned(page, seen, "review")
    press(page, "send")
    assert "/answer/sent" in page.url, page.url
    scanned(page, seen, "thank-you")
