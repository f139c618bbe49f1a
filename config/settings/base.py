"""Settings shared by every environment; anything that differs per deployment comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks_db",
    "bootstrap",
    "axes",
    # Campaign Desk, from the lowest layer to the highest (imports flow upwards only).
    "core",
    "contacts",
    "salespeople",
    "campaigns",
    "interactions",
    "segments",
    "tasks",
    "pricing",
    "opportunities",
    "rolecentres",  # the home page: reads every app above; nothing reads it
    "search",  # reads every list above; nothing reads it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.user_language",
    "core.security.no_store_when_logged_in",
    "core.security.refresh_idle_session",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.links",
            ],
        },
    },
]
# Django's form renderer, with <select> written in Python (an include per <option> costs a list page 30 ms).
FORM_RENDERER = "core.widgets.FormRenderer"

# Hot queries (the price engine, core/prepared.py) are prepared on the PostgreSQL server. Turn off with
# DATABASE_PREPARED_STATEMENTS=0 behind a connection pooler in transaction mode that cannot keep them.
PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)

# The embedded default database lives in var/ (git-ignored); created on first use.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; background jobs and requests share one file.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    if PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares only the statements core/prepared.py asks it to (prepare=True; a threshold that
        # is never reached otherwise), and a prepared statement keeps one generic plan instead of being
        # planned again at every execution. Django's own statements use client-side binding and are never
        # prepared, so nothing else is affected.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["prepare_threshold"] = 2**31 - 1
        options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
    # A second connection to the same database, used only to write job progress while the job's own
    # transaction is still open (core.services.report_progress); in tests it mirrors "default".
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}


def keep_database_connections(databases: dict, default_age: int) -> None:
    """Keep each PostgreSQL connection open between requests for CONN_MAX_AGE seconds (default `default_age`),
    checked before reuse (CONN_HEALTH_CHECKS). A new connection per request costs a page 20–30 ms at a million
    contacts: PostgreSQL starts a backend and loads its catalog caches again before the page's first query."""
    for database in databases.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", str(default_age)))
            database["CONN_HEALTH_CHECKS"] = True


# Covering indexes (Index.include) serve index-only scans on PostgreSQL; SQLite builds them without the included
# columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# A session ends after SESSION_IDLE_TIMEOUT seconds without a request (default 8 hours): a logged-in user's
# request re-saves the session at most once a minute (core.security.refresh_idle_session), which moves its
# expiry forward (a sliding expiry; the server refuses an expired session).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(8 * 60 * 60)))

# django-axes: the 5th wrong password for a user name from one address locks that user name from that
# address only, so nobody can lock a user (the administrator) out from everywhere.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the
# outermost one appended to X-Forwarded-For (what a client writes there itself is never trusted).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"

# English and Norwegian Bokmål (issue 14). A user's choice on My Settings (core.User.language) wins; without one
# the language cookie the switch sets, then the browser's Accept-Language decide (LocaleMiddleware). URLs stay
# the same in both languages. "en" and "en-us" share Django's English formats; config/formats overrides the few
# the app shows differently (ISO dates for English, as before).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# List filters: an empty choice reads "All" on every list (django-filter shows "---------" otherwise).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy: no inline scripts, scripts only from us with a per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Background jobs: without a worker they run at once in the request ("immediate");
# set TASKS_BACKEND=database and run `manage.py db_worker` to move them to a worker.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND", "immediate") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# A queued or running job without a heartbeat for this many seconds is stale: its worker died
# (core.services.recover_stale_jobs re-queues it, up to JOB_MAX_ATTEMPTS times, then marks it failed).
JOB_STALE_AFTER = int(os.environ.get("JOB_STALE_AFTER", "300"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
# How often a worker refreshes the heartbeat of the job it runs, also between progress reports (0: never).
JOB_HEARTBEAT_INTERVAL = int(os.environ.get("JOB_HEARTBEAT_INTERVAL", "30"))

# Operations on more segment lines/tasks than this run as a background job with progress.
BULK_JOB_THRESHOLD = int(os.environ.get("BULK_JOB_THRESHOLD", "5000"))
# The contact export (contacts:export) of more contacts than this is written to a file by a background job
# (streamed: about 30 s per 1,000,000 contacts) instead of streamed in the request.
EXPORT_JOB_THRESHOLD = int(os.environ.get("EXPORT_JOB_THRESHOLD", "50000"))
# Where those files are written; the web servers and the workers must share it. A file is removed a day after
# its job finished (EXPORT_FILE_MAX_AGE seconds), or once its job row is gone (contacts.services.exports).
EXPORT_ROOT = Path(os.environ.get("EXPORT_ROOT", BASE_DIR / "var" / "exports"))
EXPORT_FILE_MAX_AGE = int(os.environ.get("EXPORT_FILE_MAX_AGE", str(24 * 60 * 60)))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
