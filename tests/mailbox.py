"""A real SMTP server in the test process (aiosmtpd), and what it received.

`mailbox` starts one on a free port and points the app's SMTP_URL at it, with
BASE_URL set; tests read the messages as the server got them off the wire.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

SITE = "https://toolkit.example.org"


class Mailbox:
    """Keeps every message the server accepts; can be told to turn messages away."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # An SMTP reply to give instead of accepting, e.g. "451 4.3.0 Try again later".
        self.refuse_with: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    @staticmethod
    def html(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("html",))
        assert part is not None
        return str(part.get_content())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Mailbox]:
    """Email on: a real SMTP server listening, SMTP_URL and BASE_URL pointing at it and here."""
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", BASE_URL=SITE)
    try:
        yield box
    finally:
        controller.stop()
