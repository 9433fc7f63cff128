"""Shared and personal links: shown once, stored only as hashes, downloaded and printed."""

from __future__ import annotations

import csv
import io
import re

import segno
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.mailbox import Mailbox
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Invitation, Round

TOKEN = re.compile(r"/r/([A-Za-z0-9_-]+)")
SIGNED = re.compile(r'name="links" value="([^"]+)"')


def make_links(client: FlaskClient, found: Round, **data: str) -> list[str]:
    return made_links(client, found, **data)[0]


def made_links(client: FlaskClient, found: Round, **data: str) -> tuple[list[str], str]:
    """Make links; return their tokens and what the page signed for its CSV and sheet."""
    page = client.post(f"/rounds/{found.id}/invitations/new", data=data)
    assert page.status_code == 200, page.text
    (signed,) = set(SIGNED.findall(page.text))
    return list(dict.fromkeys(TOKEN.findall(page.text))), signed


def test_the_round_page_shows_the_shared_link_to_hand_out(
    facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.shared_token = "shared-token-for-the-test"
    open_round.shared_token_hash = hash_token("shared-token-for-the-test")
    db.session.commit()
    page = facilitator.get(f"/rounds/{open_round.id}").text
    assert "http://localhost/s/shared-token-for-the-test" in page


def qr_drawing(url: str) -> str:
    """Return the path segno draws for a link: the same in the page means the same code."""
    found = re.search(r' d="([^"]+)"', segno.make(url, error="m").svg_inline())
    assert found
    return found.group(1)


def test_the_shared_link_has_a_copy_button_a_qr_code_and_a_poster(
    facilitator: FlaskClient, open_round: Round
) -> None:
    url = "http://localhost/s/shared-token-for-the-test"
    open_round.shared_token = "shared-token-for-the-test"
    open_round.shared_token_hash = hash_token("shared-token-for-the-test")
    db.session.commit()
    page = facilitator.get(f"/rounds/{open_round.id}").text
    # The button waits hidden until the script finds a browser that can copy.
    assert re.search(r'<button type="button"[^>]*data-copy="shared-link"[^>]*hidden>', page)
    assert f'<code class="tk-shared-link" id="shared-link">{url}</code>' in page
    assert re.search(r'<script src="/static/copy\.[0-9a-f]+\.js">', page)
    assert qr_drawing(url) in page
    assert "<title>QR code for the shared link</title>" in page

    poster = facilitator.get(f"/rounds/{open_round.id}/poster")
    assert poster.status_code == 200
    assert qr_drawing(url) in poster.text
    assert url in poster.text
    assert "How do we work together? Tell us." in poster.text


def test_bulk_links_download_as_a_csv_of_unique_links_and_only_hashes_are_kept(
    facilitator: FlaskClient, open_round: Round
) -> None:
    tokens, signed = made_links(facilitator, open_round, count="12")
    assert len(tokens) == 12
    response = facilitator.post(
        f"/rounds/{open_round.id}/invitations/links.csv", data={"links": signed}
    )
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    # Secret links must not linger in a shared computer's cache or a proxy's.
    assert response.headers["Cache-Control"] == "private, no-store"
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
    tokens, signed = made_links(
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
                    f"/rounds/{open_round.id}/invitations/links.csv", data={"links": signed}
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
    tokens, signed = made_links(facilitator, open_round, count="3")
    page = facilitator.post(
        f"/rounds/{open_round.id}/invitations/sheet", data={"links": signed}
    ).text
    assert page.count("<svg") == 3
    assert "<script" not in page
    for token in tokens:
        assert f"/r/{token}" in page


def test_links_made_for_another_round_are_refused(
    facilitator: FlaskClient, open_round: Round
) -> None:
    _tokens, signed = made_links(facilitator, open_round, count="2")
    other = next(r for r in open_round.group.rounds if r.id != open_round.id)
    response = facilitator.post(f"/rounds/{other.id}/invitations/links.csv", data={"links": signed})
    assert response.status_code == 410
    assert "The links themselves still work" in response.text


def test_the_sheet_of_links_does_not_say_which_have_been_used(
    facilitator: FlaskClient, open_round: Round
) -> None:
    # Were the sheet made from the database, a used link (its hash cleared) would drop out
    # of it, and the facilitator would know who had answered.
    tokens, signed = made_links(facilitator, open_round, count="3")
    used = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(tokens[0]))
    )
    assert used is not None
    used.token_hash = None
    db.session.commit()
    page = facilitator.post(
        f"/rounds/{open_round.id}/invitations/sheet", data={"links": signed}
    ).text
    assert all(f"/r/{token}" in page for token in tokens)
    tampered = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    refused = facilitator.post(
        f"/rounds/{open_round.id}/invitations/sheet", data={"links": tampered}
    )
    assert refused.status_code == 410


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
