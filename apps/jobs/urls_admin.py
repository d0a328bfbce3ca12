"""Admin API routes of the jobs system (mounted at /api/admin/jobs/)."""

from django.urls import path

from apps.jobs.api import admin

urlpatterns = [
    path("jobs", admin.JobListApi.as_view(), name="jobs-list"),
    path("jobs/<int:job_id>", admin.JobApi.as_view(), name="jobs-detail"),
    path("dead-letters", admin.DeadLetterListApi.as_view(), name="jobs-dead-letters"),
    path(
        "dead-letters/redrive",
        admin.DeadLetterRedriveApi.as_view(),
        name="jobs-dead-letters-redrive",
    ),
]
