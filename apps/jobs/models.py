"""Jobs tables: one row per long-running piece of work, its status and live progress."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.tenants.models import TenantOwnedModel


class Job(TenantOwnedModel):
    """Long-running work of one academy (a bulk enrollment import…), shown on the Jobs screen.

    ``done`` counts the items processed so far (whether they succeeded or not) and
    ``failed`` how many of those failed; both are absolute values set by the worker, which
    commits chunk by chunk so the screen sees them move.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=64, help_text='"<system>.<work>", e.g. learning.import')
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "jobs_jobs"
        indexes: ClassVar[list[Any]] = [
            models.Index("tenant", models.F("created_at").desc(), name="jobs_jobs_recent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def progress(self) -> float:
        """0..1: ``done / total``, 1 once completed (the API computes the same in SQL)."""
        if self.status == self.Status.COMPLETED:
            return 1.0
        if self.total <= 0:
            return 0.0
        return min(1.0, self.done / self.total)
