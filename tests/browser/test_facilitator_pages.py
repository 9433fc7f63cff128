"""Facilitator pages the round story does not reach pass axe-core too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from tests.browser.conftest import LiveToolkit, accessibility_violations, sign_in
from toolkit.storage.models import (
    AgreedAction,
    Group,
    GroupKind,
    QuestionnaireVersion,
    Round,
    RoundStatus,
)

PAGES = [
    "/organisations/{organisation}/overview",
    "/organisations/{organisation}/groups/new",
    "/organisations/{organisation}/questionnaires/upload",
    "/organisations/{organisation}/questionnaires",
    "/organisations/{organisation}/questionnaires/{questionnaire}/{version}/retire",
    "/organisations/{organisation}/people",
    "/organisations/{organisation}/activity",
    "/organisations/{organisation}/api-keys",
    "/organisations/{organisation}/delete",
    "/groups/{group}/perspectives",
    "/groups/{group}/partners",
    "/groups/{group}/actions/new",
    "/groups/{group}/actions/{action}/edit",
    "/groups/{group}/repeat",
    "/rounds/{open_round}/invitations/new",
    "/rounds/{open_round}/reminders",
    "/rounds/{open_round}/paper",
    "/rounds/{open_round}/session",
    "/rounds/{open_round}/room?refresh=off",
    "/rounds/{open_round}/enter",
    "/rounds/{open_round}/poster",
    "/rounds/{open_round}",
    "/rounds/{shared_round}",
    "/rounds/{shared_round}/exports",
    "/account",
    "/accessibility",
]


@pytest.fixture(scope="module")
def demo_ids(live_toolkit: LiveToolkit) -> dict[str, int]:
    engine = create_engine(live_toolkit.database_url)
    with engine.connect() as connection:
        # The demo's own partnership: other browser tests add groups to the same database.
        group_id, organisation_id = connection.execute(
            select(Group.id, Group.organisation_id)
            .where(Group.kind == GroupKind.PARTNERSHIP)
            .order_by(Group.id)
            .limit(1)
        ).one()
        rounds = connection.execute(
            select(Round.id, Round.status).where(Round.group_id == group_id).order_by(Round.id)
        ).all()
        action = connection.scalar(select(AgreedAction.id).where(AgreedAction.group_id == group_id))
        questionnaire, version = connection.execute(
            select(QuestionnaireVersion.questionnaire_key, QuestionnaireVersion.version)
            .join(Round, Round.questionnaire_version_id == QuestionnaireVersion.id)
            .where(Round.group_id == group_id)
            .limit(1)
        ).one()
    engine.dispose()
    return {
        "organisation": organisation_id,
        "group": group_id,
        "open_round": next(i for i, s in rounds if s == RoundStatus.OPEN),
        "shared_round": next(i for i, s in rounds if s == RoundStatus.SHARED),
        "action": action,
        "questionnaire": questionnaire,
        "version": version,
    }


@pytest.fixture(scope="module")
def facilitator(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    """One signed-in page for the whole module: signing in per page would meet the rate limit."""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_facilitator_page_passes_axe(
    facilitator: Any, live_toolkit: LiveToolkit, demo_ids: dict[str, int], path: str
) -> None:
    page = facilitator
    reply = page.goto(live_toolkit.url + path.format(**demo_ids))
    assert reply.status == 200, path
    assert accessibility_violations(page) == []
