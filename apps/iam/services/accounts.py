"""Account writes: sign-up, sign-in, MFA, passwords, email tokens.

Callers (the student API views) pass what they parsed; every function assumes the caller
is allowed to attempt it. Answers never reveal whether an email is registered. Mail is
never sent in a request: the request queues a task (``apps/iam/tasks.py``) and the mail
functions below run on the worker.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal
from urllib.parse import urlencode

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.errors import (
    ApiError,
    Conflict,
    NotAuthenticated,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from apps.events.services import emit
from apps.iam import events as iam_events
from apps.iam.audit import audit_record
from apps.iam.email_address import canonical_email as canonical_email  # re-exported
from apps.iam.models import OneTimeToken, RecoveryCode, User
from apps.iam.services.ratelimit import account_key, rate_limit_clear, rate_limit_enforce
from apps.iam.services.settings import account_settings_get
from apps.jobs.runtime import Transient, enqueue
from apps.tenants.models import Tenant
from apps.tenants.selectors import tenant_url

logger = logging.getLogger(__name__)

TOTP_STEP_SECONDS = 30
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
TOKEN_LIFETIMES = {
    OneTimeToken.Purpose.PASSWORD_RESET: timedelta(hours=1),
    OneTimeToken.Purpose.VERIFY_EMAIL: timedelta(days=3),
}


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class InvalidCredentials(NotAuthenticated):
    """Commits: the rate limiter's count of this failed attempt must be kept."""

    code, title = "invalid_credentials", "Invalid credentials"
    commits = True

    def __init__(self) -> None:
        super().__init__("The email or password is not correct.")


class InvalidMfaCode(ApiError):
    """Commits: a wrong code is counted by the MFA rate limiter."""

    status, code, title = 400, "invalid_mfa_code", "Invalid code"
    commits = True


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


_DUMMY = User()  # target of throw-away hashing that evens out response times


def password_policy_check(
    password: str, *, user: User | None = None, email: str = "", name: str = ""
) -> None:
    """The one password policy (sign-up, invitations, admin-created users, changes, resets).

    ``AUTH_PASSWORD_VALIDATORS``: at least 10 characters, not a common password, not
    similar to the account's email or name. 400 ``weak_password`` with the reasons.
    """
    subject = user if user is not None else User(email=email, name=name)
    try:
        validate_password(password, subject)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            "The password is too weak.", code="weak_password", errors={"password": exc.messages}
        ) from exc


# --- account creation, sign-up ------------------------------------------------------------


INVITATION_LIFETIME = timedelta(days=7)
AccountSource = Literal["signup", "admin", "command", "seed"]


def _issue_token(*, user: User, purpose: str, lifetime: timedelta | None = None) -> str:
    token = secrets.token_urlsafe(32)
    OneTimeToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=sha256_hex(token),
        expires_at=timezone.now() + (lifetime or TOKEN_LIFETIMES[OneTimeToken.Purpose(purpose)]),
    )
    return token


def account_create(
    *,
    email: str,
    password: str | None,
    source: AccountSource,
    name: str = "",
    invited: bool = False,
    **fields: Any,
) -> User:
    """Create an account (it joins Learners) and emit ``user.created``.

    Every account the application makes goes through here (sign-up, admin-created and
    invited users, ``createadmin``, the demo seed), so subscribers hear of each exactly once.
    The caller checked the password policy and the caller's right to create it.
    """
    user = User.objects.create_user(email=email, password=password, name=name, **fields)
    emit(
        iam_events.USER_CREATED,
        {
            "user": iam_events.user_ref(user),
            "source": source,
            "invited": invited,
            "admin_panel_access": user.admin_panel_access,
        },
    )
    return user


def user_signup(*, tenant: Tenant, email: str, password: str, name: str = "") -> User | None:
    """Create an unverified account; a worker mails it a verification token.

    For an email that is already registered nothing is created and a worker mails the
    owner a notice instead; the caller answers the same way in both cases. Returns the new
    user (or ``None``), for tests and auditing only.
    """
    email = canonical_email(email)
    password_policy_check(password, email=email, name=name)
    if User.objects.filter(email=email).exists():
        _DUMMY.set_password(password)  # same hashing time as a real sign-up
        enqueue("iam.mail_signup_notice", tenant_id=tenant.pk, email=email)
        return None
    try:
        with transaction.atomic():
            user = account_create(email=email, password=password, name=name, source="signup")
    except IntegrityError:  # a concurrent sign-up won the race: same answer
        return None
    emit(iam_events.USER_SIGNED_UP, {"user": iam_events.user_ref(user)})
    enqueue("iam.mail_verification", tenant_id=tenant.pk, user_id=user.pk)
    audit_record(actor=user, action="iam:users:signup", target=_user_target(user))
    return user


def _consume_token(*, token: str, purpose: str) -> OneTimeToken:
    found: OneTimeToken | None = (
        OneTimeToken.objects.select_for_update()
        .select_related("user")
        .filter(
            token_hash=sha256_hex(token),
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if found is None:
        raise ValidationFailed(
            "The token is invalid or expired.", code="invalid_token", errors={"token": ["invalid"]}
        )
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return found


# --- mail requests: the request path only enqueues ------------------------------------------
#
# A public form (reset, resend) answers before any per-user work: the request parses, queues
# one task carrying the email it was given and answers 202, the same SQL for every email.
# The lookup, the token and the mail happen in the task (``apps/iam/tasks.py``), on the
# worker; the message carries no token. A request never waits on SMTP.


def verification_resend_request(*, tenant: Tenant, email: str) -> None:
    """Queue a fresh verification link for ``email`` (sent only to an unverified account)."""
    enqueue("iam.mail_verification_resend", tenant_id=tenant.pk, email=email)


def password_reset_request(*, tenant: Tenant, email: str) -> None:
    """Queue a reset link for ``email`` (sent only to an active account)."""
    enqueue("iam.mail_password_reset", tenant_id=tenant.pk, email=email)


def invitation_request(*, actor: User | None, user: User) -> None:
    """Queue the invitation of a new password-less ``user`` (a link to choose a password)."""
    audit_record(actor=actor, action="iam:users:invited", target=_user_target(user))
    enqueue("iam.mail_invitation", tenant_id=user.tenant_id, user_id=user.pk)


# --- mails: run by the tasks, inside the academy's transaction --------------------------------


def _send(*, to: str, subject: str, body: str) -> None:
    """Send one mail now. A refused recipient is final; any other SMTP or network failure
    is :class:`Transient` (the task's transaction, with the token it issued, rolls back and
    the task is retried)."""
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except smtplib.SMTPRecipientsRefused:
        logger.warning("mail to %s refused by the server", to)
    except (smtplib.SMTPException, OSError) as exc:
        raise Transient(f"sending mail failed: {exc}") from exc


def _active_user(email: str) -> User | None:
    user: User | None = User.objects.filter(email=canonical_email(email)).first()
    return user if user is not None and user.is_active else None


def signup_notice_mail(*, tenant: Tenant, email: str) -> None:
    """Tell the owner of ``email`` that someone tried to sign up with it."""
    _send(
        to=canonical_email(email),
        subject=f"{tenant.name}: sign-up attempt",
        body="Someone tried to sign up with this email. You already have an account; "
        "use password reset if you forgot your password.",
    )


def verification_mail(*, tenant: Tenant, user_id: int | None = None, email: str = "") -> bool:
    """Mail a verification token to an active, unverified account (by id, or by the email
    a resend form was given); True when one was sent."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else _active_user(email)
    if user is None or not user.is_active or user.email_verified_at is not None:
        return False
    token = _issue_token(user=user, purpose=OneTimeToken.Purpose.VERIFY_EMAIL)
    _send(
        to=user.email,
        subject=f"{tenant.name}: confirm your email",
        body=(
            "Confirm your email by opening this link:\n"
            + tenant_url(tenant, "/student/verify-email?" + urlencode({"token": token}))
            + f"\n\nOr enter this verification token: {token}"
        ),
    )
    return True


def password_reset_mail(*, tenant: Tenant, email: str) -> bool:
    """Mail a reset link to the active account with ``email``; True when one was sent."""
    user = _active_user(email)
    if user is None:
        return False
    _mail_password_link(
        tenant=tenant,
        user=user,
        subject=f"{tenant.name}: reset your password",
        intro="Choose a new password by opening this link (valid for one hour):",
    )
    audit_record(actor=None, action="iam:users:password_reset_requested", target=_user_target(user))
    return True


def invitation_mail(*, tenant: Tenant, user_id: int) -> bool:
    """Mail an invited user a link to choose a password, valid for a week. Nothing for an
    account that is gone, suspended or already has a password (a redelivered task)."""
    user: User | None = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active or user.has_usable_password():
        return False
    _mail_password_link(
        tenant=tenant,
        user=user,
        subject=f"You're invited to {tenant.name}",
        intro=f"An account was created for you at {tenant.name}.\n"
        "Choose your password by opening this link (valid for 7 days):",
        lifetime=INVITATION_LIFETIME,
    )
    return True


def _mail_password_link(
    *, tenant: Tenant, user: User, subject: str, intro: str, lifetime: timedelta | None = None
) -> None:
    token = _issue_token(user=user, purpose=OneTimeToken.Purpose.PASSWORD_RESET, lifetime=lifetime)
    link = tenant_url(tenant, "/student/password-reset/confirm?" + urlencode({"token": token}))
    _send(
        to=user.email,
        subject=subject,
        body=f"{intro}\n{link}\n\nOr enter this token on the password reset page: {token}",
    )


def user_verify_email(*, token: str) -> User:
    used = _consume_token(token=token, purpose=OneTimeToken.Purpose.VERIFY_EMAIL)
    user = used.user
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    audit_record(actor=user, action="iam:users:verify_email", target=_user_target(user))
    return user


def password_reset_confirm(*, token: str, password: str) -> User:
    used = _consume_token(token=token, purpose=OneTimeToken.Purpose.PASSWORD_RESET)
    user = used.user
    password_policy_check(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    OneTimeToken.objects.filter(
        user=user, purpose=OneTimeToken.Purpose.PASSWORD_RESET, used_at__isnull=True
    ).update(used_at=timezone.now())
    audit_record(actor=user, action="iam:users:password_reset", target=_user_target(user))
    return user


def user_change_password(*, user: User, current_password: str, new_password: str) -> User:
    if not user.check_password(current_password):
        raise ValidationFailed(
            "The current password is not correct.",
            code="wrong_password",
            errors={"current_password": ["incorrect"]},
        )
    password_policy_check(new_password, user=user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="iam:users:password_changed", target=_user_target(user))
    return user


# --- sign-in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    user: User
    mfa_required: bool


def signin_check(*, tenant: Tenant, email: str, password: str, ip: str | None) -> SignInResult:
    """Rate-limit, then check the credentials (same work and answer for unknown emails)."""
    email = canonical_email(email)
    window = _setting("IAM_SIGNIN_WINDOW_SECONDS", 900)
    account = account_key("signin", tenant.pk, email)
    keys = [(account, _setting("IAM_SIGNIN_LIMIT_PER_ACCOUNT", 10))]
    if ip:
        keys.append((f"signin:ip:{ip}", _setting("IAM_SIGNIN_LIMIT_PER_IP", 100)))
    user = User.objects.filter(email=email).first()
    try:
        rate_limit_enforce(keys=keys, window_seconds=window)
    except RateLimited as exc:
        _signin_failed(user, email, "iam:users:signin_locked")
        raise SigninLocked(int(exc.extra["retry_after"])) from exc
    if user is None:
        _DUMMY.set_password(password)  # spend the same hashing time as a real check
        _signin_failed(None, email, "iam:users:signin_failed")
        raise InvalidCredentials()
    if not user.check_password(password):
        _signin_failed(user, email, "iam:users:signin_failed")
        raise InvalidCredentials()
    if not user.is_active:
        raise PermissionDenied("This account is suspended.", code="account_suspended")
    if user.email_verified_at is None and account_settings_get().signin_requires_verified_email:
        raise PermissionDenied(
            "Confirm your email address before signing in: open the link we sent you, "
            "or ask for a new one.",
            code="email_not_verified",
        )
    # The owner proved the password: earlier failures on this account no longer count
    # (the per-IP counter still does; MFA codes have their own limiter).
    rate_limit_clear(key=account)
    return SignInResult(user=user, mfa_required=user.mfa_enabled)


class SigninLocked(RateLimited):
    """Too many attempts. Commits: the lock-out is recorded in the audit trail."""

    commits = True


def _signin_failed(user: User | None, email: str, action: str) -> None:
    """Audit a failed or locked-out sign-in (kept: the error types declare ``commits``)."""
    audit_record(
        actor=user,
        action=action,
        target=_user_target(user) if user is not None else "",
        details={"email": email},
        outcome="failure",
    )


def mfa_signin_check(*, user: User, code: str = "", recovery_code: str = "") -> User:
    rate_limit_enforce(
        keys=[(account_key("mfa", user.tenant_id, user.email), _setting("IAM_MFA_LIMIT", 10))],
        window_seconds=_setting("IAM_SIGNIN_WINDOW_SECONDS", 900),
    )
    if recovery_code:
        if not recovery_code_use(user=user, code=recovery_code):
            raise InvalidMfaCode("The recovery code is not valid.")
    elif not totp_verify(user=user, code=code):
        raise InvalidMfaCode("The code is not valid.")
    audit_record(actor=user, action="iam:users:mfa_signin", target=_user_target(user))
    return user


def user_record_signin(*, user: User) -> None:
    audit_record(actor=user, action="iam:users:signin", target=_user_target(user))


# --- TOTP ------------------------------------------------------------------------------


def totp_matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step (within ±1 of now) whose code equals ``code``, or ``None``."""
    code = code.strip().replace(" ", "")
    # ASCII digits only: ``isdigit`` accepts "٣٣٣٣٣٣", which ``compare_digest`` refuses.
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now if now is not None else time.time()) // TOTP_STEP_SECONDS
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            return step
    return None


def totp_verify(*, user: User, code: str, now: float | None = None) -> bool:
    """Accept a code once: the step must be later than the last accepted one (atomic)."""
    if not user.mfa_secret:
        return False
    step = totp_matching_step(user.mfa_secret, code, now=now)
    if step is None:
        return False
    updated = User.objects.filter(
        Q(mfa_last_timestep__isnull=True) | Q(mfa_last_timestep__lt=step), pk=user.pk
    ).update(mfa_last_timestep=step)
    if updated:
        user.mfa_last_timestep = step
    return bool(updated)


@dataclass(frozen=True)
class Enrollment:
    secret: str
    otpauth_uri: str


def mfa_enroll(*, user: User, issuer: str) -> Enrollment:
    if user.mfa_enabled:
        raise Conflict("MFA is already enabled; disable it first.", code="mfa_already_enabled")
    secret = pyotp.random_base32()
    user.mfa_secret = secret
    user.mfa_last_timestep = None
    user.save(update_fields=["mfa_secret", "mfa_last_timestep"])
    audit_record(actor=user, action="iam:users:mfa_enroll", target=_user_target(user))
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)
    return Enrollment(secret=secret, otpauth_uri=uri)


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


def mfa_confirm(*, user: User, code: str) -> list[str]:
    """Turn MFA on with a first valid code; returns the recovery codes (shown once)."""
    if user.mfa_enabled:
        raise Conflict("MFA is already enabled.", code="mfa_already_enabled")
    if not user.mfa_secret:
        raise Conflict("Enroll first.", code="mfa_not_enrolled")
    if not totp_verify(user=user, code=code):
        raise InvalidMfaCode("The code is not valid.", errors={"code": ["invalid"]})
    user.mfa_enabled = True
    user.save(update_fields=["mfa_enabled"])
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=sha256_hex(c)) for c in codes]
    )
    audit_record(actor=user, action="iam:users:mfa_enabled", target=_user_target(user))
    return codes


def recovery_code_use(*, user: User, code: str) -> bool:
    code = code.strip().lower()
    if not code.isascii():  # codes are ASCII hex; this also keeps surrogates out of encode()
        return False
    used = RecoveryCode.objects.filter(
        user=user, code_hash=sha256_hex(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return bool(used)


def mfa_disable(*, user: User, code: str = "", password: str = "") -> User:
    if not user.mfa_enabled:
        raise Conflict("MFA is not enabled.", code="mfa_not_enabled")
    proven = (bool(password) and user.check_password(password)) or (
        bool(code) and totp_verify(user=user, code=code)
    )
    if not proven:
        raise InvalidMfaCode("A current code or your password is required.")
    mfa_clear(user=user)
    audit_record(actor=user, action="iam:users:mfa_disabled", target=_user_target(user))
    return user


def mfa_clear(*, user: User) -> None:
    user.mfa_enabled = False
    user.mfa_secret = ""
    user.mfa_last_timestep = None
    user.save(update_fields=["mfa_enabled", "mfa_secret", "mfa_last_timestep"])
    RecoveryCode.objects.filter(user=user).delete()


def _user_target(user: User) -> str:
    return f"user/{user.pk}"


def public_user(user: User) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "name": user.name, "mfa_enabled": user.mfa_enabled}
