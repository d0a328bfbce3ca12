from django.urls import path

from apps.iam.api import student

urlpatterns = [
    path("csrf", student.CsrfApi.as_view(), name="iam-csrf"),
    path("auth/signup", student.SignupApi.as_view(), name="iam-signup"),
    path("auth/signin", student.SigninApi.as_view(), name="iam-signin"),
    path("auth/mfa", student.MfaSigninApi.as_view(), name="iam-signin-mfa"),
    path("auth/signout", student.SignoutApi.as_view(), name="iam-signout"),
    path("auth/password-reset", student.PasswordResetApi.as_view(), name="iam-password-reset"),
    path(
        "auth/password-reset/confirm",
        student.PasswordResetConfirmApi.as_view(),
        name="iam-password-reset-confirm",
    ),
    path("auth/verify-email", student.VerifyEmailApi.as_view(), name="iam-verify-email"),
    path(
        "auth/verify-email/resend",
        student.VerificationResendApi.as_view(),
        name="iam-verify-email-resend",
    ),
    path("me", student.MeApi.as_view(), name="iam-me"),
    path("me/password", student.PasswordChangeApi.as_view(), name="iam-password-change"),
    path("me/mfa/enroll", student.MfaEnrollApi.as_view(), name="iam-mfa-enroll"),
    path("me/mfa/confirm", student.MfaConfirmApi.as_view(), name="iam-mfa-confirm"),
    path("me/mfa/disable", student.MfaDisableApi.as_view(), name="iam-mfa-disable"),
]
