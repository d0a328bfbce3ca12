"""Actions the Learning system defines (mirrors system.json)."""


class Enrollments:
    LIST = "teacherseat:admin:learning:enrollments:list"
    GRANT = "teacherseat:admin:learning:enrollments:grant"
    REVOKE = "teacherseat:admin:learning:enrollments:revoke"
    IMPORT = "teacherseat:admin:learning:enrollments:import"


class Certificates:
    LIST = "teacherseat:admin:learning:certificates:list"
    REVOKE = "teacherseat:admin:learning:certificates:revoke"


class Analytics:
    READ = "teacherseat:admin:learning:analytics:read"


class Student:
    """Student-side actions (signed-in learners act on their own records only)."""

    ENROLL = "teacherseat:student:learning:enrollments:create"
    COURSES = "teacherseat:student:learning:courses:read"
    PROGRESS = "teacherseat:student:learning:progress:update"
    ATTEMPTS = "teacherseat:student:learning:attempts:write"
    CERTIFICATES = "teacherseat:student:learning:certificates:read"
