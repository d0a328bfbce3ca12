"""IAM reads: querylet documents for the admin API, and ``access_*`` lookups.

``access_<entity>(id)`` is the one way a view turns a URL id into an object: RLS hides
other tenants' rows, so an id from another academy is simply "not found" (404).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_date, parse_datetime

from apps.core.api.reads import array_response, object_response, paginated_response
from apps.core.errors import NotFound, ValidationFailed
from apps.iam.models import AccessKey, Group, ManagedPolicy, Role, User
from apps.iam.principals import USERS, PrincipalHolderKind, PrincipalKind
from querylet import django_adapter as ql

M = TypeVar("M", bound=Model)
P = TypeVar("P", User, Group, Role)


def _access(model: type[M], pk: Any, what: str) -> M:
    try:
        found = model._default_manager.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(f"No such {what}.")
    return found


def access_principal(kind: PrincipalKind[P], pk: Any) -> P:
    """The user, group or role ``pk`` of ``kind``; 404 ``No such <kind>.`` otherwise."""
    return _access(kind.model, pk, kind.name)


def access_user(pk: Any) -> User:
    return access_principal(USERS, pk)


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


def principal_detail_response(
    kind: PrincipalKind[Any], principal_id: int, *, status: int = 200
) -> HttpResponse:
    """The detail document of a user, group or role (``status`` 201 after a create)."""
    data = {"principal_id": principal_id, **kind.sql_flags()}
    return object_response(kind.detail_query, data, what=kind.name, status=status)


def user_detail_response(user_id: int, *, status: int = 200) -> HttpResponse:
    return principal_detail_response(USERS, user_id, status=status)


def holders_list_response(request: HttpRequest, kind: PrincipalHolderKind[Any]) -> HttpResponse:
    """Groups or roles (by ``kind``), paginated, with how many users each holds."""
    return paginated_response(request, "iam.holders.list", kind.sql_flags())


def policies_in_force(user_id: int) -> list[tuple[str, str, str]]:
    """``(kind, name, document JSON text)`` of every policy in force for a user, where kind
    is ``identity`` or ``boundary`` (one statement; see the template)."""
    rows = ql.fetch_rows("iam.principals.policies_in_force", {"user_id": user_id})
    return [(str(r["kind"]), str(r["name"]), str(r["document"])) for r in rows]


def policies_list_response(request: HttpRequest) -> HttpResponse:
    managed = {"true": True, "false": False}.get(request.GET.get("managed", ""))
    return paginated_response(request, "iam.policies.list", {"managed": managed})


def policy_detail_response(policy_id: int) -> HttpResponse:
    return object_response("iam.policies.detail", {"policy_id": policy_id}, what="policy")


def policy_versions_response(policy_id: int) -> HttpResponse:
    return array_response("iam.policies.versions", {"policy_id": policy_id})


AUDIT_EXPORT_MAX_ROWS = 50_000
AUDIT_OUTCOMES = ("success", "denied", "failure")
AUDIT_CSV_COLUMNS = (
    "at",
    "actor_email",
    "action",
    "target",
    "outcome",
    "system",
    "request_id",
    "ip",
    "details",
)


def audit_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """The audit list's filters from a query string; 400 on a bad outcome or date."""
    filters: dict[str, Any] = {
        "search": params.get("search") or None,
        "actor": params.get("actor") or None,
        "action": params.get("action") or None,
        "system": params.get("system") or None,
        "outcome": params.get("outcome") or None,
    }
    if filters["outcome"] not in (None, *AUDIT_OUTCOMES):
        raise ValidationFailed(
            "Unknown outcome.", errors={"outcome": [f"one of {', '.join(AUDIT_OUTCOMES)}"]}
        )
    for name in ("since", "until"):
        raw = params.get(name) or ""
        parsed = (parse_datetime(raw) or _midnight(parse_date(raw))) if raw else None
        if raw and parsed is None:
            raise ValidationFailed(
                f"{name} is not an ISO 8601 date.", errors={name: ["expected YYYY-MM-DD"]}
            )
        filters[name] = parsed.isoformat() if parsed else None
    return filters


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def audit_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "iam.audit.list", audit_filters(request.GET))


def audit_export_rows(params: Mapping[str, str]) -> list[list[str]]:
    """The filtered trail as CSV rows (header first), newest first, capped."""
    filters = {**audit_filters(params), "limit": AUDIT_EXPORT_MAX_ROWS}
    rows = ql.fetch_rows("iam.audit.export", filters)
    return [list(AUDIT_CSV_COLUMNS)] + [
        ["" if row[c] is None else str(row[c]) for c in AUDIT_CSV_COLUMNS] for row in rows
    ]


def access_keys_response(user_id: int) -> HttpResponse:
    return array_response("iam.access_keys.list", {"user_id": user_id})
