from django.urls import path

from apps.content.api import student

urlpatterns = [
    path("courses", student.CatalogueListApi.as_view(), name="content-catalogue"),
    path("courses/<int:course_id>", student.CataloguePageApi.as_view(), name="content-page"),
]
