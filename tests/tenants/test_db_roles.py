"""Least privilege in the database: the application logs in as a role that cannot escalate.

Tests log in exactly as the application does (``DATABASE_URL``, the app role); the owner
only built the schema. Nothing the application's SQL can say regains the owner's or the
superuser's rights.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from apps.iam.models import TenantSession, User
from apps.iam.session_store import SessionStore
from apps.tenants.context import tenant_context
from tests.factories import make_tenant, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def one(query: str, params: list[object] | None = None) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return tuple(cursor.fetchone())


def run(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def alpha_with_a_user():
    alpha = make_tenant("alpha")
    with tenant_context(alpha):
        make_user(alpha, "ana@alpha.test")
    return alpha


def test_the_app_logs_in_as_the_app_role():
    assert one("SELECT current_user, session_user") == (settings.DB_APP_ROLE,) * 2


def test_the_app_role_is_neither_superuser_nor_bypassrls_nor_a_creator():
    row = one(
        "SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolcanlogin"
        " FROM pg_roles WHERE rolname = current_user"
    )
    assert row == (False, False, False, False, True)


def test_reset_role_keeps_the_app_role_and_rls(alpha_with_a_user):
    with transaction.atomic():
        run("RESET ROLE")
        assert one("SELECT current_user") == (settings.DB_APP_ROLE,)
        assert one("SELECT count(*) FROM iam_users") == (0,)
    with transaction.atomic():
        run("RESET SESSION AUTHORIZATION")
        assert one("SELECT current_user") == (settings.DB_APP_ROLE,)
        assert User.objects.count() == 0


@pytest.mark.parametrize(
    "statement",
    [
        "SET ROLE postgres",
        "SET ROLE teacherseat_owner",
        "SET SESSION AUTHORIZATION postgres",
        "SET SESSION AUTHORIZATION teacherseat_owner",
    ],
)
def test_switching_to_a_stronger_role_is_refused(statement):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        run(statement)


def test_the_app_login_owns_no_table():
    owned = one(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        " AND tableowner IN (current_user, session_user)"
    )
    assert owned == (0,)


def test_even_after_reset_role_the_app_cannot_switch_rls_off():
    with pytest.raises(DatabaseError, match="must be owner"), transaction.atomic():
        run("RESET ROLE")
        run("ALTER TABLE iam_users NO FORCE ROW LEVEL SECURITY")


def test_the_app_role_reads_tenants_but_cannot_insert_or_update_them():
    alpha = make_tenant("alpha")
    assert one("SELECT slug FROM tenants_tenants WHERE id = %s", [alpha.pk]) == ("alpha",)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        one(
            "INSERT INTO tenants_tenants (slug, name, status, created_at)"
            " VALUES ('evil', 'Evil', 'active', now()) RETURNING id"
        )
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        one(
            "UPDATE tenants_tenants SET status = 'suspended' WHERE id = %s RETURNING id", [alpha.pk]
        )
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        alpha.name = "Renamed"
        alpha.save()


def test_sessions_are_a_tenant_owned_table_with_forced_rls():
    assert one(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'iam_sessions'"
    ) == (True, True)


def test_a_session_of_tenant_a_is_invisible_in_tenant_b():
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    with tenant_context(alpha):
        store = SessionStore()
        store["ts_tenant_id"] = alpha.pk
        store.create()
        key = store.session_key
        assert TenantSession.objects.filter(session_key=key).count() == 1
    with tenant_context(beta):
        assert one("SELECT count(*) FROM iam_sessions WHERE session_key = %s", [key]) == (0,)
        assert TenantSession.objects.filter(session_key=key).count() == 0
        assert SessionStore(key).load() == {}
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            TenantSession.objects.create(
                session_key=key + "x",
                session_data="",
                expire_date=timezone.now() + timedelta(hours=1),
                tenant_id=alpha.pk,
            )
    with tenant_context(alpha):
        assert SessionStore(key).load() == {"ts_tenant_id": alpha.pk}


def test_a_cookie_minted_on_academy_a_finds_no_session_on_academy_b(settings):
    settings.PRIMARY_DOMAIN = "teacherseat.test"
    settings.ALLOWED_HOSTS = [".teacherseat.test"]
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    with tenant_context(alpha):
        make_user(alpha, "ana@alpha.test", admin=True, owner=True)
    client = Client()
    signin = client.post(
        "/api/student/iam/auth/signin",
        {"email": "ana@alpha.test", "password": PASSWORD},
        content_type="application/json",
        HTTP_HOST="alpha.app.teacherseat.test",
    )
    assert signin.status_code == 200, signin.content
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key.startswith(f"{alpha.pk}-")
    assert (
        client.get("/api/student/iam/me", HTTP_HOST="alpha.app.teacherseat.test").status_code == 200
    )

    on_beta = client.get("/api/student/iam/me", HTTP_HOST="beta.app.teacherseat.test")

    assert on_beta.status_code == 401
    with tenant_context(beta):
        assert not TenantSession.objects.filter(session_key=key).exists()


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "short",
        "1-" + "a" * 31,
        "9" * 19 + "-" + "a" * 32,  # not a bigint
        "\u0661-" + "a" * 32,  # a Unicode digit
        "1-\x00" + "a" * 31,
        "1-" + "A" * 32,
    ],
)
def test_malformed_session_keys_start_a_new_session_without_a_query(
    cookie, tenant, django_assert_num_queries
):
    with tenant_context(tenant), django_assert_num_queries(0):
        store = SessionStore(cookie)
        assert store.session_key is None
        assert store.load() == {}
