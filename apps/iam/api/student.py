"""Student API of IAM (shared by both panels): accounts, sign-in, MFA, passwords."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.auth import login, logout, update_session_auth_hash
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api import authorization as core_authorization
from apps.core.api.base import django_request
from apps.core.api.parsing import parse
from apps.core.errors import NotAuthenticated
from apps.iam import authorization
from apps.iam.api.common import IamStudentApi
from apps.iam.models import User
from apps.iam.permissions import IamStudent
from apps.iam.services import accounts
from apps.systems import registry
from apps.tenants.context import SESSION_TENANT_KEY

MFA_PENDING_KEY = "ts_mfa_pending"
MFA_PENDING_SECONDS = 300
CHECK_EMAIL = {"detail": "Check your email to continue."}


class _Public(IamStudentApi):
    public = True


def _email() -> serializers.CharField:
    return serializers.CharField(max_length=254)


def _password(**options: Any) -> serializers.CharField:
    """A password field: taken as typed (never trimmed)."""
    return serializers.CharField(max_length=256, trim_whitespace=False, **options)


class EmailIn(serializers.Serializer[Any]):
    email = _email()


class _CheckEmailApi(_Public):
    """A public form answered 202 "check your email" whether or not the email is registered
    (the answer never tells which accounts exist); ``send`` queues a task, and the worker
    mails, or not."""

    form: ClassVar[type[serializers.Serializer[Any]]] = EmailIn
    send: ClassVar[Callable[..., object]]  # called as send(tenant=…, **the form's data)

    def post(self, request: Request) -> HttpResponse:
        data = parse(self.form, request.data)
        self.send(tenant=request.tenant, **data)  # type: ignore[attr-defined]
        return JsonResponse(CHECK_EMAIL, status=202)


class _Self(IamStudentApi):
    action = IamStudent.SELF_MANAGE
    self_service = True  # one's own account: signed in is enough (not policy-checked)

    def me(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return user


def _signed_in(request: Request, user: User, *, mfa: bool) -> HttpResponse:
    raw = django_request(request)
    login(raw, user, backend="django.contrib.auth.backends.ModelBackend")
    raw.session[SESSION_TENANT_KEY] = raw.tenant.pk  # type: ignore[attr-defined]
    raw.session[authorization.MFA_SESSION_KEY] = mfa
    accounts.user_record_signin(user=user)
    return JsonResponse({"mfa_required": False, "user": accounts.public_user(user)})


class CsrfApi(_Public):
    """``GET csrf``: sets the CSRF cookie; the panels send the token as ``X-CSRFToken``."""

    def get(self, request: Request) -> HttpResponse:
        return JsonResponse({"csrf_token": get_token(django_request(request))})


class SignupIn(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    password = _password()
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class SignupApi(_CheckEmailApi):
    """``POST auth/signup``."""

    form = SignupIn
    send = staticmethod(accounts.user_signup)


class SigninIn(serializers.Serializer[Any]):
    email = _email()
    password = _password()


class SigninApi(_Public):
    """``POST auth/signin``: signs in, or asks for the MFA code (``mfa_required``)."""

    def post(self, request: Request) -> HttpResponse:
        data = parse(SigninIn, request.data)
        raw = django_request(request)
        result = accounts.signin_check(
            tenant=request.tenant,  # type: ignore[attr-defined]
            email=data["email"],
            password=data["password"],
            ip=authorization.client_ip(raw),
        )
        if result.mfa_required:
            raw.session.cycle_key()
            raw.session[MFA_PENDING_KEY] = {"user_id": result.user.pk, "at": int(time.time())}
            return JsonResponse({"mfa_required": True})
        return _signed_in(request, result.user, mfa=False)


class MfaSigninIn(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)
    recovery_code = serializers.CharField(
        max_length=32, required=False, default="", allow_blank=True
    )


class MfaSigninApi(_Public):
    """``POST auth/mfa``: second sign-in step with a TOTP or recovery code."""

    def post(self, request: Request) -> HttpResponse:
        data = parse(MfaSigninIn, request.data)
        raw = django_request(request)
        pending = raw.session.get(MFA_PENDING_KEY)
        if not pending or time.time() - pending.get("at", 0) > MFA_PENDING_SECONDS:
            raise NotAuthenticated("Sign in with your password first.", code="mfa_not_pending")
        user = User.objects.filter(pk=pending["user_id"]).first()
        if user is None or not user.is_active:
            raise NotAuthenticated("Sign in with your password first.", code="mfa_not_pending")
        accounts.mfa_signin_check(user=user, **data)
        del raw.session[MFA_PENDING_KEY]
        return _signed_in(request, user, mfa=True)


class SignoutApi(_Public):
    """``POST auth/signout``: ends the session (204, also when not signed in)."""

    def post(self, request: Request) -> HttpResponse:
        logout(django_request(request))
        return HttpResponse(status=204)


class MeApi(_Self):
    """``GET me``: who am I, panel access, and the catalogue actions I may perform."""

    action = IamStudent.SELF_READ

    def get(self, request: Request) -> HttpResponse:
        user = self.me()
        actions = core_authorization.allowed_actions(request, registry.all_actions())
        return JsonResponse(
            {
                "user": {
                    **accounts.public_user(user),
                    "email_verified": user.email_verified_at is not None,
                },
                "admin_panel_access": user.admin_panel_access,
                "account_owner": user.is_account_owner,
                "allowed_actions": actions,
            }
        )


class PasswordChangeIn(serializers.Serializer[Any]):
    current_password = _password()
    new_password = _password()


class PasswordChangeApi(_Self):
    """``POST me/password``."""

    def post(self, request: Request) -> HttpResponse:
        data = parse(PasswordChangeIn, request.data)
        user = accounts.user_change_password(user=self.me(), **data)
        update_session_auth_hash(django_request(request), user)
        return HttpResponse(status=204)


class PasswordResetApi(_CheckEmailApi):
    """``POST auth/password-reset``."""

    send = staticmethod(accounts.password_reset_request)


class PasswordResetConfirmIn(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=128)
    password = _password()


class PasswordResetConfirmApi(_Public):
    """``POST auth/password-reset/confirm``."""

    def post(self, request: Request) -> HttpResponse:
        data = parse(PasswordResetConfirmIn, request.data)
        accounts.password_reset_confirm(**data)
        return HttpResponse(status=204)


class VerificationResendApi(_CheckEmailApi):
    """``POST auth/verify-email/resend``."""

    send = staticmethod(accounts.verification_resend_request)


class TokenIn(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=128)


class VerifyEmailApi(_Public):
    """``POST auth/verify-email``."""

    def post(self, request: Request) -> HttpResponse:
        accounts.user_verify_email(token=parse(TokenIn, request.data)["token"])
        return HttpResponse(status=204)


class MfaEnrollApi(_Self):
    """``POST me/mfa/enroll``: a new secret and its otpauth URI (MFA stays off)."""

    def post(self, request: Request) -> HttpResponse:
        tenant = request.tenant  # type: ignore[attr-defined]
        enrollment = accounts.mfa_enroll(user=self.me(), issuer=f"TeacherSeat {tenant.name}")
        return JsonResponse({"secret": enrollment.secret, "otpauth_uri": enrollment.otpauth_uri})


class CodeIn(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=16)


class MfaConfirmApi(_Self):
    """``POST me/mfa/confirm``: enables MFA; answers the recovery codes (shown once)."""

    def post(self, request: Request) -> HttpResponse:
        codes = accounts.mfa_confirm(user=self.me(), code=parse(CodeIn, request.data)["code"])
        django_request(request).session[authorization.MFA_SESSION_KEY] = True
        return JsonResponse({"mfa_enabled": True, "recovery_codes": codes})


class MfaDisableIn(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)
    password = _password(required=False, default="", allow_blank=True)


class MfaDisableApi(_Self):
    """``POST me/mfa/disable``: needs a current code or the password."""

    def post(self, request: Request) -> HttpResponse:
        accounts.mfa_disable(user=self.me(), **parse(MfaDisableIn, request.data))
        return JsonResponse({"mfa_enabled": False})
