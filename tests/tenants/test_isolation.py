"""Row-level security: every tenant-owned table is isolated by the database itself."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from apps.iam.models import TenantSession, User
from apps.systems.models import SystemRegistration
from apps.tenants.context import NoTenantContext, current_tenant_id, tenant_context
from apps.tenants.models import TenantOwnedModel
from tests.factories import make_iam_row, make_tenant, make_user

pytestmark = pytest.mark.django_db


def tenant_owned_models() -> list[type[TenantOwnedModel]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and not model._meta.abstract
    ]


def make_row(model: type[TenantOwnedModel], marker: str) -> TenantOwnedModel:
    """One valid row for each tenant-owned model (extend when a new model appears)."""
    if model is User:
        return make_user(None, f"{marker}@example.com")  # type: ignore[arg-type]
    if model is SystemRegistration:
        return SystemRegistration.objects.create(label=f"sys_{marker}", registered=False)
    if model is TenantSession:
        return make_session_row(marker)
    iam_row = make_iam_row(model, marker)
    if iam_row is not None:
        return iam_row
    content_row = _content_or_learning_row(model, marker)
    if content_row is not None:
        return content_row
    background_row = _background_row(model, marker)
    if background_row is not None:
        return background_row
    raise AssertionError(f"add a row factory for {model.__name__} to this test")


def make_session_row(marker: str) -> TenantSession:
    """A session row of the current tenant (its key names that tenant, as the store's do)."""
    from datetime import timedelta

    from django.utils import timezone

    return TenantSession.objects.create(
        session_key=f"{current_tenant_id()}-{marker:0<32}"[:64],
        session_data="",
        expire_date=timezone.now() + timedelta(hours=1),
    )


def _content_or_learning_row(model: type[TenantOwnedModel], marker: str) -> TenantOwnedModel | None:
    """Rows for apps.content / apps.learning models (each builds the parents it needs)."""
    from apps.content import models as cm
    from apps.learning import models as lm

    def course() -> cm.Course:
        return cm.Course.objects.create(title=marker, slug=f"c-{marker}")

    def question(c: cm.Course) -> cm.Question:
        return cm.Question.objects.create(course=c, kind="single", stem="?")

    def question_set(c: cm.Course) -> cm.QuestionSet:
        return cm.QuestionSet.objects.create(course=c, title=marker)

    def material() -> cm.Material:
        c = course()
        chapter = cm.Chapter.objects.create(course=c, title=marker, position=1)
        return cm.Material.objects.create(
            course=c, chapter=chapter, title=marker, kind="article", position=1
        )

    def attempt() -> lm.Attempt:
        c = course()
        return lm.Attempt.objects.create(
            user=make_user(None, f"a-{marker}@example.com"),  # type: ignore[arg-type]
            course=c,
            question_set=question_set(c),
            pass_mark=50,
        )

    def learner() -> User:
        return make_user(None, f"l-{marker}@example.com")  # type: ignore[arg-type]

    factories = {
        cm.Course: course,
        cm.Chapter: lambda: cm.Chapter.objects.create(course=course(), title=marker, position=1),
        cm.Topic: lambda: cm.Topic.objects.create(course=course(), name=marker),
        cm.Question: lambda: question(course()),
        cm.QuestionSet: lambda: question_set(course()),
        cm.QuestionSetItem: lambda: (
            lambda c: cm.QuestionSetItem.objects.create(
                question_set=question_set(c), question=question(c), position=1
            )
        )(course()),
        cm.Material: material,
        lm.Enrollment: lambda: lm.Enrollment.objects.create(
            user=learner(), course=course(), source="admin"
        ),
        lm.EnrollmentJob: lambda: lm.EnrollmentJob.objects.create(course=course(), csv_text=""),
        lm.MaterialProgress: lambda: (
            lambda m: lm.MaterialProgress.objects.create(
                user=learner(), course_id=m.course_id, material=m
            )
        )(material()),
        lm.Attempt: attempt,
        lm.AttemptItem: lambda: lm.AttemptItem.objects.create(
            attempt=attempt(), position=1, kind="single", stem="?"
        ),
        lm.Certificate: lambda: lm.Certificate.objects.create(
            user=learner(),
            course=course(),
            code=f"TS-{marker}",
            holder_name=marker,
            course_title=marker,
        ),
    }
    factory: Callable[[], TenantOwnedModel] | None = factories.get(model)  # type: ignore[call-overload]
    return factory() if factory is not None else None


def _background_row(model: type[TenantOwnedModel], marker: str) -> TenantOwnedModel | None:
    """Rows for apps.events / apps.jobs / apps.webhooks models."""
    import uuid

    from django.utils import timezone

    from apps.events import models as em
    from apps.jobs import models as jm
    from apps.webhooks import models as wm

    def endpoint() -> wm.Endpoint:
        return wm.Endpoint.objects.create(
            url=f"https://{marker}.example.com/hook", secret_encrypted="x", secret_hint="abcd"
        )

    def delivery() -> wm.Delivery:
        return wm.Delivery.objects.create(
            endpoint=endpoint(),
            event_id=uuid.uuid4(),
            event_type="user.created",
            occurred_at=timezone.now(),
            payload={},
            webhook_id=f"msg_{marker}",
        )

    factories = {
        em.Event: lambda: em.Event.objects.create(type="user.created", payload={"m": marker}),
        jm.Job: lambda: jm.Job.objects.create(kind="test.kind", title=marker),
        wm.Endpoint: endpoint,
        wm.Delivery: delivery,
        wm.Attempt: lambda: wm.Attempt.objects.create(delivery=delivery(), error=marker),
    }
    factory: Callable[[], TenantOwnedModel] | None = factories.get(model)  # type: ignore[call-overload]
    return factory() if factory is not None else None


def count_raw(table: str) -> int:
    with connection.cursor() as cursor:
        # Table names come from model metadata, never from input; quoted by Django.
        cursor.execute("SELECT count(*) FROM " + connection.ops.quote_name(table))
        return int(cursor.fetchone()[0])


@pytest.fixture
def two_tenants():
    return make_tenant("alpha"), make_tenant("beta")


def test_there_are_tenant_owned_models_to_check():
    names = {m.__name__ for m in tenant_owned_models()}
    assert {"User", "SystemRegistration"} <= names


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_rows_of_tenant_a_are_invisible_under_tenant_b(model, two_tenants):
    alpha, beta = two_tenants
    # (making a row may make related ones: a new user joins the Learners group)
    with tenant_context(alpha):
        make_row(model, "alpha")
        assert count_raw(model._meta.db_table) == model.objects.count() >= 1
    with tenant_context(beta):
        assert count_raw(model._meta.db_table) == 0
        assert model.objects.count() == 0
        make_row(model, "beta")
        rows = list(model.objects.all())
        assert rows and all(row.tenant_id == beta.pk for row in rows)


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_no_tenant_context_returns_zero_rows(model, two_tenants):
    alpha, _ = two_tenants
    with tenant_context(alpha):
        make_row(model, "alpha")
    with transaction.atomic():
        assert count_raw(model._meta.db_table) == 0
        assert model.objects.count() == 0


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_insert_with_foreign_tenant_id_is_rejected_by_the_database(model, two_tenants):
    alpha, beta = two_tenants
    with tenant_context(alpha):
        row = make_row(model, "alpha")
    with tenant_context(beta), pytest.raises(DatabaseError, match="row-level security"):
        with transaction.atomic():
            row.pk = None
            row._state.adding = True
            row.tenant_id = alpha.pk
            if model is User:
                row.email = "intruder@example.com"  # type: ignore[attr-defined]
            row.save()


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_tenant_id_cannot_be_moved_to_another_tenant(model, two_tenants):
    alpha, beta = two_tenants
    with tenant_context(alpha):
        row = make_row(model, "alpha")
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            model.objects.filter(pk=row.pk).update(tenant_id=beta.pk)
        assert model.objects.get(pk=row.pk).tenant_id == alpha.pk


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_every_tenant_owned_table_has_forced_rls_and_a_policy(model):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relrowsecurity, c.relforcerowsecurity,"
            " (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname)"
            " FROM pg_class c WHERE c.relname = %s",
            [table],
        )
        enabled, forced, policies = cursor.fetchone()
    assert (enabled, forced) == (True, True)
    assert policies >= 1


@pytest.mark.parametrize("model", tenant_owned_models(), ids=lambda m: m.__name__)
def test_tenant_id_is_indexed(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [model._meta.db_table]
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("(tenant_id" in d for d in definitions), definitions


def test_creating_a_row_outside_a_tenant_fails_closed():
    with pytest.raises(NoTenantContext):
        SystemRegistration.objects.create(label="nowhere")


def test_raw_insert_takes_tenant_from_context(two_tenants):
    alpha, _ = two_tenants
    with tenant_context(alpha), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO systems_registrations (label, registered, updated_at)"
            " VALUES (%s, false, now()) RETURNING tenant_id",
            ["raw_insert"],
        )
        assert cursor.fetchone()[0] == alpha.pk


def test_runtime_role_is_neither_superuser_nor_bypassrls():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, session_user, rolsuper, rolbypassrls"
            " FROM pg_roles WHERE rolname = current_user"
        )
        user, login, superuser, bypass = cursor.fetchone()
    assert user == login == "teacherseat_app"
    assert superuser is False
    assert bypass is False


def test_tenant_setting_is_transaction_scoped(two_tenants):
    alpha, _ = two_tenants
    with tenant_context(alpha), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('teacherseat.tenant_id', true)")
        assert cursor.fetchone()[0] == str(alpha.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('teacherseat.tenant_id', true), '')")
        assert cursor.fetchone()[0] == ""
