"""IAM reads: querylet documents for the admin API, and ``access_*`` lookups.

``access_<entity>(id)`` is the one way a view turns a URL id into an object: RLS hides
other tenants' rows, so an id from another academy is simply "not found" (404).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from apps.core.api.reads import array_response, object_response, paginated_response
from apps.core.errors import NotFound, ValidationFailed
from apps.iam.models import AccessKey, Group, ManagedPolicy, Role, User

M = TypeVar("M", bound=Model)


def _access(model: type[M], pk: Any, what: str) -> M:
    try:
        found = model._default_manager.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(f"No such {what}.")
    return found


def access_user(pk: Any) -> User:
    return _access(User, pk, "user")


def access_group(pk: Any) -> Group:
    return _access(Group, pk, "group")


def access_role(pk: Any) -> Role:
    return _access(Role, pk, "role")


def access_policy(pk: Any) -> ManagedPolicy:
    return _access(ManagedPolicy, pk, "policy")


def access_key(user: User, key_id: str) -> AccessKey:
    key: AccessKey | None = (
        AccessKey.objects.select_related("user").filter(user=user, key_id=key_id).first()
    )
    if key is None:
        raise NotFound("No such access key.")
    return key


def users_list_response(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *User.Status.values):
        raise ValidationFailed(
            "Unknown status.", code="invalid_filter", errors={"status": ["unknown"]}
        )
    staff_raw = request.GET.get("staff")
    if staff_raw not in (None, "", "true", "false"):
        raise ValidationFailed(
            "staff must be true or false.", code="invalid_filter", errors={"staff": ["bool"]}
        )
    staff = None if not staff_raw else staff_raw == "true"
    return paginated_response(
        request,
        "iam.users.list",
        {"status": status, "staff": staff, "has_staff_filter": staff is not None},
    )


def user_detail_response(user_id: int) -> HttpResponse:
    return object_response("iam.users.detail", {"user_id": user_id}, what="user")


def groups_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "iam.groups.list")


def group_detail_response(group_id: int) -> HttpResponse:
    return object_response("iam.groups.detail", {"group_id": group_id}, what="group")


def roles_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "iam.roles.list")


def role_detail_response(role_id: int) -> HttpResponse:
    return object_response("iam.roles.detail", {"role_id": role_id}, what="role")


def policies_list_response(request: HttpRequest) -> HttpResponse:
    managed = {"true": True, "false": False}.get(request.GET.get("managed", ""))
    return paginated_response(request, "iam.policies.list", {"managed": managed})


def policy_detail_response(policy_id: int) -> HttpResponse:
    return object_response("iam.policies.detail", {"policy_id": policy_id}, what="policy")


def policy_versions_response(policy_id: int) -> HttpResponse:
    return array_response("iam.policies.versions", {"policy_id": policy_id})


def audit_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "iam.audit.list")


def access_keys_response(user_id: int) -> HttpResponse:
    return array_response("iam.access_keys.list", {"user_id": user_id})
