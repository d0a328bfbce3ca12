from apps.core.errors import ApiError


class SystemNotFound(ApiError):
    status, code, title = 404, "system_not_found", "No such system"


class CoreSystemLocked(ApiError):
    status, code, title = 409, "core_system_locked", "Core systems cannot be deregistered"
