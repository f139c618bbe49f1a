"""Number series, optimistic locking and background jobs: the small mechanisms every app uses.

Starting and recovering jobs lives here; the life of one run (claim, heartbeat, progress, finish) lives in
core.job_runs, which core.tasks.run_job uses, so this module imports core.tasks and not the other way round.
`report_progress` is imported here for the apps' job handlers.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.job_runs import report_progress as report_progress  # the apps' job handlers import it from here
from core.models import Job, MarketingSetup, NoSeries, User, increment_no
from core.tasks import run_job

logger = logging.getLogger(__name__)

SETUP_FIELD_EMPTY = _("%(field)s must have a value in Marketing Setup")
MANUAL_NOS_NOT_ALLOWED = _(
    "You may not enter numbers manually. If you want to enter numbers manually, "
    "please activate Manual Nos. in No. Series %(code)s."
)
RECORD_CHANGED = _(
    "Another user has modified the record for this %(model)s after you retrieved it from the database. "
    "Enter your changes again in the updated window, or start the interrupted activity again."
)
JOB_ALREADY_RUNNING = _("%(description)s is already running for %(target)s. Wait until it has finished.")
JOB_WORKER_STOPPED = _(
    "The worker running this job stopped; it was tried %(attempts)d times and nothing of it was saved. "
    "Choose Run again to start it again."
)
JOB_SUPERSEDED = _(
    "The worker running this job stopped; nothing of it was saved. The operation was started again as a new job."
)
JOB_NOT_FAILED = _("%(description)s has not failed; only a failed job can be run again.")


def draw_no(*, series: NoSeries) -> str:
    """Take the next number of the series; gapless because the series row stays locked until commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("draw_no must run inside the transaction that stores the number.")
    locked = NoSeries.objects.select_for_update().get(pk=series.pk)
    no = locked.next_no_preview
    locked.last_no_used = no
    locked.save(update_fields=["last_no_used"])
    return no


def assign_no(*, setup_field: str, manual_no: str = "") -> tuple[str, NoSeries | None]:
    """Return (No., No. Series) for a new record numbered by the Marketing Setup field `setup_field`.

    A blank `manual_no` draws from the series; a typed one needs the series to allow manual numbers
    (or no series at all) and leaves the record without a series, as BC does.
    """
    setup = MarketingSetup.get()
    series: NoSeries | None = getattr(setup, setup_field)
    caption = MarketingSetup._meta.get_field(setup_field).verbose_name
    if manual_no:
        if series is not None and not series.manual_nos:
            raise ValidationError(MANUAL_NOS_NOT_ALLOWED, params={"code": series.code}, code="manual_nos")
        return manual_no, None
    if series is None:
        raise ValidationError(SETUP_FIELD_EMPTY, params={"field": caption}, code="no_series")
    return draw_no(series=series), series


def update_if_unchanged(*, instance: models.Model, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if nobody saved it since `expected_version` was read.

    The check and the write are one UPDATE … WHERE version = expected, so two users cannot both win.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=models.F("version") + 1, **values
    )
    if not updated:
        raise ValidationError(RECORD_CHANGED, params={"model": model._meta.verbose_name}, code="record_changed")
    instance.version = expected_version + 1


def job_target_key(target: models.Model) -> tuple[str, str]:
    """Return the (type, key) a job row uses to name the record it works on."""
    key = getattr(target, "no", None) or getattr(target, "code", None) or str(target.pk)
    return target._meta.label_lower, str(key)


def start_job(
    *, operation: str, target: models.Model, description: str, user: User | None, parameters: dict[str, Any]
) -> Job:
    """Record a job and hand it to the task backend; refuse a second running job of the same kind on the record.

    A running job that blocks the record but is stale (its worker died) does not block it for good: it is
    marked failed (nothing of it was saved) and the new job takes its place.
    """
    target_type, target_key = job_target_key(target)
    return _queue_job(
        operation=operation,
        target_type=target_type,
        target_key=target_key,
        description=description,
        created_by=user,
        parameters=parameters,
    )


def _queue_job(**fields: Any) -> Job:
    job = _create_job(fields)
    if job is None:
        blocker = Job.objects.stale().filter(
            target_type=fields["target_type"], target_key=fields["target_key"], operation=fields["operation"]
        )
        superseded = blocker.update(status=Job.Status.FAILED, error=str(JOB_SUPERSEDED), finished_at=timezone.now())
        job = _create_job(fields) if superseded else None
    if job is None:
        raise ValidationError(
            JOB_ALREADY_RUNNING,
            params={"description": fields["description"], "target": fields["target_key"]},
            code="job_running",
        )
    # With the database backend the task row commits together with the caller's transaction;
    # with the immediate backend (no worker configured) the job runs here and now.
    _hand_over(job, run_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


def _create_job(fields: dict[str, Any]) -> Job | None:
    """Create the job row; None when the one-running-job constraint refuses it."""
    try:
        with transaction.atomic():
            return Job.objects.create(**fields)
    except IntegrityError:
        return None


def _hand_over(job: Job, task_result: Any) -> None:
    """Remember the task backend's id of the job's task (the immediate backend has run it by now)."""
    task_id = str(getattr(task_result, "id", "") or "")[:64]
    if task_id:
        Job.objects.filter(pk=job.pk).update(task_id=task_id)


def run_job_again(*, job: Job, user: User) -> Job:
    """Start a failed job's operation again on the same record with the same parameters."""
    if job.status != Job.Status.FAILED:
        raise ValidationError(JOB_NOT_FAILED, params={"description": job.description}, code="job_not_failed")
    return _queue_job(
        operation=job.operation,
        target_type=job.target_type,
        target_key=job.target_key,
        description=job.description,
        created_by=user,
        parameters=job.parameters,
    )


@dataclass
class Recovery:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def recover_stale_jobs(*, now: datetime.datetime | None = None, requeue: bool = True) -> Recovery:
    """Re-queue every stale job (its worker died), or mark it failed once it has had JOB_MAX_ATTEMPTS attempts.

    Re-running is safe for every operation: run_job commits a job's work and its "succeeded" in one
    transaction, so a dead worker's work was rolled back entirely, and the handlers are idempotent
    besides (see core.jobs). `requeue=False` marks every stale job failed instead (a GET must not run a
    job inline with the immediate backend).
    """
    recovery = Recovery()
    for job in Job.objects.stale(now=now).order_by("pk"):
        outcome = recover_job(job, now=now, requeue=requeue)
        if outcome:
            getattr(recovery, outcome).append(job.pk)
    return recovery


def recover_job(job: Job, *, now: datetime.datetime | None = None, requeue: bool = True) -> str:
    """Recover one job if it is stale: "requeued", "failed", or "" when it is alive (or waits in the queue)."""
    now = now or timezone.now()
    if job.status == Job.Status.QUEUED and _task_is_waiting(job):
        return ""  # the workers are busy, not dead
    # Compare-and-set on the attempt read: two recoveries at once recover a job once.
    stale = Job.objects.stale(now=now).filter(pk=job.pk, attempts=job.attempts)
    if requeue and job.attempts < settings.JOB_MAX_ATTEMPTS:
        with transaction.atomic():
            if not stale.update(
                status=Job.Status.QUEUED, attempts=models.F("attempts") + 1, heartbeat_at=now, progress=0, task_id=""
            ):
                return ""
            _close_dead_task(job, now=now)
            _hand_over(job, run_job.enqueue(job.pk))
        logger.warning("Job %s (%s) was stale and has been queued again", job.pk, job.operation)
        return "requeued"
    error = str(JOB_WORKER_STOPPED % {"attempts": job.attempts})
    if not stale.update(status=Job.Status.FAILED, error=error, finished_at=now):
        return ""
    _close_dead_task(job, now=now)
    logger.warning("Job %s (%s) was stale and has been marked failed", job.pk, job.operation)
    return "failed"


def recover_job_if_stale(job: Job) -> Job:
    """The cheap check on a read path (a card polling its job): recover this one job if it is stale.

    A GET may hand the job back to the queue (a task row of django_tasks_db, not one of our records) but
    never does its work: with the immediate backend, which would run it inline, it marks it failed instead.
    """
    from django.tasks.backends.immediate import ImmediateBackend

    if job.is_finished or not Job.objects.stale().filter(pk=job.pk).exists():
        return job
    if recover_job(job, requeue=not isinstance(run_job.get_backend(), ImmediateBackend)):
        job.refresh_from_db()
    return job


def _close_dead_task(job: Job, *, now: datetime.datetime) -> None:
    """Mark the dead worker's task row failed (django_tasks_db leaves it "running" for ever otherwise)."""
    from django.tasks import TaskResultStatus

    if not job.task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    try:
        uuid.UUID(job.task_id)
    except ValueError:  # another backend's id
        return

    DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="core.services.JobWorkerStopped",
        traceback=str(JOB_WORKER_STOPPED % {"attempts": job.attempts}),
    )


def _task_is_waiting(job: Job) -> bool:
    """Whether the job's task still waits in the backend's queue (it cannot tell: no)."""
    from django.tasks import TaskResultStatus

    if not job.task_id:
        return False
    try:
        return run_job.get_backend().get_result(job.task_id).status == TaskResultStatus.READY
    except Exception:  # the immediate backend keeps no results; an unknown id waits for nothing
        return False


def assign_nos(*, setup_field: str, count: int) -> tuple[list[str], NoSeries]:
    """Draw `count` consecutive numbers of the Marketing Setup series `setup_field` as one block.

    One row lock and one UPDATE however many numbers: bulk creation (Assign Activity) stays gapless
    and set-based. Runs inside the transaction that stores the numbers.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assign_nos must run inside the transaction that stores the numbers.")
    setup = MarketingSetup.get()
    series: NoSeries | None = getattr(setup, setup_field)
    if series is None:
        caption = MarketingSetup._meta.get_field(setup_field).verbose_name
        raise ValidationError(SETUP_FIELD_EMPTY, params={"field": caption}, code="no_series")
    if count <= 0:
        return [], series
    locked = NoSeries.objects.select_for_update().get(pk=series.pk)
    first = locked.next_no_preview
    nos = [first]
    for _step in range(count - 1):
        nos.append(increment_no(nos[-1], locked.increment_by))
    locked.last_no_used = nos[-1]
    locked.save(update_fields=["last_no_used"])
    return nos, locked


def nos_expression(*, first_no: str, increment_by: int, position: models.Expression) -> models.Expression:
    """The SQL expression of the number at `position` (0, 1, 2 …) of a block starting at `first_no`.

    The same numbers as increment_no gives one by one (prefix and suffix kept, digits zero-padded to the
    width of `first_no`, wider when they outgrow it), so set-based INSERT … SELECT can number its rows
    from a block drawn with assign_nos. Built from ORM expressions: it runs on PostgreSQL and SQLite.
    """
    from django.db.models.functions import Cast, Concat, LPad
    from django.db.models.lookups import LessThan

    match = re.search(r"(\d+)(\D*)$", first_no)
    if not match:
        raise ValueError(f"{first_no!r} contains no number to increment.")
    digits, suffix, prefix = match.group(1), match.group(2), first_no[: match.start(1)]
    width = len(digits)
    number = models.ExpressionWrapper(
        models.Value(int(digits)) + position * models.Value(increment_by), output_field=models.BigIntegerField()
    )
    text = Cast(number, models.CharField(max_length=20))
    padded = models.Case(
        models.When(LessThan(number, models.Value(10**width)), then=LPad(text, width, models.Value("0"))),
        default=text,
        output_field=models.CharField(max_length=20),
    )
    return Concat(models.Value(prefix), padded, models.Value(suffix), output_field=models.CharField(max_length=20))
