"""Sending email through the server in SMTP_URL, when there is one."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SUBMISSION_PORT = 587


def send_mail(smtp_url: str | None, sender: str, to: str, subject: str, body: str) -> bool:
    """Send a plain-text email; return False when no mail server is configured."""
    if not smtp_url:
        return False
    url = urlsplit(smtp_url)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    secure = url.scheme == "smtps"
    smtp_class = smtplib.SMTP_SSL if secure else smtplib.SMTP
    with smtp_class(
        url.hostname or "localhost", url.port or (465 if secure else SUBMISSION_PORT)
    ) as server:
        if not secure and (url.port or SUBMISSION_PORT) == SUBMISSION_PORT:
            server.starttls()
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        server.send_message(message)
    return True
