"""Settings of the real `db_worker` subprocess in tests/core/test_job_recovery.py: the database task
backend, and the test-only slow job handler registered when the apps are ready."""

from django.apps import AppConfig

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.core.worker_settings.SlowJobsConfig"]


class SlowJobsConfig(AppConfig):
    name = "tests.core"
    label = "tests_core_slow_jobs"

    def ready(self) -> None:
        import tests.core.slow_jobs  # noqa: F401
