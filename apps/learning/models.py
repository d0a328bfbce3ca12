"""Learning tables: enrollments (and bulk jobs), progress, attempts and certificates."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.content.models import Course, Material, Question, QuestionSet
from apps.tenants.models import TenantOwnedModel


class Enrollment(TenantOwnedModel):
    class Source(models.TextChoices):
        ADMIN = "admin", "Admin grant"
        SELF = "self", "Free self-enroll"
        PURCHASE = "purchase", "Purchase"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=Source.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "learning_enrollments"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "user", "course", name="learning_enrollments_uniq")
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "course", "status"], name="learning_enroll_course_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.course_id}"

    def is_current(self) -> bool:
        return self.status == self.Status.ACTIVE and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class EnrollmentJob(TenantOwnedModel):
    """A bulk-enroll upload, processed by a worker chunk by chunk.

    ``processed_rows`` is where the next chunk starts: a chunk's enrollments and the move of
    this mark commit together, so a redelivered chunk finds it past its offset and does
    nothing. ``job`` is the Jobs system's row that shows the progress to the Jobs screen.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    csv_text = models.TextField()
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    enrolled_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True, help_text='[{"row", "email", "error"}]')
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "learning_enrollment_jobs"

    def __str__(self) -> str:
        return f"job {self.pk} ({self.status})"


class MaterialProgress(TenantOwnedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    position_seconds = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "learning_material_progress"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "user", "material", name="learning_progress_uniq")
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "user", "course"], name="learning_progress_course_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.material_id}"


class Attempt(TenantOwnedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SUBMITTED = "submitted", "Submitted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    pass_mark = models.PositiveSmallIntegerField()
    partial_credit = models.BooleanField(default=False)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        db_table = "learning_attempts"
        indexes: ClassVar[list[Any]] = [
            models.Index(
                fields=["tenant", "user", "question_set"], name="learning_attempts_user_idx"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk}"


class AttemptItem(TenantOwnedModel):
    """One frozen question of an attempt: a snapshot, so later edits never change it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="+")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)
    stem = models.TextField()
    scenario = models.TextField(blank=True)
    choices = models.JSONField(default=list)
    correct_choice_ids = models.JSONField(default=list)
    explanation = models.TextField(blank=True)
    topic_id = models.BigIntegerField(null=True, blank=True)
    topic_name = models.CharField(max_length=200, blank=True)
    selected_choice_ids = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "learning_attempt_items"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "attempt", "position", name="learning_items_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"


class Certificate(TenantOwnedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    holder_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=500, blank=True)
    # When the congratulation mail went out (the task sends it once).
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "learning_certificates"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "user", "course", name="learning_certificates_uniq"),
            models.UniqueConstraint("tenant", "code", name="learning_certificates_code_uniq"),
        ]

    def __str__(self) -> str:
        return self.code
