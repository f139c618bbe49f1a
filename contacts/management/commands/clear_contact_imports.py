"""Remove contact files that were uploaded for a preview but never imported or discarded (run it daily)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from contacts.models import ContactImport


class Command(BaseCommand):
    help = "Delete contact import previews older than --days (default 7) with their rows."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=7, help="Keep previews younger than this many days.")

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stale = ContactImport.objects.filter(status=ContactImport.Status.PREVIEW, created_at__lt=cutoff)
        deleted, _by_model = stale.delete()
        self.stdout.write(f"{deleted} rows of stale contact import previews deleted.")
