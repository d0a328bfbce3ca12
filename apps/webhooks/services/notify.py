"""Telling an academy's administrators that one of its endpoints was disabled."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db.models import Q

from apps.iam.models import PolicyAttachment, User
from apps.webhooks.models import Endpoint

ADMINISTRATOR_POLICY = "AdministratorAccess"
REASONS = {
    "gone": "the receiver answered 410 Gone, which means it no longer wants these requests",
    "failing": "no delivery to it has succeeded for 5 days",
    "manual": "an administrator disabled it",
}


def administrator_emails() -> list[str]:
    """Active account owners, and active users holding the managed AdministratorAccess
    policy directly, through a group or through a role (the current academy's)."""
    attached = PolicyAttachment.objects.filter(
        policy__name=ADMINISTRATOR_POLICY, policy__system_managed=True
    )
    users = User.objects.filter(status=User.Status.ACTIVE).filter(
        Q(is_account_owner=True)
        | Q(pk__in=attached.filter(user__isnull=False).values("user"))
        | Q(group_memberships__group__in=attached.filter(group__isnull=False).values("group"))
        | Q(role_assignments__role__in=attached.filter(role__isnull=False).values("role"))
    )
    return sorted(set(users.values_list("email", flat=True)))


def endpoint_disabled_notify(*, endpoint_id: int) -> int:
    """One e-mail per administrator about a disabled endpoint; the number sent. Nothing
    when the endpoint is gone or enabled again."""
    endpoint = Endpoint.objects.filter(pk=endpoint_id, enabled=False).first()
    if endpoint is None:
        return 0
    reason = REASONS.get(endpoint.disabled_reason, endpoint.disabled_reason)
    subject = f"Webhook endpoint disabled: {endpoint.url}"[:200]
    body = (
        f"TeacherSeat stopped sending webhooks to {endpoint.url} because {reason}.\n\n"
        "Pending deliveries to it were cancelled. When the receiver works again, enable the "
        "endpoint under Developers > Webhooks in the admin panel and replay the events it "
        "missed.\n"
    )
    recipients = administrator_emails()
    for email in recipients:
        send_mail(subject, body, None, [email], fail_silently=False)
    return len(recipients)
