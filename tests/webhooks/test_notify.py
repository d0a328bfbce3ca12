"""Who hears that an endpoint was disabled: the academy's owners and administrators."""

from __future__ import annotations

import pytest

from apps.iam.models import Group, GroupMembership, PolicyAttachment, Role, RoleAssignment
from apps.tenants.context import tenant_context
from apps.webhooks import services
from apps.webhooks.models import Endpoint
from apps.webhooks.services.notify import administrator_emails
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db


def test_administrators_are_owners_and_holders_of_administrator_access(tenant, other_tenant):
    with tenant_context(tenant):
        admin = make_policy("AdministratorAccess", system_managed=True)
        lookalike = make_policy("AdministratorAccess2", system_managed=True)
        make_user(tenant, "owner@example.com", owner=True)
        direct = make_user(tenant, "direct@example.com", admin=True)
        PolicyAttachment.objects.create(policy=admin, user=direct)
        via_group = make_user(tenant, "group@example.com", admin=True)
        group = Group.objects.create(name="Admins")
        GroupMembership.objects.create(group=group, user=via_group)
        PolicyAttachment.objects.create(policy=admin, group=group)
        via_role = make_user(tenant, "role@example.com", admin=True)
        role = Role.objects.create(name="Ops")
        RoleAssignment.objects.create(role=role, user=via_role)
        PolicyAttachment.objects.create(policy=admin, role=role)
        suspended = make_user(tenant, "gone@example.com", admin=True, status="suspended")
        PolicyAttachment.objects.create(policy=admin, user=suspended)
        other = make_user(tenant, "other@example.com", admin=True)
        PolicyAttachment.objects.create(policy=lookalike, user=other)
        make_user(tenant, "learner@example.com")
    with tenant_context(other_tenant):
        make_user(other_tenant, "their-owner@example.com", owner=True)
    with tenant_context(tenant):
        assert administrator_emails() == [
            "direct@example.com",
            "group@example.com",
            "owner@example.com",
            "role@example.com",
        ]


def test_the_mail_names_the_endpoint_and_why_and_is_not_sent_once_re_enabled(tenant, mailoutbox):
    with tenant_context(tenant):
        make_user(tenant, "owner@example.com", owner=True)
        endpoint, _ = services.endpoint_create(
            actor=None, url="http://127.0.0.1/x", event_types=["*"]
        )
        services.endpoint_disable(endpoint=endpoint, reason="failing", notify=False)
        assert services.endpoint_disabled_notify(endpoint_id=endpoint.pk) == 1
        services.endpoint_update(endpoint=Endpoint.objects.get(), changes={"enabled": True})
        assert services.endpoint_disabled_notify(endpoint_id=endpoint.pk) == 0
    (mail,) = mailoutbox
    assert mail.to == ["owner@example.com"] and "http://127.0.0.1/x" in mail.subject
    assert "5 days" in mail.body and "replay" in mail.body
