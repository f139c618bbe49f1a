"""Load the demo data of every app (safe to run again: each app's loader only adds what is missing)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from core import roles

LOCAL_APPS = [
    "core",
    "salespeople",
    "contacts",
    "campaigns",
    "interactions",
    "segments",
    "tasks",
    "pricing",
    "opportunities",
    "rolecentres",  # last: its records count what the others loaded
]


class Command(BaseCommand):
    help = "Load demo users, number series and sample data for every app (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the demo's descriptions (en or nb; default: LANGUAGE_CODE). "
            "A rerun finds the records by the descriptions in this language.",
        )

    def handle(self, *args, language: str, **options) -> None:
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}; choose one of {', '.join(dict(settings.LANGUAGES))}.")
        roles.grant_role_permissions()
        with translation.override(language):
            for label in LOCAL_APPS:
                if not apps.is_installed(label) or find_spec(f"{label}.demo") is None:
                    continue
                module = import_module(f"{label}.demo")
                with transaction.atomic():
                    summary = module.load()
                self.stdout.write(f"{label}: {summary or 'ok'}")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
