"""Recover background jobs whose worker died: run it from cron or a systemd timer every few minutes."""

from django.core.management.base import BaseCommand

from core.services import recover_stale_jobs


class Command(BaseCommand):
    help = (
        "Queue stale jobs (no heartbeat for JOB_STALE_AFTER seconds) again, "
        "or mark them failed after JOB_MAX_ATTEMPTS attempts."
    )

    def handle(self, *args, **options) -> None:
        recovery = recover_stale_jobs()
        self.stdout.write(f"Stale jobs queued again: {len(recovery.requeued)}; marked failed: {len(recovery.failed)}.")
