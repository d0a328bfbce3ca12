"""End-to-end fixtures: Debian's Chromium driven by Playwright against ``live_server``.

No browser is downloaded: the tests launch the system Chromium (``apt-get install chromium``).
When it is missing they skip with a loud reason locally, and FAIL in CI (``CI=true``), which
must always run them. A session fixture builds the SPAs first (fast when up to date).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant
from teacherseat.testing.chromium import CHROMIUM_ARGS, CHROMIUM_PATH

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
DEMO_PASSWORD = "teacherseat-demo"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"E2E tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"!!! E2E SKIPPED: {reason}", allow_module_level=False)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM_PATH).exists():
        _unavailable(
            f"Chromium not found at {CHROMIUM_PATH}. Install it with `apt-get install chromium` "
            "(or set CHROMIUM_PATH)."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is missing: pip install -r requirements-dev.txt")
    return CHROMIUM_PATH


@pytest.fixture(autouse=True)
def _require_chromium(chromium_path: str) -> None:
    """Checked before any other fixture, so a missing browser skips (or fails) at once."""


@pytest.fixture(scope="session")
def built_frontends() -> None:
    """Build the panels (npm ci / esbuild only when stale)."""
    script = ROOT / "scripts" / "build_frontends.sh"
    result = subprocess.run(
        [str(script)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"building the frontends failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture
def browser(
    chromium_path: str, built_frontends: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """One Chromium per test: Playwright's sync API keeps an event loop running in this
    thread while it is started, so it must not outlive the e2e test (the ORM refuses to run
    beside a running loop; the env flag below only relaxes that for this test)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class PageErrors(list[str]):
    """JavaScript errors seen by a page; tests assert it stays empty."""


@pytest.fixture
def page_errors() -> PageErrors:
    return PageErrors()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[FAILED] = report.failed


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_page(
    browser: Any, page_errors: PageErrors, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A factory of fresh browser contexts (separate cookie jars = separate people)."""
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        return page

    yield make
    failed = request.node.stash.get(FAILED, False)
    for n, context in enumerate(contexts):
        if failed:
            for m, open_page in enumerate(context.pages):
                screenshot(open_page, f"FAILED-{request.node.name}-{n}-{m}")
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def demo(transactional_db: None, live_server: Any) -> Tenant:
    """Seed the demo academies (the live server's ``localhost`` is the ``default`` one).

    Requesting the database before ``live_server`` (session-scoped) makes the server stop
    before the test database is dropped."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Tenant.objects.get(slug="default")


@contextmanager
def orm(tenant: Tenant) -> Iterator[None]:
    """ORM work inside a test that drives the browser: in the tenant, and closing the
    connections it opened. While Playwright runs, Django's per-context connection is not the
    one pytest-django closes at teardown; left open it blocks dropping the test database."""
    try:
        with tenant_context(tenant):
            yield
    finally:
        connections.close_all()


def sign_in(page: Any, base: str, email: str, password: str, *, next_path: str = "") -> None:
    """Sign in through the student panel's form (optionally returning to ``next_path``)."""
    url = f"{base}/student/signin" + (f"?next={next_path}" if next_path else "")
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
