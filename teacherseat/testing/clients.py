"""Signed-in Django test clients, for tests and benchmarks."""

from __future__ import annotations

from typing import Any

from django.test import Client

from apps.tenants.context import SESSION_TENANT_KEY, tenant_context


def signed_in(user: Any) -> Client:
    """A test client with ``user`` signed in on its own tenant (as the sign-in API does)."""
    client = Client()
    with tenant_context(user.tenant_id):  # sessions are rows of the user's academy
        client.force_login(user)
        session = client.session
        session[SESSION_TENANT_KEY] = user.tenant_id
        session.save()
    return client
