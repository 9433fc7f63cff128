"""A partnership to attack: an organisation whose admin, facilitator and viewer read its
results through a real HTTP server, and answers written straight into its rounds."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookiejar import CookieJar

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.factories import questionnaire, stored_answer
from tests.questionnaires import TINY
from toolkit.core.tokens import hash_token, new_token
from toolkit.services.passwords import hash_password
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Collection,
    Comment,
    Group,
    GroupKind,
    Membership,
    Organisation,
    Partner,
    Perspective,
    Response,
    ResponseStatus,
    Role,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import pin

PASSWORD = "a-long-password-for-tests"
FAST_HASH = "pbkdf2:sha256:1"
PERSPECTIVES = ("staff", "residents", "board")
PARTNERS = ("council", "charity", "nhs")


@dataclass
class Partnership:
    """One organisation's partnership, its people by role, and ways to add rounds and answers."""

    organisation: Organisation
    group: Group
    accounts: dict[Role, Account]
    made: int = 0

    def round(
        self,
        title: str,
        status: RoundStatus = RoundStatus.CLOSED,
        threshold: int = 3,
        weeks_ago: int = 0,
    ) -> Round:
        opens_on = date.today() - timedelta(weeks=weeks_ago + 2)
        found = Round(
            group=self.group,
            questionnaire_version=pin(questionnaire(TINY), TINY),
            title=title,
            opens_on=opens_on,
            closes_on=opens_on + timedelta(weeks=4) if status is RoundStatus.OPEN else opens_on,
            status=status,
            threshold=threshold,
            perspective_keys=",".join(PERSPECTIVES),
        )
        db.session.add(found)
        db.session.commit()
        return found

    def answer(
        self,
        round_: Round,
        perspective: str | None = "staff",
        answers: Mapping[str, int | str] | None = None,
        about: Mapping[str, Mapping[str, int | str]] | None = None,
        member: str | None = None,
        comment: str | None = None,
        collected: Collection = Collection.ONLINE,
    ) -> Response:
        """Add one sent response; returns it with its resume link's token in ``token``."""
        token = new_token()
        response = Response(
            round_id=round_.id,
            status=ResponseStatus.SUBMITTED,
            perspective_key=perspective,
            partner_key=member,
            collected=collected,
            started_on=date.today(),
            submitted_on=date.today(),
            resume_token_hash=hash_token(token),
        )
        for key, value in (answers or {"open": 2, "kept": 2, "heard": 2}).items():
            response.answers.append(stored_answer(key, "", value))
        for partner, given in (about or {}).items():
            for key, value in given.items():
                response.answers.append(stored_answer(key, partner, value))
        if comment:
            response.comments.append(Comment(item_key="open", text=comment))
        db.session.add(response)
        db.session.commit()
        response.token = token  # type: ignore[attr-defined]
        return response

    def many(self, round_: Round, count: int, **kwargs: object) -> list[Response]:
        return [self.answer(round_, **kwargs) for _ in range(count)]  # type: ignore[arg-type]

    def email(self, role: Role) -> str:
        return self.accounts[role].email


@pytest.fixture
def partnership(app: Flask) -> Partnership:
    app.config["PASSWORD_HASH_METHOD"] = FAST_HASH
    organisation = Organisation(name="Ashby Trust", slug="ashby-trust")
    accounts = {
        role: Account(
            email=f"{role.value}@ashby.example",
            name=role.value.title(),
            password_hash=hash_password(PASSWORD, FAST_HASH),
        )
        for role in Role
    }
    db.session.add(organisation)
    for role, account in accounts.items():
        db.session.add(Membership(account=account, organisation=organisation, role=role))
    group = Group(organisation=organisation, name="Ashby partnership", kind=GroupKind.PARTNERSHIP)
    group.perspectives = [
        Perspective(key=key, label=key.capitalize(), label_cy=f"{key} (cy)", position=i)
        for i, key in enumerate(PERSPECTIVES)
    ]
    group.partners = [Partner(key=key, name=key.upper()) for key in PARTNERS]
    db.session.add(group)
    db.session.commit()
    return Partnership(organisation, group, accounts)


@dataclass
class Page:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Visitor:
    """Someone using the toolkit through its real HTTP server, keeping their cookies."""

    base: str
    jar: CookieJar = field(default_factory=CookieJar)

    def open(self, path: str, data: Mapping[str, str] | None = None) -> Page:
        # End the test's own transaction first: SQLite lets no one write while it is open.
        db.session.commit()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(self.base + path, body, timeout=60) as answer:
                return Page(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, dict(error.headers), error.read())

    def sign_in(self, email: str) -> Visitor:
        page = self.open("/sign-in", {"email": email, "password": PASSWORD})
        assert page.status == 200 and "Sign in" not in page.text.split("<title>")[1][:40], email
        return self


@pytest.fixture
def live(app: Flask) -> Iterator[str]:
    """Serve the test's app on a free local port, as gunicorn would: no app context outside."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
