"""Users, number series, marketing setup and background job rows."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.record_urls import record_url


class User(AbstractUser):
    """A person who logs in; roles are Django groups (see core.roles)."""

    class Language(models.TextChoices):
        BROWSER = "", _("The browser's language")
        ENGLISH = "en", "English"  # each language in its own words, so everybody finds theirs
        NORWEGIAN = "nb", "Norsk bokmål"

    # BC's My Settings > Language; blank follows the browser's Accept-Language (core.middleware.user_language).
    language = models.CharField(_("Language"), max_length=8, choices=Language, blank=True, default="")

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class CodeDescription(models.Model):
    """A code table's row (core.codetables): a Code and a Description; subclasses add their own fields."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        """The row's card, as its code table (core.codetables.CodeTable) declares it."""
        from core.codetables import TABLES

        return TABLES[type(self)].card_url(self)


NO_NUMBER_TO_INCREMENT = _(
    "No. Series %(code)s cannot give a next number: Last No. Used %(no)s contains no number. Correct the series."
)


def increment_no(no: str, by: int = 1) -> str:
    """Add `by` to the rightmost number in `no`, keeping prefix, suffix and width (BC's IncStr): CP0009 → CP0010."""
    match = re.search(r"(\d+)(\D*)$", no)
    if not match:
        raise ValueError(f"{no!r} contains no number to increment.")
    digits, suffix = match.group(1), match.group(2)
    value = int(digits) + by
    if value < 0:
        raise ValueError(f"{no!r} cannot be decreased below zero.")
    return no[: match.start(1)] + str(value).zfill(len(digits)) + suffix


class NoSeries(models.Model):
    """A number series (BC "No. Series"): hands out gapless numbers such as CP0001, CP0002, …"""

    code = models.CharField(_("Code"), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    starting_no = models.CharField(_("Starting No."), max_length=20, help_text=_("The first number, e.g. CP0001."))
    last_no_used = models.CharField(_("Last No. Used"), max_length=20, blank=True)
    increment_by = models.PositiveIntegerField(_("Increment-by No."), default=1)
    manual_nos = models.BooleanField(_("Manual Nos."), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("No. Series")
        verbose_name_plural = _("No. Series")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(increment_by__gte=1),
                name="core_noseries_increment_positive",
                violation_error_message=_("Increment-by No. must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("core:noseries_update", "code", self.code)

    def clean(self) -> None:
        errors = {}
        if self.starting_no and not re.search(r"\d", self.starting_no):
            errors["starting_no"] = _("Starting No. must contain a number, e.g. CP0001.")
        if self.last_no_used and not re.search(r"\d", self.last_no_used):
            errors["last_no_used"] = _("Last No. Used must contain a number, e.g. CP0007.")
        if errors:
            raise ValidationError(errors)

    @property
    def next_no_preview(self) -> str:
        """The number the next document will get (not reserved).

        A Last No. Used without digits (stored before that was validated) is a ValidationError naming the
        series to correct, not a crash of whatever was being created.
        """
        if not self.last_no_used:
            return self.starting_no
        try:
            return increment_no(self.last_no_used, self.increment_by)
        except ValueError:
            raise ValidationError(
                NO_NUMBER_TO_INCREMENT, params={"code": self.code, "no": self.last_no_used}, code="no_series"
            ) from None

    @property
    def next_no_display(self) -> str:
        """The next number for a page; blank while the series cannot give one."""
        try:
            return self.next_no_preview
        except ValidationError:
            return ""


class MarketingSetup(models.Model):
    """The single Marketing Setup row: which number series numbers which kind of record."""

    campaign_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Campaign Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    segment_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Segment Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    task_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Task Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Contact Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opportunity_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Opportunity Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Item Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    customer_nos = models.ForeignKey(
        NoSeries, verbose_name=_("Customer Nos."), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A link up to the opportunities app (a string foreign key, never an import): the cycle new opportunities get.
    default_sales_cycle = models.ForeignKey(
        "opportunities.SalesCycle",
        verbose_name=_("Default Sales Cycle Code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Marketing Setup")
        verbose_name_plural = _("Marketing Setup")
        constraints = [
            # One row only: the primary key is always 1.
            models.CheckConstraint(condition=models.Q(id=1), name="core_marketingsetup_single_row"),
        ]

    def __str__(self) -> str:
        return str(_("Marketing Setup"))

    def get_absolute_url(self) -> str:
        return reverse("core:marketing_setup")

    @classmethod
    def get(cls) -> MarketingSetup:
        """Return the setup row, creating the empty one on first use."""
        setup, _created = cls.objects.get_or_create(id=1)
        return setup


class JobQuerySet(models.QuerySet["Job"]):
    def running(self) -> JobQuerySet:
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])

    def stale(self, *, now: datetime.datetime | None = None) -> JobQuerySet:
        """Queued or running jobs without a sign of life for settings.JOB_STALE_AFTER seconds: their worker died."""
        cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
        last_sign_of_life = Coalesce("heartbeat_at", "started_at", "created_at")
        return self.running().alias(last_sign_of_life=last_sign_of_life).filter(last_sign_of_life__lt=cutoff)


class Job(models.Model):
    """A long operation (add contacts, log segment, activate, assign activity) and its progress.

    The row is our own record of the work: django.tasks has no retries or crash recovery, so the
    operation itself must be idempotent and the row says what happened.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    operation = models.CharField(_("Operation"), max_length=50)
    description = models.CharField(_("Description"), max_length=200)
    # The record the job works on, e.g. "segments.segmentheader" + "SM0001"; one running job per target and operation.
    target_type = models.CharField(_("Target Type"), max_length=100)
    target_key = models.CharField(_("Target"), max_length=50)
    parameters = models.JSONField(_("Parameters"), default=dict, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Progress %"), default=0)
    result = models.JSONField(_("Result"), default=dict, blank=True)
    error = models.TextField(_("Error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User"), on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    started_at = models.DateTimeField(_("Started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Finished"), null=True, blank=True)
    # The lease: the worker running the job refreshes it while it lives; a stale one means the worker died.
    heartbeat_at = models.DateTimeField(_("Heartbeat"), null=True, blank=True)
    # How many times the job was handed to the task backend (the first run, then each recovery).
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=1)
    # The task backend's id of the latest hand-over: a queued job whose task still waits in the queue is not stale.
    task_id = models.CharField(_("Task ID"), max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The guard: the same operation cannot run twice at once on one record.
            models.UniqueConstraint(
                fields=["target_type", "target_key", "operation"],
                condition=models.Q(status__in=["queued", "running"]),
                name="core_job_one_running_per_target",
                violation_error_message=_("This operation is already running for this record."),
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="core_job_progress_percent"),
        ]
        indexes = [
            # Serves "the latest jobs of this record" on its card.
            models.Index(fields=["target_type", "target_key", "-created_at"], name="core_job_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return record_url("core:job_detail", "pk", self.pk)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class ListLayout(models.Model):
    """The columns a user chose for one list (core.lists); without a row the list shows its default set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_layouts")
    list_key = models.CharField(_("List"), max_length=100)
    columns = models.JSONField(_("Columns"), default=list)

    class Meta:
        verbose_name = _("List Layout")
        constraints = [
            # Also the index of the one read every list page makes (user, list).
            models.UniqueConstraint(fields=["user", "list_key"], name="core_listlayout_one_per_user_and_list"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.list_key}"
