"""E2E: an admin builds a course (chapter, article, quiz), publishes it; a student sees it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, orm, screenshot, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Testing Fundamentals"


def test_admin_builds_and_publishes_a_course(
    demo: Any, live_server: Any, new_page: Any, page_errors: list[str], celery_worker: Any
) -> None:
    """The CSV import runs on the background worker (``celery_worker``)."""
    base = live_server.url
    with orm(demo):
        make_user(demo, "reader@example.com", password="reader password 123", name="Rita Reader")
    admin = new_page()

    # given the account owner in the course list
    sign_in(
        admin,
        base,
        "admin@default.example.com",
        DEMO_PASSWORD,
        next_path="/section31/content/courses",
    )
    expect(admin.get_by_role("heading", name="Courses")).to_be_visible()

    # when they create a course with a chapter
    admin.get_by_test_id("new-course").click()
    admin.get_by_label("Title").fill(TITLE)
    expect(admin.get_by_label("Slug (URL name)")).to_have_value("testing-fundamentals")
    admin.get_by_role("button", name="Create course").click()
    expect(admin.get_by_role("heading", name=TITLE)).to_be_visible()
    admin.get_by_label("New chapter title").fill("Basics")
    admin.get_by_role("button", name="Add chapter").click()
    expect(admin.get_by_role("heading", name="1. Basics")).to_be_visible()

    # and an article (its preview rendered by the server in the material editor)
    admin.get_by_text("+ Add a material").click()
    admin.get_by_label("New material title").fill("What is a test?")
    admin.get_by_label("Article (Markdown)").fill("A **test** checks one behaviour.")
    admin.get_by_role("button", name="Add material").click()
    admin.get_by_role("link", name="What is a test?").click()
    expect(admin.get_by_role("heading", name="What is a test?")).to_be_visible()
    expect(admin.locator(".material-body strong")).to_have_text("test")

    # and a question, a question set, and a quiz using it
    admin.get_by_role("link", name="Course builder").click()
    admin.get_by_role("link", name="Question bank").click()
    admin.get_by_test_id("new-question").click()
    admin.get_by_label("Question", exact=True).fill("What does a unit test check?")
    admin.get_by_label("Choice 1", exact=True).fill("One behaviour")
    admin.get_by_label("Choice 2", exact=True).fill("The whole system")
    admin.get_by_role("button", name="Save question").click()
    expect(admin.get_by_role("cell", name="What does a unit test check?")).to_be_visible()
    admin.get_by_role("link", name="Question sets").click()
    admin.get_by_test_id("new-question-set").click()
    admin.get_by_label("Title").fill("Quick quiz")
    admin.get_by_role("checkbox", name="What does a unit test check?").check()
    admin.get_by_role("button", name="Save question set").click()
    expect(admin.get_by_role("cell", name="Quick quiz")).to_be_visible()
    admin.get_by_role("link", name="Builder", exact=True).click()
    admin.get_by_text("+ Add a material").click()
    admin.get_by_label("Kind").select_option("quiz")
    admin.get_by_label("New material title").fill("Check yourself")
    admin.get_by_label("Question set").select_option(label="Quick quiz")
    admin.get_by_role("button", name="Add material").click()
    expect(admin.get_by_role("link", name="Check yourself")).to_be_visible()

    # and reorder with the keyboard-friendly buttons: the quiz goes first, then back
    admin.get_by_role("button", name="Move material Check yourself up").click()
    materials = admin.locator(".outline ol li a")
    expect(materials.first).to_have_text("Check yourself")
    admin.get_by_role("button", name="Move material Check yourself down").focus()
    admin.keyboard.press("Enter")
    expect(materials.first).to_have_text("What is a test?")

    # and publish it
    admin.get_by_test_id("publish").click()
    expect(admin.get_by_text("Course published.")).to_be_visible()
    expect(admin.locator(".page-header .badge")).to_have_text("published")
    screenshot(admin, "admin-course-builder")

    # then a student finds it in the catalogue, enrolls and reads the article
    student = new_page(390, 844)
    sign_in(student, base, "reader@example.com", "reader password 123")
    student.get_by_label("Search courses").fill("Testing")
    student.get_by_role("link", name=TITLE).click()
    expect(student.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(student.get_by_text("What is a test?")).to_be_visible()
    student.get_by_test_id("enroll").click()
    expect(student.get_by_role("link", name="Check yourself")).to_be_visible()
    student.get_by_role("link", name="What is a test?").click()
    expect(student.get_by_test_id("article").locator("strong")).to_have_text("test")
    screenshot(student, "student-article-phone")

    # and the admin's CSV enrollment reports every row (already enrolled, unknown account)
    admin.get_by_role("navigation", name="Course sections").get_by_role(
        "link", name="Students"
    ).click()
    admin.get_by_label("…or paste CSV").fill("email\nreader@example.com\nnobody@example.com\n")
    admin.get_by_role("button", name="Start bulk enrollment").click()
    report = admin.get_by_test_id("csv-report")
    expect(report).to_contain_text("2 rows: 0 enrolled, 1 already enrolled, 1 errors")
    expect(report.locator("tbody tr")).to_have_count(1)
    expect(report).to_contain_text("nobody@example.com")
    expect(admin.get_by_role("cell", name="reader@example.com")).to_be_visible()
    screenshot(admin, "admin-students-csv")
    assert page_errors == []
