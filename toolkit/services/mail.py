"""Handing one email to the server in SMTP_URL."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SUBMISSION_PORT = 587


def send_mail(smtp_url: str, sender: str, to: str, subject: str, text: str, html: str) -> None:
    """Send an email with a plain-text part and an HTML part; raise when the server refuses it."""
    url = urlsplit(smtp_url)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    # Mail programs that show HTML show this part; the rest, and screen readers set to
    # plain text, read the text part, which says the same.
    message.add_alternative(html, subtype="html")
    secure = url.scheme == "smtps"
    smtp_class = smtplib.SMTP_SSL if secure else smtplib.SMTP
    with smtp_class(
        url.hostname or "localhost", url.port or (465 if secure else SUBMISSION_PORT), timeout=30
    ) as server:
        if not secure and (url.port or SUBMISSION_PORT) == SUBMISSION_PORT:
            server.starttls()
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        server.send_message(message)
