"""Activities with their steps, and tasks (BC To-dos) (DOMAIN 7)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TaskType(models.TextChoices):
    BLANK = "", _(" ")
    MEETING = "meeting", _("Meeting")
    PHONE_CALL = "phone_call", _("Phone Call")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class Activity(models.Model):
    """A set of steps that become tasks when the activity is assigned (BC table 5081)."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Activity")
        verbose_name_plural = _("Activities")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return reverse("tasks:activity_detail", kwargs={"code": self.code})


class ActivityStep(models.Model):
    """One step of an activity; its Date Formula gives the task date from the start date (BC table 5082)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("Activity Code"), on_delete=models.CASCADE, related_name="steps"
    )
    step_no = models.PositiveIntegerField(_("Step No."))
    type = models.CharField(_("Type"), max_length=10, choices=TaskType, blank=True, default="")
    description = models.CharField(_("Description"), max_length=100, blank=True)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    date_formula = models.CharField(_("Date Formula"), max_length=32, blank=True)

    class Meta:
        ordering = ["activity", "step_no"]
        verbose_name = _("Activity Step")
        verbose_name_plural = _("Activity Steps")
        constraints = [
            models.UniqueConstraint(fields=["activity", "step_no"], name="tasks_activitystep_unique_step_no"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.step_no} {self.description}"


class Task(models.Model):
    """A task (BC "To-do", table 5080)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not Started")
        IN_PROGRESS = "in_progress", _("In Progress")
        COMPLETED = "completed", _("Completed")
        WAITING = "waiting", _("Waiting")
        POSTPONED = "postponed", _("Postponed")

    class SystemTaskType(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        SALESPERSON_ATTENDEE = "salesperson_attendee", _("Salesperson Attendee")
        CONTACT_ATTENDEE = "contact_attendee", _("Contact Attendee")
        TEAM = "team", _("Team")

    class CalcDueDateFrom(models.TextChoices):
        BLANK = "", _(" ")
        DUE_DATE = "due_date", _("Due Date")
        CLOSING_DATE = "closing_date", _("Closing Date")

    no = models.CharField(_("No."), max_length=20, unique=True)
    type = models.CharField(_("Type"), max_length=10, choices=TaskType, blank=True, default="")
    description = models.CharField(_("Description"), max_length=100)
    date = models.DateField(_("Date"))
    start_time = models.TimeField(_("Start Time"), null=True, blank=True)
    duration = models.DurationField(_("Duration"), null=True, blank=True)
    all_day_event = models.BooleanField(_("All Day Event"), default=False)
    location = models.CharField(_("Location"), max_length=100, blank=True)
    status = models.CharField(_("Status"), max_length=15, choices=Status, default=Status.NOT_STARTED)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    team = models.ForeignKey(
        "salespeople.Team",
        verbose_name=_("Team Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    contact_company = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_tasks",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    segment = models.ForeignKey(
        "segments.SegmentHeader",
        verbose_name=_("Segment No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    opportunity_no = models.CharField(_("Opportunity No."), max_length=20, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("Activity Code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    closed = models.BooleanField(_("Closed"), default=False)
    date_closed = models.DateField(_("Date Closed"), null=True, blank=True)
    canceled = models.BooleanField(_("Canceled"), default=False)
    completed_by = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Completed By"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completed_tasks",
    )
    recurring = models.BooleanField(_("Recurring"), default=False)
    recurring_date_interval = models.CharField(_("Recurring Date Interval"), max_length=32, blank=True)
    calc_due_date_from = models.CharField(
        _("Calc. Due Date From"), max_length=15, choices=CalcDueDateFrom, blank=True, default=""
    )
    organizer_task = models.ForeignKey(
        "self",
        verbose_name=_("Organizer To-do No."),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_tasks",
    )
    system_task_type = models.CharField(
        _("System To-do Type"), max_length=25, choices=SystemTaskType, default=SystemTaskType.ORGANIZER
    )
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_date_modified = models.DateField(_("Last Date Modified"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["date", "no"]
        verbose_name = _("Task")
        verbose_name_plural = _("Tasks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__gte="1900-01-01") & models.Q(date__lte="2999-12-31"),
                name="tasks_task_date_in_valid_range",
                violation_error_message=_(
                    "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(status="completed") & models.Q(closed=True))
                | (~models.Q(status="completed") & models.Q(closed=False)),
                name="tasks_task_closed_iff_completed",
                violation_error_message=_("A task is closed exactly when its status is Completed."),
            ),
        ]
        indexes = [
            # Serves "My tasks" and the workload view (open tasks of a salesperson by date).
            models.Index(fields=["salesperson", "closed", "date"], name="tasks_task_sp_open_idx"),
            # Serves the team's task list.
            models.Index(fields=["team", "closed", "date"], name="tasks_task_team_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", kwargs={"no": self.no})
