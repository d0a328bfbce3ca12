"""Small helpers for the IAM tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

JSON = "application/json"
API = "/api/admin/iam/"
SDK_HOST = {"HTTP_HOST": "api.localhost"}


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, body or {}, content_type=JSON)


def put(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.put(path, body or {}, content_type=JSON)


def patch(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.patch(path, body or {}, content_type=JSON)


def allow(
    actions: str | list[str], resource: str | list[str] = "*", **extra: Any
) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource, **extra}],
    }


def deny(actions: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": actions, "Resource": resource, **extra}],
    }


def sdk(key_id: str, secret: str, path: str = "/v1/me", **extra: str) -> Any:
    return Client().get(
        path, HTTP_AUTHORIZATION=f"Bearer {key_id}:{secret}", **{**SDK_HOST, **extra}
    )


def create_key(client: Client, user_id: int, **body: Any) -> dict[str, Any]:
    response = post(client, API + f"users/{user_id}/access-keys", body)
    assert response.status_code == 201, response.content
    return response.json()
