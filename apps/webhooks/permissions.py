"""Actions the Webhooks system defines (mirrors system.json)."""


class Endpoints:
    LIST = "teacherseat:admin:webhooks:endpoints:list"
    READ = "teacherseat:admin:webhooks:endpoints:read"
    CREATE = "teacherseat:admin:webhooks:endpoints:create"
    UPDATE = "teacherseat:admin:webhooks:endpoints:update"
    DELETE = "teacherseat:admin:webhooks:endpoints:delete"
    ROTATE_SECRET = "teacherseat:admin:webhooks:endpoints:rotate_secret"
    TEST = "teacherseat:admin:webhooks:endpoints:test"
    REPLAY = "teacherseat:admin:webhooks:endpoints:replay"


class Deliveries:
    LIST = "teacherseat:admin:webhooks:deliveries:list"
    READ = "teacherseat:admin:webhooks:deliveries:read"
    REDELIVER = "teacherseat:admin:webhooks:deliveries:redeliver"
