"""Every route answers hostile input with a 4xx problem, never a 5xx (security issue 5).

The URL resolver is walked (``tests.urlwalk``); each (route, HTTP method) gets hostile path
parameters, query strings and bodies drawn from the strategies below, sent anonymously and
as a signed-in academy owner on the app host, and anonymously and with an access key on the
SDK surfaces (``/sdk/v1/`` on the app host and ``/v1/`` on ``api.localhost``).

Given any such request, then the status is below 500 and every 4xx is an
``application/problem+json`` document with a ``code``. Seeds are fixed (``derandomize``),
so a failure reproduces; examples are bounded so the file stays well under a minute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from apps.content import services as content
from apps.iam.services.keys import access_key_create
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_question
from tests.urlwalk import Route, routes

pytestmark = pytest.mark.django_db

# Bounded so the file stays under a minute on a 2-core machine (~1,400 requests).
EXAMPLES_WITH_BODY = 5
EXAMPLES_WITHOUT_BODY = 4
SDK_HOST = "api.localhost"
BODY_METHODS = {"post", "put", "patch"}
PROBLEM = "application/problem+json"

# --- hostile values ---------------------------------------------------------------------

NASTY_STRINGS = [
    "",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202e\u200fevil\u202c",  # RTL override / mark
    "\u0663",  # Arabic-Indic digit three
    "\u0661\u0662\u0663\u0664\u0665\u0666",
    "\uff11\uff12",  # full-width digits
    "A" * 10_000,
    "../../etc/passwd",
    "' OR 1=1 --",
    "%00",
    "\ufeff",
    "\U0001f600",
]
NASTY_INTS = [
    0,
    -1,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**63 - 1,
    2**63,
    -(2**63) - 1,
    10**30,
]
NASTY_ID_TEXT = ["0", "2147483648", "9223372036854775808", "1" * 40, "-1", "\u0663"]

hostile_text = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),
)
hostile_int = st.one_of(st.sampled_from(NASTY_INTS), st.integers())
hostile_number_text = st.one_of(
    hostile_int.map(str), st.sampled_from(NASTY_ID_TEXT), st.just("1e999")
)
hostile_leaf = st.one_of(
    hostile_text,
    hostile_int,
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)

DEEP_ARRAY = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000
RAW_BODIES = [
    DEEP_ARRAY,
    DEEP_OBJECT,
    '{"email":' + DEEP_ARRAY + "}",
    "null",
    "[]",
    '"a string"',
    "42",
    "NaN",
    "1e999",
    "{",
    "",
    '{"a": "\\u0000", "b": "\\ud800"}',
]
RAW_BYTES = [b"\xff\xfe\x00garbage", b'{"email": "\xed\xa0\x80"}']
CONTENT_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/xml",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=\x7f\x7f",
    "multipart/form-data; boundary=" + "b" * 300,
    "multipart/form-data; boundary=xyz",
    "application/json; charset=utf-16",
]
QUERY_KEYS = ["page", "per_page", "sort", "search", "status", "topic_id", "kind", "q"]


def _serializer_field_names() -> list[str]:
    """Field names of every input serializer the views use, so bodies reach validation."""
    names: set[str] = set()
    pending: list[type] = [serializers.Serializer]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("apps."):
            try:
                names.update(cls().fields)
            except Exception:  # a serializer that needs context cannot be introspected
                continue
    return sorted(names)


@cache
def _json_bodies() -> st.SearchStrategy[bytes]:
    routes()  # importing the URLconfs imports every view module and its serializers
    keys = st.one_of(st.sampled_from(_serializer_field_names() or ["x"]), hostile_text)
    values = st.recursive(
        hostile_leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)
        ),
        max_leaves=6,
    )
    documents = st.one_of(st.dictionaries(keys, values, max_size=5), values)
    return documents.map(lambda d: json.dumps(d).encode())


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """``(body bytes, content type)``: mostly JSON with hostile values, sometimes worse."""
    kind = draw(st.sampled_from(["json", "json", "raw", "bytes", "content_type"]))
    if kind == "json":
        return draw(_json_bodies()), "application/json"
    if kind == "raw":
        return draw(st.sampled_from(RAW_BODIES)).encode(), "application/json"
    if kind == "bytes":
        return draw(st.sampled_from(RAW_BYTES)), "application/json"
    body = draw(st.one_of(_json_bodies(), st.sampled_from([b"a=\x00", b"--xyz\r\ngarbage"])))
    return body, draw(st.sampled_from(CONTENT_TYPES))


def _pct(value: str) -> str:
    return quote(value, safe="", errors="surrogatepass")


query_strings = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_KEYS), hostile_text),
    st.one_of(hostile_text, hostile_number_text),
    max_size=3,
).map(lambda q: "&".join(f"{_pct(k)}={_pct(v)}" for k, v in q.items()))


# --- targets: (route, method, surface) ----------------------------------------------------


@dataclass(frozen=True)
class Target:
    route: Route
    method: str
    surface: str  # "app" (admin/student APIs and pages), "sdk-app" (/sdk/v1/), "sdk" (host)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.route} [{self.surface}]"


def _targets() -> list[Target]:
    found = []
    for route in routes():
        on_sdk_host = route.urlconf.endswith("_sdk")
        surface = "sdk" if on_sdk_host else "sdk-app" if route.route.startswith("sdk/") else "app"
        for method in route.methods or ("get", "post"):
            found.append(Target(route, method, surface))
    return found


TARGETS = _targets()


def _param(converter: str, known_ids: list[int]) -> st.SearchStrategy[str]:
    if converter == "int":
        return st.one_of(
            st.sampled_from(known_ids).map(str),
            st.sampled_from(NASTY_ID_TEXT),
            st.integers(min_value=0).map(str),
        )
    return st.one_of(hostile_text.filter(bool), st.sampled_from(["learning", "iam"]))


@st.composite
def paths(draw: st.DrawFn, target: Target, known_ids: list[int]) -> str:
    route = target.route
    if route.is_regex:  # catch-alls and the SPA shells: a hostile tail after a known prefix
        prefix = draw(st.sampled_from(["api/", "sdk/", "student/", "section31/", ""]))
        return "/" + prefix + _pct(draw(hostile_text))
    text = route.route
    for name, converter in route.converters:
        value = draw(_param(converter, known_ids))
        text = text.replace(f"<{converter}:{name}>", _pct(value), 1)
    return "/" + text


# --- the world: an academy with an owner, content, and an access key ----------------------

CSRF_SECRET = "fuzz" * 8  # Django accepts its unmasked 32-character secret as the token


def _csrf_client(client: Client) -> Client:
    """Enforce CSRF as a browser meets it: a valid cookie and the matching header token."""
    client.handler.enforce_csrf_checks = True
    client.cookies[django_settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    client.defaults["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
    return client


@pytest.fixture
def academy(tenant: Any, owner: Any, target: Target) -> SimpleNamespace:
    """Only what ``target`` can use: building content or keys for every route costs seconds."""
    world = SimpleNamespace(known_ids=[owner.pk, 1], owner_client=None, anonymous=None, key=None)
    if target.surface != "app":
        with tenant_context(tenant):
            created = access_key_create(actor=None, user=owner, description="fuzz")
        world.key = f"Bearer {created.key.key_id}:{created.secret}"
        return world
    world.owner_client = _csrf_client(signed_in(owner))
    world.anonymous = _csrf_client(Client())
    if any(converter == "int" for _, converter in target.route.converters):
        with tenant_context(tenant):
            course = make_course("fuzz", chapters=1, materials_per_chapter=1)
            topic = content.topic_create(course=course, name="Topic", weight=1)
            question = make_question(course, topic=topic)
            chapter = course.chapters.get()
            material = chapter.materials.get()
        world.known_ids += [course.pk, chapter.pk, material.pk, topic.pk, question.pk]
    return world


def _callers(
    academy: SimpleNamespace, target: Target, bad_authorization: str | None
) -> list[tuple[str, Client, dict[str, str]]]:
    if target.surface == "app":
        return [("anonymous", academy.anonymous, {}), ("owner", academy.owner_client, {})]
    extra = {"HTTP_HOST": SDK_HOST} if target.surface == "sdk" else {}
    anonymous = (
        extra if bad_authorization is None else {**extra, "HTTP_AUTHORIZATION": bad_authorization}
    )
    key = {"HTTP_AUTHORIZATION": academy.key, **extra}
    return [("anonymous", Client(), anonymous), ("access key", Client(), key)]


def _assert_problem_or_success(response: Any, what: str) -> None:
    status = response.status_code
    assert status < 500, f"{what} -> {status}: {response.content[:500]!r}"
    if status >= 400:
        content_type = response.get("Content-Type", "")
        assert content_type.startswith(PROBLEM), f"{what} -> {status} {content_type!r}"
        assert json.loads(response.content)["code"], what


def _exercise(academy: SimpleNamespace, target: Target, data: Any) -> None:
    path = data.draw(paths(target, academy.known_ids), label="path")
    query = data.draw(query_strings, label="query")
    url = f"{path}?{query}" if query else path
    body, content_type = b"", "application/json"
    if target.method in BODY_METHODS:
        body, content_type = data.draw(bodies(), label="body")
    bad_authorization = data.draw(st.none() | hostile_text.map("Bearer {}".format), label="auth")
    for who, client, extra in _callers(academy, target, bad_authorization):
        response = client.generic(
            target.method.upper(), url, body, content_type=content_type, **extra
        )
        _assert_problem_or_success(response, f"{who} {target.method.upper()} {url[:200]}")


def fuzz_settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # a fixed seed: a failure here fails the same way on every run
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


@pytest.mark.parametrize("target", [t for t in TARGETS if t.method in BODY_METHODS], ids=str)
@fuzz_settings(EXAMPLES_WITH_BODY)
@given(data=st.data())
def test_every_route_taking_a_body_answers_hostile_input_with_a_4xx_problem(academy, target, data):
    _exercise(academy, target, data)


@pytest.mark.parametrize("target", [t for t in TARGETS if t.method not in BODY_METHODS], ids=str)
@fuzz_settings(EXAMPLES_WITHOUT_BODY)
@given(data=st.data())
def test_every_other_route_answers_hostile_input_with_a_4xx_problem(academy, target, data):
    _exercise(academy, target, data)


def test_the_fuzz_covers_every_route_and_method():
    covered = {(t.route.urlconf, t.route.route) for t in TARGETS}
    assert covered == {(r.urlconf, r.route) for r in routes()}
    assert len(TARGETS) >= 100
