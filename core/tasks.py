"""Background tasks (django.tasks): the one task that runs any registered job."""

import logging

from django.tasks import task

from core import services
from core.jobs import handler_for
from core.models import Job

logger = logging.getLogger(__name__)


@task
def run_job(job_id: int) -> None:
    """Run the job's handler and record the outcome on the job row; errors end up on the row, not lost."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    services.mark_job_running(job)
    try:
        result = handler_for(job.operation)(job)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.operation)
        message = "; ".join(exc.messages) if hasattr(exc, "messages") else str(exc) or exc.__class__.__name__
        services.mark_job_finished(job, error=message)
        return
    services.mark_job_finished(job, result=result)
