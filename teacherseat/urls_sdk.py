"""URLconf for the SDK host ``api.<PRIMARY_DOMAIN>`` (selected by the tenant middleware)."""

from django.urls import include, path, re_path

from apps.core import views as core_views

handler400 = "apps.core.views.handler400"
handler403 = "apps.core.views.handler403"
handler404 = "apps.core.views.handler404"
handler500 = "apps.core.views.handler500"

urlpatterns = [
    path("healthz", core_views.healthz),
    path("v1/", include("apps.sdk_api.urls_sdk")),
    re_path(r"^.*$", core_views.route_not_found),
]
