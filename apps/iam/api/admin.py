"""Admin API of IAM: users, groups, roles, policies, attachments, keys, simulator, audit.

Views parse input, call one service or selector and shape the response. Every URL id goes
through ``selectors.access_*`` (404 outside the caller's tenant: RLS hides the row).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpResponse, JsonResponse
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api.parsing import parse
from apps.core.errors import ValidationFailed
from apps.iam import authorization, selectors
from apps.iam.api.common import IamAdminApi
from apps.iam.engine import PolicySet, compile_policy
from apps.iam.models import AccessKey, Group, User
from apps.iam.permissions import Iam
from apps.iam.services import keys as key_services
from apps.iam.services import policies as services
from apps.iam.services import settings as settings_services
from apps.iam.services.policies import Principal, policy_document_check

DOCUMENT = serializers.DictField()


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False)


def _with_warnings(
    response: HttpResponse, warnings: list[dict[str, str]], status: int = 200
) -> HttpResponse:
    """Wrap a detail document with the validation warnings of the document just saved."""
    import json

    body = json.loads(response.content)
    body["warnings"] = warnings
    return _json(body, status)


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

    action = Iam.USERS_LIST
    method_actions: ClassVar[dict[str, str]] = {"GET": Iam.USERS_LIST, "POST": Iam.USERS_CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.users_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        data = parse(UserCreateIn, request.data)
        user = services.user_create(actor=self.actor, **data)
        response = selectors.user_detail_response(user.pk)
        response.status_code = 201
        return response


class UserUpdateIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    admin_panel_access = serializers.BooleanField(required=False)
    tags = serializers.DictField(child=serializers.CharField(max_length=256), required=False)


class UserApi(IamAdminApi):
    """``GET|PATCH|DELETE users/<user_id>``."""

    action = Iam.USERS_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.USERS_READ,
        "PATCH": Iam.USERS_UPDATE,
        "DELETE": Iam.USERS_DELETE,
    }
    resource_kind, resource_kwarg = "user", "user_id"

    def get(self, request: Request, user_id: int) -> HttpResponse:
        return selectors.user_detail_response(user_id)

    def patch(self, request: Request, user_id: int) -> HttpResponse:
        user = selectors.access_user(user_id)
        services.user_update(actor=self.actor, user=user, changes=parse(UserUpdateIn, request.data))
        return selectors.user_detail_response(user.pk)

    def delete(self, request: Request, user_id: int) -> HttpResponse:
        services.user_delete(actor=self.actor, user=selectors.access_user(user_id))
        return HttpResponse(status=204)


class UserSuspendApi(IamAdminApi):
    """``POST users/<user_id>/suspend``."""

    action = Iam.USERS_SUSPEND
    resource_kind, resource_kwarg = "user", "user_id"
    status: ClassVar[str] = User.Status.SUSPENDED

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = selectors.access_user(user_id)
        services.user_set_status(actor=self.actor, user=user, status=self.status)
        return selectors.user_detail_response(user.pk)


class UserUnsuspendApi(UserSuspendApi):
    """``POST users/<user_id>/unsuspend``."""

    status = User.Status.ACTIVE


class UserResetMfaApi(IamAdminApi):
    """``POST users/<user_id>/reset-mfa``: turns MFA off and drops recovery codes."""

    action = Iam.USERS_RESET_MFA
    resource_kind, resource_kwarg = "user", "user_id"

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = services.user_reset_mfa(actor=self.actor, user=selectors.access_user(user_id))
        return selectors.user_detail_response(user.pk)


class BoundaryIn(serializers.Serializer[Any]):
    policy_id = serializers.IntegerField()


class UserBoundaryApi(IamAdminApi):
    """``PUT users/<user_id>/boundary`` {policy_id}; ``DELETE`` removes it."""

    action = Iam.USERS_PUT_BOUNDARY
    resource_kind, resource_kwarg = "user", "user_id"

    def put(self, request: Request, user_id: int) -> HttpResponse:
        user = selectors.access_user(user_id)
        policy = selectors.access_policy(parse(BoundaryIn, request.data)["policy_id"])
        services.boundary_put(actor=self.actor, user=user, policy=policy)
        return selectors.user_detail_response(user.pk)

    def delete(self, request: Request, user_id: int) -> HttpResponse:
        services.boundary_delete(actor=self.actor, user=selectors.access_user(user_id))
        return HttpResponse(status=204)


# --- attachments and inline policies (users, groups, roles) ----------------------------


class _PrincipalApi(IamAdminApi):
    """Resolves the URL's principal (user, group or role) by its kwarg."""

    def principal(self) -> Principal:
        kind = self.resource_kind
        pk = self.kwargs[self.resource_kwarg or ""]
        if kind == "user":
            return selectors.access_user(pk)
        if kind == "group":
            return selectors.access_group(pk)
        return selectors.access_role(pk)

    def detail(self, principal: Principal) -> HttpResponse:
        if isinstance(principal, User):
            return selectors.user_detail_response(principal.pk)
        if isinstance(principal, Group):
            return selectors.group_detail_response(principal.pk)
        return selectors.role_detail_response(principal.pk)


class _AttachmentApi(_PrincipalApi):
    """``PUT|DELETE <principals>/<id>/policies/<policy_id>``: attach or detach."""

    action = Iam.POLICIES_ATTACH

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


class UserAttachmentApi(_AttachmentApi):
    resource_kind, resource_kwarg = "user", "user_id"


class GroupAttachmentApi(_AttachmentApi):
    resource_kind, resource_kwarg = "group", "group_id"


class RoleAttachmentApi(_AttachmentApi):
    resource_kind, resource_kwarg = "role", "role_id"


class InlineIn(serializers.Serializer[Any]):
    document = DOCUMENT


class _InlineApi(_PrincipalApi):
    """``PUT|DELETE <principals>/<id>/inline-policies/<name>`` {document}."""

    action = Iam.POLICIES_ATTACH

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


class UserInlineApi(_InlineApi):
    resource_kind, resource_kwarg = "user", "user_id"


class GroupInlineApi(_InlineApi):
    resource_kind, resource_kwarg = "group", "group_id"


class RoleInlineApi(_InlineApi):
    resource_kind, resource_kwarg = "role", "role_id"


# --- groups and roles ------------------------------------------------------------------


class NamedIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=128)
    description = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class NamedPatchIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=128, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


class GroupsApi(IamAdminApi):
    """``GET groups`` (paginated); ``POST groups`` {name, description}."""

    action = Iam.GROUPS_LIST
    method_actions: ClassVar[dict[str, str]] = {"GET": Iam.GROUPS_LIST, "POST": Iam.GROUPS_CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.groups_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        group = services.group_create(actor=self.actor, **parse(NamedIn, request.data))
        response = selectors.group_detail_response(group.pk)
        response.status_code = 201
        return response


class GroupApi(IamAdminApi):
    """``GET|PATCH|DELETE groups/<group_id>``."""

    action = Iam.GROUPS_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.GROUPS_READ,
        "PATCH": Iam.GROUPS_UPDATE,
        "DELETE": Iam.GROUPS_DELETE,
    }
    resource_kind, resource_kwarg = "group", "group_id"

    def get(self, request: Request, group_id: int) -> HttpResponse:
        return selectors.group_detail_response(group_id)

    def patch(self, request: Request, group_id: int) -> HttpResponse:
        group = selectors.access_group(group_id)
        services.group_update(actor=self.actor, group=group, **parse(NamedPatchIn, request.data))
        return selectors.group_detail_response(group.pk)

    def delete(self, request: Request, group_id: int) -> HttpResponse:
        services.group_delete(actor=self.actor, group=selectors.access_group(group_id))
        return HttpResponse(status=204)


class GroupMemberApi(IamAdminApi):
    """``PUT|DELETE groups/<group_id>/members/<user_id>``."""

    action = Iam.GROUPS_UPDATE
    resource_kind, resource_kwarg = "group", "group_id"

    def put(self, request: Request, group_id: int, user_id: int) -> HttpResponse:
        group = selectors.access_group(group_id)
        services.group_add_member(
            actor=self.actor, group=group, user=selectors.access_user(user_id)
        )
        return selectors.group_detail_response(group.pk)

    def delete(self, request: Request, group_id: int, user_id: int) -> HttpResponse:
        group = selectors.access_group(group_id)
        services.group_remove_member(
            actor=self.actor, group=group, user=selectors.access_user(user_id)
        )
        return HttpResponse(status=204)


class RolesApi(IamAdminApi):
    """``GET roles`` (paginated); ``POST roles`` {name, description}."""

    action = Iam.ROLES_LIST
    method_actions: ClassVar[dict[str, str]] = {"GET": Iam.ROLES_LIST, "POST": Iam.ROLES_CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.roles_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        role = services.role_create(actor=self.actor, **parse(NamedIn, request.data))
        response = selectors.role_detail_response(role.pk)
        response.status_code = 201
        return response


class RoleApi(IamAdminApi):
    """``GET|PATCH|DELETE roles/<role_id>``."""

    action = Iam.ROLES_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.ROLES_READ,
        "PATCH": Iam.ROLES_UPDATE,
        "DELETE": Iam.ROLES_DELETE,
    }
    resource_kind, resource_kwarg = "role", "role_id"

    def get(self, request: Request, role_id: int) -> HttpResponse:
        return selectors.role_detail_response(role_id)

    def patch(self, request: Request, role_id: int) -> HttpResponse:
        role = selectors.access_role(role_id)
        services.role_update(actor=self.actor, role=role, **parse(NamedPatchIn, request.data))
        return selectors.role_detail_response(role.pk)

    def delete(self, request: Request, role_id: int) -> HttpResponse:
        services.role_delete(actor=self.actor, role=selectors.access_role(role_id))
        return HttpResponse(status=204)


class RoleUserApi(IamAdminApi):
    """``PUT|DELETE roles/<role_id>/users/<user_id>``: assign or unassign."""

    action = Iam.ROLES_UPDATE
    resource_kind, resource_kwarg = "role", "role_id"

    def put(self, request: Request, role_id: int, user_id: int) -> HttpResponse:
        role = selectors.access_role(role_id)
        services.role_assign(actor=self.actor, role=role, user=selectors.access_user(user_id))
        return selectors.role_detail_response(role.pk)

    def delete(self, request: Request, role_id: int, user_id: int) -> HttpResponse:
        role = selectors.access_role(role_id)
        services.role_unassign(actor=self.actor, role=role, user=selectors.access_user(user_id))
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

    action = Iam.POLICIES_LIST
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.POLICIES_LIST,
        "POST": Iam.POLICIES_CREATE,
    }

    def get(self, request: Request) -> HttpResponse:
        return selectors.policies_list_response(request)

    def post(self, request: Request) -> HttpResponse:
        saved = services.policy_create(actor=self.actor, **parse(PolicyCreateIn, request.data))
        return _with_warnings(selectors.policy_detail_response(saved.obj.pk), saved.warnings, 201)


class PolicyPatchIn(serializers.Serializer[Any]):
    name = serializers.RegexField(r"^[A-Za-z0-9+=,.@_-]{1,128}$", required=False)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class PolicyApi(IamAdminApi):
    """``GET|PATCH|DELETE policies/<policy_id>``."""

    action = Iam.POLICIES_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.POLICIES_READ,
        "PATCH": Iam.POLICIES_UPDATE,
        "DELETE": Iam.POLICIES_DELETE,
    }
    resource_kind, resource_kwarg = "policy", "policy_id"

    def get(self, request: Request, policy_id: int) -> HttpResponse:
        return selectors.policy_detail_response(policy_id)

    def patch(self, request: Request, policy_id: int) -> HttpResponse:
        policy = selectors.access_policy(policy_id)
        services.policy_update(
            actor=self.actor, policy=policy, **parse(PolicyPatchIn, request.data)
        )
        return selectors.policy_detail_response(policy.pk)

    def delete(self, request: Request, policy_id: int) -> HttpResponse:
        services.policy_delete(actor=self.actor, policy=selectors.access_policy(policy_id))
        return HttpResponse(status=204)


class VersionIn(serializers.Serializer[Any]):
    document = DOCUMENT
    set_default = serializers.BooleanField(required=False, default=False)


class PolicyVersionsApi(IamAdminApi):
    """``GET policies/<policy_id>/versions``; ``POST`` {document, set_default} (max 5)."""

    action = Iam.POLICIES_READ
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.POLICIES_READ,
        "POST": Iam.POLICIES_UPDATE,
    }
    resource_kind, resource_kwarg = "policy", "policy_id"

    def get(self, request: Request, policy_id: int) -> HttpResponse:
        policy = selectors.access_policy(policy_id)
        return selectors.policy_versions_response(policy.pk)

    def post(self, request: Request, policy_id: int) -> HttpResponse:
        policy = selectors.access_policy(policy_id)
        saved = services.policy_version_create(
            actor=self.actor, policy=policy, **parse(VersionIn, request.data)
        )
        return _json(
            {
                "number": saved.obj.number,
                "document": saved.obj.document,
                "warnings": saved.warnings,
            },
            201,
        )


class PolicyVersionApi(IamAdminApi):
    """``DELETE policies/<policy_id>/versions/<number>`` (not the default one)."""

    action = Iam.POLICIES_UPDATE
    resource_kind, resource_kwarg = "policy", "policy_id"

    def delete(self, request: Request, policy_id: int, number: int) -> HttpResponse:
        policy = selectors.access_policy(policy_id)
        services.policy_version_delete(actor=self.actor, policy=policy, number=number)
        return HttpResponse(status=204)


class PolicyDefaultVersionApi(IamAdminApi):
    """``POST policies/<policy_id>/versions/<number>/default``."""

    action = Iam.POLICIES_UPDATE
    resource_kind, resource_kwarg = "policy", "policy_id"

    def post(self, request: Request, policy_id: int, number: int) -> HttpResponse:
        policy = selectors.access_policy(policy_id)
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


def _check_documents(documents: list[Any], prefix: str) -> None:
    errors: dict[str, list[str]] = {}
    for index, document in enumerate(documents):
        try:
            policy_document_check(document)
        except ValidationFailed as exc:
            for pointer, messages in (exc.errors or {}).items():
                errors[f"{prefix}/{index}{pointer}"] = messages
    if errors:
        raise ValidationFailed(
            "A policy document is not valid.", code="invalid_policy", errors=errors
        )


class SimulateApi(IamAdminApi):
    """``POST simulate``: would this principal (or these policies) be allowed, and why?"""

    action = Iam.POLICIES_SIMULATE

    def post(self, request: Request) -> HttpResponse:
        data = parse(SimulateIn, request.data)
        body = request.data if isinstance(request.data, dict) else {}
        raw_context = body.get("context") or {}
        if not isinstance(raw_context, dict):
            raise ValidationFailed("context must be an object.", errors={"context": ["object"]})
        context: dict[str, Any] = dict(raw_context)
        if "user_id" in data:
            user = selectors.access_user(data["user_id"])
            context.setdefault("ts:username", user.email)
            context.setdefault("ts:userid", str(user.pk))
            for key, value in (user.tags or {}).items():
                context.setdefault(f"ts:PrincipalTag/{key}", value)
            policy_set = authorization.policy_set_for(
                user, stamp=authorization.request_stamp(request._request)
            )
        else:
            _check_documents(data["policies"], "/policies")
            boundary = data.get("boundary")
            if boundary is not None:
                _check_documents([boundary], "/boundary")
            policy_set = PolicySet(
                [compile_policy(d, name=f"policies[{i}]") for i, d in enumerate(data["policies"])],
                boundary=None if boundary is None else [compile_policy(boundary, name="boundary")],
            )
        explanation = policy_set.explain(data["action"], data["resource"], context)
        return _json(
            {
                "decision": str(explanation.decision),
                "reason": explanation.reason,
                "statements": [
                    {"policy": s.policy, "sid": s.sid, "effect": s.effect, "source": s.source}
                    for s in explanation.statements
                ],
            }
        )


class AuditApi(IamAdminApi):
    """``GET audit``: the IAM audit log (paginated, newest first, ``search``)."""

    action = Iam.AUDIT_LIST

    def get(self, request: Request) -> HttpResponse:
        return selectors.audit_list_response(request)


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


class AccessKeysApi(IamAdminApi):
    """``GET users/<user_id>/access-keys``; ``POST`` creates one (secret shown once)."""

    action = Iam.ACCESS_KEYS_LIST
    method_actions: ClassVar[dict[str, str]] = {
        "GET": Iam.ACCESS_KEYS_LIST,
        "POST": Iam.ACCESS_KEYS_CREATE,
    }
    resource_kind, resource_kwarg = "user", "user_id"

    def get(self, request: Request, user_id: int) -> HttpResponse:
        return selectors.access_keys_response(selectors.access_user(user_id).pk)

    def post(self, request: Request, user_id: int) -> HttpResponse:
        user = selectors.access_user(user_id)
        new = key_services.access_key_create(
            actor=self.actor, user=user, **parse(KeyCreateIn, request.data)
        )
        return _json(_new_key_body(new), 201)


class KeyStatusIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AccessKey.Status.values)


class AccessKeyApi(IamAdminApi):
    """``PATCH users/<user_id>/access-keys/<key_id>`` {status}; ``DELETE``."""

    action = Iam.ACCESS_KEYS_UPDATE
    method_actions: ClassVar[dict[str, str]] = {
        "PATCH": Iam.ACCESS_KEYS_UPDATE,
        "DELETE": Iam.ACCESS_KEYS_DELETE,
    }
    resource_kind, resource_kwarg = "user", "user_id"

    def patch(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        key = selectors.access_key(selectors.access_user(user_id), key_id)
        status = parse(KeyStatusIn, request.data)["status"]
        key_services.access_key_set_status(
            actor=self.actor, key=key, active=status == AccessKey.Status.ACTIVE
        )
        return selectors.access_keys_response(user_id)

    def delete(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        key = selectors.access_key(selectors.access_user(user_id), key_id)
        key_services.access_key_delete(actor=self.actor, key=key)
        return HttpResponse(status=204)


class AccessKeyRotateApi(IamAdminApi):
    """``POST users/<user_id>/access-keys/<key_id>/rotate``: new key, old one deactivated."""

    action = Iam.ACCESS_KEYS_CREATE
    resource_kind, resource_kwarg = "user", "user_id"

    def post(self, request: Request, user_id: int, key_id: str) -> HttpResponse:
        key = selectors.access_key(selectors.access_user(user_id), key_id)
        return _json(_new_key_body(key_services.access_key_rotate(actor=self.actor, key=key)), 201)
