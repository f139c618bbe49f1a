"""Build the scale dataset of issue 12: `manage.py generate_scale_data` (1,000,000 contacts, 5,000,000 entries …)."""

import time

from django.core.management.base import BaseCommand, CommandError

SIZE_OPTIONS = {
    "contacts": "contacts (a fifth of them companies)",
    "entries": "interaction log entries",
    "tasks": "tasks",
    "campaigns": "campaigns",
    "segment_lines": "lines of the one segment",
    "customers": "customers (linked to company contacts)",
    "prices": "sales prices",
}


class Command(BaseCommand):
    help = "Insert the scale dataset (issue 12) on top of the demo data, set-based, numbered from the number series."

    def add_arguments(self, parser) -> None:
        from bench.scale_data import FULL_SIZES

        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every default size (e.g. 0.01).")
        for name, what in SIZE_OPTIONS.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}", type=int, help=f"How many {what} (default {FULL_SIZES[name]:,} × scale)."
            )

    def handle(self, *args, scale: float, **options) -> None:
        # The dataset spans every app, so it lives beside the benchmark that reads it (bench may import any app).
        from bench.scale_data import Sizes, generate

        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        sizes = Sizes().scaled(scale)
        given = {name: options[name] for name in SIZE_OPTIONS if options.get(name) is not None}
        if any(value < 1 for value in given.values()):
            raise CommandError("Every size must be at least 1.")
        sizes = Sizes(**{**sizes.__dict__, **given})
        start = time.perf_counter()
        generate(sizes, log=self.stdout.write)
        summary = ", ".join(f"{getattr(sizes, name):,} {name.replace('_', ' ')}" for name in SIZE_OPTIONS)
        self.stdout.write(self.style.SUCCESS(f"{summary} created in {time.perf_counter() - start:.0f} s."))
