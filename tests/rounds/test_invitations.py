"""Shared and personal links: shown once, stored only as hashes, downloaded and printed."""

from __future__ import annotations

import csv
import io
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.mailbox import Mailbox
from toolkit.extensions import db
from toolkit.models import Invitation, Round
from toolkit.tokens import hash_token

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def make_links(client: FlaskClient, found: Round, **data: str) -> list[str]:
    page = client.post(f"/rounds/{found.id}/invitations/new", data=data)
    assert page.status_code == 200, page.text
    return list(dict.fromkeys(TOKEN.findall(page.text)))


def test_the_round_page_shows_the_shared_link_to_hand_out(
    facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.shared_token = "shared-token-for-the-test"
    open_round.shared_token_hash = hash_token("shared-token-for-the-test")
    db.session.commit()
    page = facilitator.get(f"/rounds/{open_round.id}").text
    assert "http://localhost/s/shared-token-for-the-test" in page


def test_bulk_links_download_as_a_csv_of_unique_links_and_only_hashes_are_kept(
    facilitator: FlaskClient, open_round: Round
) -> None:
    tokens = make_links(facilitator, open_round, count="12")
    assert len(tokens) == 12
    response = facilitator.post(
        f"/rounds/{open_round.id}/invitations/links.csv", data={"token": tokens}
    )
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    links = [row[0] for row in rows[1:]]
    assert len(links) == 12 == len(set(links))
    assert all(link.startswith("http://localhost/r/") for link in links)
    stored = db.session.scalars(
        select(Invitation.token_hash).where(Invitation.round_id == open_round.id)
    ).all()
    assert set(stored) == {hash_token(token) for token in tokens}
    assert not set(stored) & set(tokens)


def test_pasted_lines_give_each_link_its_label_and_perspective(
    facilitator: FlaskClient, open_round: Round
) -> None:
    tokens = make_links(
        facilitator, open_round, lines="Table 1, Community members\n=Table 2, commissioner\n"
    )
    assert len(tokens) == 2
    made = db.session.scalars(
        select(Invitation).where(Invitation.round_id == open_round.id).order_by(Invitation.id)
    ).all()
    assert [(i.label, i.perspective_key) for i in made] == [
        ("Table 1", "community"),
        ("=Table 2", "commissioner"),
    ]
    rows = list(
        csv.reader(
            io.StringIO(
                facilitator.post(
                    f"/rounds/{open_round.id}/invitations/links.csv", data={"token": tokens}
                ).text
            )
        )
    )
    # A label that looks like a formula is kept as text in the spreadsheet.
    assert rows[2][1:3] == ["'=Table 2", "Commissioners"]


def test_a_wrong_perspective_in_pasted_lines_is_explained_and_the_lines_kept(
    facilitator: FlaskClient, open_round: Round
) -> None:
    page = facilitator.post(
        f"/rounds/{open_round.id}/invitations/new", data={"lines": "Table 1, Bosses"}
    ).text
    assert "Line 1: “Bosses” is not one of this group&#39;s perspectives" in page
    assert "Table 1, Bosses</textarea>" in page
    assert db.session.scalar(select(Invitation).where(Invitation.round_id == open_round.id)) is None


def test_the_printable_sheet_has_a_qr_code_for_each_link(
    facilitator: FlaskClient, open_round: Round
) -> None:
    tokens = make_links(facilitator, open_round, count="3")
    page = facilitator.post(
        f"/rounds/{open_round.id}/invitations/sheet", data={"token": tokens}
    ).text
    assert page.count("<svg") == 3
    assert "<script" not in page
    for token in tokens:
        assert f"/r/{token}" in page


def test_tokens_from_another_round_are_ignored(facilitator: FlaskClient, open_round: Round) -> None:
    tokens = make_links(facilitator, open_round, count="2")
    other = next(r for r in open_round.group.rounds if r.id != open_round.id)
    response = facilitator.post(f"/rounds/{other.id}/invitations/links.csv", data={"token": tokens})
    assert len(list(csv.reader(io.StringIO(response.text)))) == 1


def test_links_cannot_be_made_for_a_closed_round(
    facilitator: FlaskClient, open_round: Round
) -> None:
    closed = next(r for r in open_round.group.rounds if r.id != open_round.id)
    response = facilitator.post(f"/rounds/{closed.id}/invitations/new", data={"count": "2"})
    assert response.status_code == 302
    assert db.session.scalar(select(Invitation).where(Invitation.round_id == closed.id)) is None


def test_links_are_sent_by_email_when_a_mail_server_is_set_up(
    facilitator: FlaskClient, open_round: Round, mailbox: Mailbox
) -> None:
    assert (
        "Send each link to the email address"
        in facilitator.get(f"/rounds/{open_round.id}/invitations/new").text
    )
    tokens = make_links(
        facilitator,
        open_round,
        lines="Asha, Community members, , asha@example.org\nBen, commissioner",
        send_email="y",
    )
    assert [m["To"] for m in mailbox.messages] == ["asha@example.org"]
    assert f"https://toolkit.example.org/r/{tokens[0]}" in mailbox.text(mailbox.messages[0])
    stored = db.session.scalars(
        select(Invitation.label).where(Invitation.round_id == open_round.id)
    )
    assert "asha@example.org" not in " ".join(stored)


def test_without_a_mail_server_the_page_says_links_are_handed_out_by_hand(
    facilitator: FlaskClient, open_round: Round
) -> None:
    page = facilitator.get(f"/rounds/{open_round.id}/invitations/new").text
    assert "Sending links by email is not set up" in page
