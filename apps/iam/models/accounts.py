"""Accounts: users, MFA recovery codes, one-time tokens and the sign-in rate-limit counters."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.iam.email_address import canonical_email
from apps.tenants.models import TenantOwnedModel


class UserManager(BaseUserManager["User"]):
    """Creates users in the current tenant (RLS scopes every lookup to it)."""

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        """Every way an account is made ends here, so every account joins Learners."""
        from apps.iam.services.learners import learner_join  # services import models

        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        learner_join(user)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=canonical_email(username or ""))


class User(AbstractBaseUser, TenantOwnedModel):
    """A person in one academy. The same email may exist in two academies."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    admin_panel_access = models.BooleanField(default=False)
    is_account_owner = models.BooleanField(
        default=False, help_text="Owners are allowed every action, like an AWS root user."
    )
    mfa_enabled = models.BooleanField(default=False)
    # Base32 TOTP secret; set by enrolment, in force once ``mfa_enabled`` is true.
    mfa_secret = models.CharField(max_length=64, blank=True, default="")
    # Highest TOTP time step accepted so far: a code is accepted at most once.
    mfa_last_timestep = models.BigIntegerField(null=True, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    tags = models.JSONField(default=dict, blank=True, help_text="ts:PrincipalTag/<key> values.")
    permissions_boundary = models.ForeignKey(
        "iam.ManagedPolicy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bounded_users",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        db_table = "iam_users"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", Lower("email"), name="iam_users_tenant_email_uniq"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.status == self.Status.ACTIVE

    @property
    def is_staff(self) -> bool:
        return self.admin_panel_access


class RecoveryCode(TenantOwnedModel):
    """One MFA recovery code (SHA-256 of the code; single use)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "iam_mfa_recovery_codes"
        indexes: ClassVar[list[Any]] = [
            models.Index("tenant", "user", name="iam_recovery_user_idx")
        ]


class OneTimeToken(TenantOwnedModel):
    """Emailed single-use token (password reset, email verification); stored hashed."""

    class Purpose(models.TextChoices):
        PASSWORD_RESET = "password_reset", "Password reset"
        VERIFY_EMAIL = "verify_email", "Email verification"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_one_time_tokens"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "token_hash", name="iam_tokens_tenant_hash_uniq"),
        ]


class RateLimitCounter(models.Model):
    """Fixed-window counters for sign-in throttling (not tenant-owned, see services.ratelimit).

    Keys are opaque (``signin:ip:<ip>`` or ``signin:acct:<tenant>:<sha256(email)>``), so the
    table holds no personal data and one IP is throttled across every academy.
    """

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "iam_rate_limits"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("key", "window_start", name="iam_rate_limits_key_window_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start.isoformat()}={self.count}"
