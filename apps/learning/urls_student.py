from django.urls import path

from apps.learning.api import student

C = "courses/<int:course_id>"
M = "materials/<int:material_id>"
A = "attempts/<int:attempt_id>"
ITEM = f"{A}/items/<int:position>"

urlpatterns = [
    path(f"{C}/enroll", student.SelfEnrollApi.as_view(), name="learning-enroll"),
    path(f"{C}/outline", student.OutlineApi.as_view(), name="learning-outline"),
    path("my/courses", student.MyCoursesApi.as_view(), name="learning-my-courses"),
    path(M, student.MaterialApi.as_view(), name="learning-material"),
    path(f"{M}/file", student.MaterialFileApi.as_view(), name="learning-material-file"),
    path(f"{M}/complete", student.CompleteMaterialApi.as_view(), name="learning-material-complete"),
    path(f"{M}/position", student.VideoPositionApi.as_view(), name="learning-material-position"),
    path(
        "question-sets/<int:set_id>/attempts",
        student.SetAttemptsApi.as_view(),
        name="learning-attempts",
    ),
    path(A, student.AttemptApi.as_view(), name="learning-attempt"),
    path(f"{ITEM}/answer", student.AnswerApi.as_view(), name="learning-attempt-answer"),
    path(f"{ITEM}/flag", student.FlagApi.as_view(), name="learning-attempt-flag"),
    path(f"{A}/submit", student.SubmitApi.as_view(), name="learning-attempt-submit"),
    path("certificates", student.MyCertificatesApi.as_view(), name="learning-certificates-mine"),
    path(
        "certificates/verify/<str:code>",
        student.VerifyCertificateApi.as_view(),
        name="learning-certificate-verify",
    ),
]
