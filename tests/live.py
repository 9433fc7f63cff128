"""A real HTTP server for a test app, where no test app context is open around requests."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server

from toolkit.storage.db import db


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve the app on a free port in a thread, and give its address."""
    # Let the server's threads write: the test's own session holds nothing open.
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()


def signed_in(address: str, email: str, password: str) -> urllib.request.OpenerDirector:
    """Sign in through the sign-in form, and return a browser that keeps the session cookie."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = browser.open(f"{address}/sign-in", timeout=10).read().decode()
    fields = {"email": email, "password": password}
    if 'name="csrf_token"' in form:
        fields["csrf_token"] = form.split('name="csrf_token" value="')[1].split('"')[0]
    body = urllib.parse.urlencode(fields).encode()
    browser.open(urllib.request.Request(f"{address}/sign-in", data=body), timeout=10).read()
    return browser
