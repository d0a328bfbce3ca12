"""Webhooks fixtures: a local receiver, private hosts allowed for it, a factory of endpoints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from apps.iam import authorization
from apps.tenants.context import tenant_context
from apps.webhooks import services
from tests.webhooks.helpers import Receiver, running_receiver


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings: Any) -> None:
    """Like local development: 127.0.0.1 and localhost may receive webhooks."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1", "localhost"]
    settings.WEBHOOKS_ALLOW_HTTP = True


@pytest.fixture(autouse=True)
def _fresh_policy_cache() -> None:
    authorization.cache_clear()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def make_endpoint(tenant: Any) -> Callable[..., tuple[Any, str]]:
    """``make_endpoint(url, event_types=["*"], **fields)`` → (endpoint, secret)."""

    def make(url: str, event_types: list[str] | None = None, **fields: Any) -> tuple[Any, str]:
        with tenant_context(tenant):
            return services.endpoint_create(
                actor=None, url=url, event_types=event_types or ["*"], **fields
            )

    return make
