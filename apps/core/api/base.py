"""One base view class per API namespace: authentication, tenant, system and permission.

A concrete view declares only what it does::

    class CourseCreateApi(AdminApi):
        action = Courses.CREATE

and the base class refuses the request unless the caller is signed in, belongs to the
request's tenant, the view's system is registered for the tenant, and IAM allows the action
on the view's resource. ``public = True`` is the only way to opt out of authentication (not
allowed on admin views); a test walks every URL and fails on a view that declares neither.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework import exceptions as drf_exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.core.api import authorization
from apps.core.api.resources import trn
from apps.core.errors import NotAuthenticated, NotFound, PermissionDenied


def system_label_of(view_class: type) -> str:
    """The app label (``apps.<label>.…``) a view belongs to."""
    parts = view_class.__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else parts[0]


class BaseApi(APIView):
    namespace: ClassVar[str] = ""
    action: ClassVar[str | None] = None
    # When one URL serves several operations (GET lists, POST creates), each HTTP method
    # declares its own action here; it takes precedence over ``action``.
    method_actions: ClassVar[dict[str, str]] = {}
    public: ClassVar[bool] = False
    # Views that address one object name it in their resource: with kind "course" and the
    # URL keyword "course_id", the resource is ``trn:…:<system>:course/<id>`` (``course/*``
    # on URLs without one), so a policy can limit a person to some objects.
    resource_kind: ClassVar[str | None] = None
    resource_kwarg: ClassVar[str | None] = None

    def system_label(self) -> str:
        return system_label_of(type(self))

    def resource(self) -> str:
        """TeacherSeat resource name this request acts on (see ``resource_kind``)."""
        if self.resource_kind is None:
            return self.trn()
        return self.trn(f"{self.resource_kind}/{self.kwargs.get(self.resource_kwarg or '', '*')}")

    def trn(self, target: str = "*") -> str:
        """``trn:teacherseat:<tenant>:<this view's system>:<target>``."""
        return trn(self.request, self.system_label(), target)

    # OPTIONS is not served (CORS preflights are answered by the CORS middleware); HEAD
    # is GET without a body and needs GET's action.
    http_method_names: ClassVar[list[str]] = ["get", "post", "put", "patch", "delete", "head"]  # type: ignore[misc]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.serves(request.method or ""):
            raise drf_exceptions.MethodNotAllowed(request.method or "")
        if not authorization.system_is_registered(request, self.system_label()):
            raise NotFound("No such route.", code="route_not_found")
        self.check_access(request)
        if request.method in {"POST", "PUT", "PATCH"} and _has_body(request):
            _ = request.data  # parse now: a malformed body is a 400, whatever the view reads

    def check_access(self, request: Request) -> None:
        raise NotImplementedError

    # Namespaces whose successful writes go to the audit trail (learners' own progress
    # and answers are their data, not administration). IAM records its own, with details.
    audited_namespaces: ClassVar[frozenset[str]] = frozenset({"admin", "sdk"})

    def finalize_response(  # views answer HttpResponse, not only DRF's Response
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        action = getattr(self, "action", None)
        if (
            self.namespace in self.audited_namespaces
            and request.method not in SAFE_METHODS
            and response.status_code < 400
            and action
            and self.system_label() != "iam"
        ):
            authorization.audit(
                request,
                action=action,
                resource=self.resource(),
                outcome="success",
                status=response.status_code,
            )
        return response

    def action_context(self, request: Request) -> dict[str, Any]:
        """Per-action condition keys (declared in the system's manifest) for this request.

        Policies can test them like AWS service keys, e.g. ``content:FileSize``. Views
        override this; it must be cheap (no queries): it runs before the view.
        """
        return {}

    @classmethod
    def action_for(cls, method: str) -> str | None:
        """The action ``method`` performs: its own entry in ``method_actions`` when the view
        declares any (no fallback to ``action``), else ``action`` (one-operation views)."""
        method = "GET" if method.upper() == "HEAD" else method.upper()
        if cls.method_actions:
            return cls.method_actions.get(method)
        return cls.action

    @classmethod
    def served_methods(cls) -> list[str]:
        """The HTTP methods this view has a handler for (upper case, HEAD excluded)."""
        return [m.upper() for m in cls.http_method_names if m != "head" and hasattr(cls, m)]

    def serves(self, method: str) -> bool:
        return method.upper() in self.served_methods() or (
            method.upper() == "HEAD" and "GET" in self.served_methods()
        )

    def authorize(self, request: Request) -> None:
        """Ask IAM about the action this HTTP method performs; no action means no access."""
        action = self.action_for(request.method or "")
        if action is None:
            raise PermissionDenied("This endpoint declares no action.", code="undeclared_action")
        self.action = action  # type: ignore[misc]  # the action of this request, for views
        self.require(action)

    def require(self, action: str) -> None:
        """403 ``action_denied`` unless IAM allows ``action`` on this view's resource.

        The base class checks the method's declared action; a view whose request also does
        a second thing (a PATCH that edits and moves) calls this for that action too.
        """
        request = self.request
        resource = self.resource()
        context = self.action_context(request)
        if authorization.is_allowed(request, action, resource, context):
            return
        authorization.audit(request, action=action, resource=resource, outcome="denied", status=403)
        extra: dict[str, Any] = {"action": action, "resource": resource}
        detail = f"You are not allowed to perform {action}."
        why = authorization.explain_denial(request, action, resource, context)
        if why is not None:  # only for callers who may read policies
            extra["denial"] = why
            detail = f"{detail} {why['summary']}"
        raise PermissionDenied(detail, code="action_denied", extra=extra)


class CsrfSessionAuthentication(SessionAuthentication):
    """Session auth for the panels; CSRF is enforced for signed-in unsafe requests."""

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except drf_exceptions.PermissionDenied as exc:
            raise PermissionDenied(str(exc.detail), code="csrf_failed") from exc


class AdminApi(BaseApi):
    """``/api/admin/<system>/``: staff with panel access, IAM policy per action."""

    namespace = "admin"
    authentication_classes = [CsrfSessionAuthentication]
    # A self-service read: any signed-in staff member with panel access may GET it, because
    # it answers only from the caller's own allowed actions (the services menu). The view
    # still declares its ``action`` for the record; the IAM check is skipped. Only views on
    # the allow-list in tests/core/test_conventions.py may set it.
    panel_self_service: ClassVar[bool] = False

    def check_access(self, request: Request) -> None:
        user = request.user
        if user is None or not user.is_authenticated:
            raise NotAuthenticated()
        if not getattr(user, "admin_panel_access", False):
            raise PermissionDenied(
                "Your account has no admin panel access.", code="no_panel_access"
            )
        if self.panel_self_service and request.method in SAFE_METHODS:
            return
        self.authorize(request)


def enforce_csrf_for_anonymous(request: Request) -> None:
    """CSRF for unsafe requests without a session user (sign-in, sign-up, reset forms).

    DRF's session authentication checks CSRF only for signed-in users; public forms need it
    too, or another site could sign a visitor into an attacker's account (login CSRF).
    """
    raw = django_request(request)
    check = CsrfViewMiddleware(_no_view)
    check.process_request(raw)
    if check.process_view(raw, _no_view, (), {}) is not None:
        raise PermissionDenied("CSRF verification failed.", code="csrf_failed")


def _no_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


class StudentApi(BaseApi):
    """``/api/student/<system>/``: signed-in learners (and staff), IAM policy per action.

    Learners are principals like everyone else: every account is in the Learners group
    with the managed ``LearnerAccess`` policy, and an academy narrows it with policies.
    Some views are public (catalogue, sign-in forms); a signed-in person's management of
    their own account (who-am-I, password, MFA) is ``self_service``: sign-in only.
    """

    namespace = "student"
    authentication_classes = [CsrfSessionAuthentication]
    self_service: ClassVar[bool] = False

    def check_access(self, request: Request) -> None:
        if self.public:
            if request.method not in SAFE_METHODS:
                enforce_csrf_for_anonymous(request)
            return
        user = request.user
        if user is None or not user.is_authenticated:
            raise NotAuthenticated()
        if not self.self_service:
            self.authorize(request)


class SdkApi(BaseApi):
    """``/v1/`` on ``api.<domain>`` and ``/sdk/v1/``: access keys, IAM policy per action."""

    namespace = "sdk"
    authentication_classes = []  # keys are checked in check_access

    def check_access(self, request: Request) -> None:
        if self.public:
            return
        principal = authorization.authenticate_sdk(request)
        if principal is None:
            raise NotAuthenticated("A valid access key is required.", code="invalid_access_key")
        self.authorize(request)


def _has_body(request: Request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


def django_request(request: Request | HttpRequest) -> HttpRequest:
    return request._request if isinstance(request, Request) else request
