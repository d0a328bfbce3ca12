from django.urls import path

from apps.learning.api import admin

C = "courses/<int:course_id>"
JOBS = f"{C}/enrollment-jobs"

urlpatterns = [
    path("dashboard", admin.DashboardApi.as_view(), name="learning-dashboard"),
    path(f"{C}/enrollments", admin.EnrollmentCollectionApi.as_view(), name="learning-enrollments"),
    path(
        f"{C}/enrollments/<int:enrollment_id>/revoke",
        admin.EnrollmentRevokeApi.as_view(),
        name="learning-enrollment-revoke",
    ),
    path(JOBS, admin.EnrollmentJobCreateApi.as_view(), name="learning-enrollment-jobs"),
    path(f"{JOBS}/<int:job_id>", admin.EnrollmentJobApi.as_view(), name="learning-enrollment-job"),
    path(f"{C}/certificates", admin.CertificateListApi.as_view(), name="learning-certificates"),
    path(
        f"{C}/certificates/<int:certificate_id>/revoke",
        admin.CertificateRevokeApi.as_view(),
        name="learning-certificate-revoke",
    ),
    path(f"{C}/analytics", admin.AnalyticsApi.as_view(), name="learning-analytics"),
]
