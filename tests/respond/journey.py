"""Helpers that answer pages the way a person would: pick an answer for every question."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

RADIO = re.compile(r'name="((?:q-|perspective|partner)[^"]*)" type="radio" value="([^"]+)"')


def first_choices(html: str) -> dict[str, str]:
    """Choose the first answer offered for every radio question on a page."""
    chosen: dict[str, str] = {}
    for name, value in RADIO.findall(html):
        chosen.setdefault(name, value)
    return chosen


def answer_every_page(client: FlaskClient, url: str) -> str:
    """Answer each page in turn from url, and return where the last one leads."""
    while url.startswith("/answer/page/") or url == "/answer/about-you":
        page = client.get(url)
        assert page.status_code == 200, page.text
        sent = client.post(url, data=first_choices(page.text))
        assert sent.status_code == 302, sent.text
        url = sent.location
    return url


def start(client: FlaskClient, link: str) -> str:
    """Press Start on a landing page and return the first page's address."""
    started = client.post(link)
    assert started.status_code == 302, started.text
    return started.location
