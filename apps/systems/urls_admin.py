from django.urls import path

from apps.systems.api import admin

urlpatterns = [
    path("services", admin.ServicesMenuApi.as_view(), name="systems-services"),
    path("interfaces", admin.InterfacesApi.as_view(), name="systems-interfaces"),
    path("actions", admin.ActionCatalogueApi.as_view(), name="systems-actions"),
    path("systems", admin.SystemListApi.as_view(), name="systems-list"),
    path(
        "systems/<slug:label>/register", admin.SystemRegisterApi.as_view(), name="systems-register"
    ),
    path(
        "systems/<slug:label>/deregister",
        admin.SystemDeregisterApi.as_view(),
        name="systems-deregister",
    ),
]
