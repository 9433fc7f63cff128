"""Write the API's OpenAPI 3.1 document from the routes' own response models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from toolkit.core.input_limits import LARGEST_ID
from toolkit.opendata.api_models import Error

REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "path" or "query"
    description: str
    required: bool = True


@dataclass(frozen=True)
class Operation:
    """One GET route: its path in OpenAPI form, what it returns, and its parameters."""

    path: str
    name: str
    summary: str
    model: type[BaseModel]
    parameters: tuple[Parameter, ...] = field(default=())


ERRORS = {
    "400": "A parameter is not valid; `detail` says which and how to fix it.",
    "401": "No API key, or one this install does not know.",
    "404": "Nothing with that id in the key's organisation.",
}


def openapi_document(operations: list[Operation], title: str, version: str) -> dict[str, Any]:
    """Build the document: every path, parameter and response schema."""
    models: list[type[BaseModel]] = [Error, *(operation.model for operation in operations)]
    refs, definitions = models_json_schema(
        [(model, "serialization") for model in dict.fromkeys(models)], ref_template=REF
    )
    paths: dict[str, Any] = {}
    for operation in operations:
        responses: dict[str, Any] = {
            "200": {
                "description": operation.summary,
                "content": {
                    "application/json": {"schema": refs[(operation.model, "serialization")]}
                },
            }
        }
        for code, meaning in ERRORS.items():
            responses[code] = {
                "description": meaning,
                "content": {"application/json": {"schema": refs[(Error, "serialization")]}},
            }
        paths[operation.path] = {
            "get": {
                "operationId": operation.name,
                "summary": operation.summary,
                "parameters": [_parameter(p) for p in operation.parameters],
                "responses": responses,
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": (
                "Read-only access to one organisation's groups, rounds, questionnaires and "
                "profiles. Profiles follow the same anonymity rules as every page: values "
                "from fewer than a round's threshold of responses are never included."
            ),
        },
        "servers": [{"url": "/api"}],
        "security": [{"apiKey": []}],
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An organisation's API key: Authorization: Bearer <key>.",
                }
            },
        },
        "paths": paths,
    }


def _parameter(parameter: Parameter) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "in": parameter.where,
        "required": parameter.required,
        "description": parameter.description,
        "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
    }
