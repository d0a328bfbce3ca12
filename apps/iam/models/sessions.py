"""Browser sessions, isolated per academy like every other tenant-owned row."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models

from apps.tenants.models import TenantOwnedManager, TenantOwnedModel

if TYPE_CHECKING:
    from apps.iam.session_store import SessionStore


class TenantSessionManager(
    BaseSessionManager["TenantSession"], TenantOwnedManager["TenantSession"]
):
    pass


class TenantSession(AbstractBaseSession, TenantOwnedModel):
    """One session (``SESSION_ENGINE = "apps.iam.session_store"``), a row of the academy it
    was started on: presented on another academy's host it is simply not found (RLS).

    The key is ``<tenant id>-<32 random characters>``; see :mod:`apps.iam.session_store`.
    """

    session_key = models.CharField("session key", max_length=64, primary_key=True)

    objects: ClassVar[TenantSessionManager] = TenantSessionManager()  # type: ignore[assignment]

    class Meta:
        db_table = "iam_sessions"
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionStore]:
        from apps.iam.session_store import SessionStore

        return SessionStore

    def __str__(self) -> str:
        return self.session_key
