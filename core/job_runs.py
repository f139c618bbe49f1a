"""The life of one job run: claim it, keep its heartbeat, report progress, finish or fail it.

core.tasks.run_job drives these; core.services starts and recovers jobs. Only the run that still holds
the job (running, same attempt) may record an outcome: a run taken for dead and recovered is rolled back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Job

logger = logging.getLogger(__name__)

# The connection job progress is written through while a job's transaction is open (settings.DATABASES).
PROGRESS_DATABASE = "progress"
# A job's phase, shown on its card instead of the bare percentage (kept in Job.result while the job runs).
PHASE_SAVING = "saving"  # the job's transaction commits: PostgreSQL checks the deferred foreign keys now
JOB_INTERRUPTED = _(
    "The worker running this job was stopped; nothing of it was saved. Choose Run again to start it again."
)


def report_progress(*, job: Job, progress: int, phase: str = "") -> None:
    """Store the job's progress (and its heartbeat) where other requests can see it, also from inside its transaction.

    `phase` (e.g. PHASE_SAVING) names a step the percentage cannot show; it lives in the running job's result,
    which finishing the job replaces.

    Inside that transaction an ordinary write would stay invisible until the end, so PostgreSQL writes
    through the separate "progress" connection (autocommit). It skips the write rather than wait when the
    job row is locked, so reporting can never block the job. SQLite has one writer at a time: there the
    progress inside the transaction stays in memory and the phases around it are saved.
    """
    job.progress = max(0, min(progress, 100))
    values: dict[str, Any] = {"progress": job.progress, "heartbeat_at": timezone.now()}
    if phase:
        job.result = values["result"] = {"phase": phase}
    _write_job_row(job.pk, **values)


def _write_job_row(job_pk: int, **values: Any) -> None:
    """Write `values` to the job row so that other connections see them now, never waiting for its lock."""
    if not transaction.get_connection().in_atomic_block:
        Job.objects.filter(pk=job_pk).update(**values)
        return
    if PROGRESS_DATABASE not in connections.databases:
        return
    try:
        with transaction.atomic(using=PROGRESS_DATABASE):
            jobs = Job.objects.using(PROGRESS_DATABASE).filter(pk=job_pk)
            if list(jobs.select_for_update(skip_locked=True).values_list("pk", flat=True)):
                jobs.update(**values)
    except Exception:  # progress is best effort; the job's outcome never depends on it
        logger.debug("Could not write %s of job %s", ", ".join(values), job_pk, exc_info=True)


@contextmanager
def heartbeat(job: Job) -> Iterator[None]:
    """Refresh the job's heartbeat every JOB_HEARTBEAT_INTERVAL seconds while the block runs (PostgreSQL).

    A thread of the worker writes it through its own "progress" connection, so a long statement without
    progress reports does not make a living job look stale. Without that connection (SQLite, one machine)
    only progress reports refresh the heartbeat.
    """
    interval = settings.JOB_HEARTBEAT_INTERVAL
    if not interval or PROGRESS_DATABASE not in connections.databases:
        yield
        return
    stopped = threading.Event()

    def beat() -> None:
        try:
            while not stopped.wait(interval):
                try:
                    with transaction.atomic(using=PROGRESS_DATABASE):
                        jobs = Job.objects.using(PROGRESS_DATABASE).filter(pk=job.pk, status=Job.Status.RUNNING)
                        if list(jobs.select_for_update(skip_locked=True).values_list("pk", flat=True)):
                            jobs.update(heartbeat_at=timezone.now())
                except Exception:
                    logger.debug("Could not refresh the heartbeat of job %s", job.pk, exc_info=True)
        finally:
            connections.close_all()  # the thread's own connections

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()


def claim_job(job_id: int) -> Job | None:
    """Take a queued job for this worker: mark it running with a fresh heartbeat; None if it is not queued.

    A job can have two tasks (the first one and the one a recovery queued); only one of them claims it.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, result={}
    )
    return Job.objects.get(pk=job_id) if claimed else None


class JobLeaseLost(Exception):
    """The job was recovered (re-queued or failed) while this run went on: its work must not commit."""


def finish_job(job: Job, *, result: dict[str, Any]) -> None:
    """Record the job's success inside its own transaction, so the work and "succeeded" commit together.

    Only the run that still holds the job (running, same attempt) may commit; a run that was taken for
    dead and recovered raises JobLeaseLost, and its transaction rolls back. Before that the card is told
    "Saving…": at 1M contacts the COMMIT that follows (PostgreSQL checking the deferred foreign keys of every
    row written) takes up to two thirds of the job.
    """
    report_progress(job=job, progress=max(job.progress, 95), phase=PHASE_SAVING)
    held = Job.objects.select_for_update().filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts)
    if not list(held.values_list("pk", flat=True)):
        raise JobLeaseLost(job.pk)
    mark_job_finished(job, result=result)


def fail_job(job: Job, *, error: str) -> None:
    """Record the job's failure, unless a recovery has taken the job from this run meanwhile."""
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts).update(
        status=Job.Status.FAILED, error=error, finished_at=timezone.now(), result={}
    )
    job.status, job.error = Job.Status.FAILED, error


def mark_job_running(job: Job) -> None:
    now = timezone.now()
    job.status, job.started_at, job.heartbeat_at, job.progress = Job.Status.RUNNING, now, now, 0
    job.save(update_fields=["status", "started_at", "heartbeat_at", "progress"])


def mark_job_finished(job: Job, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    job.status = Job.Status.FAILED if error else Job.Status.SUCCEEDED
    job.progress = job.progress if error else 100
    job.result, job.error, job.finished_at = result or {}, error, timezone.now()
    job.save(update_fields=["status", "progress", "result", "error", "finished_at"])
