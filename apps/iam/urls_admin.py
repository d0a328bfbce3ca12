from django.urls import path

from apps.iam.api import admin

urlpatterns = [
    path("account-settings", admin.AccountSettingsApi.as_view(), name="iam-account-settings"),
    path("users", admin.UsersApi.as_view(), name="iam-users"),
    path("users/<int:user_id>", admin.UserApi.as_view(), name="iam-user"),
    path("users/<int:user_id>/suspend", admin.UserSuspendApi.as_view(), name="iam-user-suspend"),
    path(
        "users/<int:user_id>/unsuspend",
        admin.UserUnsuspendApi.as_view(),
        name="iam-user-unsuspend",
    ),
    path(
        "users/<int:user_id>/reset-mfa", admin.UserResetMfaApi.as_view(), name="iam-user-reset-mfa"
    ),
    path("users/<int:user_id>/boundary", admin.UserBoundaryApi.as_view(), name="iam-user-boundary"),
    path(
        "users/<int:user_id>/policies/<int:policy_id>",
        admin.UserAttachmentApi.as_view(),
        name="iam-user-attachment",
    ),
    path(
        "users/<int:user_id>/inline-policies/<str:name>",
        admin.UserInlineApi.as_view(),
        name="iam-user-inline",
    ),
    path("users/<int:user_id>/access-keys", admin.AccessKeysApi.as_view(), name="iam-keys"),
    path(
        "users/<int:user_id>/access-keys/<str:key_id>",
        admin.AccessKeyApi.as_view(),
        name="iam-key",
    ),
    path(
        "users/<int:user_id>/access-keys/<str:key_id>/rotate",
        admin.AccessKeyRotateApi.as_view(),
        name="iam-key-rotate",
    ),
    path("groups", admin.GroupsApi.as_view(), name="iam-groups"),
    path("groups/<int:group_id>", admin.GroupApi.as_view(), name="iam-group"),
    path(
        "groups/<int:group_id>/members/<int:user_id>",
        admin.GroupMemberApi.as_view(),
        name="iam-group-member",
    ),
    path(
        "groups/<int:group_id>/policies/<int:policy_id>",
        admin.GroupAttachmentApi.as_view(),
        name="iam-group-attachment",
    ),
    path(
        "groups/<int:group_id>/inline-policies/<str:name>",
        admin.GroupInlineApi.as_view(),
        name="iam-group-inline",
    ),
    path("roles", admin.RolesApi.as_view(), name="iam-roles"),
    path("roles/<int:role_id>", admin.RoleApi.as_view(), name="iam-role"),
    path(
        "roles/<int:role_id>/users/<int:user_id>", admin.RoleUserApi.as_view(), name="iam-role-user"
    ),
    path(
        "roles/<int:role_id>/policies/<int:policy_id>",
        admin.RoleAttachmentApi.as_view(),
        name="iam-role-attachment",
    ),
    path(
        "roles/<int:role_id>/inline-policies/<str:name>",
        admin.RoleInlineApi.as_view(),
        name="iam-role-inline",
    ),
    path("policies", admin.PoliciesApi.as_view(), name="iam-policies"),
    path("policies/<int:policy_id>", admin.PolicyApi.as_view(), name="iam-policy"),
    path(
        "policies/<int:policy_id>/versions",
        admin.PolicyVersionsApi.as_view(),
        name="iam-policy-versions",
    ),
    path(
        "policies/<int:policy_id>/versions/<int:number>",
        admin.PolicyVersionApi.as_view(),
        name="iam-policy-version",
    ),
    path(
        "policies/<int:policy_id>/versions/<int:number>/default",
        admin.PolicyDefaultVersionApi.as_view(),
        name="iam-policy-default-version",
    ),
    path("simulate", admin.SimulateApi.as_view(), name="iam-simulate"),
    path("audit", admin.AuditApi.as_view(), name="iam-audit"),
]
