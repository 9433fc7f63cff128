"""Bad input never gives a server error, and every refusal says what to fix (issue 14).

Like the tenancy matrix, this walks the app's routes, so pages added later are fuzzed
the day they appear. For each route it first fills every form field, query value and
text part of the address at once with each value that broke a page before (SPECIALS),
as someone the page opens for. Then, where a valid form is known (VALID_FORMS), it sends
each field in turn with each such value, the rest left valid, so the value reaches the
code that stores it. Then Hypothesis mixes made-up values in each part of the address,
in the fields the page shows and any other page shows, and in the query string, as the
demo's admin, a facilitator, a viewer, a respondent part-way through a check and someone
signed out (API routes get a key of the demo's instead of a session).

No answer may be a 500; every 4xx must explain itself, with a heading and words saying
what went wrong, or for the API a JSON ``detail``; and no redirect may leave the site.
It runs on PostgreSQL when one is given, which refuses more bad input than SQLite does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import Rule

from tests.conftest import BACKENDS
from tests.respond.journey import first_choices
from tests.rounds.test_creating_rounds import form_for
from tests.security.test_tenancy import model_for
from tests.sessions import session_token
from toolkit.core.rounds.stages import STEPS
from toolkit.core.tokens import hash_token
from toolkit.opendata.keys import create_key
from toolkit.services.accounts import create_admin, invite, issue_link
from toolkit.services.passwords import hash_password
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Group,
    Invitation,
    Membership,
    Organisation,
    Role,
    Round,
    RoundStatus,
)
from toolkit.storage.questionnaire_store import library, questionnaire_of
from toolkit.web.access import SESSION_KEY
from toolkit.web.redirects import is_local_path

FAST_HASH = "pbkdf2:sha256:1"
SHARDS = 6
EXAMPLES = 6

# Fields no page shows the demo's admin on a GET, but a form of the toolkit reads.
UNSHOWN_FIELDS = {"next", "withdraw", "token", "answer", "later"}
QUERY_NAMES = ("next", "lang", "language", "refresh", "from", "round", "group", "view")

# Values that broke pages before (issue 14): digits Python reads but no column holds,
# other scripts' digits, NUL, line breaks, a way off the site, and far too much text.
SPECIALS = ("²", "9" * 20, "-1", "0", "\x00", "a\nb", "/%09/evil.example", "x" * 5000, "")
# The ones that reach storage: no column holds them, or PostgreSQL refuses them.
STORED_SPECIALS = ("²", "9" * 20, "\x00", "x" * 5000)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(SPECIALS)


def numbers(real: list[int]) -> st.SearchStrategy[str]:
    """Ids as text: the demo's own, and ones no column can hold."""
    made_up = st.one_of(
        st.integers(-3, 2**31 + 3).map(str),
        st.sampled_from(["99999999999999999999", "0", "1" * 400]),
    )
    if not real:
        return made_up
    # Mostly real records, so the fuzzing gets past the 404 into the page.
    return st.sampled_from([*real, *real, None]).flatmap(
        lambda chosen: made_up if chosen is None else st.just(str(chosen))
    )


def segment(known: list[str]) -> st.SearchStrategy[str]:
    """Text for a string part of an address: one that opens a page, or made up."""
    return st.sampled_from(known or ["x"]) | TEXT.filter(bool)


def routes(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"),
        key=lambda r: (r.rule, r.endpoint),
    )


def real_ids(rule: Rule) -> dict[str, list[int]]:
    ids = {}
    for name, converter in rule._converters.items():
        if type(converter).__name__ == "IdConverter":
            model = model_for(name)
            key = model.__mapper__.primary_key[0]
            ids[name] = list(db.session.scalars(select(key).order_by(key).limit(50)))
    return ids


def build(rule: Rule, values: dict[str, str]) -> str:
    """Put raw text into each part of the rule's address, percent-encoded."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", quote(values[name], safe=""), path)
    return path


def fields_shown(page: Any) -> set[str]:
    """Name every form field a page shows."""
    html = page.get_data().decode("utf-8", "replace")
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html))


def explains(response: Any) -> bool:
    """Say whether a refusal tells people what went wrong."""
    if response.is_json:
        detail = (response.get_json() or {}).get("detail", "")
        return len(str(detail)) >= 10
    page = response.get_data().decode("utf-8", "replace")
    said = re.search(r'<p class="govuk-[^"]*">[^<]{10,}', page) or "govuk-error-summary" in page
    return "<h1" in page and bool(said)


def stays_here(location: str) -> bool:
    """Say whether a redirect stays on this site (a long `next` in it is fine)."""
    path = location.removeprefix("http://localhost")
    return is_local_path(path.split("?")[0]) and not any(c in path for c in "\\\r\n\t")


def _group(address: dict[str, str]) -> Group:
    found = db.session.get(Group, int(address["group_id"]))
    assert found is not None
    return found


LONG_PASSWORD = "a long enough password"
ACTION = {
    "text": "Try something",
    "owner": "Sam",
    "round": "",
    "dimension": "",
    "what_happened": "",
}
# A form each page accepts, from its address and the page as first shown, so that a bad
# value in one field reaches the code that reads and stores it. Forms that delete are
# left out.
VALID_FORMS: dict[str, Callable[[dict[str, str], Any], dict[str, Any]]] = {
    "rounds.create": lambda address, page: form_for(_group(address)),
    "groups.create": lambda address, page: {
        "name": "Fuzz group",
        "kind": "team",
        "description": "What it is for",
        "perspectives": "Staff\nResidents",
        "partners": "",
    },
    "groups.perspectives": lambda address, page: {
        **{f"label-{p.key}": p.label for p in _group(address).perspectives},
        "added": "Visitors",
    },
    "actions.new": lambda address, page: ACTION,
    "actions.edit": lambda address, page: ACTION,
    "invitations.new": lambda address, page: {"count": "2", "lines": ""},
    "room.start": lambda address, page: {"expected": "8"},
    "admin.invite_person": lambda address, page: {
        "email": "fuzz@example.org",
        "name": "Fuzz",
        "role": "viewer",
    },
    "admin.change_role": lambda address, page: {"role": "viewer"},
    "exports.api_keys": lambda address, page: {"name": "Dashboard"},
    "auth.sign_in": lambda address, page: {"email": "demo@example.org", "password": "wrong"},
    "auth.reset_password": lambda address, page: {"email": "demo@example.org"},
    "account.change_password": lambda address, page: {
        "current": "wrong",
        "password": LONG_PASSWORD,
        "confirm": LONG_PASSWORD,
    },
    "auth.choose_password": lambda address, page: {
        "password": LONG_PASSWORD,
        "confirm": LONG_PASSWORD,
    },
    "joining.invited": lambda address, page: {
        "answer": "join",
        "name": "Fuzz",
        "password": LONG_PASSWORD,
        "confirm": LONG_PASSWORD,
    },
    "respond.about_you": lambda address, page: first_choices(page.get_data(as_text=True)),
    "respond.page": lambda address, page: first_choices(page.get_data(as_text=True)),
    "respond.enter": lambda address, page: {"collection": "paper"},
}


# Someone signed in to an account, a respondent part-way through a check (the
# contents of their cookie), or nobody.
Person = Account | dict[str, Any] | None
SHARED_LINK = "fuzz-shared-link"
PERSONAL_LINK = "fuzz-personal-link"


@pytest.fixture
def people(app: Flask, demo_data: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Person]:
    """The demo's admin, a facilitator and a viewer of it, a respondent, and nobody.

    Also notes, in ``FUZZ_SEGMENTS``, text parts of addresses that open a page: link
    tokens, questionnaire and page keys.
    """
    app.config["PASSWORD_HASH_METHOD"] = FAST_HASH
    # Drawing a PDF takes a second or more and is tested in tests/reports; here only
    # what the report pages do with their input matters.
    monkeypatch.setattr("toolkit.reports.jobs.render_report", lambda *_: b"%PDF-1.7 fuzz")
    # Routes are fuzzed to find server errors, not to wait out the limits.
    app.extensions["toolkit_limiter"].enabled = False
    demo_organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
    assert demo_organisation is not None
    admin = db.session.scalar(select(Account).join(Membership).where(Membership.role == Role.ADMIN))
    assert admin is not None
    # Checking the demo's scrypt hash takes a tenth of a second on every sign-in tried.
    admin.password_hash = hash_password("try-the-toolkit", FAST_HASH)
    cast: dict[str, Person] = {"admin": admin, "signed out": None}
    for role in (Role.FACILITATOR, Role.VIEWER):
        account = create_admin(f"{role.value}@example.org", role.value, "Elsewhere", "x" * 12)
        db.session.add(Membership(account=account, organisation=demo_organisation, role=role))
        cast[role.value] = account
    open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert open_round is not None
    open_round.shared_token_hash = hash_token(SHARED_LINK)
    open_round.opens_on, open_round.closes_on = date.today(), date.today() + timedelta(days=7)
    db.session.add(Invitation(round=open_round, token_hash=hash_token(PERSONAL_LINK)))
    invited = invite(demo_organisation, "pending@example.org", "Pending", Role.VIEWER, None)
    reset = issue_link(admin)
    # The API's people hold a key of the demo_organisation organisation instead of a session.
    app.config["FUZZ_API_KEY"] = create_key(demo_organisation, "Fuzzing")[1]
    db.session.commit()
    respondent = app.test_client()
    assert respondent.post(f"/s/{SHARED_LINK}").status_code == 302
    with respondent.session_transaction() as session:
        cast["respondent"] = dict(session)
    questionnaire = questionnaire_of(open_round.questionnaire_version)
    app.config["FUZZ_SEGMENTS"] = {
        "token": [SHARED_LINK, PERSONAL_LINK, cast["respondent"]["resume_token"], invited, reset],
        "key": [s.key for s in questionnaire.sections] + [q.id for q in library()],
        "version": [q.version for q in library()],
        "step": list(STEPS),
        "kind": ["answers.csv", "answers.json", "profile.csv", "comments.csv"],
    }
    return cast


def as_person(client: FlaskClient, person: Person) -> None:
    with client.session_transaction() as session:
        session.clear()
        if isinstance(person, dict):
            session.update(person)
        elif person is not None:
            session[SESSION_KEY] = session_token(person)


_every_field: set[str] = set()


def every_field(app: Flask, people: dict[str, Person]) -> set[str]:
    """Collect the name of every form field any page shows the admin, and a few more."""
    if _every_field:
        return _every_field
    client = app.test_client()
    as_person(client, people["admin"])
    names = set(UNSHOWN_FIELDS)
    for rule in routes(app):
        if "GET" in (rule.methods or set()):
            for address in sample_addresses(rule):
                names |= fields_shown(client.get(build(rule, address)))
    _every_field.update(names - {"csrf_token", "username"})
    return _every_field


def sample_addresses(rule: Rule, count: int = 8) -> list[dict[str, str]]:
    """Fill the rule's address with a few of the demo's ids and known text parts."""
    known = {**current_app.config["FUZZ_SEGMENTS"], **real_ids(rule)}
    filled = [
        {
            name: str(known[name][n % len(known[name])]) if known.get(name) else "x"
            for name in rule.arguments
        }
        for n in range(count)
    ]
    return [dict(pairs) for pairs in dict.fromkeys(tuple(sorted(f.items())) for f in filled)]


class Fuzzer:
    """Send made-up requests to one route and note every answer that breaks a promise."""

    def __init__(self, app: Flask, rule: Rule, people: dict[str, Person]) -> None:
        self.rule, self.people = rule, people
        self.client = app.test_client()
        self.failures: list[str] = []
        self.methods = sorted({"GET", "POST"} & (rule.methods or set()))

    def send(
        self, who: str, method: str, address: dict[str, str], form: dict[str, Any], query: Any
    ) -> None:
        as_person(self.client, self.people[who])
        url = build(self.rule, address)
        where = f"{method} {url[:80]} as {who}, {sorted(form)[:5]} {sorted(query)}"
        headers = {}
        if url.startswith("/api/") and self.people[who] is not None:
            headers["Authorization"] = f"Bearer {self.client.application.config['FUZZ_API_KEY']}"
        try:
            response = self.client.open(
                url, method=method, data=form, query_string=query, headers=headers
            )
        except Exception as error:
            self.failures.append(f"{where}: {type(error).__name__}: {error}"[:300])
            return
        finally:
            db.session.rollback()
        if response.status_code >= 500:
            self.failures.append(f"{where}: {response.status_code}")
        elif response.status_code >= 400 and not explains(response):
            self.failures.append(f"{where}: a bare {response.status_code}")
        elif 300 <= response.status_code < 400:
            location = response.headers.get("Location", "")
            if not stays_here(location):
                self.failures.append(f"{where}: redirected to {location[:100]!r}")

    def opening(self) -> tuple[str, list[dict[str, str]], set[str]]:
        """Find who a page opens for, the addresses it opens at, and the fields it shows."""
        for who in ("admin", "respondent"):
            as_person(self.client, self.people[who])
            opening, shown = [], set()
            for address in sample_addresses(self.rule):
                if "GET" in self.methods:
                    page = self.client.get(build(self.rule, address))
                    if page.status_code != 200:
                        continue
                    shown |= fields_shown(page)
                opening.append(address)
            if opening:
                return who, opening, shown - {"csrf_token", "username"}
        return "admin", [], set()

    def run(self, all_fields: set[str]) -> list[str]:
        who, opening, shown = self.opening()
        # First every field, query value and text part of the address at once with each
        # value known to break pages, as someone the page opens for.
        known = real_ids(self.rule)
        for method in self.methods:
            for special in SPECIALS:
                address = dict(opening[0]) if opening else {n: "1" for n in self.rule.arguments}
                for name in self.rule.arguments:
                    if name not in known and special:
                        address[name] = special
                form = dict.fromkeys(shown | UNSHOWN_FIELDS, special)
                self.send(who, method, address, form, dict.fromkeys(QUERY_NAMES, special))
        # Then, where a valid form is known, each field in turn with each of those values,
        # the others left valid, so the value reaches what reads and stores it.
        valid = VALID_FORMS.get(self.rule.endpoint)
        if valid is not None and opening and "POST" in self.methods:
            baseline = valid(opening[0], self.client.get(build(self.rule, opening[0])))
            for field in baseline:
                for special in STORED_SPECIALS:
                    self.send(who, "POST", opening[0], {**baseline, field: special}, {})
        # Then Hypothesis mixes values, people and addresses.
        self.explore(opening, shown, sorted(all_fields - shown))
        return self.failures

    def explore(self, opening: list[dict[str, str]], shown: set[str], others: list[str]) -> None:
        ids = real_ids(self.rule)
        segments = current_app.config["FUZZ_SEGMENTS"]
        parts = {
            n: numbers(ids[n]) if n in ids else segment(segments.get(n, []))
            for n in self.rule.arguments
        }
        good = st.sampled_from(opening) if opening else st.fixed_dictionaries(parts)

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            who=st.sampled_from(sorted(self.people)),
            method=st.sampled_from(self.methods),
            address=st.one_of(good, st.fixed_dictionaries(parts)),
            form=st.fixed_dictionaries(
                {name: TEXT for name in sorted(shown)},
                optional={name: TEXT for name in others},
            ),
            query=st.dictionaries(st.sampled_from(QUERY_NAMES), TEXT, max_size=2),
            upload=st.binary(max_size=300),
        )
        def one_request(
            who: str,
            method: str,
            address: dict[str, str],
            form: dict[str, Any],
            query: dict[str, str],
            upload: bytes,
        ) -> None:
            if "file" in form:
                form = {**form, "file": (io.BytesIO(upload), "fuzz.yaml")}
            self.send(who, method, address, form, query)

        one_request()


# PostgreSQL when it is given: it refuses more bad input than SQLite does, and once is
# enough for the time the suite can spare.
@pytest.mark.parametrize("app", [BACKENDS[-1]], indirect=True)
@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_route_answers_bad_input_with_a_server_error(
    app: Flask, people: dict[str, Person], shard: int
) -> None:
    app.testing = False  # unexpected errors become 500 pages, as in production
    app.config["PROPAGATE_EXCEPTIONS"] = False
    found: dict[str, list[str]] = {}
    all_fields = every_field(app, people)
    for rule in routes(app)[shard::SHARDS]:
        failures = Fuzzer(app, rule, people).run(all_fields)
        if failures:
            found[rule.endpoint] = failures[:3]
    assert found == {}


def test_the_fuzzing_reaches_every_route(app: Flask) -> None:
    fuzzed = {rule.endpoint for shard in range(SHARDS) for rule in routes(app)[shard::SHARDS]}
    assert fuzzed == {r.endpoint for r in app.url_map.iter_rules()} - {"static"}
