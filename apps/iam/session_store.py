"""The session engine: Django's database store on the tenant-owned ``iam_sessions`` table.

SessionMiddleware runs inside TenantMiddleware, so a session is loaded and saved in the
request's tenant transaction and row-level security decides which rows exist: a cookie
minted on academy A finds no session on academy B's host.

Keys read ``<tenant id>-<32 random characters>``. Inside a tenant context a key naming
another tenant is not even looked up. Outside one (tests, scripts, maintenance) the store
opens the context the key names, so RLS applies all the same. Keys of any other shape are
ignored (a new session starts), without a query.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DBSessionStore
from django.utils.crypto import get_random_string

from apps.iam.models import TenantSession
from apps.tenants.context import NoTenantContext, current_tenant_id, tenant_context
from apps.tenants.models import Tenant

if TYPE_CHECKING:
    _Base = DBSessionStore[TenantSession]
else:
    _Base = DBSessionStore

_KEY = re.compile(r"([1-9][0-9]{0,17})-[a-z0-9]{32}")


def key_tenant_id(session_key: object) -> int | None:
    """The tenant a well-formed key names (ASCII digits, below 2^63), else None."""
    match = _KEY.fullmatch(session_key) if isinstance(session_key, str) else None
    return int(match.group(1)) if match else None


class SessionStore(_Base):
    @classmethod
    def get_model_class(cls) -> type[TenantSession]:
        return TenantSession

    def _validate_session_key(self, key: str | None) -> bool:
        return key_tenant_id(key) is not None

    def _get_new_session_key(self) -> str:
        tenant_id = current_tenant_id()
        if tenant_id is None:
            raise NoTenantContext("A session can only start inside a tenant context.")
        while True:
            key = f"{tenant_id}-{get_random_string(32, VALID_KEY_CHARS)}"
            if not self.exists(key):
                return key

    @staticmethod
    def _scope(session_key: str | None) -> AbstractContextManager[None] | None:
        """The tenant context the key's row is reached in; None when it is out of reach."""
        tenant_id = key_tenant_id(session_key)
        if tenant_id is None:
            return None
        current = current_tenant_id()
        if current is None:
            return tenant_context(tenant_id)
        return nullcontext() if current == tenant_id else None

    def _get_session_from_db(self) -> TenantSession | None:
        scope = self._scope(self.session_key)
        if scope is None:
            self._session_key = None
            return None
        with scope:
            session: TenantSession | None = super()._get_session_from_db()  # type: ignore[misc]
            return session

    def exists(self, session_key: str) -> bool:
        scope = self._scope(session_key)
        if scope is None:
            return False
        with scope:
            return super().exists(session_key)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        scope = self._scope(self.session_key)
        if scope is None:
            raise UpdateError  # another academy's key: there is nothing here to update
        with scope:
            super().save(must_create)
        return None

    def delete(self, session_key: str | None = None) -> None:
        key = self.session_key if session_key is None else session_key
        scope = self._scope(key)
        if scope is None:
            return
        with scope:
            super().delete(key)

    @classmethod
    def clear_expired(cls) -> None:
        """Delete expired sessions: the current academy's, or (outside a tenant context,
        as a scheduled job runs) every academy's, each in its own context."""
        if current_tenant_id() is not None:
            super().clear_expired()
            return
        for tenant_id in Tenant.objects.values_list("pk", flat=True):
            with tenant_context(tenant_id):
                super().clear_expired()
