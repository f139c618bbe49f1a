"""Generate N contacts for benchmarks and load tests: `manage.py generate_contacts 120000`."""

import time

from django.core.management.base import BaseCommand, CommandError

from contacts.generate import generate_contacts


class Command(BaseCommand):
    help = "Insert N plausible contacts (a fifth companies) with groups and relations, numbered from Contact Nos."

    def add_arguments(self, parser) -> None:
        parser.add_argument("count", type=int, help="How many contacts to create.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the attribute choices (default 1).")

    def handle(self, *args, count: int, seed: int, **options) -> None:
        if count < 1:
            raise CommandError("N must be at least 1.")
        start = time.perf_counter()
        result = generate_contacts(count, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.companies} companies and {result.persons} persons created "
                f"({result.first_no}..{result.last_no}) in {time.perf_counter() - start:.1f} s."
            )
        )
