"""A simulated respondent: reads any questionnaire's pages as HTML and answers them.

Knows nothing about a particular questionnaire: on every page it fills the
page's form the way a hurried person might (the first choice of every
question, a sentence in every text box), keeps the hidden fields, including
the CSRF token, and presses the main button. Used by the load test and by
the tests that run a journey across two app instances. Plain Python, no
Flask: any way of sending requests fits behind ``Browser``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import urljoin, urlsplit

STORY = "We meet often and say what we think."
# A questionnaire has a handful of pages; a loop past this many is a bug, not a long form.
MOST_PAGES = 60
RESUME_LINK = re.compile(r'href="([^"]*/resume/[^"/?#]+)"')


@dataclass(frozen=True)
class Page:
    """Where a request ended up after following redirects, and what it showed."""

    url: str
    status: int
    html: str

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


class Browser(Protocol):
    """Anything that can fetch and post, following redirects and keeping cookies."""

    def get(self, url: str) -> Page: ...

    def post(self, url: str, data: list[tuple[str, str]]) -> Page: ...


class JourneyFailed(Exception):
    """The site answered something a respondent could not carry on from."""


@dataclass
class Form:
    action: str | None
    inputs: list[dict[str, str]] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)

    def answers(self) -> list[tuple[str, str]]:
        """Fill the form: first choice of each radio group and select, a story in each box."""
        filled: list[tuple[str, str]] = []
        chosen: set[str] = set()
        for control in self.inputs:
            name, kind = control.get("name", ""), control.get("type", "text")
            if not name or kind in {"submit", "button", "image", "checkbox", "reset"}:
                continue
            if kind == "radio":
                if name not in chosen:
                    chosen.add(name)
                    filled.append((name, control.get("value", "on")))
            else:
                filled.append((name, control.get("value", "")))
        filled += [(name, STORY) for name in self.textareas]
        filled += [(name, options[0]) for name, options in self.selects.items() if options]
        return filled


class FormReader(HTMLParser):
    """Collect the controls of every form that posts."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form" and named.get("method", "get").lower() == "post":
            self._form = Form(action=named.get("action") or None)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.inputs.append(named)
        elif tag == "textarea" and named.get("name"):
            self._form.textareas.append(named["name"])
        elif tag == "select" and named.get("name"):
            self._select = named["name"]
            self._form.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._form.selects[self._select].append(named.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def main_form(page: Page) -> Form:
    """Return the page's form that carries a CSRF token, or the first that posts."""
    reader = FormReader()
    reader.feed(page.html)
    for form in reader.forms:
        if any(control.get("name") == "csrf_token" for control in form.inputs):
            return form
    if reader.forms:
        return reader.forms[0]
    raise JourneyFailed(f"{page.path} has no form to fill")


def submit_form(browser: Browser, page: Page) -> Page:
    """Fill in the page's form and send it."""
    form = main_form(page)
    target = urljoin(page.url, form.action) if form.action else page.url
    return browser.post(target, form.answers())


def expect(page: Page, path_start: str) -> Page:
    if page.status != 200 or not page.path.startswith(path_start):
        raise JourneyFailed(f"expected {path_start}, got {page.status} at {page.path}")
    return page


def resume_link(page: Page) -> str:
    """Return the resume link the page offers, as an address on this site."""
    found = RESUME_LINK.search(page.html)
    if found is None:
        raise JourneyFailed(f"{page.path} offers no resume link")
    return urlsplit(found.group(1)).path


def answer_pages(browser: Browser, page: Page, most: int = MOST_PAGES) -> Page:
    """Answer pages until the check page, at most ``most`` of them."""
    for _ in range(most):
        if page.path.startswith("/answer/check"):
            return page
        expect(page, "/answer/")
        page = submit_form(browser, page)
    raise JourneyFailed(f"still answering after {most} pages, at {page.path}")


def start(browser: Browser, link: str) -> Page:
    """Open a shared or personal link and press Start; return the first question page."""
    landing = expect(browser.get(link), urlsplit(link).path)
    return expect(submit_form(browser, landing), "/answer/")


def finish(browser: Browser, page: Page) -> Page:
    """Answer the remaining pages, then send from the check page; return the thank-you page."""
    review = answer_pages(browser, page)
    return expect(submit_form(browser, review), "/answer/sent")
