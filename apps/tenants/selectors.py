"""Reads other apps may use about academies (links, lookups)."""

from __future__ import annotations

from apps.tenants.resolution import tenant_url

__all__ = ["tenant_url"]
