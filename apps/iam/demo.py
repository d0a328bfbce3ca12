"""Demo data for IAM: the managed policies and a read-only staff member with a group."""

from __future__ import annotations

from typing import Any

from apps.iam.models import Group, ManagedPolicy, User
from apps.iam.services import policies_seed_managed
from apps.iam.services.policies import group_add_member, group_create, policy_attach
from apps.tenants.models import Tenant


def seed(*, tenant: Tenant, stdout: Any) -> None:
    policies_seed_managed(tenant)
    email = f"viewer@{tenant.slug}.example.com"
    viewer = User.objects.filter(email=email).first()
    if viewer is None:
        viewer = User.objects.create_user(
            email=email,
            password="teacherseat-demo",
            name="Read-only viewer",
            admin_panel_access=True,
        )
    group = Group.objects.filter(name="Viewers").first()
    if group is None:
        group = group_create(actor=None, name="Viewers")
        group_add_member(actor=None, group=group, user=viewer)
        policy_attach(
            actor=None, policy=ManagedPolicy.objects.get(name="ReadOnlyAccess"), principal=group
        )
