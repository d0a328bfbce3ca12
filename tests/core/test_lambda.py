"""The WSGI app runs behind Zappa's Lambda handler (API Gateway REST v1 and HTTP API v2).

Zappa generates a ``zappa_settings`` module from ``zappa_settings.json`` when it packages
the app; this test builds the same module from the JSON's ``dev`` stage and drives the real
handler in-process.
"""

from __future__ import annotations

import base64
import json
import sys
import types
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_tenant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def lambda_handler():
    stage = json.loads(Path(settings.BASE_DIR, "zappa_settings.json").read_text())["dev"]
    module = types.ModuleType("ts_zappa_settings")
    module.__dict__.update(
        API_STAGE="dev",
        PROJECT_NAME=stage["project_name"],
        DJANGO_SETTINGS=stage["django_settings"],
        LOG_LEVEL="WARNING",
        DEBUG=False,
        BINARY_SUPPORT=stage["binary_support"],
        CONTEXT_HEADER_MAPPINGS={},
        DOMAIN=None,
        ENVIRONMENT_VARIABLES={},  # the test keeps its own (local) environment
        EXCEPTION_HANDLER=None,
        AWS_EVENT_MAPPING={},
    )
    sys.modules["ts_zappa_settings"] = module
    from zappa.handler import LambdaHandler

    handler = LambdaHandler("ts_zappa_settings")
    yield handler
    sys.modules.pop("ts_zappa_settings", None)


def rest_v1_event(path: str, host: str = "localhost") -> dict:
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Host": host, "Accept": "application/json", "X-Forwarded-Proto": "https"},
        "multiValueHeaders": {"Host": [host], "Accept": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "GET",
            "path": f"/dev{path}",
            "stage": "dev",
            "identity": {"sourceIp": "203.0.113.7"},
            "requestId": "req-v1",
        },
        "body": None,
        "isBase64Encoded": False,
    }


def http_v2_event(path: str, host: str = "localhost") -> dict:
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": host, "accept": "application/json", "x-forwarded-proto": "https"},
        "requestContext": {
            "http": {
                "method": "GET",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.8",
            },
            "requestId": "req-v2",
            "stage": "$default",
            "domainName": host,
        },
        "body": None,
        "isBase64Encoded": False,
    }


def decode(result: dict) -> tuple[int, dict, dict]:
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    body = result["body"]
    if result.get("isBase64Encoded"):  # API Gateway decodes this for the client
        body = base64.b64decode(body).decode()
    return result["statusCode"], headers, json.loads(body)


@pytest.mark.parametrize("make_event", [rest_v1_event, http_v2_event], ids=["rest-v1", "http-v2"])
def test_healthz_through_the_lambda_handler(lambda_handler, make_event):
    status, headers, body = decode(lambda_handler.handler(make_event("/healthz"), None))
    assert status == 200
    assert body == {"status": "ok", "database": "up"}
    assert headers["content-type"] == "application/json"
    assert len(headers["x-request-id"]) == 32


@pytest.mark.parametrize("make_event", [rest_v1_event, http_v2_event], ids=["rest-v1", "http-v2"])
def test_api_routes_through_the_lambda_handler(lambda_handler, make_event):
    make_tenant("default", "Default")
    status, _, body = decode(lambda_handler.handler(make_event("/sdk/v1/ping"), None))
    assert (status, body) == (200, {"pong": True, "api_version": "v1"})

    status, headers, body = decode(
        lambda_handler.handler(make_event("/api/admin/systems/services"), None)
    )
    assert status == 401
    assert headers["content-type"] == "application/problem+json"
    assert body["code"] == "not_authenticated"
