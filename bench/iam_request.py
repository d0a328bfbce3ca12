"""Cost of the IAM permission check inside a real admin request.

Run: ``.venv/bin/python bench/iam_request.py [requests]``.  Creates a throw-away database
on the embedded Postgres (``bench_iam_request``), a tenant, the managed policies and a
non-owner staff member whose rights come from 20 policies (direct, via a group, via a
role, inline, with conditions) plus a boundary.  It then times ``GET
/api/admin/iam/users`` through the Django test client (middleware, session, tenant
transaction, querylet read) three ways:

* real authorizer, measuring the time spent inside it (stamp read + warm decision);
* the same requests with the authorizer replaced by an always-allow stub;
* cold: the compiled-policy cache cleared before every request (worst case).

Target: the check costs at most 5 % of the request.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_iam_request")

from teacherseat.embedded_db import configure_environment

configure_environment()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from apps.core.api import authorization as hooks  # noqa: E402
from apps.iam import authorization  # noqa: E402
from apps.tenants import db_role  # noqa: E402
from teacherseat.testing.clients import signed_in  # noqa: E402

TARGET_PERCENT = 5.0
PATH = "/api/admin/iam/users"


def build_world() -> Any:
    from apps.iam.models import Group, ManagedPolicy, Role, User
    from apps.iam.services import policies as svc
    from apps.iam.services import policies_seed_managed
    from apps.tenants.context import tenant_context
    from apps.tenants.models import Tenant

    with db_role.privileged():  # only the owner may write the tenants table
        tenant, _ = Tenant.objects.get_or_create(slug="default", defaults={"name": "Bench"})
    policies_seed_managed(tenant)
    with tenant_context(tenant):
        for i in range(50):
            User.objects.create_user(email=f"learner{i}@example.com", password=None, name=f"L {i}")
        staff = User.objects.create_user(
            email="staff@example.com", password=None, admin_panel_access=True
        )
        group = Group.objects.create(name="Staff")
        role = Role.objects.create(name="Operator")
        svc.group_add_member(actor=None, group=group, user=staff)
        svc.role_assign(actor=None, role=role, user=staff)
        managed = list(ManagedPolicy.objects.filter(system_managed=True).order_by("name"))
        principals: list[Any] = [staff, group, role]
        for i, policy in enumerate(managed[:14]):
            svc.policy_attach(actor=None, policy=policy, principal=principals[i % 3])
        for i in range(6):
            svc.inline_policy_put(
                actor=None,
                principal=principals[i % 3],
                name=f"cond{i}",
                document={
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "teacherseat:admin:iam:users:*",
                            "Resource": "trn:teacherseat:default:iam:*",
                            "Condition": {"IpAddress": {"ts:SourceIp": "127.0.0.0/8"}},
                        },
                        {
                            "Effect": "Deny",
                            "Action": "teacherseat:admin:iam:users:delete",
                            "Resource": "*",
                            "Condition": {"BoolIfExists": {"ts:MultiFactorAuthPresent": "false"}},
                        },
                    ],
                },
            )
        svc.boundary_put(
            actor=None, user=staff, policy=ManagedPolicy.objects.get(name="AdministratorAccess")
        )
    return staff


def timed(client: Client, n: int, before: Any = None) -> list[float]:
    samples = []
    for _ in range(n):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(PATH)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content
    return samples


def us(values: list[float]) -> float:
    return statistics.median(values) * 1e6


def allow_everything(request: Any, action: str, resource: str, context: Any = None) -> bool:
    return True


def measure(client: Client, n: int, label: str) -> float:
    """Print the figures for one configuration; return the check's share of the request."""
    real = authorization.is_allowed
    spent: list[float] = []

    def measured(request: Any, action: str, resource: str, context: Any = None) -> bool:
        start = time.perf_counter()
        try:
            return real(request, action, resource, context)
        finally:
            spent.append(time.perf_counter() - start)

    timed(client, 50)  # warm-up: caches, templates, connection
    hooks.install(authorizer=measured)
    with_check = timed(client, n)
    hooks.install(authorizer=allow_everything)
    without_check = timed(client, n)
    hooks.install(authorizer=measured)
    spent_warm = list(spent)
    spent.clear()
    cold = timed(client, max(50, n // 4), before=authorization.cache_clear)
    hooks.install(authorizer=real)
    assert cold

    req_p50, stub_p50 = us(with_check), us(without_check)
    check_p50 = us(spent_warm)
    share = 100 * check_p50 / req_p50
    print(f"[{label}]")
    print(f"  request p50 with IAM check:      {req_p50:9.1f} µs")
    print(f"  request p50 with allow-all stub: {stub_p50:9.1f} µs")
    print(f"  difference of medians:           {req_p50 - stub_p50:9.1f} µs")
    print(f"  check p50 (warm cache):          {check_p50:9.1f} µs = {share:.2f} % of request")
    print(f"  check p50 (cold cache, compile): {us(spent):9.1f} µs")
    return share


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    setup_test_environment()
    db_role.set_privileged(True)  # the owner creates, migrates and later drops the database
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        db_role.set_privileged(False)  # requests log in as the app role, as in production
        staff = build_world()
        print(f"{n} x GET {PATH}; non-owner with 20 policies (conditions) + boundary")
        client = signed_in(staff)
        shares = {"IAM_STAMP_MAX_AGE_MS=0 (stamp query every request)": measure(client, n, "0")}
        with override_settings(IAM_STAMP_MAX_AGE_MS=1000):
            shares["IAM_STAMP_MAX_AGE_MS=1000 (stamp reused for 1 s)"] = measure(client, n, "1000")
        for label, share in shares.items():
            verdict = "OK" if share <= TARGET_PERCENT else "MISSED"
            print(f"target ≤ {TARGET_PERCENT:.0f} % with {label}: {share:.2f} % -> {verdict}")
    finally:
        db_role.set_privileged(True)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
