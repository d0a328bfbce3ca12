"""Tenants (academies) and the base class for every tenant-owned table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.db import models

from apps.tenants.context import NoTenantContext, current_tenant_id

M = TypeVar("M", bound="TenantOwnedModel")


class Tenant(models.Model):
    """One academy. Not tenant-owned itself: resolution reads it before any context."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    slug = models.SlugField(max_length=63, unique=True)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    custom_domain = models.CharField(max_length=253, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "tenants_tenants"
        ordering: ClassVar[list[str]] = ["id"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


def _require_tenant(model_name: str) -> int:
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise NoTenantContext(f"Cannot create a {model_name} outside a tenant context.")
    return tenant_id


class TenantOwnedManager(models.Manager[M]):
    """Fills ``tenant_id`` on bulk inserts too (``save()`` does it for single rows)."""

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        objs = list(objs)
        for obj in objs:
            if obj.tenant_id is None:
                obj.tenant_id = _require_tenant(type(obj).__name__)
        return super().bulk_create(objs, *args, **kwargs)


class TenantOwnedModel(models.Model):
    """Base class for tables isolated per tenant.

    ``tenant_id`` is NOT NULL, filled from the current tenant context on insert and never
    changed afterwards (Python refuses, and the RLS ``WITH CHECK`` clause makes the database
    refuse too). Every concrete subclass's migration must end with
    ``EnableTenantRLS("<model>")`` (see :mod:`apps.tenants.rls`); a test enforces it.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+", editable=False)

    objects: ClassVar[TenantOwnedManager[Any]] = TenantOwnedManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and self.tenant_id is None:
            self.tenant_id = _require_tenant(type(self).__name__)
        super().save(*args, **kwargs)
