"""Kopa settings: one module, configured by environment variables only (see docs/operations.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION; the suite runs with production settings except HTTPS redirects.
TESTING = "PYTEST_VERSION" in os.environ
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-set-SECRET_KEY-in-production" if DEBUG or TESTING else None
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see docs/operations.md).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: Kopa's runserver (which also runs the scheduled jobs) extends its runserver.
    "kopa.core",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "axes",
    "csp",
    "kopa.agencies",
    "kopa.directory",
    "kopa.programmes",
    "kopa.events",
    "kopa.outreach",
    "kopa.matchmaking",
    "kopa.logbook",
    "kopa.library",
    "kopa.reports",
    "kopa.api",
    "kopa.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every complete response and 304 for a matching If-None-Match (iCal feeds, PDFs, the API).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kopa.core.middleware.RequestSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kopa.core.middleware.DisplayModeMiddleware",
    "kopa.core.middleware.ServiceErrorMiddleware",
    "kopa.core.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kopa.urls"
WSGI_APPLICATION = "kopa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kopa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kopa.core.context_processors.kopa",
                "kopa.agencies.context_processors.staff",
                "kopa.events.context_processors.my_events",
                "kopa.logbook.context_processors.logbook",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'kopa.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front: SQLite's stand-in for row locks.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out account or address before checking a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"

# Languages: English, Slovenian and Latvian. More languages = one more catalogue here.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sl", _("Slovenian")), ("lv", _("Latvian"))]
LOCALE_PATHS = [BASE_DIR / "kopa" / "locale"]
# Dates and times as each language writes them (Django's own formats, corrected where wrong).
FORMAT_MODULE_PATH = ["kopa.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Ljubljana")
LANGUAGE_COOKIE_NAME = "kopa_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "kopa" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files only Kopa itself hands out, after checking who asks (background jobs' results): outside
# MEDIA_ROOT, so the web server that serves MEDIA_ROOT never serves them.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/no-public-address/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# An organisation import is read in the background; these bound what one file may hold. A national
# directory's 100,000 organisations fit in one CSV file (about 30 MB with every column filled).
KOPA_IMPORT_MAX_BYTES = int(os.environ.get("KOPA_IMPORT_MAX_BYTES", str(40 * 1024 * 1024)))
KOPA_IMPORT_MAX_ROWS = int(os.environ.get("KOPA_IMPORT_MAX_ROWS", "100000"))
KOPA_IMPORT_MAX_COLUMNS = int(os.environ.get("KOPA_IMPORT_MAX_COLUMNS", "100"))
KOPA_IMPORT_MAX_CELL_CHARS = int(os.environ.get("KOPA_IMPORT_MAX_CELL_CHARS", "5000"))
# Seconds a worker may spend reading or writing one import before it is stopped.
KOPA_IMPORT_TIMEOUT = int(os.environ.get("KOPA_IMPORT_TIMEOUT", "1800"))
# The library: the largest file one language version may be (PDF or DOCX), in bytes.
KOPA_LIBRARY_MAX_BYTES = int(os.environ.get("KOPA_LIBRARY_MAX_BYTES", str(25 * 1024 * 1024)))
# Background jobs (merges, PDF documents, reports): seconds a worker may spend on one, and days its
# result is kept for download before the job and its file are deleted.
KOPA_JOB_TIMEOUT = int(os.environ.get("KOPA_JOB_TIMEOUT", "600"))
KOPA_JOB_RESULT_DAYS = int(os.environ.get("KOPA_JOB_RESULT_DAYS", "7"))

# E-mail
# In development (DEBUG) e-mail is kept in an outbox page at /staff/outbox/ instead of being sent.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "kopa.core.mail.OutboxBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
# Where django.core.mail.backends.filebased.EmailBackend writes its messages, when chosen.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kopa <kopa@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: inline without Redis, RQ workers with it.
REDIS_URL = os.environ.get("REDIS_URL", "")
KOPA_TASK_RETRIES = int(os.environ.get("KOPA_TASK_RETRIES", "3"))
# The worker's CPU priority (nice), added to the one it starts with: background work, such as reading a
# large import, gives way to the web workers' requests on the same machine. 0 keeps it as it is.
KOPA_WORKER_NICE = int(os.environ.get("KOPA_WORKER_NICE", "10"))
# The share of the time a large background job (an import) may work: it pauses between batches of a
# few hundred rows, so the database too has time for the web pages (kopa/core/pacing.py). 1 = no pauses.
KOPA_BACKGROUND_SHARE = float(os.environ.get("KOPA_BACKGROUND_SHARE", "0.5"))
if not 0 < KOPA_BACKGROUND_SHARE <= 1:
    raise ImproperlyConfigured("KOPA_BACKGROUND_SHARE must be above 0 and at most 1.")

# Scheduled jobs: ("module:function", cron expression in TIME_ZONE). The worker runs them (or queues
# them with Redis); each moment of a schedule runs once, however many workers run (see
# kopa.core.scheduler). Every job is safe to run again.
KOPA_SCHEDULE = [
    ("kopa.events.jobs:expire_offers", "*/10 * * * *"),
    ("kopa.events.jobs:expire_selections", "*/10 * * * *"),
    ("kopa.events.jobs:expire_unconfirmed", "*/10 * * * *"),
    ("kopa.events.jobs:send_reminders", "*/10 * * * *"),
    ("kopa.outreach.jobs:send_followup_reminders", "0 7 * * *"),
    ("kopa.matchmaking.jobs:close_expired_requests", "15 0 * * *"),
    ("kopa.matchmaking.jobs:send_saved_search_alerts", "0 6 * * *"),
    ("kopa.matchmaking.jobs:send_meeting_request_reminders", "20 * * * *"),
    ("kopa.core.privacy:purge_due", "30 3 * * *"),
]
# Seconds between two looks at the schedule.
KOPA_SCHEDULER_INTERVAL = int(os.environ.get("KOPA_SCHEDULER_INTERVAL", "30"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kopa.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "kopa.api.pagination.KopaPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kopa.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Per client and worker; the load benchmarks raise them (KOPA_API_RATE_ANON / KOPA_API_RATE_USER).
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("KOPA_API_RATE_ANON", "120/min"),
                               "user": os.environ.get("KOPA_API_RATE_USER", "600/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kopa API",
    "DESCRIPTION": "Organisations, programmes and events of Kopa. Authenticate with a personal API token: "
    "`Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kopa.api.schema.document_common_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TypeEnum": "kopa.api.enums.ORGANISATION_TYPES",
        "EventTypeEnum": "kopa.api.enums.EVENT_TYPES",
        "EventStatusEnum": "kopa.api.enums.EVENT_STATUSES",
        "RegistrationStatusEnum": "kopa.api.enums.REGISTRATION_STATUSES",
        "InteractionKindEnum": "kopa.api.enums.INTERACTION_KINDS",
        "StageEnum": "kopa.api.enums.FUNNEL_STAGES",
        "LibraryKindEnum": "kopa.api.enums.LIBRARY_KINDS",
        "LibraryFormatEnum": "kopa.api.enums.LIBRARY_FORMATS",
        "FormatEnum": "kopa.api.enums.EVENT_FORMATS",  # the events' name, kept beside the library's
        "IdeaStatusEnum": "kopa.api.enums.IDEA_STATUSES",
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or from
# one address, logging in is refused for AXES_COOLOFF_HOURS. A successful password reset, the admin's
# "Access attempts" or `manage.py axes_reset_username <e-mail>` / `axes_reset_ip <address>` unlock.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(hours=float(os.environ.get("AXES_COOLOFF_HOURS", "1")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Lockouts are logged as warnings; every successful login is not (it would only be noise).
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "kopa.core.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "kopa.core.throttling.client_ip_for_axes"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind this many reverse proxies the client's address is the last but N-1 entry of
# X-Forwarded-For; 0 (the default) trusts only the connection's own address.
KOPA_TRUSTED_PROXIES = int(os.environ.get("KOPA_TRUSTED_PROXIES", "0"))

# Rate limits: "count/seconds" per client address (and per e-mail address where a form has one).
# Over the limit a page answers 429 "Too many requests" in the visitor's language.
KOPA_RATE_LIMITS = {
    "signup": os.environ.get("KOPA_RATE_SIGNUP", "5/3600"),
    "registration": os.environ.get("KOPA_RATE_REGISTRATION", "20/3600"),
    "response_link": os.environ.get("KOPA_RATE_RESPONSE_LINK", "30/3600"),
    "password_reset": os.environ.get("KOPA_RATE_PASSWORD_RESET", "5/3600"),
    "partner_interest": os.environ.get("KOPA_RATE_PARTNER_INTEREST", "10/3600"),
    "saved_search": os.environ.get("KOPA_RATE_SAVED_SEARCH", "10/3600"),
    # Check-ins at a Logbook kiosk per alias (a centre's tablet has one address): guessing a PIN is slow.
    "logbook_kiosk": os.environ.get("KOPA_RATE_LOGBOOK_KIOSK", "10/900"),
}
# Rate-limit counters live in the cache: per process without Redis, shared with REDIS_URL.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL") and not TESTING
        # Room for the funnel's figures per campaign (and the pages) besides the counters.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kopa",
              "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}
# The funnel's figures of each campaign are cached under a token that changes with its interactions
# (kopa.outreach.funnel.reach.campaign_cells); this bounds how long an unused copy is kept.
KOPA_FUNNEL_CACHE_SECONDS = int(os.environ.get("KOPA_FUNNEL_CACHE_SECONDS", "86400"))

# Public pages seen without logging in are cached (kopa.core.pagecache): a copy is kept at most this
# many seconds (0: no page cache; off by default under pytest, whose tests turn it on where they test
# it), and browsers or proxies may keep it KOPA_PAGE_MAX_AGE seconds.
KOPA_PAGE_CACHE_SECONDS = int(os.environ.get("KOPA_PAGE_CACHE_SECONDS", "0" if TESTING else "300"))
KOPA_PAGE_MAX_AGE = int(os.environ.get("KOPA_PAGE_MAX_AGE", "60"))
# Rendered filter forms and directory cards kept per worker (kopa.core.fragments); 0: none.
KOPA_FRAGMENT_CACHE_SIZE = int(os.environ.get("KOPA_FRAGMENT_CACHE_SIZE", "512"))

# Content-Security-Policy on every response: scripts, styles, fonts and images only from Kopa
# itself (images also as data: URIs, for the check-in QR code); no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Security: strict by default in production, relaxed only with DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not TESTING)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not TESTING)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Joining the browsers' HSTS preload list is the operator's decision, not a default.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_paths": {"()": "kopa.core.logging.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secret_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint (PDFs) logs each step of each document at INFO; its warnings and errors stay.
        "weasyprint.progress": {"level": "WARNING"},
        # Django's own console handlers would print addresses unfiltered: its records go to the
        # root handler above instead, through the filter.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Access needs, diet, emergency contacts, travel and rooms are deleted this many days after an event.
KOPA_PRIVATE_DATA_RETENTION_DAYS = int(os.environ.get("KOPA_PRIVATE_DATA_RETENTION_DAYS", "30"))
# Days after an event ends until its registrations' names, e-mail addresses and free text are
# pseudonymised (never before the private data above is purged).
KOPA_REGISTRATION_RETENTION_DAYS = int(os.environ.get("KOPA_REGISTRATION_RETENTION_DAYS", "365"))

# Confirmed participants get a reminder this many hours before their event starts.
KOPA_REMINDER_HOURS = int(os.environ.get("KOPA_REMINDER_HOURS", "48"))
# The recipient of a meeting request at a matchmaking event is reminded once when it is still
# unanswered after this many hours, or after the second number of hours when the event starts within
# the given number of days; never once the event has started.
KOPA_MEETING_REMINDER_HOURS = int(os.environ.get("KOPA_MEETING_REMINDER_HOURS", "48"))
KOPA_MEETING_REMINDER_SOON_HOURS = int(os.environ.get("KOPA_MEETING_REMINDER_SOON_HOURS", "12"))
KOPA_MEETING_REMINDER_SOON_DAYS = int(os.environ.get("KOPA_MEETING_REMINDER_SOON_DAYS", "3"))
# The public address of this installation, for links in e-mails and calendar files. Empty: the
# address each request came to (scheduled work then falls back to http://127.0.0.1:8000).
KOPA_SITE_URL = os.environ.get("KOPA_SITE_URL", "")

KOPA_DEMO_PASSWORD = os.environ.get("KOPA_DEMO_PASSWORD", "kopa-demo-2026")
