"""Load the demo data of every app (safe to run again: each app's loader only adds what is missing)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

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

    def handle(self, *args, **options) -> None:
        roles.grant_role_permissions()
        for label in LOCAL_APPS:
            if not apps.is_installed(label) or find_spec(f"{label}.demo") is None:
                continue
            module = import_module(f"{label}.demo")
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{label}: {summary or 'ok'}")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
