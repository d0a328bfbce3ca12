"""Admin API of IAM: users, groups, roles, policies, attachments, keys, simulator, audit.

Views parse input, call one service or selector and shape the response. Every URL id goes
through ``selectors.access_*`` (404 outside the caller's tenant: RLS hides the row).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, ClassVar, Self, cast

from django.http import HttpResponse, JsonResponse
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api.base import django_request
from apps.core.api.parsing import parse
from apps.core.errors import ValidationFailed
from apps.iam import authorization, selectors
from apps.iam.api.common import IamAdminApi
from apps.iam.models import AccessKey, ManagedPolicy, User
from apps.iam.permissions import Iam
from apps.iam.principals import PrincipalHolderKind, PrincipalKind
from apps.iam.services import holders as holder_services
from apps.iam.services import keys as key_services
from apps.iam.services import policies as services
from apps.iam.services import settings as settings_services
from apps.iam.services import simulator
from apps.iam.services import users as user_services
from apps.iam.services.policies import Principal

DOCUMENT = serializers.DictField()


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False)


def _with_warnings(
    response: HttpResponse, warnings: list[dict[str, str]], status: int = 200
) -> HttpResponse:
    """The detail document Postgres built, with the validation warnings of the document
    just saved appended as its last member (its bytes are spliced, not parsed again)."""
    document = response.content.rstrip()
    assert document.endswith(b"}"), "a detail document is a JSON object"
    head = document[:-1].rstrip()
    separator = b"" if head.endswith(b"{") else b","
    response.content = head + separator + b'"warnings":' + json.dumps(warnings).encode() + b"}"
    response.status_code = status
    return response


# --- account settings --------------------------------------------------------------------


class AccountSettingsIn(serializers.Serializer[Any]):
    signin_requires_verified_email = serializers.BooleanField(required=False)


class AccountSettingsApi(IamAdminApi):
    """``GET``/``PATCH account-settings``: how accounts behave in this academy."""

    action = Iam.SETTINGS_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.SETTINGS_READ,
        "PATCH": Iam.SETTINGS_UPDATE,
    }

    def get(self, request: Request) -> HttpResponse:
        return _json(
            settings_services.account_settings_body(settings_services.account_settings_get())
        )

    def patch(self, request: Request) -> HttpResponse:
        data = parse(AccountSettingsIn, request.data, partial=True)
        updated = settings_services.account_settings_update(actor=self.actor, **data)
        return _json(settings_services.account_settings_body(updated))


# --- users -----------------------------------------------------------------------------


class UserCreateIn(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    password = serializers.CharField(max_length=256, required=False, default=None, allow_null=True)
    admin_panel_access = serializers.BooleanField(required=False, default=False)


class UsersApi(IamAdminApi):
    """``GET users`` (list/search/sort/paginate, ``status`` filter); ``POST users`` (create)."""

    method_actions: ClassVar[dict[str, str]] = {"GET": Iam.USERS_LIST, "POST": Iam.USERS_CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.users_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        data = parse(UserCreateIn, request.data)
        user = user_services.user_create(actor=self.actor, **data)
        return selectors.user_detail_response(user.pk, status=201)


class _UserApi(IamAdminApi):
    """A view under ``users/<user_id>``: the resource is ``user/<user_id>``."""

    resource_kind, resource_kwarg = "user", "user_id"

    def user(self) -> User:
        return selectors.access_user(self.kwargs["user_id"])


class UserUpdateIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    admin_panel_access = serializers.BooleanField(required=False)
    tags = serializers.DictField(child=serializers.CharField(max_length=256), required=False)


class UserApi(_UserApi):
    """``GET|PATCH|DELETE users/<user_id>``."""

    method_actions = {"GET": Iam.USERS_READ, "PATCH": Iam.USERS_UPDATE, "DELETE": Iam.USERS_DELETE}

    def get(self, request: Request, user_id: int) -> HttpResponse:
        return selectors.user_detail_response(user_id)

    def patch(self, request: Request, user_id: int) -> HttpResponse:
        user = self.user()
        changes = parse(UserUpdateIn, request.data)
        user_services.user_update(actor=self.actor, user=user, changes=changes)
        return selectors.user_detail_response(user.pk)

    def delete(self, request: Request, user_id: int) -> HttpResponse:
        user_services.user_delete(actor=self.actor, user=self.user())
        return HttpResponse(status=204)


class UserSuspendApi(_UserApi):
    """``POST users/<user_id>/suspend``."""

    action = Iam.USERS_SUSPEND
    status: ClassVar[str] = User.Status.SUSPENDED

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = user_services.user_set_status(actor=self.actor, user=self.user(), status=self.status)
        return selectors.user_detail_response(user.pk)


class UserUnsuspendApi(UserSuspendApi):
    """``POST users/<user_id>/unsuspend``."""

    status = User.Status.ACTIVE


class UserResetMfaApi(_UserApi):
    """``POST users/<user_id>/reset-mfa``: turns MFA off and drops recovery codes."""

    action = Iam.USERS_RESET_MFA

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = user_services.user_reset_mfa(actor=self.actor, user=self.user())
        return selectors.user_detail_response(user.pk)


class BoundaryIn(serializers.Serializer[Any]):
    policy_id = serializers.IntegerField()


class UserBoundaryApi(_UserApi):
    """``PUT users/<user_id>/boundary`` {policy_id}; ``DELETE`` removes it."""

    action = Iam.USERS_PUT_BOUNDARY
    # Setting and removing it are one permission, declared for both methods.
    method_actions: ClassVar[dict[str, str]] = {
        "PUT": Iam.USERS_PUT_BOUNDARY,
        "DELETE": Iam.USERS_PUT_BOUNDARY,
    }

    def put(self, request: Request, user_id: int) -> HttpResponse:
        user = self.user()
        policy = selectors.access_policy(parse(BoundaryIn, request.data)["policy_id"])
        services.boundary_put(actor=self.actor, user=user, policy=policy)
        return selectors.user_detail_response(user.pk)

    def delete(self, request: Request, user_id: int) -> HttpResponse:
        services.boundary_delete(actor=self.actor, user=self.user())
        return HttpResponse(status=204)


# --- principals: the policies of users, groups and roles; groups and roles --------------
#
# Written once for every kind of principal (apps/iam/principals.py declares what differs).


class _KindApi(IamAdminApi):
    """A view written for every principal kind; urls_admin.py mounts ``for_kind(kind)``."""

    kind: ClassVar[PrincipalKind[Any]]
    # HTTP method -> verb of the kind's ``actions``; views with one fixed action set ``action``.
    verbs: ClassVar[dict[str, str]] = {}

    @classmethod
    def for_kind(cls, kind: PrincipalKind[Any]) -> type[Self]:
        """This view for ``kind``: its resource is ``<kind>/<id>`` (the URL's id), and each
        HTTP method in ``verbs`` declares the kind's action for that verb."""
        actions: dict[str, str] = getattr(kind, "actions", {})
        namespace: dict[str, Any] = {
            "__module__": cls.__module__,
            "__doc__": cls.__doc__,
            "kind": kind,
            "resource_kind": kind.name,
            "resource_kwarg": kind.url_kwarg,
        }
        if cls.verbs:
            namespace["method_actions"] = {m: actions[verb] for m, verb in cls.verbs.items()}
        return cast(type[Self], type(f"{cls.__name__}[{kind.plural}]", (cls,), namespace))

    def principal_id(self) -> Any:
        return self.kwargs[self.kind.url_kwarg]

    def principal(self) -> Any:
        return selectors.access_principal(self.kind, self.principal_id())

    def detail(self, principal: Principal, status: int = 200) -> HttpResponse:
        return selectors.principal_detail_response(self.kind, principal.pk, status=status)


class AttachmentApi(_KindApi):
    """``PUT|DELETE <principals>/<id>/policies/<policy_id>``: attach or detach."""

    action = Iam.POLICIES_ATTACH
    # Setting and removing it are one permission, declared for both methods.
    method_actions: ClassVar[dict[str, str]] = {
        "PUT": Iam.POLICIES_ATTACH,
        "DELETE": Iam.POLICIES_ATTACH,
    }

    def put(self, request: Request, policy_id: int, **ids: int) -> HttpResponse:
        principal = self.principal()
        policy = selectors.access_policy(policy_id)
        services.policy_attach(actor=self.actor, policy=policy, principal=principal)
        return self.detail(principal)

    def delete(self, request: Request, policy_id: int, **ids: int) -> HttpResponse:
        principal = self.principal()
        policy = selectors.access_policy(policy_id)
        services.policy_detach(actor=self.actor, policy=policy, principal=principal)
        return HttpResponse(status=204)


class InlineIn(serializers.Serializer[Any]):
    document = DOCUMENT


class InlineApi(_KindApi):
    """``PUT|DELETE <principals>/<id>/inline-policies/<name>`` {document}."""

    action = Iam.POLICIES_ATTACH
    # Setting and removing it are one permission, declared for both methods.
    method_actions: ClassVar[dict[str, str]] = {
        "PUT": Iam.POLICIES_ATTACH,
        "DELETE": Iam.POLICIES_ATTACH,
    }

    def put(self, request: Request, name: str, **ids: int) -> HttpResponse:
        principal = self.principal()
        document = parse(InlineIn, request.data)["document"]
        saved = services.inline_policy_put(
            actor=self.actor, principal=principal, name=name, document=document
        )
        return _with_warnings(self.detail(principal), saved.warnings)

    def delete(self, request: Request, name: str, **ids: int) -> HttpResponse:
        services.inline_policy_delete(actor=self.actor, principal=self.principal(), name=name)
        return HttpResponse(status=204)


class NamedIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=128)
    description = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class NamedPatchIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=128, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


class HoldersApi(_KindApi):
    """``GET <holders>`` (paginated); ``POST <holders>`` {name, description}."""

    kind: ClassVar[PrincipalHolderKind[Any]]
    verbs: ClassVar[dict[str, str]] = {"GET": "list", "POST": "create"}

    def get(self, request: Request) -> HttpResponse:
        return selectors.holders_list_response(request, self.kind)

    def post(self, request: Request) -> HttpResponse:
        data = parse(NamedIn, request.data)
        holder = holder_services.holder_create(actor=self.actor, kind=self.kind, **data)
        return self.detail(holder, status=201)


class HolderApi(_KindApi):
    """``GET|PATCH|DELETE <holders>/<id>``."""

    verbs: ClassVar[dict[str, str]] = {"GET": "read", "PATCH": "update", "DELETE": "delete"}

    def get(self, request: Request, **ids: int) -> HttpResponse:
        return selectors.principal_detail_response(self.kind, self.principal_id())

    def patch(self, request: Request, **ids: int) -> HttpResponse:
        holder = self.principal()
        changes = parse(NamedPatchIn, request.data)
        holder_services.holder_update(actor=self.actor, holder=holder, **changes)
        return self.detail(holder)

    def delete(self, request: Request, **ids: int) -> HttpResponse:
        holder_services.holder_delete(actor=self.actor, holder=self.principal())
        return HttpResponse(status=204)


class HolderUserApi(_KindApi):
    """``PUT|DELETE <holders>/<id>/<members>/<user_id>``: put a user in or take one out."""

    verbs: ClassVar[dict[str, str]] = {"PUT": "update", "DELETE": "update"}

    def put(self, request: Request, user_id: int, **ids: int) -> HttpResponse:
        holder = self.principal()
        user = selectors.access_user(user_id)
        holder_services.holder_user_add(actor=self.actor, holder=holder, user=user)
        return self.detail(holder)

    def delete(self, request: Request, user_id: int, **ids: int) -> HttpResponse:
        holder = self.principal()
        user = selectors.access_user(user_id)
        holder_services.holder_user_remove(actor=self.actor, holder=holder, user=user)
        return HttpResponse(status=204)


# --- managed policies ------------------------------------------------------------------


class PolicyCreateIn(serializers.Serializer[Any]):
    name = serializers.RegexField(r"^[A-Za-z0-9+=,.@_-]{1,128}$")
    description = serializers.CharField(
        max_length=1000, required=False, default="", allow_blank=True
    )
    document = DOCUMENT


class PoliciesApi(IamAdminApi):
    """``GET policies`` (paginated, ``managed`` filter); ``POST policies``."""

    method_actions = {"GET": Iam.POLICIES_LIST, "POST": Iam.POLICIES_CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.policies_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        saved = services.policy_create(actor=self.actor, **parse(PolicyCreateIn, request.data))
        return _with_warnings(selectors.policy_detail_response(saved.obj.pk), saved.warnings, 201)


class _PolicyApi(IamAdminApi):
    """A view under ``policies/<policy_id>``: the resource is ``policy/<policy_id>``."""

    resource_kind, resource_kwarg = "policy", "policy_id"

    def policy(self) -> ManagedPolicy:
        return selectors.access_policy(self.kwargs["policy_id"])


class PolicyPatchIn(serializers.Serializer[Any]):
    name = serializers.RegexField(r"^[A-Za-z0-9+=,.@_-]{1,128}$", required=False)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class PolicyApi(_PolicyApi):
    """``GET|PATCH|DELETE policies/<policy_id>``."""

    method_actions = {
        "GET": Iam.POLICIES_READ,
        "PATCH": Iam.POLICIES_UPDATE,
        "DELETE": Iam.POLICIES_DELETE,
    }

    def get(self, request: Request, policy_id: int) -> HttpResponse:
        return selectors.policy_detail_response(policy_id)

    def patch(self, request: Request, policy_id: int) -> HttpResponse:
        policy = self.policy()
        changes = parse(PolicyPatchIn, request.data)
        services.policy_update(actor=self.actor, policy=policy, **changes)
        return selectors.policy_detail_response(policy.pk)

    def delete(self, request: Request, policy_id: int) -> HttpResponse:
        services.policy_delete(actor=self.actor, policy=self.policy())
        return HttpResponse(status=204)


class VersionIn(serializers.Serializer[Any]):
    document = DOCUMENT
    set_default = serializers.BooleanField(required=False, default=False)


class PolicyVersionsApi(_PolicyApi):
    """``GET policies/<policy_id>/versions``; ``POST`` {document, set_default} (max 5)."""

    method_actions = {"GET": Iam.POLICIES_READ, "POST": Iam.POLICIES_UPDATE}

    def get(self, request: Request, policy_id: int) -> HttpResponse:
        return selectors.policy_versions_response(self.policy().pk)

    def post(self, request: Request, policy_id: int) -> HttpResponse:
        policy = self.policy()
        data = parse(VersionIn, request.data)
        saved = services.policy_version_create(actor=self.actor, policy=policy, **data)
        version = saved.obj
        body = {"number": version.number, "document": version.document, "warnings": saved.warnings}
        return _json(body, 201)


class PolicyVersionApi(_PolicyApi):
    """``DELETE policies/<policy_id>/versions/<number>`` (not the default one)."""

    action = Iam.POLICIES_UPDATE

    def delete(self, request: Request, policy_id: int, number: int) -> HttpResponse:
        services.policy_version_delete(actor=self.actor, policy=self.policy(), number=number)
        return HttpResponse(status=204)


class PolicyDefaultVersionApi(_PolicyApi):
    """``POST policies/<policy_id>/versions/<number>/default``."""

    action = Iam.POLICIES_UPDATE

    def post(self, request: Request, policy_id: int, number: int) -> HttpResponse:
        policy = self.policy()
        services.policy_version_set_default(actor=self.actor, policy=policy, number=number)
        return selectors.policy_detail_response(policy.pk)


# --- simulator and audit ---------------------------------------------------------------


class SimulateIn(serializers.Serializer[Any]):
    user_id = serializers.IntegerField(required=False)
    policies = serializers.ListField(child=serializers.DictField(), required=False, max_length=50)
    boundary = serializers.DictField(required=False)
    action = serializers.CharField(max_length=300)
    resource = serializers.CharField(max_length=1000, required=False, default="*")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("user_id" in attrs) == ("policies" in attrs):
            raise serializers.ValidationError("Give exactly one of user_id or policies.")
        return attrs


def _simulation_context(request: Request) -> dict[str, Any]:
    """The body's ``context`` object (condition keys for the simulated request)."""
    body = request.data if isinstance(request.data, dict) else {}
    context = body.get("context") or {}
    if not isinstance(context, dict):
        raise ValidationFailed("context must be an object.", errors={"context": ["object"]})
    return context


class SimulateApi(IamAdminApi):
    """``POST simulate``: would this principal (or these policies) be allowed, and why?"""

    action = Iam.POLICIES_SIMULATE

    def post(self, request: Request) -> HttpResponse:
        data = parse(SimulateIn, request.data)
        question = {
            "action": data["action"],
            "resource": data["resource"],
            "context": _simulation_context(request),
        }
        if "user_id" in data:
            user = selectors.access_user(data["user_id"])
            stamp = authorization.request_stamp(django_request(request))
            return _json(simulator.policy_simulate_user(user=user, stamp=stamp, **question))
        return _json(
            simulator.policy_simulate_documents(
                policies=data["policies"], boundary=data.get("boundary"), **question
            )
        )


class AuditApi(IamAdminApi):
    """``GET audit``: the academy's audit trail (paginated, newest first, filters)."""

    action = Iam.AUDIT_LIST

    def get(self, request: Request) -> HttpResponse:
        return selectors.audit_list_response(request)


class AuditExportApi(IamAdminApi):
    """``GET audit/export.csv``: the filtered trail as CSV (newest first, capped)."""

    action = Iam.AUDIT_LIST

    def get(self, request: Request) -> HttpResponse:
        rows = selectors.audit_export_rows(request.GET)
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response


# --- access keys -----------------------------------------------------------------------


class KeyCreateIn(serializers.Serializer[Any]):
    description = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    session_policy = serializers.DictField(required=False, default=None, allow_null=True)
    expires_at = serializers.DateTimeField(required=False, default=None, allow_null=True)


def _new_key_body(new: key_services.NewKey) -> dict[str, Any]:
    key = new.key
    return {
        "key_id": key.key_id,
        "secret": new.secret,
        "description": key.description,
        "status": key.status,
        "session_policy": key.session_policy,
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "created_at": key.created_at.isoformat(),
        "warnings": new.warnings,
    }


class AccessKeysApi(_UserApi):
    """``GET users/<user_id>/access-keys``; ``POST`` creates one (secret shown once)."""

    method_actions = {"GET": Iam.ACCESS_KEYS_LIST, "POST": Iam.ACCESS_KEYS_CREATE}

    def get(self, request: Request, user_id: int) -> HttpResponse:
        return selectors.access_keys_response(self.user().pk)

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = self.user()
        data = parse(KeyCreateIn, request.data)
        new = key_services.access_key_create(actor=self.actor, user=user, **data)
        return _json(_new_key_body(new), 201)


class KeyStatusIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AccessKey.Status.values)


class _KeyApi(_UserApi):
    """A view under ``users/<user_id>/access-keys/<key_id>`` (the resource is the user)."""

    def key(self) -> AccessKey:
        return selectors.access_key(self.user(), self.kwargs["key_id"])


class AccessKeyApi(_KeyApi):
    """``PATCH users/<user_id>/access-keys/<key_id>`` {status}; ``DELETE``."""

    method_actions = {"PATCH": Iam.ACCESS_KEYS_UPDATE, "DELETE": Iam.ACCESS_KEYS_DELETE}

    def patch(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        key = self.key()
        active = parse(KeyStatusIn, request.data)["status"] == AccessKey.Status.ACTIVE
        key_services.access_key_set_status(actor=self.actor, key=key, active=active)
        return selectors.access_keys_response(user_id)

    def delete(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        key_services.access_key_delete(actor=self.actor, key=self.key())
        return HttpResponse(status=204)


class AccessKeyRotateApi(_KeyApi):
    """``POST users/<user_id>/access-keys/<key_id>/rotate``: new key, old one deactivated."""

    action = Iam.ACCESS_KEYS_CREATE

    def post(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        new = key_services.access_key_rotate(actor=self.actor, key=self.key())
        return _json(_new_key_body(new), 201)
