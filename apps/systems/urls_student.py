from django.urls import path

from apps.systems.api import student

urlpatterns = [
    path("interfaces", student.StudentInterfacesApi.as_view(), name="systems-student-interfaces"),
]
