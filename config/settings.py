"""Settings for the Residents' Committee Election Manager, driven by environment variables.

SQLite by default (demo, development); PostgreSQL from DATABASE_URL (production, CI).
"""
import datetime
import os
import sys
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    """Strict boolean: anything but True/False (case-insensitive) or 1/0 is refused."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")


def envlist(name, default):
    value = os.environ.get(name)
    return [v.strip() for v in value.split(",") if v.strip()] if value else default


DEBUG = envbool("DEBUG", False)
# Local development and tests (make demo, make test): the built-in secret key, plain HTTP, static files from the
# finders. Never set in production.
DEV = DEBUG or envbool("DJANGO_DEV", False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuv"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "::1", "[::1]"}


def production_like():
    """The environment says this server faces others: ALLOWED_HOSTS names a host that is not this machine (or
    "*"), or HTTPS is required (SECURE_SSL_REDIRECT=True)."""
    public = [h for h in ALLOWED_HOSTS if h not in LOCAL_HOSTS and not h.endswith(".localhost")]
    return bool(public) or envbool("SECURE_SSL_REDIRECT", False)


if "SECRET_KEY" not in os.environ and DEV and not DEBUG and production_like():
    # A leftover DJANGO_DEV=1 must not put a server others reach on a key published in this repository.
    raise ImproperlyConfigured("DJANGO_DEV=1 is for development on this machine: with ALLOWED_HOSTS naming "
                               "another host or SECURE_SSL_REDIRECT=True, set a real SECRET_KEY.")
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEV else "")
if not SECRET_KEY:
    # Development helpers (make demo, tests) set DJANGO_DEV=1; production must provide a real key.
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=True / DJANGO_DEV=1 for local development).")

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "elections",
    "voters",
    "candidates",
    "django_tasks",
    "django_tasks_db",
    "polling",
    "counting",
    "aftermath",
    "supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "elections.idle_timeout.IdleTimeoutMiddleware",
    # AFT-4: no change to an election restored from its archive (403 before any view runs).
    "elections.read_only.RestoredElectionReadOnlyMiddleware",
    # After the idle timeout: a first login's one-time password, and counting users' only pages (issue 11).
    "elections.account_middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ConstantPolicyCSPMiddleware",  # django-csp's, the policy built once
    # Last, as django-axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "elections.context_processors.user_menu",
            ],
            "builtins": ["elections.templatetags.cn_dates"],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the writer rather than fail with "database is locked" when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif envbool("DATABASE_PREPARED_STATEMENTS", True):
    # PostgreSQL: parameters bound by the server, and a statement run twice on a connection is prepared, so it
    # is not planned again. Planning cost more than running most of election day's queries (issue 13: about
    # a third of the database's CPU of an issuance). False behind a pooler in transaction mode (PgBouncer),
    # where a connection's prepared statements are not the next transaction's.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
# A PostgreSQL streaming replica for the read-only dashboard (elections/replica.py): DATABASE_REPLICA_URL. Tests
# point it at the primary itself (TEST MIRROR: the same test database).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                                 conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["elections.replica.ReplicaRouter"]

# Caches and sessions, across app servers. Sessions live in the database (shared by every server) unless
# CACHE_URL names a Redis server: then the cache is Redis, and sessions are read from it with the database behind
# it (cached_db). CACHE_URL=redis://127.0.0.1:6379/1, or db:// for the database cache (run `manage.py
# createcachetable`); unset: each process's own memory, enough for one server.
CACHE_URL = os.environ.get("CACHE_URL", "")
_SHARED_CACHE = CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
if _SHARED_CACHE:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "rcem"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_URL == "db://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rcem_cache"}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://host:port/db or db://, not {CACHE_URL!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): a user name is locked after LOGIN_FAILURE_LIMIT wrong passwords, an address
# after LOGIN_ADDRESS_FAILURE_LIMIT (higher: a community office answers from one address), each for
# LOGIN_LOCKOUT_MINUTES after its last failure. The district administrator can unlock earlier (登录锁定 page).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "elections.auth_backend.CachedModelBackend"]
# Seconds the signed-in user and their roles stay in the cache (elections/auth_backend.py): only when every
# server shares the cache (Redis), which the changes then clear; 0 reads them from the database on each request.
USER_CACHE_SECONDS = int(os.environ.get("USER_CACHE_SECONDS", "300" if _SHARED_CACHE else "0"))
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Attempts while locked out are refused without extending the lock, so the time shown on the page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "elections.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "elections.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "elections.login_throttle.client_address"

# Chinese error pages: templates/403.html, 404.html, 500.html; a form refused by CSRF protection:
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Files the app writes (elections/storage.py): ballot print runs, complaint evidence, uploaded spreadsheets
# between preview and confirmation — all private, in STORAGES["private"]. FILE_STORAGE=local (default): the
# local disk under PRIVATE_MEDIA_ROOT. FILE_STORAGE=s3: an S3-compatible bucket (django-storages), so that several
# app servers and workers share them: S3_BUCKET, S3_ENDPOINT_URL (a MinIO, Ceph or cloud endpoint),
# S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; the files never get a public URL.
FILE_STORAGE = os.environ.get("FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    _S3 = {
        "bucket_name": os.environ.get("S3_BUCKET", ""),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    if not _S3["bucket_name"]:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for a non-AWS server).")
    _FILES = {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_S3, "location": "media"}},
              "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_S3, "location": "private"}}}
elif FILE_STORAGE == "local":
    _FILES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
              "private": {"BACKEND": "elections.storage.PrivateFileSystemStorage"}}
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be local or s3, not {FILE_STORAGE!r}")
STORAGES = {
    **_FILES,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEV
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development and tests static files come straight from the finders; production serves collectstatic's output.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEV

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: strict in production, relaxed only for local development.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEV)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", SECURE_SSL_REDIRECT)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_SSL_REDIRECT else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# The health check (config/health.py) answers in plain HTTP too: monitoring asks on the loopback address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Sessions end 8 hours after logging in (SESSION_COOKIE_AGE), and sooner after SESSION_IDLE_MINUTES without a
# request from the user (elections/idle_timeout.py; background refreshes do not count).
SESSION_COOKIE_AGE = 8 * 3600
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from our own static files only; no
# inline script or on…= handler anywhere (tests/test_security_headers.py reads every template). Inline style
# *attributes* stay allowed (style-src-attr: progress bars and chart widths are set in the templates); <style>
# elements are not. Bootstrap draws its icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# Logs: one JSON object per line on stderr (config/log_format.py), where the service manager (systemd's
# journal) keeps it; LOG_FILE adds a file (reopened when logrotate moves it). Server errors (django.request,
# with the traceback), security warnings (django.security: CSRF failures, bad hosts) and every warning of the
# app's own modules; LOG_LEVEL=INFO says more.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").upper()
LOG_FILE = os.environ.get("LOG_FILE", "")
LOG_HANDLERS = {
    "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "line"},
}
if LOG_FILE:
    LOG_HANDLERS["file"] = {"class": "logging.handlers.WatchedFileHandler", "filename": LOG_FILE,
                            "formatter": "line", "encoding": "utf-8"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "config.log_format.JsonLineFormatter"}},
    "handlers": LOG_HANDLERS,
    "root": {"handlers": list(LOG_HANDLERS), "level": LOG_LEVEL},
    "loggers": {
        # 5xx are errors; 4xx (a 404, a refused permission) are warnings, and not worth a line each.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}

# Background jobs (printing thousands of ballots): django-tasks with its database backend (django-tasks-db),
# run by `python manage.py db_worker`. Tests run the jobs in-process (ImmediateBackend) and need no worker;
# TASKS_IMMEDIATE=True does the same elsewhere (a demo without a worker).
TASKS_IMMEDIATE = envbool("TASKS_IMMEDIATE", "pytest" in sys.modules)
TASKS = {
    "default": {
        "BACKEND": ("django_tasks.backends.immediate.ImmediateBackend" if TASKS_IMMEDIATE
                    else "django_tasks_db.DatabaseBackend"),
    }
}
# The largest file a user may upload (the residents import): a larger one is refused with a message before it is
# read (config/uploads.py), and one that size stays in memory, never written to a temporary file. Set the reverse
# proxy's limit just above it (nginx: client_max_body_size 21m;).
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 2**20
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 2**20  # the request's size: the file and the form around it
FILE_UPLOAD_HANDLERS = ["config.uploads.UploadSizeLimit",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
# Job leases (elections/jobs.py): a running job renews its lease as it progresses; one silent for
# JOB_LEASE_SECONDS is taken as dead (its worker was killed) and marked failed, to be run again. Each worker
# records its own heartbeat every WORKER_HEARTBEAT_SECONDS.
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "120"))
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
# Generated files that are not public (ballot print runs): under MEDIA_ROOT/private/, served only by
# permission-checked views, never by the web server.
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"

# The application's clock (elections/clock.py): CLOCK_TODAY=YYYY-MM-DD runs the whole app on that day, for demos
# and the browser rehearsal of a whole election calendar. Development and tests only.
CLOCK_TODAY = os.environ.get("CLOCK_TODAY") or None
if CLOCK_TODAY and not DEV:
    raise ImproperlyConfigured("CLOCK_TODAY is for development and tests only (set DJANGO_DEV=1 or DEBUG=True).")

# Tests switch to a fast hasher (tests/conftest.py); production keeps Django's defaults.
