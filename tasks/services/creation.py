"""Creating tasks: the Create Task wizard, Assign Activity (DOMAIN 7.4) and recurring copies.

All three go through one set-based engine: a plan (steps with their dates, computed once per step; the
units – one per segment contact, or the wizard's contact; the team members), then one block of numbers
drawn from the Task Nos. series and `bulk_create` in batches, all in one transaction.

What one step creates per unit (DOMAIN 7.4, A.7, A.8):
- salesperson: one task (System To-do Type Organizer);
- team: one Team task plus a task per team member in Salesperson Code order (for a meeting the Team
  Meeting Organizer's task first, the other members attend); without a segment, a contact attendee task
  when a contact is set. Blocked (or privacy blocked) salespeople get no member task: they cannot be
  chosen on new records.
- segment: the above per segment contact. Privacy-blocked contacts are left out (the preview says so).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.dateformula import DateFormulaError, calc_date
from core.services import assign_nos
from salespeople.models import Salesperson, Team
from segments.models import SegmentHeader, SegmentLine
from tasks.models import Activity, Priority, Task, TaskType
from tasks.services import messages
from tasks.services.common import (
    ConfirmationRequired,
    check_contact,
    check_date,
    check_duration,
    check_salesperson,
    clone_task,
    must_fill_in,
    sub_tasks_for,
)

BATCH_SIZE = 1000
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class TaskValues:
    """The wizard's values (Create Task or Assign Activity), copied onto every task created."""

    date: datetime.date | None
    description: str = ""
    type: str = TaskType.BLANK
    priority: str = Priority.NORMAL
    start_time: datetime.time | None = None
    duration: datetime.timedelta | None = ONE_DAY
    all_day_event: bool = False
    location: str = ""
    salesperson: Salesperson | None = None
    team: Team | None = None
    team_meeting_organizer: Salesperson | None = None
    contact: Contact | None = None
    campaign: Campaign | None = None
    segment: SegmentHeader | None = None
    opportunity_no: str = ""
    opportunity_entry_no: int | None = None
    activity: Activity | None = None
    recurring: bool = False
    recurring_date_interval: str = ""
    calc_due_date_from: str = ""


@dataclass(frozen=True)
class StepPlan:
    """One task per unit: what an activity step (or the wizard itself) gives, with its computed date."""

    step_no: int | None
    type: str
    priority: str
    description: str
    date_formula: str
    date: datetime.date

    @property
    def is_meeting(self) -> bool:
        return self.type == TaskType.MEETING

    def get_type_display(self) -> str:
        return TaskType(self.type).label


@dataclass
class TaskPlan:
    """What a creation will produce; the preview page shows it and the engine executes it."""

    values: TaskValues
    steps: list[StepPlan]
    members: list[Salesperson] = field(default_factory=list)
    # Segment contacts as (contact id, company id), or None when the wizard's contact is the only unit.
    contacts: list[tuple[int, int | None]] | None = None
    skipped_privacy_blocked: int = 0

    @property
    def units(self) -> int:
        return 1 if self.contacts is None else len(self.contacts)

    def tasks_per_unit(self, step: StepPlan) -> int:
        if self.values.team is None:
            return 1
        if step.is_meeting:
            organizer = self.values.team_meeting_organizer
            others = [m for m in self.members if organizer is None or m.pk != organizer.pk]
            return 1 + (1 if organizer else 0) + len(others)
        attendee = 1 if self.contacts is None and self.values.contact is not None else 0
        return 1 + len(self.members) + attendee

    def tasks_for_step(self, step: StepPlan) -> int:
        return self.units * self.tasks_per_unit(step)

    @property
    def total(self) -> int:
        return sum(self.tasks_for_step(step) for step in self.steps)


@dataclass
class CreationResult:
    heads: list[Task]
    count: int
    assignment_id: uuid.UUID | None
    already_done: bool = False

    @property
    def first(self) -> Task | None:
        return self.heads[0] if self.heads else None


# --- checks ------------------------------------------------------------------------------------


def _check_common(values: TaskValues) -> None:
    check_date(values.date)
    check_duration(values.duration)
    check_contact(values.contact)
    check_salesperson(values.salesperson, field="salesperson", caption=_("Salesperson Code"))
    check_salesperson(
        values.team_meeting_organizer, field="team_meeting_organizer", caption=_("Team Meeting Organizer")
    )


def check_create_task(values: TaskValues, *, team_task: bool) -> None:
    """The Create Task wizard's checks on Finish (BC CheckStatus and FinishWizard), in BC's order."""
    if values.date is None:
        raise must_fill_in("date", _("Date"))
    if not values.description.strip():
        raise must_fill_in("description", _("Description"))
    if team_task and values.team is None:
        raise must_fill_in("team", _("Team Code"))
    if not team_task and values.salesperson is None:
        raise must_fill_in("salesperson", _("Salesperson Code"))
    if values.type == TaskType.MEETING:
        if not values.all_day_event:
            if values.start_time is None:
                raise must_fill_in("start_time", _("Start Time"))
            if values.duration is None:
                raise must_fill_in("duration", _("Duration"))
        organizer = values.team_meeting_organizer if team_task else values.salesperson
        if organizer is None:
            raise ValidationError(messages.TASK_ORGANIZER_REQUIRED, code="organizer")
    if values.recurring:
        if not values.recurring_date_interval:
            raise must_fill_in("recurring_date_interval", _("Recurring Date Interval"))
        if not values.calc_due_date_from:
            raise must_fill_in("calc_due_date_from", _("Calc. Due Date From"))
    _check_common(values)


def check_assign_activity(values: TaskValues) -> None:
    """Assign Activity's checks on Finish (BC CheckAssignActivityStatus), in BC's order."""
    if values.activity is None:
        raise must_fill_in("activity", _("Activity Code"))
    if values.date is None:
        raise must_fill_in("date", _("Date"))
    if values.team is None and values.salesperson is None:
        raise ValidationError(messages.MUST_SPECIFY_SALESPERSON_OR_TEAM, code="salesperson_or_team")
    if values.team is not None and values.team_meeting_organizer is None and values.activity.includes_meeting():
        raise ValidationError(
            {
                "team_meeting_organizer": ValidationError(
                    messages.MEETING_ORGANIZER_REQUIRED, params={"activity": values.activity.code}, code="organizer"
                )
            }
        )
    _check_common(values)


# --- plans -------------------------------------------------------------------------------------


def _members(values: TaskValues) -> list[Salesperson]:
    if values.team is None:
        return []
    return list(values.team.ordered_members().filter(blocked=False, privacy_blocked=False))


def _segment_contacts(segment: SegmentHeader | None) -> tuple[list[tuple[int, int | None]] | None, int]:
    if segment is None:
        return None, 0
    rows = SegmentLine.objects.filter(segment=segment).order_by("line_no")
    rows = rows.values_list("contact_id", "contact__company_id", "contact__privacy_blocked")
    contacts = [(contact_id, company_id) for contact_id, company_id, blocked in rows if not blocked]
    return contacts, sum(1 for *_ids, blocked in rows if blocked)


def _step_date(formula: str, start: datetime.date) -> datetime.date:
    try:
        date = calc_date(formula, start)
    except DateFormulaError as exc:
        raise ValidationError({"date": ValidationError(str(exc), code="date_formula")}) from None
    check_date(date)
    return date


def plan_activity(values: TaskValues) -> TaskPlan:
    """The tasks Assign Activity will create; each step's date is computed once, from the wizard's Date.

    All steps count from the same start date (not from the previous step); a blank formula gives the start
    date; an activity without steps gives one task with the wizard's values.
    """
    check_assign_activity(values)
    steps = [
        StepPlan(
            step_no=step.step_no,
            type=step.type,
            priority=step.priority,
            description=step.description,
            date_formula=step.date_formula,
            date=_step_date(step.date_formula, values.date),
        )
        for step in values.activity.steps.order_by("step_no")
    ]
    if not steps:
        steps = [
            StepPlan(None, values.type, values.priority, values.activity.description, "", values.date),
        ]
    contacts, skipped = _segment_contacts(values.segment)
    return TaskPlan(
        values=values, steps=steps, members=_members(values), contacts=contacts, skipped_privacy_blocked=skipped
    )


def plan_task(values: TaskValues, *, team_task: bool) -> TaskPlan:
    """The task(s) the Create Task wizard will create: one, or one per segment contact."""
    if team_task:
        values.salesperson = None
    else:
        values.team = values.team_meeting_organizer = None
    check_create_task(values, team_task=team_task)
    step = StepPlan(None, values.type, values.priority, values.description, "", values.date)
    contacts, skipped = _segment_contacts(values.segment)
    if contacts == []:
        contacts = None  # BC: a segment without contacts gives the single task.
    return TaskPlan(
        values=values, steps=[step], members=_members(values), contacts=contacts, skipped_privacy_blocked=skipped
    )


# --- the engine --------------------------------------------------------------------------------


def _groups(
    plan: TaskPlan, *, today: datetime.date, assignment_id: uuid.UUID | None
) -> Iterator[tuple[Task, list[Task]]]:
    v = plan.values
    if plan.contacts is None:
        contact = v.contact
        units = [(contact.pk if contact else None, contact.company_id if contact else None)]
    else:
        units = plan.contacts
    for step in plan.steps:
        all_day = v.all_day_event or (step.is_meeting and v.activity is not None)
        common = {
            "type": step.type,
            "description": step.description,
            "priority": step.priority,
            "date": step.date,
            "all_day_event": all_day,
            "start_time": None if all_day else v.start_time,
            "duration": v.duration,
            "location": v.location,
            "status": Task.Status.NOT_STARTED,
            "campaign_id": v.campaign.pk if v.campaign else None,
            "segment_id": v.segment.pk if v.segment else None,
            "opportunity_no": v.opportunity_no,
            "opportunity_entry_no": v.opportunity_entry_no,
            "activity_id": v.activity.pk if v.activity else None,
            "recurring": v.recurring,
            "recurring_date_interval": v.recurring_date_interval,
            "calc_due_date_from": v.calc_due_date_from,
            "last_date_modified": today,
            "assignment_id": assignment_id,
        }
        if v.team is not None:
            prototype = Task(**common, team_id=v.team.pk, system_task_type=Task.SystemTaskType.TEAM)
        else:
            prototype = Task(**common, salesperson_id=v.salesperson.pk, system_task_type=Task.SystemTaskType.ORGANIZER)
        for contact_id, company_id in units:
            head = clone_task(prototype, contact_id=contact_id, contact_company_id=company_id)
            subs = []
            if v.team is not None:
                subs = sub_tasks_for(
                    head,
                    members=plan.members,
                    meeting_organizer=v.team_meeting_organizer,
                    contact_attendee=plan.contacts is None,
                )
            yield head, subs


def _insert(
    plan: TaskPlan,
    *,
    today: datetime.date,
    assignment_id: uuid.UUID | None,
    progress: Callable[[int], None] | None = None,
) -> CreationResult:
    groups = list(_groups(plan, today=today, assignment_id=assignment_id))
    count = sum(1 + len(subs) for _head, subs in groups)
    nos, series = assign_nos(setup_field="task_nos", count=count)
    numbers = iter(nos)
    for head, subs in groups:
        head.no, head.no_series_id = next(numbers), series.pk
        for sub in subs:
            sub.no, sub.no_series_id = next(numbers), series.pk
    heads = [head for head, _subs in groups]
    done = 0
    for start in range(0, len(heads), BATCH_SIZE):
        batch = heads[start : start + BATCH_SIZE]
        Task.objects.bulk_create(batch)
        done += len(batch)
        if progress:
            progress(done * 100 // count)
    subs_all = []
    for head, subs in groups:
        for sub in subs:
            sub.organizer_task_id = head.pk
            subs_all.append(sub)
    for start in range(0, len(subs_all), BATCH_SIZE):
        batch = subs_all[start : start + BATCH_SIZE]
        Task.objects.bulk_create(batch)
        done += len(batch)
        if progress:
            progress(done * 100 // count)
    return CreationResult(heads=heads, count=count, assignment_id=assignment_id)


def _already_created(assignment_id: uuid.UUID | None) -> CreationResult | None:
    if assignment_id is None:
        return None
    existing = Task.objects.filter(assignment_id=assignment_id)
    count = existing.count()
    if not count:
        return None
    heads = list(existing.filter(organizer_task__isnull=True).order_by("no"))
    return CreationResult(heads=heads, count=count, assignment_id=assignment_id, already_done=True)


def segment_question(plan: TaskPlan, *, activity: bool) -> str | None:
    """BC's question before creating tasks for every contact of a segment; None when there is nothing to ask."""
    if not plan.contacts:
        return None
    question = messages.ASSIGN_ACTIVITY_TO_SEGMENT_QST if activity else messages.CREATE_TASK_FOR_SEGMENT_QST
    return str(question % {"segment": plan.values.segment.no})


@transaction.atomic
def create_task(
    *,
    values: TaskValues,
    team_task: bool,
    confirmed: bool = False,
    assignment_id: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> CreationResult:
    """Create a single task (or one per contact of the chosen segment, after the user's Yes)."""
    done = _already_created(assignment_id)
    if done:
        return done
    plan = plan_task(values, team_task=team_task)
    question = segment_question(plan, activity=False)
    if question and not confirmed:
        raise ConfirmationRequired(question)
    return _insert(plan, today=today or timezone.localdate(), assignment_id=assignment_id)


@transaction.atomic
def assign_activity(
    *,
    values: TaskValues,
    confirmed: bool = False,
    assignment_id: uuid.UUID | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> CreationResult:
    """Assign an activity: create its steps' tasks for the salesperson or team (and every segment contact).

    Running it again with the same `assignment_id` creates nothing and returns what the first run created.
    """
    done = _already_created(assignment_id)
    if done:
        return done
    plan = plan_activity(values)
    question = segment_question(plan, activity=True)
    if question and not confirmed:
        raise ConfirmationRequired(question)
    return _insert(plan, today=today or timezone.localdate(), assignment_id=assignment_id, progress=progress)


def runs_as_job(plan: TaskPlan) -> bool:
    """Creations above settings.BULK_JOB_THRESHOLD tasks run as a background job with progress."""
    return plan.total > settings.BULK_JOB_THRESHOLD
