"""IAM tables. The user model is defined here from the first migration (Django needs it)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.tenants.models import TenantOwnedModel


class UserManager(BaseUserManager["User"]):
    """Creates users in the current tenant (RLS scopes every lookup to it)."""

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


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
