"""Run the benchmarks, each on a fresh PostgreSQL database: `make bench` (or `python -m bench [name ...]`).

Each benchmark module `bench/bench_<name>.py` has `run() -> list[Result]`; every result prints the
operation's median time, the baseline's median time measured in the same run, and their ratio.
The scale benchmark (`python -m bench scale`, bench/bench_scale.py) is apart: it keeps its own database of a
million contacts between runs and prints absolute times against the targets of issue 12, so it runs only
when named, and alone.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


# Benchmarks with a database of their own, run by their own main() when named alone.
SEPARATE = {"bench_scale"}


def recreate_database() -> None:
    """Drop and create the bench database named in DATABASE_URL, so every run starts empty."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def main(names: list[str]) -> None:
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    # The campaign list runs last, so that its ratio is the last line printed (issue 2 asks for that).
    modules = sorted(
        (m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")),
        key=lambda name: (name == "bench_campaign_list", name),
    )
    selected = [m for m in modules if m not in SEPARATE and (not names or m.removeprefix("bench_") in names)]
    results = []
    for name in selected:
        # Every benchmark starts on an empty database: its fixtures and its timings do not see another's rows.
        connections.close_all()
        recreate_database()
        call_command("migrate", verbosity=0)
        print(f"== {name}", flush=True)
        for result in importlib.import_module(f"bench.{name}").run():
            print(result.line(), flush=True)
            results.append(result)
    for result in results:
        print(result.summary())


if __name__ == "__main__":
    if sys.argv[1:] == ["scale"]:
        from bench.bench_scale import main as scale_main

        scale_main()  # sets DATABASE_URL to the scale database before Django starts
    elif "scale" in sys.argv[1:]:
        sys.exit("The scale benchmark runs alone: python -m bench scale")
    else:
        main(sys.argv[1:])
