"""Resolve the tenant for each request and run the request inside its transaction."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from apps.core.error_pages import response_for_error
from apps.core.errors import response_commits
from apps.tenants.context import SESSION_TENANT_KEY, deferred_tenant_scope, tenant_context
from apps.tenants.errors import TenantNotFound, TenantSuspended
from apps.tenants.resolution import sdk_host, split_host, tenant_for_host

GetResponse = Callable[[HttpRequest], HttpResponse]
TENANT_FREE_PATHS = ("/healthz", "/static/")


def _finish(response: HttpResponse) -> HttpResponse:
    # The one place a request's commit is decided: a 4xx/5xx answer commits nothing unless
    # its error type declared that the work before it must persist (ApiError.commits).
    if not response_commits(response):
        transaction.set_rollback(True)
    return response


class TenantMiddleware:
    """Sets ``request.tenant`` and wraps the view in a tenant-scoped transaction.

    The SDK host (``api.<PRIMARY_DOMAIN>``) routes to the SDK URLconf; its tenant comes
    from the access key, which the SDK base view activates inside this transaction.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.tenant = None  # type: ignore[attr-defined]
        if request.path.startswith(TENANT_FREE_PATHS):
            return self.get_response(request)
        hostname = split_host(request.get_host())
        if hostname == sdk_host():
            request.urlconf = "teacherseat.urls_sdk"  # type: ignore[attr-defined]
            with deferred_tenant_scope():
                return _finish(self.get_response(request))
        tenant = tenant_for_host(hostname)
        if tenant is None:
            return response_for_error(request, TenantNotFound())
        if not tenant.is_active:
            return response_for_error(request, TenantSuspended())
        request.tenant = tenant  # type: ignore[attr-defined]
        with tenant_context(tenant):
            return _finish(self.get_response(request))


class TenantSessionGuardMiddleware:
    """A session signed in on tenant A is signed out when presented on tenant B's host."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        session_tenant = request.session.get(SESSION_TENANT_KEY)
        if session_tenant is not None and (tenant is None or session_tenant != tenant.pk):
            request.user = AnonymousUser()
        return self.get_response(request)
