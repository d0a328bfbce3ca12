"""Regression tests for the hostile inputs that answered 500 (security issue, item 5).

Each case was a server error before the fix; now each is a 4xx problem with a stable code.
The route fuzz test (``test_route_fuzz.py``) covers every route; these pin each cause.
"""

from __future__ import annotations

import json

import pyotp
import pytest
from django.db import DataError
from django.test import Client

from apps.core.api.json_parser import MAX_DEPTH
from apps.core.errors import problem_for_exception
from apps.iam.models import RecoveryCode
from apps.iam.services import accounts
from apps.learning import services as learning
from apps.learning.errors import InvalidCsv
from apps.tenants.context import tenant_context
from querylet import django_adapter as ql
from tests.factories import make_course

pytestmark = pytest.mark.django_db
JSON = "application/json"
SYSTEMS = "/api/admin/systems/systems"
SIGNIN = "/api/student/iam/auth/signin"
VERIFY = "/api/student/learning/certificates/verify/"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    body = json.loads(response.content)
    assert body["code"] == code, body
    return body


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# --- pagination -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("page=9223372036854775808", "page_too_large"),  # 2^63: OFFSET overflowed bigint
        ("page=9223372036854775807", "page_too_large"),
        ("page=" + "9" * 5000, "page_too_large"),  # int() refuses > 4300 digits
        ("page=%D9%A3", "invalid_pagination"),  # Arabic-Indic ٣ passed isdigit()
        ("page=%C2%B2", "invalid_pagination"),  # superscript two: isdigit() yet int() fails
        ("per_page=%EF%BC%95", "invalid_pagination"),  # full-width 5
    ],
)
def test_pagination_takes_only_ascii_digits_within_bounds(owner_client, query, code):
    response = owner_client.get(f"{SYSTEMS}?{query}")
    body = assert_problem(response, 400, code)
    assert set(body["errors"]) <= {"page", "per_page"}


def test_a_page_beyond_the_data_but_within_the_cap_is_empty_and_flagged(owner_client):
    response = owner_client.get(f"{SYSTEMS}?page={ql.MAX_PAGE}")
    assert response.status_code == 200
    assert json.loads(response["X-Pagination"])["out_of_bounds"] is True


def test_page_request_refuses_unicode_digits_and_leading_zero_tricks():
    assert ql.page_request({"page": "0007"}).page == 7
    for raw in ["\u0663", "\u00b2", "0", "00", "-1", " 1", "1e3"]:
        with pytest.raises(ql.PaginationError):
            ql.page_request({"page": raw})


# --- NUL, invalid UTF-8 and lone surrogates in the request line ------------------------------


@pytest.mark.parametrize(
    "url",
    [
        VERIFY + "%00",  # public certificate verification
        VERIFY + "abc%00def",
        VERIFY + "%ED%A0%80",  # a UTF-8-encoded lone surrogate (invalid UTF-8)
        VERIFY + "%FF",
        "/student/%00",  # the SPA shell resolved a file path with NUL in it
        SYSTEMS + "?search=%00",
        SYSTEMS + "?sort=%00",
        SYSTEMS + "?search=%ED%B0%80",
        SYSTEMS + "?%00=1",
    ],
)
def test_nul_and_invalid_utf8_in_path_or_query_is_400_before_any_view(owner_client, url):
    assert_problem(owner_client.get(url), 400, "invalid_characters")


def test_an_overlong_panel_path_segment_is_not_a_500(tenant, client):
    response = client.get("/student/" + "A" * 300)
    assert response.status_code == 200  # an unknown deep link gets the app shell
    assert response["Content-Type"].startswith("text/html")


def test_nul_is_refused_even_for_an_unknown_tenant_host(db):
    response = Client().get(VERIFY + "%00", HTTP_HOST="nobody.localhost")
    assert_problem(response, 400, "invalid_characters")


def test_the_guard_lets_ordinary_unicode_through(tenant, client):
    response = client.get(VERIFY + "%C3%A9t%C3%A9?q=%D9%A3")  # été, ٣
    assert_problem(response, 404, response.json()["code"])
    assert response.json()["code"] != "invalid_characters"


@pytest.mark.parametrize("topic_id", ["%C2%B2", "%D9%A3", "9" * 30])
def test_id_filters_take_only_ascii_digits_that_fit_a_bigint(tenant, owner_client, topic_id):
    with tenant_context(tenant):
        course = make_course("ids", chapters=1, materials_per_chapter=1)
    url = f"/api/admin/content/courses/{course.pk}/questions?topic_id={topic_id}"
    body = assert_problem(owner_client.get(url), 400, "validation_error")
    assert "topic_id" in body["errors"]


# --- Unicode digits and surrogates in MFA codes ----------------------------------------------


def test_totp_refuses_unicode_digits_instead_of_crashing():
    secret = pyotp.random_base32()
    assert accounts.totp_matching_step(secret, "\u0663" * 6, now=1_800_000_000) is None
    assert accounts.totp_matching_step(secret, "\uff11" * 6, now=1_800_000_000) is None


def test_recovery_code_with_a_lone_surrogate_is_just_wrong(tenant, owner):
    with tenant_context(tenant):
        RecoveryCode.objects.create(user=owner, code_hash=accounts.sha256_hex("abcde-12345"))
        assert accounts.recovery_code_use(user=owner, code="abcde-\ud800") is False
        assert accounts.recovery_code_use(user=owner, code="\u0663bcde-12345") is False
        assert accounts.recovery_code_use(user=owner, code=" ABCDE-12345 ") is True


def test_disabling_mfa_with_arabic_indic_digits_is_a_4xx(owner_client):
    secret = owner_client.post("/api/student/iam/me/mfa/enroll", content_type=JSON).json()["secret"]
    code = pyotp.TOTP(secret).now()
    confirmed = owner_client.post(
        "/api/student/iam/me/mfa/confirm", {"code": code}, content_type=JSON
    )
    assert confirmed.status_code == 200, confirmed.content
    response = owner_client.post(
        "/api/student/iam/me/mfa/disable", {"code": "\u0663" * 6}, content_type=JSON
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")


# --- deeply nested and unstorable JSON --------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [deep(10_000), '{"email":' + deep(10_000) + "}", deep(MAX_DEPTH + 1)],
    ids=["array-10k", "object-with-10k-array", "just-over-the-limit"],
)
def test_deep_json_on_the_public_signin_is_400(tenant, client, body):
    assert_problem(client.post(SIGNIN, body, content_type=JSON), 400, "malformed_json")


def test_json_nested_within_the_limit_still_reaches_validation(tenant, client):
    response = client.post(SIGNIN, '{"email": ' + deep(MAX_DEPTH - 1) + "}", content_type=JSON)
    assert_problem(response, 400, "validation_error")


def test_views_with_their_own_parser_list_refuse_deep_json_too(tenant, owner_client):
    with tenant_context(tenant):
        course = make_course("deep", chapters=1, materials_per_chapter=1)
    response = owner_client.post(
        f"/api/admin/learning/courses/{course.pk}/enrollment-jobs", deep(10_000), content_type=JSON
    )
    assert_problem(response, 400, "malformed_json")


@pytest.mark.parametrize("text", ["a\\u0000b", "\\ud800", "x\\udfffy"])
def test_json_strings_postgres_cannot_store_are_400(owner_client, text):
    body = '{"name": "g", "description": "' + text + '"}'
    response = owner_client.post("/api/admin/iam/groups", body, content_type=JSON)
    assert_problem(response, 400, "invalid_characters")


def test_json_keys_are_checked_as_well(owner_client):
    body = '{"document": {"\\ud800": 1}}'
    response = owner_client.post("/api/admin/content/courses/import", body, content_type=JSON)
    assert_problem(response, 400, "invalid_characters")


# --- integers beyond the columns --------------------------------------------------------------


def test_out_of_range_integer_is_refused_by_the_serializer(tenant, owner_client):
    with tenant_context(tenant):
        course = make_course("ints", chapters=1, materials_per_chapter=1, published=False)
        chapter = course.chapters.get()
    response = owner_client.post(
        f"/api/admin/content/courses/{course.pk}/chapters/{chapter.pk}/materials",
        {"kind": "video", "title": "v", "duration_seconds": 2**31},
        content_type=JSON,
    )
    body = assert_problem(response, 400, "validation_error")
    assert "duration_seconds" in body["errors"]


def test_a_value_the_database_refuses_is_400_and_the_request_commits_nothing(owner_client):
    document = {
        "format": "teacherseat.course.v1",
        "course": {"title": "Imported", "slug": "imported"},
        "topics": [{"ref": "t", "name": "Topic", "weight": 2**31}],  # integer column
    }
    response = owner_client.post(
        "/api/admin/content/courses/import", {"document": document}, content_type=JSON
    )
    assert 400 <= response.status_code < 500, response.content
    listed = owner_client.get("/api/admin/content/courses?search=imported")
    assert listed.status_code == 200
    assert listed.json() == []


def test_data_error_maps_to_invalid_value_without_leaking_sql():
    response = problem_for_exception(DataError('integer out of range\nCONTEXT: SQL "INSERT'))
    body = assert_problem(response, 400, "invalid_value")
    assert "INSERT" not in body["detail"]


# --- multipart garbage on public forms --------------------------------------------------------


@pytest.fixture
def browser(tenant) -> Client:
    """Anonymous, CSRF enforced, with the cookie and header token a panel would send."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/api/student/iam/csrf").json()["csrf_token"]
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\x7f",
        "multipart/form-data; boundary=" + "b" * 300,
    ],
)
def test_garbage_multipart_on_a_public_form_is_400(browser, content_type):
    response = browser.post(SIGNIN, b"--garbage\r\n\r\n", content_type=content_type)
    assert_problem(response, 400, "malformed_multipart")


def test_garbage_multipart_on_an_upload_endpoint_is_400(owner_client, csv_url):
    response = owner_client.post(csv_url, b"--garbage", content_type="multipart/form-data")
    assert_problem(response, 400, "malformed_multipart")


def test_wellformed_multipart_on_a_json_form_is_not_read_as_the_body(browser):
    body = b'--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--xyz--\r\n'
    response = browser.post(SIGNIN, body, content_type="multipart/form-data; boundary=xyz")
    assert_problem(response, 400, "validation_error")  # the CSRF check read it; DRF sees {}


# --- the bulk-enrollment CSV ------------------------------------------------------------------


@pytest.fixture
def csv_url(tenant) -> str:
    with tenant_context(tenant):
        course = make_course("csv", chapters=1, materials_per_chapter=1)
    return f"/api/admin/learning/courses/{course.pk}/enrollment-jobs"


def _upload(client: Client, url: str, content: bytes):
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n--xyz--\r\n"
    )
    return client.post(url, body, content_type="multipart/form-data; boundary=xyz")


def test_csv_with_a_nul_is_400_invalid_csv(owner_client, csv_url):
    response = _upload(owner_client, csv_url, b"email\na\x00@example.com\n")
    assert_problem(response, 400, "invalid_csv")


def test_csv_with_an_encoded_lone_surrogate_is_400_invalid_csv(owner_client, csv_url):
    response = _upload(owner_client, csv_url, b"email\n\xed\xa0\x80@example.com\n")
    assert_problem(response, 400, "invalid_csv")


def test_csv_in_json_with_a_lone_surrogate_is_400(owner_client, csv_url):
    body = '{"csv": "email\\n\\ud800@example.com"}'
    response = owner_client.post(csv_url, body, content_type=JSON)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_csv_parser_refuses_text_postgres_cannot_store():
    for text in ["email\n\ud800@example.com\n", "email\nx\x00@example.com\n"]:
        with pytest.raises(InvalidCsv):
            learning._csv_rows(text)


# --- wrong content types on JSON endpoints ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"email=a@b.c&password=x", "application/x-www-form-urlencoded"),
        (b"email a@b.c", "text/plain"),
        (b"<signin><email>a@b.c</email></signin>", "application/xml"),
    ],
)
def test_wrong_content_type_on_a_json_endpoint_is_415(browser, body, content_type):
    assert_problem(
        browser.post(SIGNIN, body, content_type=content_type), 415, "unsupported_media_type"
    )
