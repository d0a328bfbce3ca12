"""The SDK API's OpenAPI document matches the routes and what they answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from apps.sdk_api.api.sdk import OPENAPI_DOCUMENT
from tests.iam.helpers import SDK_HOST, create_key, sdk

pytestmark = pytest.mark.django_db

SPEC = json.loads(OPENAPI_DOCUMENT.read_text())
TYPES = {"object": dict, "string": str, "integer": int, "boolean": bool, "null": type(None)}


def sdk_routes() -> dict[str, Any]:
    resolver = get_resolver("apps.sdk_api.urls_sdk")
    return {
        "/" + str(p.pattern): p.callback.view_class
        for p in resolver.url_patterns
        if isinstance(p, URLPattern)
    }


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = SPEC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return resolve(node)


def conforms(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """A small structural check: declared types, required keys, nested properties."""
    schema = resolve(schema)
    problems: list[str] = []
    declared = schema.get("type")
    if declared:
        allowed = declared if isinstance(declared, list) else [declared]
        if not any(
            isinstance(value, TYPES[t]) and not (t == "integer" and isinstance(value, bool))
            for t in allowed
        ):
            return [f"{where}: {value!r} is not {allowed}"]
    if isinstance(value, dict):
        problems += [
            f"{where}.{key}: missing" for key in schema.get("required", []) if key not in value
        ]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += conforms(value[key], sub, f"{where}.{key}")
    return problems


def test_spec_is_openapi_3_1_with_an_access_key_scheme():
    assert SPEC["openapi"] == "3.1.0"
    assert SPEC["components"]["securitySchemes"]["accessKey"]["scheme"] == "bearer"


def test_every_route_is_documented_and_every_documented_path_exists():
    assert set(SPEC["paths"]) == set(sdk_routes())


@pytest.mark.parametrize("path", sorted(sdk_routes()))
def test_security_in_the_spec_matches_the_view(path):
    view = sdk_routes()[path]
    operation = SPEC["paths"][path]["get"]
    if view.public:
        assert operation["security"] == []
    else:
        assert operation["security"] == [{"accessKey": []}]
        assert view.action in operation["description"]


def test_the_document_is_served_by_the_api(tenant):
    response = Client().get("/v1/openapi.json", **SDK_HOST)
    assert response.status_code == 200
    assert json.loads(response.content) == SPEC


def test_answers_conform_to_the_documented_schemas(owner_client, tenant, owner):
    ping = Client().get("/v1/ping", **SDK_HOST)
    ok = SPEC["paths"]["/ping"]["get"]["responses"]["200"]["content"]["application/json"]
    assert conforms(ping.json(), ok["schema"]) == []

    key = create_key(owner_client, owner.pk)
    me = sdk(key["key_id"], key["secret"])
    ok = SPEC["paths"]["/me"]["get"]["responses"]["200"]["content"]["application/json"]
    assert conforms(me.json(), ok["schema"]) == []

    denied = sdk(key["key_id"], "wrong-secret")
    assert denied.status_code == 401
    assert conforms(denied.json(), SPEC["components"]["schemas"]["Problem"]) == []


def test_the_conformance_check_can_fail():
    schema = SPEC["components"]["schemas"]["Me"]
    assert conforms({"tenant": "a", "user": {"id": "1"}}, schema) == [
        "$.access_key: missing",
        "$.user.email: missing",
        "$.user.name: missing",
        "$.user.id: '1' is not ['integer']",
    ]
