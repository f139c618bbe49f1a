"""A test-only job handler slow enough to kill its worker mid-run (tests/core/test_job_recovery.py)."""

import time

from django.db import transaction

from core import job_runs
from core.jobs import job_handler
from core.models import Job, NoSeries

SLOW_SERIES = "tests.slow_series"


@job_handler(SLOW_SERIES)
def slow_series(job: Job) -> dict:
    """Insert numbered series in one transaction, slowly, reporting progress."""
    count = job.parameters["count"]
    with transaction.atomic():
        for step in range(count):
            NoSeries.objects.create(code=f"SLOW{step:03d}", description="Slow")
            job_runs.report_progress(job=job, progress=step * 100 // count)
            time.sleep(job.parameters["pause"])
    return {"created": count}
