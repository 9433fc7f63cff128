"""How long a facilitator waits when 100 personal links are emailed without Redis.

Without REDIS_URL, the page that makes links writes each email into the outbox
and hands them to the mail server before it answers. This makes 100 links with
addresses through that page, against a real SMTP server on 127.0.0.1 (aiosmtpd),
five times, and prints the median time for the whole request and per email.

    python bench/email_links.py
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINKS = 100
RUNS = 5


class Accept:
    count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        Accept.count += 1
        return "250 OK"


def main() -> None:
    from sqlalchemy import select

    from tests.sessions import plant
    from toolkit import create_app
    from toolkit.services.demo import DEMO_EMAIL
    from toolkit.storage.db import db
    from toolkit.storage.models import Account, Round, RoundStatus

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    folder = tempfile.mkdtemp()
    os.environ["INSTANCE_PATH"] = folder
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "BASE_URL": "https://toolkit.example.org",
        }
    )
    app.test_cli_runner().invoke(args=["demo"])
    lines = "\n".join(f"Person {n}, , , person{n}@example.org" for n in range(LINKS))
    timings = []
    with app.app_context():
        round_id = db.session.scalar(select(Round.id).where(Round.status == RoundStatus.OPEN))
        account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
        client = app.test_client()
        with client.session_transaction() as session:
            plant(session, account)
        for _ in range(RUNS):
            start = time.perf_counter()
            page = client.post(
                f"/rounds/{round_id}/invitations/new", data={"lines": lines, "send_email": "y"}
            )
            timings.append(time.perf_counter() - start)
            assert page.status_code == 200, page.status_code
    controller.stop()
    assert Accept.count == LINKS * RUNS, Accept.count
    median = statistics.median(timings)
    print(f"{LINKS} links emailed in one request, median of {RUNS}: {median:.2f} s")
    print(f"per email: {median / LINKS * 1000:.1f} ms")


if __name__ == "__main__":
    main()
