"""Results pages of the demo partnership: charts with tables and words, none from too few people."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Group,
    GroupKind,
    Organisation,
    Role,
    RoomSession,
    RoundStatus,
)

# Signed in as the demo's facilitator throughout.
pytestmark = pytest.mark.usefixtures("facilitator")


def test_the_group_page_shows_every_chart_with_its_numbers_and_words(
    client: FlaskClient, partnership: Group
) -> None:
    page = client.get(f"/groups/{partnership.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for chart in ("radar-over-time", "trend", "perspectives-radar"):
        assert f'data-chart="{chart}"' in html
        assert f'<script type="application/json" id="{chart}">' in html
    assert html.count("Show the numbers") >= 4
    assert "People see most strength in" in html
    assert "What we agreed to try" in html
    assert re.search(r'src="/static/plotly/plotly\.min\.[0-9a-f]{12}\.js"', html)
    # No executable inline script: only JSON blocks and files from this site.
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or 'src="/' in tag


def test_a_round_page_shows_a_closed_round_and_waits_for_an_open_one(
    client: FlaskClient, partnership: Group
) -> None:
    shared, *_, still_open = partnership.rounds
    assert still_open.status == RoundStatus.OPEN
    page = client.get(f"/rounds/{shared.id}/results").get_data(as_text=True)
    assert 'id="reveal"' in page and "How people answered each statement" in page
    waiting = client.get(f"/rounds/{still_open.id}/results").get_data(as_text=True)
    assert "once the check has closed" in waiting


def test_an_open_round_revealed_in_the_room_shows_its_results(
    client: FlaskClient, partnership: Group
) -> None:
    still_open = partnership.rounds[-1]
    db.session.add(
        RoomSession(round=still_open, code="ROOM42", expected=17, revealed_at=datetime.now())
    )
    db.session.commit()
    page = client.get(f"/rounds/{still_open.id}/results").get_data(as_text=True)
    assert 'id="reveal"' in page and "17 people answered" in page


def test_the_partners_page_sets_how_each_is_seen_beside_how_it_sees_others(
    client: FlaskClient, partnership: Group
) -> None:
    html = client.get(f"/groups/{partnership.id}/partners").get_data(as_text=True)
    assert "How others see it" in html and "How it sees others" in html
    assert "Northside Residents&#39; Forum" in html or "Northside Residents' Forum" in html


def test_the_overview_lists_groups_by_name_and_never_ranks_them(
    client: FlaskClient, partnership: Group
) -> None:
    organisation = db.session.scalar(select(Organisation))
    assert organisation is not None
    html = client.get(f"/organisations/{organisation.id}/overview").get_data(as_text=True)
    names = re.findall(r'<h2 class="govuk-heading-m" id="group-\d+"><a[^>]*>([^<]+)</a>', html)
    assert names == sorted(names, key=str.casefold) and len(names) == 2
    for word in ("rank", "league", "best group", "top group", "position"):
        assert word not in html.lower()


def test_results_pages_need_a_sign_in(client: FlaskClient, partnership: Group) -> None:
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/groups/{partnership.id}/results").status_code == 302


def test_a_viewer_sees_shared_rounds_only(client: FlaskClient, partnership: Group) -> None:
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert account is not None
    account.memberships[0].role = Role.VIEWER
    team = db.session.scalar(select(Group).where(Group.kind == GroupKind.TEAM))
    assert team is not None
    closed = [r for r in team.rounds if r.status == RoundStatus.CLOSED]
    assert closed
    closed[0].title = "Closed but not shared"
    db.session.commit()
    html = client.get(f"/groups/{team.id}/results").get_data(as_text=True)
    assert "Closed but not shared" not in html
    assert "June check-in" in html
    assert client.get(f"/rounds/{closed[0].id}/results").status_code == 404
    # A viewer may download the report, but recording what was agreed is for facilitators.
    assert f'href="/groups/{team.id}/report.pdf"' in html
    assert "/actions/new" not in html


def test_a_round_page_names_three_split_statements_and_links_to_the_rest(
    client: FlaskClient, partnership: Group
) -> None:
    spring = next(r for r in partnership.rounds if r.title == "Spring 2026 check")
    html = client.get(f"/rounds/{spring.id}/results").text
    assert html.count("gather at both ends of the scale") == 3
    more = re.search(r"Answers gather at both ends on (\d+) more statements?\.", html)
    assert more and int(more.group(1)) > 0
    assert (
        '<a class="govuk-link" href="#split">See every statement where opinion is split</a>' in html
    )
    # Every one of them is still listed beside the answers, and the radar comes before the words.
    assert html.index('data-chart="radar-over-time"') < html.index("People see most strength in")
    listed = html[html.index('id="split"') :]
    assert listed.count("towards the lower end and") == 3 + int(more.group(1))


def test_stories_are_grouped_by_the_dimension_they_speak_to_as_in_the_report(
    client: FlaskClient, partnership: Group
) -> None:
    spring = next(r for r in partnership.rounds if r.title == "Spring 2026 check")
    html = client.get(f"/rounds/{spring.id}/results").text
    stories = html[html.index('id="stories"') :]
    headings = re.findall(r'<h3 class="govuk-heading-s">([^<]+)</h3>', stories)
    order = ["Common purpose", "Respect for what each partner brings", "Taking part on equal terms"]
    order += ["Working through disagreement", "Direction of travel", "Trust between partners"]
    themes = [h for h in headings if h in order]
    assert themes and themes == [name for name in order if name in themes]
    assert stories.count('<blockquote class="govuk-inset-text">') >= len(themes)


def test_results_link_to_the_report_and_to_recording_what_was_agreed(
    client: FlaskClient, partnership: Group
) -> None:
    spring = next(r for r in partnership.rounds if r.title == "Spring 2026 check")
    html = client.get(f"/rounds/{spring.id}/results").text
    assert f'href="/rounds/{spring.id}/report.pdf"' in html
    record = f'href="/groups/{partnership.id}/actions/new?round={spring.id}"'
    assert record in html
    assert client.get(f"/groups/{partnership.id}/actions/new?round={spring.id}").status_code == 200
    group_page = client.get(f"/groups/{partnership.id}/results").text
    assert f'href="/groups/{partnership.id}/report.pdf"' in group_page
    assert f'href="/groups/{partnership.id}/actions/new?round=' in group_page
