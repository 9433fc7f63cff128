"""Every page of every questionnaire in the library passes axe-core.

Between them the questionnaires hold every kind of question page: agreement and
frequency scales, 0-10 ratings, checklists, ladders with described levels,
from-to differentials, story boxes and pages asked about each partner.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.answering import answer_everything, pages_up_to_the_check, press_by_mouse
from tests.browser.conftest import (
    EVERY_QUESTIONNAIRE_TOKEN,
    USED_INVITATION_TOKEN,
    LiveToolkit,
    accessibility_violations,
)
from toolkit.core.questionnaire.library import default_questionnaire_dir, questionnaire_files

QUESTIONNAIRES = [path.stem for path in questionnaire_files([default_questionnaire_dir()])]


@pytest.mark.parametrize("questionnaire_id", QUESTIONNAIRES)
def test_every_page_of_the_questionnaire_passes_axe(
    page: Any, live_toolkit: LiveToolkit, questionnaire_id: str
) -> None:
    page.goto(f"{live_toolkit.url}/s/{EVERY_QUESTIONNAIRE_TOKEN}{questionnaire_id}")
    found = {where: accessibility_violations(page) for where in pages_up_to_the_check(page)}
    assert len(found) >= 3
    assert {where: problems for where, problems in found.items() if problems} == {}


def test_a_used_personal_link_and_a_withdrawal_are_explained_on_pages_that_pass_axe(
    page: Any, live_toolkit: LiveToolkit
) -> None:
    reply = page.goto(f"{live_toolkit.url}/r/{USED_INVITATION_TOKEN}")
    assert reply.status == 410
    assert "This link has already been used" in page.title()
    assert accessibility_violations(page) == []

    page.goto(f"{live_toolkit.url}/s/{EVERY_QUESTIONNAIRE_TOKEN}relationship-health-check")
    answer_everything(page, press_by_mouse, None)
    page.goto(page.locator("a[href*='/resume/']").first.get_attribute("href") + "/withdraw")
    assert accessibility_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, delete my answers").click()
    assert "Your answers have been deleted" in page.title()
    assert accessibility_violations(page) == []
