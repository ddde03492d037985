"""Settings for factfile, read from the environment.

With no environment at all, the app runs in development mode on an SQLite
file under ``var/``. Production sets ``DEBUG=false``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

from factfile.configuration import (
    SECRET_HINT,
    ConfigurationError,
    envbool,
    envint,
    envlist,
    envurl,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FACTFILE_DATA_DIR", BASE_DIR / "var"))


DEBUG = envbool("DEBUG", "true")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            f"SECRET_KEY must be set when DEBUG is off: {SECRET_HINT}"
        )
    # Only ever used on a developer's machine: DEBUG is on.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS must be set when DEBUG is off: set it to the host names "
        "the site answers to, comma-separated, e.g. ALLOWED_HOSTS=facts.example"
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Django's admin, on factfile's site (factfile/admin_site.py).
    "factfile.admin_apps.FactfileAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "factfile",
    "sources",
    "events",
    "factfile.lookup",
]
# The benchmark tooling (``manage.py generate_synthetic``) lives in the
# repository beside the apps; an installed package does not carry it.
if importlib.util.find_spec("benchmarks") is not None:
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "factfile.api.compression.CompressPublicApiMiddleware",
    "factfile.api.middleware.PublicApiCorsMiddleware",
]

ROOT_URLCONF = "factfile.urls"
WSGI_APPLICATION = "factfile.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Django's widget templates, the commonest written in Python (admin pages).
FORM_RENDERER = "factfile.admin_rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'factfile.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default lives in a folder git ignores: make it on first use.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Concurrent writers wait for the lock (up to 20 s) instead of
            # failing at once with "database is locked".
            "timeout": envint("SQLITE_BUSY_TIMEOUT", "20"),
            # A transaction takes the write lock when it begins. A deferred
            # one that reads first and then writes cannot wait for the lock
            # (SQLite would deadlock) and fails at once, whatever the
            # timeout: that was every editor's save under concurrency.
            "transaction_mode": "IMMEDIATE",
            # Write-ahead log: readers never wait for a writer, and a writer
            # waits only for the other writer. NORMAL is durable across an
            # app crash and costs one fsync per checkpoint, not per commit.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production serves the files that ``collectstatic`` gathered, under names
# that carry a hash of their content, precompressed (gzip and Brotli) and
# cached for a year; a new release has new names. With DEBUG on, the files
# are served from the apps as they are, so nothing needs collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if not DEBUG:
    # Static files straight after the security headers: nothing else (the
    # session, the database, the statement timeout) runs for them. With
    # DEBUG on, runserver serves them from the apps.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Source maps are fetched only by a developer's tools: not worth compressing
# (most of collectstatic's time went into the API docs' maps).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

LOGIN_URL = "admin:login"

SIMPLE_HISTORY_REVERT_DISABLED = False

FACTFILE_NUM_PROXIES = envint("FACTFILE_NUM_PROXIES", "0")
if FACTFILE_NUM_PROXIES < 0:
    raise ConfigurationError(
        "FACTFILE_NUM_PROXIES must be 0 or more: set it to the number of proxies "
        "in front of the app (0 for none)"
    )

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The public API sets its own authentication, throttles and renderers
    # (factfile.api.public.PublicAPIMixin); these defaults keep anything else
    # read-only and anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Trusted proxies in front of the app, each appending to
    # X-Forwarded-For. 0 means none: the socket's address is the client.
    # (DRF reads None as "trust the whole header", which lets any client
    # pick its own rate-limit key; None is never passed.)
    "NUM_PROXIES": FACTFILE_NUM_PROXIES,
}

# Rate limits of the public API: anonymous clients by address, publishing
# tools by API key. Counted in the default cache, which must be shared
# between app servers (Redis) for the limits to hold across them.
FACTFILE_API_ANONYMOUS_RATE = os.environ.get("FACTFILE_API_ANONYMOUS_RATE", "120/min")
FACTFILE_API_KEY_RATE = os.environ.get("FACTFILE_API_KEY_RATE", "1200/min")
# HTTP caching of public responses, in seconds.
FACTFILE_API_MAX_AGE = envint("FACTFILE_API_MAX_AGE", "60")
FACTFILE_API_STALE_WHILE_REVALIDATE = envint(
    "FACTFILE_API_STALE_WHILE_REVALIDATE", "300"
)

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "factfile",
        }
    }

SPECTACULAR_SETTINGS = {
    "TITLE": "factfile public API",
    "DESCRIPTION": "Read-only access to the vetted records of the fact file.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factfile.api.schema.exact_schema",
    ],
}

# Who keeps the fact file, as the public front page names it.
FACTFILE_NEWSROOM = os.environ.get("FACTFILE_NEWSROOM", "the newsroom")

# Where the public reaches the fact file: the permalinks written into
# published citations (a ClaimReview's url) start with it. By default the
# first host name of ALLOWED_HOSTS, over https in production.
_FIRST_HOST = next(
    (host for host in ALLOWED_HOSTS if host.strip(".*") == host), "localhost"
)
FACTFILE_PUBLIC_URL = envurl(
    "FACTFILE_PUBLIC_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{_FIRST_HOST}",
)
# The organisation that publishes the fact file's claim reviews (their
# author for search engines).
FACTFILE_ORGANISATION_NAME = (
    os.environ.get("FACTFILE_ORGANISATION_NAME", "").strip() or FACTFILE_NEWSROOM
)
FACTFILE_ORGANISATION_URL = envurl(
    "FACTFILE_ORGANISATION_URL", FACTFILE_PUBLIC_URL + "/"
)

# The largest source text an editor or the importer may store, in characters.
FACTFILE_MAX_SOURCE_CHARS = envint("FACTFILE_MAX_SOURCE_CHARS", "2000000")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigurationError(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"calm": {"()": "factfile.logs.WithoutExpectedTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["calm"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's loggers write through the root's handler only: with Django's
    # own console handler as well, every line came out twice. Its access
    # log (django.server) keeps its own handler and does not propagate.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

# Hardening -----------------------------------------------------------------
# Production is DEBUG off. It refuses to start with a placeholder secret or
# a wildcard host; security headers, secure cookies and HSTS follow from it.
# Every value below can be overridden from the environment.

if not DEBUG:
    # check --deploy also refuses a key of too few distinct characters.
    if len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY:
        raise ConfigurationError(
            "SECRET_KEY must be a real secret, at least 50 characters and not "
            f"a placeholder: {SECRET_HINT}"
        )
    if "*" in ALLOWED_HOSTS:
        raise ConfigurationError(
            "ALLOWED_HOSTS must name the hosts, not '*': list them, "
            "e.g. ALLOWED_HOSTS=facts.example,www.facts.example"
        )

INSTALLED_APPS += [
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# CSP right after SecurityMiddleware, so that every response, error pages
# included, carries the policy; the statement timeout before anything that
# may query; two-factor state after authentication; axes last, as it asks.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "factfile.timeouts.PublicStatementTimeoutMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "factfile.twofactor.RequireTwoFactorMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username and address before any password check.
    "factfile.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS in production: HSTS, redirect, secure cookies. The load balancer's
# health check may come over plain HTTP.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if envbool("SECURE_PROXY_SSL_HEADER", "false"):
    # Only behind a proxy that sets X-Forwarded-Proto and strips the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "false" if DEBUG else "true")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day, and with the browser.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Checks silenced in production, each with its reason:
SILENCED_SYSTEM_CHECKS = (
    []
    if SECURE_HSTS_PRELOAD
    else [
        # security.W021: joining the browsers' HSTS preload list is a decision
        # for the domain's owner, made once for every subdomain; it stays off
        # until SECURE_HSTS_PRELOAD=true says it was made.
        "security.W021",
    ]
)

# Content-Security-Policy, enforced: no inline or foreign script anywhere.
# Inline styles stay allowed, because the admin and the API docs set style
# attributes; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Error pages: JSON under /api/, plain pages elsewhere, never a traceback.
# A database that cannot be reached answers 503 with Retry-After.
FACTFILE_RETRY_AFTER = envint("FACTFILE_RETRY_AFTER", "30")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails the request in seconds
    # instead of holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", "3")
    )
# The public API's queries are cut off after this many milliseconds on
# PostgreSQL, and the request answers 503; 0 turns the limit off.
FACTFILE_PUBLIC_STATEMENT_TIMEOUT_MS = envint(
    "FACTFILE_PUBLIC_STATEMENT_TIMEOUT_MS", "5000"
)

# Login lockout (django-axes): five failures for one username from one
# address lock that pair out for 30 minutes. The address is the one the
# outermost of FACTFILE_NUM_PROXIES trusted proxies saw.
AXES_ENABLED = envbool("AXES_ENABLED", "true")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factfile.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False

# Two-factor authentication (django-otp): fact-checkers and the
# editor-in-chief must confirm a TOTP or backup code before any admin page
# when it is required, which it is in production.
FACTFILE_REQUIRE_2FA = envbool("FACTFILE_REQUIRE_2FA", "false" if DEBUG else "true")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "factfile")
# Nobody, superusers included, reads another person's TOTP secret or QR
# code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A Redis outage makes the cache miss instead of failing the request; short
# socket timeouts keep a Redis that hangs from holding the workers.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "factfile.failsafe_cache.FailSafeRedisCache"
    _redis_options = CACHES["default"].setdefault("OPTIONS", {})
    _redis_options.setdefault("socket_connect_timeout", 1)
    _redis_options.setdefault("socket_timeout", 1)

# Scaling out -----------------------------------------------------------------
# Public API responses kept in the shared cache (factfile.caching), keyed by
# the published layer's last sequence number, so a publication, correction
# or retraction makes every older entry unreachable at once. On by default
# when Redis is the cache; 0 turns it off.
FACTFILE_RESPONSE_CACHE = "default"
FACTFILE_RESPONSE_CACHE_SECONDS = envint(
    "FACTFILE_RESPONSE_CACHE_SECONDS", "300" if os.environ.get("REDIS_URL") else "0"
)
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and "DATABASE_CONN_MAX_AGE" not in os.environ
    and not DEBUG
):
    # Persistent connections in production, checked before each request
    # reuses them (conn_health_checks above).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
# A streaming read replica for the public read path (the API, the lookup and
# the change feed); the admin, the workflow and every write use the primary.
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["factfile.routers.ReplicaRouter"]
MIDDLEWARE.insert(0, "factfile.routers.PublicReadMiddleware")

# Accounts and privileges -----------------------------------------------------
# After a login whose ?next= is missing or unsafe, staff land on the admin
# index (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

# Importing articles ----------------------------------------------------------
# The admin upload starts no new file once it has run this long, so that a
# batch ends well inside gunicorn's timeout (GUNICORN_TIMEOUT, 30 s).
FACTFILE_IMPORT_UPLOAD_SECONDS = envint("FACTFILE_IMPORT_UPLOAD_SECONDS", "10")

# Export files ------------------------------------------------------------------
# The public export is served from files built from the published layer
# (factfile/exporting.py, ``manage.py export_factfile --build``).
FACTFILE_EXPORT_DIR = Path(os.environ.get("FACTFILE_EXPORT_DIR", DATA_DIR / "exports"))
# A file behind the change feed is rebuilt (in the background, the old one
# still served) once it is this old; after a retraction, at once.
FACTFILE_EXPORT_REBUILD_SECONDS = envint("FACTFILE_EXPORT_REBUILD_SECONDS", "300")
# Downloads one process sends at once; beyond, 503 with Retry-After, so that
# slow readers never hold every thread of a worker.
FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS = envint(
    "FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS", "2"
)
if FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS < 1:
    raise ConfigurationError(
        "FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS must be 1 or more: set it to "
        "how many downloads one process may send at once"
    )

# An article fetched by its address: the largest page kept, and how long the
# whole fetch (redirects included) may take. Only public addresses are
# fetched; FACTFILE_FETCH_ALLOW_HOSTS (a list of addresses or networks, unset
# here) lets tests reach their own server on the loopback address.
FACTFILE_FETCH_MAX_BYTES = envint("FACTFILE_FETCH_MAX_BYTES", "5000000")
FACTFILE_FETCH_TOTAL_SECONDS = envint("FACTFILE_FETCH_TOTAL_SECONDS", "15")

# Usage and webhooks (docs/usage.md, docs/webhooks.md). A story lists at most
# this many records. Deliveries: one request carries at most BATCH changes and
# waits at most TIMEOUT seconds; a failure is retried after RETRY_BASE
# seconds, doubling up to RETRY_MAX, for RETRY_FOR seconds (a day), then the
# subscription is marked failing. WORKERS receivers are served at once.
# Receivers on loopback, private or link-local addresses are refused unless
# FACTFILE_WEBHOOK_ALLOW_PRIVATE is true (tests and closed networks only).
FACTFILE_USAGE_MAX_RECORDS = envint("FACTFILE_USAGE_MAX_RECORDS", "500")
FACTFILE_WEBHOOK_BATCH = envint("FACTFILE_WEBHOOK_BATCH", "100")
FACTFILE_WEBHOOK_TIMEOUT_SECONDS = envint("FACTFILE_WEBHOOK_TIMEOUT_SECONDS", "5")
FACTFILE_WEBHOOK_RETRY_BASE_SECONDS = envint(
    "FACTFILE_WEBHOOK_RETRY_BASE_SECONDS", "10"
)
FACTFILE_WEBHOOK_RETRY_MAX_SECONDS = envint(
    "FACTFILE_WEBHOOK_RETRY_MAX_SECONDS", "3600"
)
FACTFILE_WEBHOOK_RETRY_FOR_SECONDS = envint(
    "FACTFILE_WEBHOOK_RETRY_FOR_SECONDS", "86400"
)
FACTFILE_WEBHOOK_WORKERS = envint("FACTFILE_WEBHOOK_WORKERS", "8")
FACTFILE_WEBHOOK_ALLOW_PRIVATE = envbool("FACTFILE_WEBHOOK_ALLOW_PRIVATE", "false")
FACTFILE_WEBHOOKS_PER_KEY = envint("FACTFILE_WEBHOOKS_PER_KEY", "10")
