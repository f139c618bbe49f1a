"""Benchmarks: production-like (DEBUG off, no query logging), PostgreSQL from DATABASE_URL."""

from .base import *  # noqa: F403
from .base import DATABASES, keep_database_connections

keep_database_connections(DATABASES, default_age=60)  # as in production

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
AXES_ENABLED = False
# whitenoise warns when STATIC_ROOT does not exist; the benchmarks serve no static files.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
