"""Time to a usable first screen in each panel, in Debian's Chromium (target <= 1 s).

Run: ``.venv/bin/python bench/panel_first_screen.py`` (needs /usr/bin/chromium and built
bundles: ``bash scripts/build_frontends.sh``). It migrates and seeds the local embedded
database (like ``make run``), starts ``manage.py runserver --noreload`` on 127.0.0.1:8790
with DEBUG off, and for each screen opens a fresh browser context (cold cache) N times,
measuring from navigation start until the screen's content is rendered:

* student catalogue (anonymous): the heading and the first course card;
* admin sign-in screen (anonymous deep link → sign-in form);
* admin dashboard (signed in): the heading and the academy figures loaded.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from teacherseat.embedded_db import configure_environment  # noqa: E402
from teacherseat.testing.chromium import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402

PORT = 8790
BASE = f"http://localhost:{PORT}"
RUNS = 7
TARGET_MS = 1000


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up() -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not come up")


def signed_in_state(browser: Any) -> dict[str, Any]:
    """Sign in once through the API (sign-in is rate limited) and keep the cookies."""
    context = browser.new_context()
    token = context.request.get(f"{BASE}/api/student/iam/csrf").json()["csrf_token"]
    response = context.request.post(
        f"{BASE}/api/student/iam/auth/signin",
        data={"email": "admin@default.example.com", "password": "teacherseat-demo"},
        headers={"X-CSRFToken": token, "Referer": f"{BASE}/student/"},
    )
    assert response.ok, response.text()
    state: dict[str, Any] = dict(context.storage_state())
    context.close()
    return state


def measure(browser: Any, url: str, ready: str, *, state: dict[str, Any] | None = None) -> float:
    """Fresh context (cold HTTP cache) per sample; cookies only when signed in."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=state)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="visible", timeout=10_000)
    elapsed = (time.perf_counter() - start) * 1000
    context.close()
    return elapsed


def main() -> int:
    from playwright.sync_api import sync_playwright

    configure_environment()
    env = {**os.environ, "DEBUG": "false", "RUN_ADDRESS": f"localhost:{PORT}"}
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("seed_demo", env=env)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    screens = {
        "student catalogue (anonymous)": (f"{BASE}/student/", "article.course-card", False),
        "admin sign-in (anonymous deep link)": (
            f"{BASE}/section31/iam/users",
            "input[type=password]",
            False,
        ),
        "admin dashboard (signed in)": (
            f"{BASE}/section31/",
            "[data-testid=fig-students]:not(:text('—'))",
            True,
        ),
    }
    worst = 0.0
    try:
        wait_until_up()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            state = signed_in_state(browser)
            for label, (url, ready, sign_in) in screens.items():
                cookies = state if sign_in else None
                samples = [measure(browser, url, ready, state=cookies) for _ in range(RUNS)]
                median = statistics.median(samples)
                worst = max(worst, median)
                print(
                    f"{label:38s} median {median:6.0f} ms  min {min(samples):6.0f}  max {max(samples):6.0f}"
                )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"target: first screen usable <= {TARGET_MS} ms: {'PASS' if worst <= TARGET_MS else 'MISS'} (worst median {worst:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
