"""schemathesis drives every API route from its OpenAPI document, against the demo."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from toolkit.storage.models import Organisation


@pytest.fixture
def api_schema(
    app: Flask, demo_organisation: Organisation, api_key: str
) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    schema.config.headers = {"Authorization": f"Bearer {api_key}"}
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_request_within_its_own_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={
            "Authorization": case.operation.schema.config.headers["Authorization"],
            # Its WSGI transport hands over the body as sent, where an HTTP client would
            # undo the compression it asked for; so ask for none.
            "Accept-Encoding": "identity",
        },
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
