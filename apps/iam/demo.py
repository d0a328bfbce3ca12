"""Demo data for IAM: the managed policies, the academy's admin (account owner), and a
read-only staff member in a Viewers group."""

from __future__ import annotations

from typing import Any

from apps.iam.models import Group, ManagedPolicy, User
from apps.iam.principals import GROUPS
from apps.iam.services import policies_seed_managed
from apps.iam.services.accounts import account_create
from apps.iam.services.holders import holder_create, holder_user_add
from apps.iam.services.learners import learners_join_all
from apps.iam.services.policies import policy_attach
from apps.tenants.models import Tenant

DEMO_PASSWORD = "teacherseat-demo"  # local demo only; seed_demo refuses to run in production


def seed(*, tenant: Tenant, stdout: Any) -> None:
    policies_seed_managed(tenant)
    learners_join_all(tenant)  # accounts made before learners were principals
    admin = f"admin@{tenant.slug}.example.com"
    if not User.objects.filter(email=admin).exists():
        account_create(
            email=admin,
            password=DEMO_PASSWORD,
            source="seed",
            name=f"{tenant.name} Admin",
            admin_panel_access=True,
            is_account_owner=True,
        )
    stdout.write(f"  admin (all permissions): {admin} / {DEMO_PASSWORD}")
    email = f"viewer@{tenant.slug}.example.com"
    viewer = User.objects.filter(email=email).first()
    if viewer is None:
        viewer = account_create(
            email=email,
            password=DEMO_PASSWORD,
            source="seed",
            name="Read-only viewer",
            admin_panel_access=True,
        )
    group = Group.objects.filter(name="Viewers").first()
    if group is None:
        group = holder_create(actor=None, kind=GROUPS, name="Viewers")
        holder_user_add(actor=None, holder=group, user=viewer)
        policy_attach(
            actor=None, policy=ManagedPolicy.objects.get(name="ReadOnlyAccess"), principal=group
        )
    stdout.write(f"  staff (read-only, Viewers group): {email} / {DEMO_PASSWORD}")
