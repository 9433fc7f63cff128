"""Reading stored answers into scoring data, and the profile built from them."""

from __future__ import annotations

from datetime import date

from flask import Flask

from tests import factories
from toolkit.core.scoring import Summary
from toolkit.storage.models import RoundStatus
from toolkit.storage.round_data import UNASSIGNED, rounds_data


def test_round_data_holds_exactly_the_submitted_answers(app: Flask) -> None:
    group = factories.group(factories.organisation(), partners=("council", "forum"))
    check = factories.check(
        group,
        [
            factories.Person(
                "staff",
                {"trusted": 4, "hidden": "dont-know", "shared": 5},
                about={"council": {"keeps-word": 2}, "forum": {"listens": 5}},
                member="forum",
                comments={"story": "We met on the estate."},
            ),
            factories.Person(None, {"trusted": 1}),
            factories.Person("residents", {"trusted": 3}, submitted=False),
        ],
    )
    (data,) = rounds_data([check])
    assert data.key == str(check.id) and data.label == "Spring check"
    assert data.threshold == 3
    assert len(data.responses) == 2
    first, second = sorted(data.responses, key=lambda r: r.perspective)
    assert first.perspective == "staff"
    assert dict(first.answers) == {"trusted": 4, "hidden": "dont-know", "shared": 5}
    assert {p: dict(a) for p, a in first.about_partners.items()} == {
        "council": {"keeps-word": 2},
        "forum": {"listens": 5},
    }
    assert first.member == "forum"
    assert [(c.dimension, c.text) for c in first.comments] == [(None, "We met on the estate.")]
    assert second.perspective == UNASSIGNED
    assert dict(second.answers) == {"trusted": 1} and not second.about_partners


def test_a_profile_covers_rounds_with_results_oldest_first(app: Flask) -> None:
    group = factories.group(factories.organisation())

    def people() -> list[factories.Person]:
        return [factories.Person("staff", {"trusted": 5}) for _ in range(3)]

    later = factories.check(group, people(), "Autumn", date(2026, 9, 1))
    factories.check(group, people(), "Open now", date(2027, 1, 1), status=RoundStatus.OPEN)
    earlier = factories.check(
        group, people(), "Spring", date(2026, 3, 1), status=RoundStatus.SHARED
    )
    assert factories.team_results(group).rounds == [earlier, later]
    assert factories.team_results(group, up_to=earlier).rounds == [earlier]
    profile = factories.team_profile(group)
    assert [r.label for r in profile.rounds] == ["Spring", "Autumn"]
    trust = profile.rounds[-1].dimensions[0].everyone.summary
    assert isinstance(trust, Summary) and trust.n == 3 and trust.mean == 100.0
