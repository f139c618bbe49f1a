"""Number series, optimistic locking and background jobs: the small mechanisms every app uses."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Job, MarketingSetup, NoSeries, User, increment_no

logger = logging.getLogger(__name__)

# The connection job progress is written through while a job's transaction is open (settings.DATABASES).
PROGRESS_DATABASE = "progress"

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
    """Record a job and hand it to the task backend; refuse a second running job of the same kind on the record."""
    from core.tasks import run_job

    target_type, target_key = job_target_key(target)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                operation=operation,
                description=description,
                target_type=target_type,
                target_key=target_key,
                parameters=parameters,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            JOB_ALREADY_RUNNING, params={"description": description, "target": target_key}, code="job_running"
        ) from None
    # With the database backend the task row commits together with the caller's transaction;
    # with the immediate backend (no worker configured) the job runs here and now.
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def report_progress(*, job: Job, progress: int) -> None:
    """Store the job's progress where other requests can see it, also from inside the job's transaction.

    Inside that transaction an ordinary write would stay invisible until the end, so PostgreSQL writes
    through the separate "progress" connection (autocommit). It skips the write rather than wait when the
    job row is locked, so reporting can never block the job. SQLite has one writer at a time: there the
    progress inside the transaction stays in memory and the phases around it are saved.
    """
    job.progress = max(0, min(progress, 100))
    if not transaction.get_connection().in_atomic_block:
        Job.objects.filter(pk=job.pk).update(progress=job.progress)
        return
    if PROGRESS_DATABASE not in connections.databases:
        return
    try:
        with transaction.atomic(using=PROGRESS_DATABASE):
            jobs = Job.objects.using(PROGRESS_DATABASE).filter(pk=job.pk)
            if list(jobs.select_for_update(skip_locked=True).values_list("pk", flat=True)):
                jobs.update(progress=job.progress)
    except Exception:  # progress is best effort; the job's outcome never depends on it
        logger.debug("Could not store progress of job %s", job.pk, exc_info=True)


def mark_job_running(job: Job) -> None:
    job.status, job.started_at, job.progress = Job.Status.RUNNING, timezone.now(), 0
    job.save(update_fields=["status", "started_at", "progress"])


def mark_job_finished(job: Job, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    job.status = Job.Status.FAILED if error else Job.Status.SUCCEEDED
    job.progress = job.progress if error else 100
    job.result, job.error, job.finished_at = result or {}, error, timezone.now()
    job.save(update_fields=["status", "progress", "result", "error", "finished_at"])


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
