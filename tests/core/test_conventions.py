"""Architecture rules that every app must keep (they fail when a new app breaks them)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from apps.core.api.base import AdminApi, BaseApi, SdkApi, StudentApi
from tests.urlwalk import routes

NAMESPACE_BASES = {
    "api/admin/": AdminApi,
    "api/student/": StudentApi,
    "sdk/v1/": SdkApi,
    "v1/": SdkApi,
}


# Admin views that skip the IAM check for reads (``AdminApi.panel_self_service``): they
# answer only from the caller's own allowed actions, so every panel user may read them.
# Adding a view here is a security decision: it must not reveal anything else.
PANEL_SELF_SERVICE_VIEWS = {
    "apps.systems.api.admin.ServicesMenuApi",
    "apps.systems.api.admin.InterfacesApi",
}


def api_views() -> list[tuple[str, type]]:
    return [
        (r.route, r.view_class)
        for r in routes()
        if any(r.route.startswith(p) for p in NAMESPACE_BASES)
    ]


def test_there_are_api_views_to_check():
    assert len(api_views()) >= 5


@pytest.mark.parametrize(("route", "view_class"), api_views(), ids=lambda v: str(v))
def test_every_api_view_uses_its_namespace_base_and_declares_an_action(route, view_class):
    assert isinstance(view_class, type), f"{route} is not a class-based API view"
    base = next(b for p, b in NAMESPACE_BASES.items() if route.startswith(p))
    assert issubclass(view_class, base), (
        f"{route}: {view_class.__name__} must subclass {base.__name__}"
    )
    assert issubclass(view_class, BaseApi)
    handlers = [m.lower() for m in view_class.served_methods()]
    assert handlers, f"{route}: {view_class.__name__} handles no HTTP method"
    if len(handlers) > 1 and not view_class.public:
        # One action per operation: a view serving several methods names each one's action,
        # and nothing falls back to the class-wide ``action``.
        declared = {m.lower() for m in view_class.method_actions}
        assert declared == set(handlers), (
            f"{route}: {view_class.__name__} serves {sorted(handlers)} but method_actions "
            f"declares {sorted(declared)}"
        )
    for method in handlers:
        action = view_class.action_for(method)
        if base is AdminApi:
            assert action, f"{route}: admin {method.upper()} must declare an action"
            assert not view_class.public, f"{route}: admin views cannot be public"
            if view_class.panel_self_service:
                name = f"{view_class.__module__}.{view_class.__qualname__}"
                assert name in PANEL_SELF_SERVICE_VIEWS, (
                    f"{route}: {name} skips the IAM check (panel_self_service) but is not on "
                    "the allow-list"
                )
                assert method == "get", f"{route}: only reads may be self-service"
        else:
            assert action or view_class.public, (
                f"{route}: {method.upper()} declares neither an action nor public = True"
            )


def test_admin_and_student_views_never_share_a_class():
    admin = {v for r, v in api_views() if r.startswith("api/admin/")}
    student = {v for r, v in api_views() if r.startswith("api/student/")}
    assert not admin & student


@pytest.mark.parametrize(
    "model",
    [m for m in apps.get_models() if m.__module__.startswith("apps.")],
    ids=lambda m: m.__name__,
)
def test_table_names_start_with_the_app_prefix(model):
    label = model._meta.app_label
    assert model._meta.db_table.startswith(f"{label}_"), model._meta.db_table
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through._meta.db_table
        assert through.startswith(f"{label}_"), through


def test_an_undeclared_method_gets_no_default_action():
    from apps.core.api.base import AdminApi as Base

    class TwoOperations(Base):
        action = "teacherseat:admin:x:things:read"
        method_actions = {"GET": "teacherseat:admin:x:things:read"}

        def get(self, request):  # pragma: no cover - never dispatched here
            raise AssertionError

        def delete(self, request):  # pragma: no cover
            raise AssertionError

    assert TwoOperations.action_for("GET") == "teacherseat:admin:x:things:read"
    assert TwoOperations.action_for("HEAD") == "teacherseat:admin:x:things:read"
    assert TwoOperations.action_for("DELETE") is None  # no fallback to ``action``
    assert TwoOperations.served_methods() == ["GET", "DELETE"]


@pytest.mark.django_db
def test_methods_a_view_does_not_serve_answer_405_before_any_check(owner_client, tenant):
    for method in ("put", "options", "trace"):
        response = getattr(owner_client, method)("/api/admin/iam/users")
        assert response.status_code == 405, (method, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
    anonymous = Client().delete("/api/admin/iam/users")
    assert anonymous.status_code == 405
