from django.urls import path

from apps.learning.api import student

urlpatterns = [
    path("courses/<int:course_id>/enroll", student.SelfEnrollApi.as_view(), name="learning-enroll"),
    path("courses/<int:course_id>/outline", student.OutlineApi.as_view(), name="learning-outline"),
    path("my/courses", student.MyCoursesApi.as_view(), name="learning-my-courses"),
    path("materials/<int:material_id>", student.MaterialApi.as_view(), name="learning-material"),
    path(
        "materials/<int:material_id>/file",
        student.MaterialFileApi.as_view(),
        name="learning-material-file",
    ),
    path(
        "materials/<int:material_id>/complete",
        student.CompleteMaterialApi.as_view(),
        name="learning-material-complete",
    ),
    path(
        "materials/<int:material_id>/position",
        student.VideoPositionApi.as_view(),
        name="learning-material-position",
    ),
    path(
        "question-sets/<int:set_id>/attempts",
        student.SetAttemptsApi.as_view(),
        name="learning-attempts",
    ),
    path("attempts/<int:attempt_id>", student.AttemptApi.as_view(), name="learning-attempt"),
    path(
        "attempts/<int:attempt_id>/items/<int:position>/answer",
        student.AnswerApi.as_view(),
        name="learning-attempt-answer",
    ),
    path(
        "attempts/<int:attempt_id>/items/<int:position>/flag",
        student.FlagApi.as_view(),
        name="learning-attempt-flag",
    ),
    path(
        "attempts/<int:attempt_id>/submit",
        student.SubmitApi.as_view(),
        name="learning-attempt-submit",
    ),
    path("certificates", student.MyCertificatesApi.as_view(), name="learning-certificates-mine"),
    path(
        "certificates/verify/<str:code>",
        student.VerifyCertificateApi.as_view(),
        name="learning-certificate-verify",
    ),
]
