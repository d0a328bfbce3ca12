from apps.core.errors import ApiError


class TenantNotFound(ApiError):
    status, code, title = 404, "tenant_not_found", "No academy is served at this address"


class TenantSuspended(ApiError):
    status, code, title = 403, "tenant_suspended", "This academy is suspended"
