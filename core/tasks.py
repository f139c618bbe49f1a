"""Background tasks (django.tasks): the one task that runs any registered job."""

import logging

from django.db import transaction
from django.tasks import task

from core import job_runs
from core.jobs import handler_for

logger = logging.getLogger(__name__)


@task
def run_job(job_id: int) -> None:
    """Run the job's handler and record the outcome on the job row; errors end up on the row, not lost.

    The handler's work and the job's "succeeded" commit in one transaction: a worker killed mid-run
    leaves the job running with nothing saved, and recovery (core.services.recover_stale_jobs) runs it
    again. A run ended by a signal or a cancellation (BaseException) marks the job failed, then re-raises.
    """
    job = job_runs.claim_job(job_id)
    if job is None:  # finished, or taken by another task of the same job
        return
    try:
        with job_runs.heartbeat(job), transaction.atomic():
            result = handler_for(job.operation)(job)
            job_runs.finish_job(job, result=result)
    except job_runs.JobLeaseLost:
        logger.warning("Job %s (%s) was recovered meanwhile; this run is rolled back", job.pk, job.operation)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.operation)
        message = "; ".join(exc.messages) if hasattr(exc, "messages") else str(exc) or exc.__class__.__name__
        job_runs.fail_job(job, error=message)
    except BaseException:
        logger.warning("Job %s (%s) was interrupted", job.pk, job.operation)
        try:
            job_runs.fail_job(job, error=str(job_runs.JOB_INTERRUPTED))
        except Exception:  # the connection may be gone with the worker; recovery will find the job stale
            logger.exception("Could not mark job %s failed", job.pk)
        raise
