"""After signing in, switching language or uploading, people only go on to pages of this site."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import sqlite_only
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD, SignIn
from toolkit.paths import shipped
from toolkit.storage.models import Account, Organisation
from toolkit.web.redirects import is_local_path

# Nothing here depends on the database.
pytestmark = sqlite_only

# Each of these reached another site, or a server error, through some `next`.
ELSEWHERE = [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0ASet-Cookie:%20planted=1",
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%E2%80%AE/evil.example",
    "/" + "a" * 5000,
]


def location_of(response: object) -> str:
    location = response.headers["Location"]  # type: ignore[attr-defined]
    assert response.status_code == 302  # type: ignore[attr-defined]
    return str(location)


@pytest.mark.parametrize("target", ELSEWHERE, ids=[t[:30] for t in ELSEWHERE])
def test_the_language_switch_never_sends_people_to_another_site(
    client: FlaskClient, target: str
) -> None:
    assert location_of(client.get(f"/language/cy?next={target}")) == "/"


@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "/\n/evil.example"])
def test_signing_in_never_goes_on_to_another_site(
    client: FlaskClient, bob: Account, target: str
) -> None:
    data = {"email": BOB_EMAIL, "password": BOB_PASSWORD, "next": target}
    assert location_of(client.post("/sign-in", data=data)) == "/"


def test_the_sign_in_page_does_not_carry_a_foreign_next(client: FlaskClient) -> None:
    page = client.get("/sign-in?next=/%09/evil.example").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="">' in page


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/%0A/x"])
def test_uploading_never_goes_on_to_another_site(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn, target: str
) -> None:
    text = (shipped("questionnaires") / "listening-ladder.yaml").read_text()
    text = text.replace("id: listening-ladder", "id: our-ladder", 1)
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/questionnaires/use?next={target}",
        data={"source": text},
    )
    assert location_of(response) == "/"


def test_a_page_of_this_site_is_still_reached(client: FlaskClient) -> None:
    assert location_of(client.get("/language/cy?next=/groups/3%3Fx%3D1")) == "/groups/3?x=1"


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("/", True),
        ("/rounds/4/results?view=table", True),
        ("/questionnaires/our ladder/1.0/paper", True),
        ("", False),
        (None, False),
        ("rounds/4", False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("/a\\b", False),
        ("/\t/evil.example", False),
        ("/a\nb", False),
        ("/a\x00b", False),
        ("/\u202e/evil.example", False),
        ("/\u2028x", False),
        ("http://evil.example", False),
    ],
)
def test_only_paths_of_this_site_count_as_local(target: str | None, local: bool) -> None:
    assert is_local_path(target) is local
