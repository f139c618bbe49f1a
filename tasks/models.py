"""Activities with their steps, and tasks (BC To-dos) (DOMAIN 7)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import DateFormulaField
from core.record_urls import record_url

MIN_DURATION = datetime.timedelta(minutes=1)
MAX_DURATION = datetime.timedelta(days=3650)  # BC: "more than 10 years" = Today + 3650 days
STEP_NO_INCREMENT = 10000


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
        return record_url("tasks:activity_detail", "code", self.code)

    def includes_meeting(self) -> bool:
        """BC's IncludesMeeting: does any step create a meeting?"""
        return self.steps.filter(type=TaskType.MEETING).exists()


class ActivityStep(models.Model):
    """One step of an activity; its Date Formula gives the task date from the start date (BC table 5082)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("Activity Code"), on_delete=models.CASCADE, related_name="steps"
    )
    step_no = models.PositiveIntegerField(_("Step No."))
    type = models.CharField(_("Type"), max_length=10, choices=TaskType, blank=True, default="")
    description = models.CharField(_("Description"), max_length=100, blank=True)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    date_formula = DateFormulaField(_("Date Formula"))

    class Meta:
        ordering = ["activity_id", "step_no"]
        verbose_name = _("Activity Step")
        verbose_name_plural = _("Activity Steps")
        constraints = [
            models.UniqueConstraint(fields=["activity", "step_no"], name="tasks_activitystep_unique_step_no"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.step_no} {self.description}"


OPEN = models.Q(closed=False)


def overdue_on(today: datetime.date) -> models.Q:
    """Open tasks whose Date has passed."""
    return OPEN & models.Q(date__lt=today)


def option_order(field: str, choices: type[models.TextChoices]) -> models.Case:
    """An option field's position in its declaration (BC sorts options so: Low, Normal, High)."""
    whens = [models.When(**{field: value}, then=models.Value(n)) for n, value in enumerate(choices.values)]
    return models.Case(*whens, default=models.Value(len(whens)), output_field=models.IntegerField())


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(OPEN)

    def overdue(self, today: datetime.date) -> TaskQuerySet:
        """Open tasks whose Date has passed."""
        return self.filter(overdue_on(today))

    def counts(self, today: datetime.date) -> dict[str, int]:
        """Open, overdue and all tasks, in one query."""
        return self.aggregate(
            open=models.Count("pk", filter=OPEN),
            overdue=models.Count("pk", filter=overdue_on(today)),
            total=models.Count("pk"),
        )

    def day_counts(self, today: datetime.date) -> dict[str, int]:
        """The salesperson's day in one query: open tasks, the overdue ones and those due today."""
        return self.aggregate(
            open=models.Count("pk", filter=OPEN),
            overdue=models.Count("pk", filter=overdue_on(today)),
            today=models.Count("pk", filter=OPEN & models.Q(date=today)),
        )

    def for_list(self) -> TaskQuerySet:
        """Everything a task list row shows (any chosen column), fetched in the same query."""
        return self.select_related(
            "salesperson", "team", "contact", "campaign", "segment", "activity", "completed_by"
        ).annotate(
            priority_order=option_order("priority", Priority),
            status_order=option_order("status", Task.Status),
        )


class Task(models.Model):
    """A task (BC "To-do", table 5080).

    Organizer To-do No.: a team task and a salesperson's own task organise themselves, which is stored as
    an empty `organizer_task` (see `organizer_no`); the per-member tasks of a team task point to it.
    """

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
    # Plain numbers, as in BC: a deleted opportunity leaves its tasks with the (dangling) number.
    opportunity_no = models.CharField(_("Opportunity No."), max_length=20, blank=True)
    opportunity_entry_no = models.PositiveIntegerField(_("Opportunity Entry No."), null=True, blank=True)
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
    recurring_date_interval = DateFormulaField(_("Recurring Date Interval"))
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
    # The Assign Activity / Create Task run that created the row: the guard against a second run of the
    # same confirmation (double submit, a job retried after its commit) and the filter "tasks just created".
    assignment_id = models.UUIDField(_("Assignment ID"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["date", "no"]
        verbose_name = _("Task")
        verbose_name_plural = _("Tasks")
        permissions = [("view_all_tasks", "Can see the tasks of every salesperson")]
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
            models.CheckConstraint(
                condition=models.Q(canceled=False) | models.Q(closed=True),
                name="tasks_task_canceled_is_closed",
                violation_error_message=_("A canceled task is closed."),
            ),
            models.CheckConstraint(
                condition=models.Q(closed=True) | models.Q(date_closed__isnull=True),
                name="tasks_task_open_has_no_date_closed",
                violation_error_message=_("An open task has no Date Closed."),
            ),
            models.CheckConstraint(
                condition=models.Q(duration__isnull=True)
                | (models.Q(duration__gte=MIN_DURATION) & models.Q(duration__lte=MAX_DURATION)),
                name="tasks_task_duration_in_range",
                violation_error_message=_("Duration must be at least 1 minute and at most 10 years."),
            ),
            models.CheckConstraint(
                condition=~models.Q(system_task_type="team") | models.Q(organizer_task__isnull=True),
                name="tasks_task_team_task_organizes_itself",
                violation_error_message=_("A team task is its own organizer."),
            ),
        ]
        indexes = [
            # Serves the task list's default order (date, no, pk): page 1 reads 50 rows in order instead of sorting
            # every task.
            models.Index(fields=["date", "no", "id"], name="tasks_task_list_order_idx"),
            # Serves the task list filtered on Open: the oldest tasks, first in that order, are mostly closed, and the
            # full index would pass over all of them.
            models.Index(fields=["date", "no", "id"], condition=OPEN, name="tasks_task_open_order_idx"),
            # Serve the task list filtered on one salesperson or one team, in its default order.
            models.Index(fields=["salesperson", "date", "no", "id"], name="tasks_task_sp_order_idx"),
            models.Index(fields=["team", "date", "no", "id"], name="tasks_task_team_order_idx"),
            # Serves "My tasks" and the workload view (open tasks of a salesperson by date).
            models.Index(fields=["salesperson", "closed", "date"], name="tasks_task_sp_open_idx"),
            # Serves the team's task list.
            models.Index(fields=["team", "closed", "date"], name="tasks_task_team_open_idx"),
            # Serves an opportunity's tasks (its card, Cancel Old Tasks).
            models.Index(fields=["opportunity_no", "closed"], name="tasks_task_opportunity_idx"),
            # Serves the double-submit guard of Assign Activity and the list of the tasks it created.
            models.Index(fields=["assignment_id"], name="tasks_task_assignment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}"

    def get_absolute_url(self) -> str:
        return record_url("tasks:detail", "no", self.no)

    @property
    def organizer_no(self) -> str:
        """BC's Organizer To-do No.: the organizer's No., or the task's own when it organises itself."""
        return self.organizer_task.no if self.organizer_task_id else self.no

    @property
    def is_team_task(self) -> bool:
        return self.system_task_type == self.SystemTaskType.TEAM

    @property
    def is_sub_task(self) -> bool:
        """A per-member or attendee task, managed through its organizer (team) task."""
        return self.organizer_task_id is not None

    @property
    def ending(self) -> tuple[datetime.date, datetime.time | None] | None:
        """(Ending Date, Ending Time) derived from Date, Start Time and Duration; None without a Duration.

        An all-day event or a task without a start time covers whole days: 1 day ends on the same Date.
        """
        if self.duration is None or self.date is None:
            return None
        if self.all_day_event or self.start_time is None:
            days = max(1, -(-self.duration // datetime.timedelta(days=1)))
            return self.date + datetime.timedelta(days=days - 1), None
        end = datetime.datetime.combine(self.date, self.start_time) + self.duration
        return end.date(), end.time()
