"""Log Segment as a background job (DOMAIN A.9): same service as the inline path, idempotent, with progress."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.jobs import job_handler
from core.models import Job, User
from core.services import report_progress, start_job
from interactions.models import LoggedSegment
from segments.models import SegmentHeader
from segments.services.logging import SEGMENT_DOES_NOT_EXIST, log_segment

LOG_SEGMENT = "segments.log_segment"


def start_log_segment_job(*, segment: SegmentHeader, user: User | None, follow_up: bool, deliver: bool) -> Job:
    """Queue Log Segment for `segment`; a second job for the same segment is refused while one runs."""
    return start_job(
        operation=LOG_SEGMENT,
        target=segment,
        description=_("Log Segment %(no)s") % {"no": segment.no},
        user=user,
        parameters={"follow_up": follow_up, "deliver": deliver},
    )


@job_handler(LOG_SEGMENT)
def run_log_segment(job: Job) -> dict:
    """Log the job's segment; when it is already logged (a repeated run) report that logging instead."""
    segment = SegmentHeader.objects.filter(no=job.target_key).first()
    if segment is None:
        logged = LoggedSegment.objects.filter(segment_no=job.target_key).first()
        if logged is None:
            raise ValidationError(SEGMENT_DOES_NOT_EXIST, params={"no": job.target_key})
        return {"logged_segment": logged.pk, "interactions": logged.interactions.count(), "already_logged": True}
    result = log_segment(
        segment=segment,
        user=job.created_by,
        follow_up=bool(job.parameters.get("follow_up")),
        deliver=bool(job.parameters.get("deliver")),
        progress=lambda percent: report_progress(job=job, progress=percent),
    )
    return result.as_job_result()
