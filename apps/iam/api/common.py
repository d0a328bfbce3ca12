"""Helpers shared by the IAM views: audit IP, CSRF for public forms, body parsing."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.request import Request

from apps.core.api.base import AdminApi, StudentApi, django_request
from apps.iam.audit import request_ip
from apps.iam.authorization import client_ip
from apps.iam.models import User


class IamStudentApi(StudentApi):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        request_ip.set(client_ip(django_request(request)))
        super().initial(request, *args, **kwargs)


class IamAdminApi(AdminApi):
    """Admin views of IAM.

    ``resource_kind``/``resource_kwarg`` name the object a URL
    addresses, giving ``trn:teacherseat:<tenant>:iam:<kind>/<id>`` so policies can target ids.
    """

    resource_kind: ClassVar[str | None] = None
    resource_kwarg: ClassVar[str | None] = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        request_ip.set(client_ip(django_request(request)))
        super().initial(request, *args, **kwargs)

    def resource(self) -> str:
        if self.resource_kind is None or self.resource_kwarg not in self.kwargs:
            return super().resource()
        return self.trn(f"{self.resource_kind}/{self.kwargs[self.resource_kwarg]}")

    @property
    def actor(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return user
