"""Root URLconf for app hosts: APIs, SDK on a single host, SPA shells, health."""

from django.urls import include, path, re_path
from django.views.generic import RedirectView

from apps.core import views as core_views

handler400 = "apps.core.views.handler400"
handler403 = "apps.core.views.handler403"
handler404 = "apps.core.views.handler404"
handler500 = "apps.core.views.handler500"

admin_api = [
    path("systems/", include("apps.systems.urls_admin")),
    path("iam/", include("apps.iam.urls_admin")),
    path("content/", include("apps.content.urls_admin")),
    path("learning/", include("apps.learning.urls_admin")),
    path("webhooks/", include("apps.webhooks.urls_admin")),
    path("jobs/", include("apps.jobs.urls_admin")),
]
student_api = [
    path("systems/", include("apps.systems.urls_student")),
    path("iam/", include("apps.iam.urls_student")),
    path("content/", include("apps.content.urls_student")),
    path("learning/", include("apps.learning.urls_student")),
]

urlpatterns = [
    path("", RedirectView.as_view(url="/student/", permanent=False), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/admin/", include(admin_api)),
    path("api/student/", include(student_api)),
    path("sdk/v1/", include("apps.sdk_api.urls_sdk")),
    re_path(r"^(api|sdk)(/.*)?$", core_views.route_not_found),
    re_path(r"^(?P<panel>section31|student)(?:/(?P<path>.*))?$", core_views.spa_shell),
]
