"""Static files: versioned names, compressed copies kept current, caching, and compressed pages."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from whitenoise.compress import Compressor

from bench.results_weight import decoded, fetch
from tests.conftest import sqlite_only
from tests.live import served, signed_in
from toolkit.services.demo import DEMO_EMAIL, DEMO_PASSWORD
from toolkit.storage.models import Group
from toolkit.web.static_files import STATIC_DIR, assets, compress, versioned_name

A_YEAR = "max-age=31536000"
BUILD = "run assets/build.sh (or python -m toolkit.web.static_files) and commit what it writes"


def test_a_versioned_name_carries_a_hash_of_the_content_before_the_extension() -> None:
    first = versioned_name("css/toolkit.css", b"body{}")
    assert first.startswith("css/toolkit.") and first.endswith(".css")
    assert len(first) == len("css/toolkit..css") + 12
    assert versioned_name("css/toolkit.css", b"body{ }") != first
    assert versioned_name("LICENSE", b"MIT").startswith("LICENSE.")


@pytest.mark.parametrize(
    "asset",
    [a for a in assets() if Compressor().should_compress(a.name)],
    ids=lambda asset: asset.name,
)
def test_each_static_file_has_compressed_copies_of_its_current_version(asset) -> None:
    content = asset.path.read_bytes()
    brotli_copy, gzip_copy = asset.copy("br"), asset.copy("gzip")
    assert brotli_copy.exists() and gzip_copy.exists(), f"{asset.name} changed: {BUILD}"
    assert brotli.decompress(brotli_copy.read_bytes()) == content
    assert gzip.decompress(gzip_copy.read_bytes()) == content


def test_no_compressed_copy_of_an_old_version_is_left_behind() -> None:
    wanted = {a.copy(e) for a in assets() for e in ("br", "gzip")}
    copies = {p for p in STATIC_DIR.rglob("*") if p.suffix in (".br", ".gz")}
    assert copies <= wanted, f"copies of old versions: {BUILD}"


def test_making_the_copies_replaces_those_of_an_edited_file(tmp_path: Path) -> None:
    script = tmp_path / "charts.js"
    script.write_text("var a = 1;\n" * 200)
    old = compress(tmp_path)
    script.write_text("var b = 2;\n" * 200)
    new = compress(tmp_path)
    assert len(old) == len(new) == 2
    assert not any(path.exists() for path in old)
    (only,) = assets(tmp_path)
    assert brotli.decompress(only.copy("br").read_bytes()) == script.read_bytes()


def test_a_small_file_compression_would_not_shrink_gets_no_copy(tmp_path: Path) -> None:
    (tmp_path / "tiny.css").write_text("a{}")
    assert compress(tmp_path) == []


@sqlite_only
def test_pages_link_to_versioned_static_files(client: FlaskClient) -> None:
    html = client.get("/sign-in").get_data(as_text=True)
    (stylesheet,) = [a.versioned for a in assets() if a.name == "css/toolkit.css"]
    assert f'href="/static/{stylesheet}"' in html


def test_every_template_names_static_files_by_their_versioned_name() -> None:
    # url_for("static", ...) gives the plain name, cached for a minute, not a year.
    templates = Path(__file__).parent.parent / "templates"
    plain = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"url_for\(\s*['\"]static['\"]", path.read_text(encoding="utf-8"))
    ]
    assert plain == [], "use static_url('...') in " + ", ".join(plain)


@sqlite_only
def test_static_files_are_sent_compressed_and_kept_for_a_year(app: Flask) -> None:
    (stylesheet,) = [a for a in assets() if a.name == "css/toolkit.css"]
    with served(app) as address:
        browser = urllib.request.build_opener()
        url = f"{address}/static/{stylesheet.versioned}"
        for asked, sent_as in (("br, gzip", "br"), ("gzip", "gzip"), ("identity", "")):
            request = urllib.request.Request(url, headers={"Accept-Encoding": asked})
            with browser.open(request) as answer:
                assert answer.headers.get("Content-Encoding", "") == sent_as
                assert decoded(answer.read(), sent_as) == stylesheet.path.read_bytes()
                cache = answer.headers["Cache-Control"]
                assert A_YEAR in cache and "public" in cache and "immutable" in cache
                assert "Accept-Encoding" in answer.headers["Vary"]
                assert answer.headers["X-Content-Type-Options"] == "nosniff"
                assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
        # The plain name still works for anything outside that links to it, but is not
        # kept long, since its content changes with each release.
        plain, _ = fetch(browser, f"{address}/static/css/toolkit.css")
        assert plain.encoding == "br" and "immutable" not in plain.cache_control
        missing = urllib.request.Request(f"{address}/static/css/toolkit.000000000000.css")
        with pytest.raises(urllib.error.HTTPError) as refused:
            browser.open(missing)
        assert refused.value.code == 404
        refused.value.close()


def test_pages_are_compressed_and_downloads_still_arrive_unstored(
    app: Flask, partnership: Group
) -> None:
    closed = next(r for r in partnership.rounds if r.closes_on)
    with served(app) as address:
        browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
        page, body = fetch(browser, f"{address}/groups/{partnership.id}/results")
        assert page.encoding == "br"
        assert b"</html>" in decoded(body, page.encoding)
        for kind in ("answers.csv", "answers.json", "profile.csv", "comments.csv"):
            sent, body = fetch(browser, f"{address}/rounds/{closed.id}/exports/{kind}")
            assert sent.cache_control == "private, no-store", kind
            content = decoded(body, sent.encoding)
            if kind.endswith(".json"):
                assert json.loads(content)
            else:
                assert content.count(b"\n") >= 1, kind


def test_a_page_echoing_what_someone_sent_is_not_compressed(app: Flask, partnership: Group) -> None:
    # BREACH: a compressed page holding a secret beside text a stranger chose lets them
    # read the secret from its size, so only plain GETs are compressed.
    with served(app) as address:
        browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
        plain, _ = fetch(browser, f"{address}/groups/{partnership.id}/results")
        queried, body = fetch(browser, f"{address}/groups/{partnership.id}/results?x=1")
        assert (plain.encoding, queried.encoding) == ("br", "")
        assert b'name="csrf_token"' in body
        token = csrf_token(body)
        refused = urllib.request.Request(
            f"{address}/organisations/{partnership.organisation_id}/groups/new",
            data=f"csrf_token={token}&name=".encode(),
            headers={"Accept-Encoding": "br, gzip"},
        )
        with browser.open(refused) as answer:
            assert b"Enter" in answer.read()
            assert answer.headers.get("Content-Encoding") is None


def csrf_token(page: bytes) -> str:
    return page.split(b'name="csrf_token" value="', 1)[1].split(b'"', 1)[0].decode()
