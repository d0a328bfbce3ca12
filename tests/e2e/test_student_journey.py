"""E2E: a new student signs up, enrolls, studies, takes the practice exam and gets certified."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.content.models import Course, Material
from apps.iam.models import User
from apps.learning import services as learning
from apps.learning.models import AttemptItem
from teacherseat.testing.jobs import wait_until
from tests.e2e.conftest import orm, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "new.learner@example.com"
PASSWORD = "correct horse battery staple 9"


def correct_labels(stem: str) -> list[str]:
    """The demo question bank's answer key, from the question number in the stem."""
    index = int(re.search(r"#(\d+)\)", stem).group(1)) - 1  # type: ignore[union-attr]
    if index % 5 == 4:
        return ["Option A", "Option C"]
    return [f"Design {'ABCD'[index % 4]}"]


def answer_current_question(page: Any) -> None:
    stem = page.locator("#question-stem").inner_text()
    for label in correct_labels(stem):
        page.locator(".choices label", has_text=label).click()


def complete_the_rest(tenant: Any, email: str, course: Course) -> None:
    """Everything but the first material and the final exam, done through the services."""
    with orm(tenant):
        user = User.objects.get(email=email)
        materials = list(
            Material.objects.filter(course=course).order_by("chapter__position", "position")
        )
        for material in materials[1:]:
            if material.kind != "quiz":
                learning.progress_complete_material(user=user, material_id=material.pk)
            elif material.title == "Security check":
                attempt, _ = learning.attempt_start(
                    user=user, question_set_id=material.question_set_id
                )
                for item in AttemptItem.objects.filter(attempt=attempt):
                    learning.attempt_answer(
                        attempt=attempt,
                        position=item.position,
                        choice_ids=list(item.correct_choice_ids),
                    )
                learning.attempt_submit(user=user, attempt=attempt)


def verification_token(worker: Any, email: str) -> str:
    """The token in the verification mail the background worker sent to ``email``."""

    def find() -> str | None:
        for message in worker.mails():
            if f"To: {email}" in message:
                found = re.search(r"verification token: (\S+)", message)
                if found:
                    return found.group(1)
        return None

    token: str = wait_until(find, timeout=30)
    return token


def test_new_student_studies_and_gets_certified(
    demo: Any, live_server: Any, page: Any, page_errors: list[str], celery_worker: Any
) -> None:
    base = live_server.url
    with orm(demo):
        course = Course.objects.get(slug="cloud-architect-practice")

    # given a visitor who signs up and verifies their email from the landing link
    page.goto(f"{base}/student/signup")
    page.get_by_label("Full name").fill("Nina New")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    token = verification_token(celery_worker, EMAIL)
    page.goto(f"{base}/student/verify-email?token={token}")
    expect(page.get_by_role("heading", name="Email verified")).to_be_visible()

    # when they sign in, open the demo course and enroll for free
    sign_in(page, base, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="Course catalogue")).to_be_visible()
    screenshot(page, "student-catalogue")
    page.get_by_role("link", name=course.title).click()
    page.get_by_test_id("enroll").click()
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()
    expect(page.get_by_text("0 of 13 materials completed")).to_be_visible()
    screenshot(page, "student-outline")

    # and complete the first material
    page.get_by_test_id("continue").click()
    expect(page.get_by_role("heading", name="Welcome to the course")).to_be_visible()
    page.get_by_test_id("mark-complete").click()
    expect(page.get_by_test_id("completed")).to_be_visible()
    page.get_by_role("link", name="Course outline").click()
    expect(page.get_by_text("1 of 13 materials completed")).to_be_visible()
    expect(page.get_by_test_id("continue")).to_have_text("Continue where I left off")

    # (the rest of the course is done out of band, to keep the test about the exam)
    complete_the_rest(demo, EMAIL, course)

    # when they take the practice exam, reloading in the middle
    page.goto(f"{base}/student/learn/{course.pk}")
    page.get_by_role("link", name="Full practice exam").click()
    page.get_by_test_id("start-exam").click()
    expect(page.get_by_role("heading", name="Question 1 of 20")).to_be_visible()
    for n in range(1, 11):
        expect(page.get_by_role("heading", name=f"Question {n} of 20")).to_be_visible()
        answer_current_question(page)
        page.get_by_test_id("next-question").click()
    page.get_by_test_id("flag").click()
    expect(page.get_by_test_id("save-state")).to_have_text("✓ All answers saved")
    screenshot(page, "student-exam")
    page.reload()

    # then the answers and the flag survived the reload
    expect(page.get_by_text("10 of 20 answered · 1 flagged")).to_be_visible()
    expect(page.get_by_role("button", name="Question 11, not answered, flagged")).to_be_visible()
    page.get_by_role("button", name="Question 11, not answered, flagged").click()
    for n in range(11, 21):
        expect(page.get_by_role("heading", name=f"Question {n} of 20")).to_be_visible()
        answer_current_question(page)
        if n < 20:
            page.get_by_test_id("next-question").click()
    expect(page.get_by_test_id("save-state")).to_have_text("✓ All answers saved")

    # when they submit (confirming)
    page.get_by_test_id("submit-exam").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("1 still flagged for review")
    page.get_by_test_id("confirm").click()

    # then they see their score, the per-topic breakdown and explanations
    expect(page.get_by_test_id("score")).to_have_text("100%")
    expect(page.get_by_test_id("passed")).to_be_visible()
    topics = page.get_by_test_id("topic-breakdown").locator("tbody tr")
    assert topics.count() >= 2
    expect(page.get_by_test_id("topic-breakdown")).to_contain_text("Design Secure Architectures")
    expect(page.get_by_text("Explanation:").first).to_be_visible()
    screenshot(page, "student-exam-result")

    # and a certificate, which the public verification page confirms
    page.get_by_test_id("certificate-link").click()
    certificates = page.get_by_test_id("certificates")
    expect(certificates).to_contain_text(course.title)
    expect(certificates).to_contain_text("Nina New")
    screenshot(page, "student-certificates")
    page.get_by_role("link", name="Public verification page").click()
    expect(page.get_by_test_id("certificate-verified")).to_contain_text("This certificate is valid")
    expect(page.get_by_test_id("certificate-verified")).to_contain_text("Nina New")
    screenshot(page, "certificate-verification")
    assert page_errors == []
