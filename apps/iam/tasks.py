"""IAM's background work: every mail IAM sends goes out from here, never from a request.

Each task runs inside its academy's transaction (``tenant_task``), so the token it issues
and the mail that carries it go together: a failed send rolls the token back and the task
is retried. The request only queued the task; the lookup by email happens here.
"""

from __future__ import annotations

from apps.iam.services import accounts
from apps.jobs.runtime import tenant_task
from apps.tenants.models import Tenant


def _tenant(tenant_id: int) -> Tenant:
    tenant: Tenant = Tenant.objects.get(pk=tenant_id)
    return tenant


@tenant_task("iam.mail_password_reset")
def mail_password_reset(*, tenant_id: int, email: str) -> bool:
    """A reset link for ``email`` if it names an active account (nothing otherwise)."""
    return accounts.password_reset_mail(tenant=_tenant(tenant_id), email=email)


@tenant_task("iam.mail_verification")
def mail_verification(*, tenant_id: int, user_id: int) -> bool:
    """The verification link of a new account (nothing once verified)."""
    return accounts.verification_mail(tenant=_tenant(tenant_id), user_id=user_id)


@tenant_task("iam.mail_verification_resend")
def mail_verification_resend(*, tenant_id: int, email: str) -> bool:
    """A fresh verification link for ``email`` if it names an unverified active account."""
    return accounts.verification_mail(tenant=_tenant(tenant_id), email=email)


@tenant_task("iam.mail_signup_notice")
def mail_signup_notice(*, tenant_id: int, email: str) -> None:
    """Tell an existing account that someone tried to sign up with its email."""
    accounts.signup_notice_mail(tenant=_tenant(tenant_id), email=email)


@tenant_task("iam.mail_invitation")
def mail_invitation(*, tenant_id: int, user_id: int) -> bool:
    """Invite a password-less account to choose its password."""
    return accounts.invitation_mail(tenant=_tenant(tenant_id), user_id=user_id)
