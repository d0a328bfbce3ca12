"""Stored files: keys made by the server under the academy's prefix, served only to it.

Regression tests for the cross-tenant file read: an imported ``file_path`` pointing at the
Postgres data folder was stored as given and served to an enrolled learner.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.content import files
from apps.content.errors import ContentNotFound
from apps.content.models import Chapter, Course, Material
from apps.learning import services as learning
from apps.tenants.context import NoTenantContext, tenant_context
from apps.tenants.resolution import tenant_url
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"
ADMIN = "/api/admin/content/courses"
STUDENT = "/api/student/learning"
PDF = b"%PDF-1.4 lesson slides"
SECRET = b"rows of every academy"


def post(client: Any, url: str, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type=JSON)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """MEDIA_ROOT in a temporary folder, with a 'database file' beside it and inside it."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    for where in (tmp_path, root):
        (where / ".pgdata").mkdir()
        (where / ".pgdata" / "PG_VERSION").write_bytes(SECRET)
    return root


def file_material(course: Course) -> Material:
    chapter = Chapter.objects.filter(course=course).order_by("position").first()
    assert chapter is not None
    return Material.objects.create(
        course=course, chapter=chapter, position=99, title="Slides", kind=Material.Kind.FILE
    )


def signed_in_at(user: Any, tenant: Any) -> Any:
    """A signed-in client that talks to the academy's own host."""
    client = signed_in(user)
    client.defaults["HTTP_HOST"] = urlsplit(tenant_url(tenant, "/")).netloc
    return client


def upload(client: Any, course: Course, material: Material) -> Any:
    response = client.post(
        f"{ADMIN}/{course.pk}/materials/{material.pk}/file",
        {"file": SimpleUploadedFile("slides.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 200, response.json()
    return response.json()


def learner_client(tenant: Any, course_id: int, email: str = "learner@example.com") -> Any:
    """A signed-in learner enrolled in the course (published here, whatever its files)."""
    with tenant_context(tenant):
        Course.objects.filter(pk=course_id).update(status=Course.Status.PUBLISHED)
        course = Course.objects.get(pk=course_id)
        learner = make_user(tenant, email)
        learning.enrollment_enroll(user=learner, course=course, source="admin")
    return signed_in_at(learner, tenant)


def download(client: Any, material_id: int) -> Any:
    return client.get(f"{STUDENT}/materials/{material_id}/file")


def assert_file_not_found(response: Any) -> None:
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "file_not_found"


@pytest.mark.parametrize(
    "key",
    [
        ".pgdata/PG_VERSION",
        "../.pgdata/PG_VERSION",
        "/etc/passwd",
        "tenants/{other}/materials/x.pdf",
    ],
)
def test_import_never_stores_a_file_path(key, owner_client, tenant, other_tenant, media):
    # given a document whose file material and cover name files on the server
    key = key.format(other=other_tenant.pk)
    foreign = media / f"tenants/{other_tenant.pk}/materials/x.pdf"
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(SECRET)
    document = {
        "format": "teacherseat.course.v1",
        "course": {"title": "Leak", "slug": "leak", "cover_image": key},
        "chapters": [
            {
                "title": "One",
                "materials": [
                    {
                        "title": "Dump",
                        "kind": "file",
                        "file_path": key,
                        "file_name": "dump.pdf",
                        "file_size": 2**63,
                        "file_content_type": "application/pdf",
                    }
                ],
            }
        ],
    }
    # when it is imported
    imported = post(owner_client, f"{ADMIN}/import", {"document": document})
    # then the course exists without any stored key, and publishing asks for the file
    assert imported.status_code == 201, imported.json()
    with tenant_context(tenant):
        course = Course.objects.get(pk=imported.json()["id"])
        material = Material.objects.get(course=course)
    assert course.cover_image == ""
    assert (material.file_path, material.file_name, material.file_size) == ("", "", None)
    refused = post(owner_client, f"{ADMIN}/{course.pk}/publish")
    assert refused.status_code == 400 and refused.json()["code"] == "file_missing"
    # and even a learner of a (forcibly) published copy gets a 404, not the bytes
    response = download(learner_client(tenant, course.pk), material.pk)
    assert_file_not_found(response)


@pytest.mark.parametrize(
    "key",
    [
        ".pgdata/PG_VERSION",
        "../.pgdata/PG_VERSION",
        "/etc/passwd",
        "courses/1/materials/legacy.pdf",
        "tenants/{other}/courses/1/materials/b.pdf",
        "tenants/{own}/../{other}/courses/1/materials/b.pdf",
        "tenants\\{own}\\courses\\1\\materials\\a.pdf",
        "tenants/{own}/",
        "tenants/{own}",
    ],
)
def test_only_keys_under_the_own_academy_prefix_are_served(key, tenant, other_tenant, media):
    # given files at every one of those places, and a material row carrying the key
    own, other = tenant.pk, other_tenant.pk
    for stored in (
        "courses/1/materials/legacy.pdf",
        f"tenants/{other}/courses/1/materials/b.pdf",
        f"tenants/{own}/courses/1/materials/a.pdf",
    ):
        (media / stored).parent.mkdir(parents=True, exist_ok=True)
        (media / stored).write_bytes(SECRET)
    with tenant_context(tenant):
        course = make_course("a", chapters=1, materials_per_chapter=1, published=False)
        material = file_material(course)
        material.file_path = key.format(own=own, other=other)
        material.file_name = "x.pdf"
        material.save()
    # when a learner downloads it, then it is a 404 problem, never the bytes
    assert_file_not_found(download(learner_client(tenant, course.pk), material.pk))


def test_a_key_with_nul_is_refused_before_storage_sees_it(tenant, media):
    # Postgres text cannot hold NUL, so a row cannot carry one: ask the helper directly.
    key = f"tenants/{tenant.pk}/courses/1/materials/a.pdf"
    (media / key).parent.mkdir(parents=True)
    (media / key).write_bytes(PDF)
    with tenant_context(tenant):
        with files.open_tenant_file(key) as opened:
            assert opened.read() == PDF
        with pytest.raises(ContentNotFound) as refused:
            files.open_tenant_file(key + "\x00")
    assert refused.value.code == "file_not_found"


def test_a_file_of_academy_b_is_not_served_in_academy_a(tenant, other_tenant, media):
    # given a file uploaded in academy B
    with tenant_context(other_tenant):
        b_course = make_course("b", chapters=1, materials_per_chapter=1, published=False)
        b_material = file_material(b_course)
        b_owner = make_user(other_tenant, "owner-b@example.com", admin=True, owner=True)
    b_key = upload(signed_in_at(b_owner, other_tenant), b_course, b_material)["file_path"]
    assert (media / b_key).read_bytes() == PDF
    # and a material of academy A made to carry B's key
    with tenant_context(tenant):
        a_course = make_course("a", chapters=1, materials_per_chapter=1, published=False)
        a_material = file_material(a_course)
        a_material.file_path = b_key
        a_material.file_name = "b.pdf"
        a_material.save()
    # when A's learner downloads it, then it is a 404
    assert_file_not_found(download(learner_client(tenant, a_course.pk), a_material.pk))
    # while B's own learner gets the file
    served = download(learner_client(other_tenant, b_course.pk, "b@example.com"), b_material.pk)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF


def test_uploads_are_stored_under_the_academy_prefix(owner_client, tenant, media):
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=1, published=False)
        material = file_material(course)
    key = upload(owner_client, course, material)["file_path"]
    assert key.startswith(f"tenants/{tenant.pk}/courses/{course.pk}/materials/")
    assert key.endswith(".pdf") and "slides" not in key
    assert (media / key).read_bytes() == PDF
    served = download(learner_client(tenant, course.pk), material.pk)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF


def test_storing_outside_an_academy_is_refused(media):
    with pytest.raises(NoTenantContext):
        files.store_upload(
            SimpleUploadedFile("s.pdf", PDF, "application/pdf"),
            folder="materials",
            allowed=files.MATERIAL_TYPES,
        )
    assert list(media.rglob("*.pdf")) == []


def test_a_file_gone_from_storage_is_a_404_problem(owner_client, tenant, media):
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=1, published=False)
        material = file_material(course)
    key = upload(owner_client, course, material)["file_path"]
    (media / key).unlink()
    assert_file_not_found(download(learner_client(tenant, course.pk), material.pk))


def test_duplicate_copies_files_to_new_keys_of_the_academy(owner_client, tenant, media):
    # given a course with an uploaded file
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=1, published=False)
        material = file_material(course)
    source_key = upload(owner_client, course, material)["file_path"]
    cover = owner_client.post(
        f"{ADMIN}/{course.pk}/cover",
        {"file": SimpleUploadedFile("c.png", b"\x89PNG cover", "image/png")},
    )
    assert cover.status_code == 200, cover.json()
    # when it is duplicated
    copy = post(owner_client, f"{ADMIN}/{course.pk}/duplicate")
    assert copy.status_code == 201, copy.json()
    with tenant_context(tenant):
        copied = Material.objects.get(course_id=copy.json()["id"], kind=Material.Kind.FILE)
    # then the copy has its own stored file with the same bytes and metadata
    assert copied.file_path != source_key
    assert copied.file_path.startswith(f"tenants/{tenant.pk}/courses/{copy.json()['id']}/")
    assert (media / copied.file_path).read_bytes() == PDF
    assert (copied.file_name, copied.file_size) == ("slides.pdf", len(PDF))
    with tenant_context(tenant):
        source_cover = Course.objects.get(pk=course.pk).cover_image
        copy_cover = Course.objects.get(pk=copy.json()["id"]).cover_image
    assert source_cover.startswith(f"tenants/{tenant.pk}/courses/{course.pk}/cover/")
    assert copy_cover.startswith(f"tenants/{tenant.pk}/courses/{copy.json()['id']}/cover/")
    assert (media / copy_cover).read_bytes() == b"\x89PNG cover"
    # and it can be published and served, even after the source's file is gone
    assert post(owner_client, f"{ADMIN}/{copy.json()['id']}/publish").status_code == 200
    (media / source_key).unlink()
    served = download(learner_client(tenant, copy.json()["id"]), copied.pk)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
